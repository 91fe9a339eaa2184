"""Cut tests/data's excerpts from the published reference files.

Usage: python scripts/cut_test_data.py ../shared

The tests read these small excerpts so that a clone with nothing beside it
passes; with the full files at hand (``TOKENCOMP_SHARED`` or ``../shared``)
a test checks that this script still cuts exactly the committed excerpts.
Nothing is reformatted: every kept line, entry and file is the published
text, byte for byte.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
CATALOG = REPO / "src" / "tokencomp" / "data" / "prices-litellm.json"

#: Spans of the ECB history kept whole (inclusive ISO dates), each with the tests that read it. A span keeps
#: every published day in it, so "the last published day on or before" is answered as the full file would.
HISTORY_SPANS = [
    ("2026-03-27", "2026-04-13"),  # newest day, weekend/Easter, conversions and provenance (test_fx)
    ("2025-12-31", "2026-01-05"),  # BGN's last day and the first days without it
    ("2020-03-16", "2020-03-16"),  # compared with the embedded snapshot
    ("2015-01-02", "2015-01-02"),  # the embedded snapshot's first day
    ("1999-01-04", "1999-01-04"),  # the history's first day
]

#: LiteLLM entries kept besides the embedded catalog's models: awkward ones the importer must handle as the whole map
#: would make it.
LITELLM_AWKWARD = [
    "sample_spec",  # LiteLLM's own template: prose where figures go, prices of zero
    "1024-x-1024/50-steps/stability.stable-diffusion-xl-v1",  # priced by the image: no input_cost_per_token
    "azure/gpt-image-1",  # image model: no output_cost_per_token
    "amazon.titan-embed-text-v1",  # embedding model: output_cost_per_token of zero
    "novita/moonshotai/kimi-k2.7-code",  # a price written with float noise: 9.499999999999999e-07
    "hostinger_router/gpt-5.2",  # prices written without an exponent: 0.0000021
]

_SPACE = re.compile(r"\s*")


def _skip_space(text: str, index: int) -> int:
    match = _SPACE.match(text, index)
    return match.end() if match else index


def history_excerpt(text: str) -> str:
    """The header and the rows of the ECB history inside :data:`HISTORY_SPANS`, in the published order."""
    header, *rows = text.splitlines(keepends=True)
    kept = [row for row in rows if any(first <= row[:10] <= last for first, last in HISTORY_SPANS)]
    return header + "".join(kept)


def map_entries(text: str) -> dict[str, tuple[str, str]]:
    """Each key of a top-level JSON object with its key's and its value's text, exactly as written."""
    decoder = json.JSONDecoder()
    index = _skip_space(text, 0)
    if text[index] != "{":
        raise SystemExit("the LiteLLM map is not a JSON object")
    index = _skip_space(text, index + 1)
    entries = {}
    while text[index] != "}":
        key, key_end = decoder.raw_decode(text, index)
        value_start = _skip_space(text, text.index(":", key_end) + 1)
        _, value_end = decoder.raw_decode(text, value_start)
        entries[key] = (text[index:key_end], text[value_start:value_end])
        index = _skip_space(text, value_end)
        if text[index] == ",":
            index = _skip_space(text, index + 1)
    return entries


def catalog_models() -> list[str]:
    """The embedded catalog's models under their names in LiteLLM's map (tests compare the two's figures)."""
    catalog = json.loads(CATALOG.read_text(encoding="utf-8"))
    # Priced by genai-prices alone, as the catalog's notes say: LiteLLM's map has no entry to cut.
    absent = {note.split(":")[0] for note in catalog.get("notes") or () if "LiteLLM's map has no such model" in note}
    # scripts/snapshot_prices.py drops LiteLLM's "gemini/" prefix from Google's models; put it back.
    return [
        f"gemini/{p['model']}" if p["provider"] == "google" else p["model"]
        for p in catalog["prices"]
        if p["model"] not in absent
    ]


def litellm_excerpt(text: str) -> str:
    """The embedded catalog's models and :data:`LITELLM_AWKWARD`, in the published order and layout."""
    wanted = set(catalog_models() + LITELLM_AWKWARD)
    entries = map_entries(text)
    missing = sorted(wanted - entries.keys())
    if missing:
        raise SystemExit(f"not in the LiteLLM map: {missing}")
    kept = [f"    {key}: {value}" for name, (key, value) in entries.items() if name in wanted]
    return "{\n" + ",\n".join(kept) + "\n}\n"


def cut(shared: Path) -> dict[str, bytes]:
    """Every file of tests/data but its README, by path inside tests/data, cut from the shared folder."""
    ecb, litellm = shared / "data" / "ecb", shared / "data" / "litellm" / "model_prices_and_context_window.json"
    files = {
        "ecb/eurofxref-hist-excerpt.csv": history_excerpt(
            (ecb / "eurofxref-hist.csv").read_bytes().decode("utf-8")
        ).encode("utf-8"),
        "ecb/eurofxref.csv": (ecb / "eurofxref.csv").read_bytes(),
        "litellm/model_prices_and_context_window-excerpt.json": litellm_excerpt(
            litellm.read_bytes().decode("utf-8")
        ).encode("utf-8"),
    }
    examples = shared / "spec" / "examples"
    for path in sorted(examples.glob("*/*.json")):
        files[f"spec-examples/{path.relative_to(examples).as_posix()}"] = path.read_bytes()
    return files


def main(shared: Path) -> None:
    for name, content in cut(shared).items():
        target = DATA / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        print(f"{name}: {len(content):,} bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
