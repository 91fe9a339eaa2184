"""Rebuild tokencomp's embedded token-price snapshot from LiteLLM's price map and genai-prices' data.

Usage: python scripts/snapshot_prices.py ../shared/data/litellm/model_prices_and_context_window.json

Needs genai-prices installed (``pip install --group gateways``): its data
is read from the package as published on PyPI, nothing is fetched.

Keeps the main current chat models of OpenAI, Anthropic and Google under the
names their makers use, each price read exactly: LiteLLM's through
tokencomp.reference.pricing.read_litellm (LiteLLM's "gemini/" prefix dropped),
genai-prices' from its own decimals. Every price either map gives is kept
(service tiers, prices above an input threshold, cache reads and writes);
where both give one and they differ, LiteLLM's is kept and the difference is
listed in the snapshot's ``notes``, as is every price only one of them gives.
The figures are not touched, with one stated exception (``_derived_flex``).
"""

from __future__ import annotations

import datetime
import importlib.metadata
import json
import sys
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from tokencomp.codec.converter import unstructure
from tokencomp.model.prices import PriceTier, ServiceTier, TokenPrice
from tokencomp.reference.pricing import PriceCatalog, read_litellm

#: The date the price map was taken from LiteLLM: its prices were true then.
RETRIEVED = datetime.date(2026, 11, 22)
LITELLM_SOURCE = f"LiteLLM model_prices_and_context_window.json, retrieved {RETRIEVED}"
MODELS = [
    # OpenAI
    "gpt-6.1-sol", "gpt-6.1-terra", "gpt-6-sol", "gpt-6-luna", "gpt-5.6", "gpt-5.5", "gpt-5.4", "gpt-5.4-mini",
    "gpt-5.4-nano", "gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-4.1", "gpt-4.1-mini", "gpt-4o", "gpt-4o-mini",
    "o3", "o4-mini",
    # Anthropic
    "claude-opus-5-5", "claude-opus-5", "claude-sonnet-5-5", "claude-sonnet-5", "claude-haiku-5-5",
    "claude-opus-4-8", "claude-opus-4-7", "claude-opus-4-5", "claude-sonnet-4-6", "claude-sonnet-4-5",
    "claude-sonnet-4", "claude-haiku-4-5",
    # Google
    "gemini/gemini-4-argon", "gemini/gemini-3.8-flash", "gemini/gemini-3.5-flash", "gemini/gemini-3.5-flash-lite",
    "gemini/gemini-3.1-pro-preview", "gemini/gemini-2.5-pro", "gemini/gemini-2.5-flash",
    "gemini/gemini-2.5-flash-lite",
]  # fmt: skip
#: genai-prices' provider of each maker, and its model ids where they are not ours.
GENAI_PROVIDERS = {"openai": "openai", "anthropic": "anthropic", "google": "google"}
GENAI_IDS = {"claude-sonnet-4": "claude-sonnet-4-0"}
#: The maker of a model LiteLLM's map lacks.
MAKERS = {"claude-sonnet-4": "anthropic"}
OUT = Path(__file__).resolve().parent.parent / "src" / "tokencomp" / "data" / "prices-litellm.json"

#: genai-prices' price fields, by the PriceTier field each fills; its other units (audio, searches) are not kept.
GENAI_FIELDS = {
    "input_mtok": "input_per_million",
    "output_mtok": "output_per_million",
    "cache_read_mtok": "cached_input_per_million",
    "cache_write_mtok": "cache_write_per_million",
}
#: The request context genai-prices prices each service tier under.
GENAI_CONTEXTS = {
    ServiceTier.BATCH: {"processing": "batch"},
    ServiceTier.FLEX: {"service_tier": "flex"},
    ServiceTier.PRIORITY: {"service_tier": "priority"},
}
FIELDS = ("input_per_million", "output_per_million", "cached_input_per_million", "cache_write_per_million")
WORDS = {
    "input_per_million": "input",
    "output_per_million": "output",
    "cached_input_per_million": "cache read",
    "cache_write_per_million": "cache write",
}

#: A price: (service tier, above input tokens, PriceTier field).
Cell = tuple[ServiceTier, int, str]


def genai_version() -> str:
    return importlib.metadata.version("genai-prices")


def litellm_cells(catalog: PriceCatalog, model: str) -> dict[Cell, Decimal]:
    """Every price LiteLLM's map gives *model*, by cell."""
    cells: dict[Cell, Decimal] = {}
    if model not in {price.model for price in catalog}:
        return cells
    price = catalog.price(model)
    for field in FIELDS[:3]:
        if getattr(price, field) is not None:
            cells[(ServiceTier.STANDARD, 0, field)] = getattr(price, field)
    for tier in catalog.tiers or ():
        if tier.model == model:
            for field in FIELDS:
                if getattr(tier, field) is not None:
                    cells[(tier.service_tier, tier.above_input_tokens, field)] = getattr(tier, field)
    return cells


def genai_model(name: str, maker: str) -> Any:
    """genai-prices' model of *name* from *maker*, or ``None``."""
    from genai_prices.data import providers

    (provider,) = [p for p in providers if p.id == GENAI_PROVIDERS[maker]]
    wanted = GENAI_IDS.get(name, name)
    return next((m for m in provider.models if m.id == wanted), None)


def genai_cells(model: Any, on: datetime.date) -> dict[Cell, Decimal]:
    """Every price genai-prices gives *model* on *on*, by cell: each service tier its variants price."""
    moment = datetime.datetime.combine(on, datetime.time(), tzinfo=datetime.UTC)
    cells: dict[Cell, Decimal] = {}
    resolved = [(ServiceTier.STANDARD, model.get_prices(moment))]
    for tier, context in GENAI_CONTEXTS.items():
        # Only a tier some variant prices: without one, get_prices answers the standard prices.
        variants = model.price_variants or ()
        if any(v.when == context and (v.constraint is None or v.constraint.active(moment)) for v in variants):
            resolved.append((tier, model.get_prices(moment, context)))
    for tier, prices in resolved:
        for name, field in GENAI_FIELDS.items():
            value = getattr(prices, name, None)
            if value is None:
                continue
            if isinstance(value, Decimal):
                cells[(tier, 0, field)] = value
                continue
            cells[(tier, 0, field)] = value.base
            for step in value.tiers:
                cells[(tier, step.start, field)] = step.price
    return cells


def _derived_flex(model: str, cells: dict[Cell, Decimal]) -> tuple[dict[Cell, Decimal], list[str]]:
    """Flex prices above a threshold, for a model whose flex and batch prices agree from the first token.

    Neither map prices Google's flex tier above 200k input tokens, which
    Google sells (its pricing page: flex, like batch, is half the standard
    price in both prompt-size tiers). Where a model's flex prices from the
    first token equal its batch prices, field by field, its batch prices above
    each threshold are its flex prices there. Each derived price is noted.
    """
    base = {f: cells.get((ServiceTier.FLEX, 0, f)) for f in FIELDS}
    if not any(base.values()) or base != {f: cells.get((ServiceTier.BATCH, 0, f)) for f in FIELDS}:
        return {}, []
    derived = {
        (ServiceTier.FLEX, above, field): value
        for (tier, above, field), value in cells.items()
        if tier is ServiceTier.BATCH and above > 0 and (ServiceTier.FLEX, above, field) not in cells
    }
    notes = [
        f"{model} {_where(ServiceTier.FLEX, above)}: {WORDS[field]} {value} derived: its batch price there, since "
        "its flex and batch prices agree from the first token (Google: flex, like batch, is half the standard "
        "price in both prompt-size tiers); neither map gives it"
        for (_, above, field), value in sorted(derived.items(), key=_order)
    ]
    return derived, notes


def _order(item: tuple[Cell, Decimal]) -> tuple[int, int, int]:
    (tier, above, field), _ = item
    return list(ServiceTier).index(tier), above, FIELDS.index(field)


def _where(tier: ServiceTier, above: int) -> str:
    return tier.value + (f" above {above:,}" if above else "")


def compare(model: str, litellm: Mapping[Cell, Decimal], genai: Mapping[Cell, Decimal], version: str) -> list[str]:
    """Every difference between the two maps' prices of *model*: disagreements, then what only one gives."""
    notes = []
    for cell in sorted(litellm.keys() & genai.keys(), key=lambda c: _order((c, Decimal(0)))):
        if litellm[cell] != genai[cell]:
            tier, above, field = cell
            notes.append(f"{model} {_where(tier, above)}: {WORDS[field]} LiteLLM {litellm[cell]}, "
                         f"genai-prices {version} {genai[cell]}; LiteLLM's kept")  # fmt: skip
    for name, given, other in (("LiteLLM", litellm, genai), ("genai-prices", genai, litellm)):
        rows: dict[tuple[ServiceTier, int], list[str]] = {}
        for tier, above, field in sorted(given.keys() - other.keys(), key=lambda c: _order((c, Decimal(0)))):
            rows.setdefault((tier, above), []).append(f"{WORDS[field]} {given[(tier, above, field)]}")
        notes += [
            f"{model} {_where(tier, above)}: only {name} gives {', '.join(row)}" for (tier, above), row in rows.items()
        ]
    return notes


def build(litellm_map: bytes) -> PriceCatalog:
    """The snapshot, from LiteLLM's map (its text) and the installed genai-prices."""
    version = genai_version()
    source = f"{LITELLM_SOURCE}; genai-prices {version} (PyPI), its bundled data"
    imported = read_litellm(litellm_map, as_of=RETRIEVED, source=source)
    prices, tiers, notes = [], [], []
    for key in MODELS:
        name = key.removeprefix("gemini/")
        litellm = litellm_cells(imported.catalog, key)
        maker = imported.catalog.price(key).provider if litellm else MAKERS[name]
        found = genai_model(name, maker)
        genai = genai_cells(found, RETRIEVED) if found is not None else {}
        if not litellm and not genai:
            raise SystemExit(f"neither map prices {key}: {imported.unpriced.get(key, 'not in LiteLLM')}")
        if found is None:
            notes.append(f"{name}: genai-prices {version} has no such model")
        elif not litellm:
            notes.append(f"{name}: LiteLLM's map has no such model ({imported.unpriced.get(key, 'no entry')})")
        notes += compare(name, litellm, genai, version)
        cells = {**genai, **litellm}  # LiteLLM's price wins a cell both give; the difference is noted above
        derived, derived_notes = _derived_flex(name, cells)
        cells.update(derived)
        notes += derived_notes
        prices.append(_price(name, maker, cells, source))
        tiers += _tiers(name, cells)
    return PriceCatalog(source, RETRIEVED, tuple(prices), tuple(tiers), tuple(notes))


def _price(name: str, maker: str, cells: Mapping[Cell, Decimal], source: str) -> TokenPrice:
    standard = {field: cells.get((ServiceTier.STANDARD, 0, field)) for field in FIELDS}
    return TokenPrice(
        maker, name, "USD", standard["input_per_million"], standard["output_per_million"],  # type: ignore[arg-type]
        RETRIEVED, standard["cached_input_per_million"], source,
    )  # fmt: skip


def _tiers(name: str, cells: Mapping[Cell, Decimal]) -> Iterable[PriceTier]:
    """Every row but the standard one from the first token (the TokenPrice), which keeps only its cache writes."""
    rows: dict[tuple[ServiceTier, int], dict[str, Decimal]] = {}
    for (tier, above, field), value in sorted(cells.items(), key=_order):
        if (tier, above) == (ServiceTier.STANDARD, 0) and field != "cache_write_per_million":
            continue
        rows.setdefault((tier, above), {})[field] = value
    return [PriceTier(name, tier, above, **figures) for (tier, above), figures in rows.items()]


def main(path: Path) -> None:
    catalog = build(path.read_bytes())
    OUT.write_text(json.dumps(unstructure(catalog), indent=1) + "\n", encoding="utf-8")
    print(f"{len(catalog)} models written to {OUT.name}, with {len(catalog.notes or ())} notes")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
