"""The compiled fast path and the full two-layer validation give one verdict (and one offer) on every document.

The normal run checks a few thousand documents; for 100,000 or more run
``TOKENCOMP_DIFFERENTIAL=100000 python -m pytest tests/test_differential.py``.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tokencomp.schema import SCHEMAS
from tokencomp.validation import DEFAULT_MAX_BYTES, _fast_offer, _validate_offer_fully

from .schema_strategy import from_schema

EXAMPLES = Path(__file__).resolve().parent.parent / "src" / "tokencomp" / "data" / "examples"
VALID = [json.loads(path.read_text()) for path in sorted(EXAMPLES.glob("*.json"))]
SCALE = int(os.environ.get("TOKENCOMP_DIFFERENTIAL", "0"))
RUNS = settings(
    max_examples=max(SCALE // 2, 1500),
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)

# Values that sit on a boundary or break a type, for mutations.
ODD_VALUES: list[Any] = [
    None, True, False, 0, -1, 1, 1.5, 10**30, "", " ", "0", "-0", "-0.00", "1.00\n", "1e5", "01", "-1",
    "0.0", "1.0", "1.000001", "2026-02-29", "2026-02-30", "2028-02-29", "XYZ", "USD", "rsu", "year",
    "forfeit", "capped", [], {}, [1], {"a": 1},
]  # fmt: skip


def paths(document: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in *document*, as a tuple of keys and indexes."""
    found = [prefix]
    if isinstance(document, dict):
        for key, value in document.items():
            found += paths(value, (*prefix, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found += paths(value, (*prefix, index))
    return found


@st.composite
def mutations(draw: st.DrawFn) -> Any:
    """A valid example with one to three changes: a key dropped or added, a value replaced."""
    document = copy.deepcopy(draw(st.sampled_from(VALID)))
    for _ in range(draw(st.integers(1, 3))):
        places = [p for p in paths(document) if p]
        if not places:
            break
        place = draw(st.sampled_from(places))
        parent = document
        for step in place[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["drop", "add", "replace", "replace"]))
        if action == "drop" and isinstance(parent, dict):
            del parent[place[-1]]
        elif action == "add" and isinstance(parent, dict):
            key = draw(st.sampled_from(["extra", "vests", "tokens", "pricing", "strike_price"]))
            parent[key] = copy.deepcopy(draw(st.sampled_from(ODD_VALUES)))
        else:
            parent[place[-1]] = copy.deepcopy(draw(st.sampled_from(ODD_VALUES)))
    return document


def same_verdict(document: Any) -> None:
    text = json.dumps(document)
    fast = _fast_offer(text.encode(), DEFAULT_MAX_BYTES)
    full = _validate_offer_fully(text.encode(), DEFAULT_MAX_BYTES)
    assert full.valid == (fast is not None), (text, full.problems)
    # The trusted route builds the very objects the reference path builds.
    assert full.document == fast, text


@RUNS
@given(mutations())
def test_mutated_examples(document: Any) -> None:
    """Valid examples with keys dropped or added and values moved to boundaries or wrong types."""
    same_verdict(document)


@RUNS
@given(from_schema(SCHEMAS["offer-v1"]()))
def test_schema_generated(document: Any) -> None:
    """Documents generated from the offer schema, most of them breaking a cross-field rule."""
    same_verdict(document)


def test_text_level_cases() -> None:
    """What only the text shows: repeated keys, NaN, a BOM, floats, big numbers, bad UTF-8."""
    valid = json.dumps(VALID[0])
    for text in [
        valid.replace('"id": ', '"id": "x", "id": ', 1).encode(),
        valid.replace('"100.00"', "100.00").encode(),
        valid.replace('"100.00"', "NaN").encode(),
        b"\xef\xbb\xbf" + valid.encode(),
        valid.encode().replace(b"contractor", b"contr\xffctor"),
        valid.replace('"hours_per_week": "40"', '"hours_per_week": "40", "x": 1' + "0" * 5000).encode(),
    ]:
        fast = _fast_offer(text, DEFAULT_MAX_BYTES) is not None
        assert _validate_offer_fully(text, DEFAULT_MAX_BYTES).valid == fast, text[:80]
