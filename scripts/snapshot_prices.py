"""Rebuild tokencomp's embedded token-price snapshot from LiteLLM's price map.

Usage: python scripts/snapshot_prices.py ../shared/data/litellm/model_prices_and_context_window.json

Keeps the main current chat models of OpenAI, Anthropic and Google, read
exactly through tokencomp.pricing.read_litellm, under the names their makers
use (LiteLLM's "gemini/" prefix dropped), with their tiered prices (service
tiers, prices above an input threshold, cache writes). The figures are not
touched.
"""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path

import attrs

from tokencomp.codec import unstructure
from tokencomp.pricing import PriceCatalog, read_litellm

#: The date the price map was taken from LiteLLM: its prices were true then.
RETRIEVED = datetime.date(2026, 11, 22)
SOURCE = f"LiteLLM model_prices_and_context_window.json, retrieved {RETRIEVED}"
MODELS = [
    # OpenAI
    "gpt-6.1-sol", "gpt-6.1-terra", "gpt-6-sol", "gpt-6-luna", "gpt-5.6", "gpt-5.5", "gpt-5.4", "gpt-5.4-mini",
    "gpt-5.4-nano", "gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-4.1", "gpt-4.1-mini", "gpt-4o", "gpt-4o-mini",
    "o3", "o4-mini",
    # Anthropic
    "claude-opus-5-5", "claude-opus-5", "claude-sonnet-5-5", "claude-sonnet-5", "claude-haiku-5-5",
    "claude-opus-4-8", "claude-opus-4-7", "claude-opus-4-5", "claude-sonnet-4-6", "claude-sonnet-4-5",
    "claude-haiku-4-5",
    # Google
    "gemini/gemini-4-argon", "gemini/gemini-3.8-flash", "gemini/gemini-3.5-flash", "gemini/gemini-3.5-flash-lite",
    "gemini/gemini-3.1-pro-preview", "gemini/gemini-2.5-pro", "gemini/gemini-2.5-flash",
    "gemini/gemini-2.5-flash-lite",
]  # fmt: skip
OUT = Path(__file__).resolve().parent.parent / "src" / "tokencomp" / "data" / "prices-litellm.json"


def main(path: Path) -> None:
    imported = read_litellm(path.read_bytes(), as_of=RETRIEVED, source=SOURCE)
    missing = [m for m in MODELS if m in imported.unpriced]
    if missing:
        raise SystemExit(f"no usable prices for {missing}: {[imported.unpriced[m] for m in missing]}")
    prices = tuple(attrs.evolve(imported.catalog.price(m), model=m.removeprefix("gemini/")) for m in MODELS)
    # Each model's tiers (service tiers, long-context prices, cache writes), in the order of MODELS.
    tiers = tuple(
        attrs.evolve(tier, model=m.removeprefix("gemini/"))
        for m in MODELS
        for tier in imported.catalog.tiers or ()
        if tier.model == m
    )
    catalog = PriceCatalog(SOURCE, RETRIEVED, prices, tiers)
    OUT.write_text(json.dumps(unstructure(catalog), indent=1) + "\n", encoding="utf-8")
    print(f"{len(prices)} models written to {OUT.name}; {len(imported.unpriced)} unpriced entries left out of the map")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
