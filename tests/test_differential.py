"""The compiled fast path and the full two-layer validation give one verdict (and one offer) on every document.

And the full validation explains on the compiled core (jsonschema-rs) exactly
as it does with the reference schema layer (jsonschema): the same problems.

The normal run checks a few thousand documents; for 100,000 or more run
``TOKENCOMP_DIFFERENTIAL=100000 python -m pytest tests/test_differential.py``.
Each document costs about 30 ms on two shared cores (both paths run), so
100,000 take about an hour.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tokencomp import validate
from tokencomp.codec.compiled import compiled_validator, gate_validator
from tokencomp.codec.schema import SCHEMAS
from tokencomp.codec.validation import DEFAULT_MAX_BYTES, _fast_offer, _validate_offer_fully

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
    # The contract's limits (offer-v1, "Limits"): each on its boundary and one past it.
    "999999999999999.999999999999", "1000000000000000", "0.000000000001", "0.0000000000001",
    "0.50000000000000000000000000001", "1" + "0" * 60, 600, 601, 10**15, 10**15 + 1, 10**40,
    "1900-01-01", "1899-12-31", "2199-12-31", "2200-01-01", "9999-12-31", "x" * 1000, "x" * 1001,
    "\U0001f600" * 1000, "a\x00b", "\x1b[2J", "\x7f", "\ud800", "\udfff", "USN", "CLF", "none", "full",
    {"k": "v\x07"}, [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],
    # C1 controls are refused like C0; bidi controls and separators are allowed (offer-v1, 2026-12-05).
    "\x80", "next\x85line", "p75\x9b31m", "\x9f", "\xa0", "\u2028", "\u2029", "\u202egnp.exe", "\u2069\u202e",
    "\u200fדנה", {"k": "v\x85"}, {"\x9b": "v"}, {"\u202e": "\u2028"},
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
        action = draw(st.sampled_from(["drop", "add", "replace", "replace", "repeat"]))
        if action == "drop" and isinstance(parent, dict):
            del parent[place[-1]]
        elif action == "add" and isinstance(parent, dict):
            key = draw(
                st.sampled_from(
                    # Odd keys too: too long, empty, with a control character (metadata's propertyNames).
                    ["extra", "vests", "tokens", "pricing", "strike_price", "rollover_cap", "k" * 1001, "", "a\nb"]
                )
            )
            parent[key] = copy.deepcopy(draw(st.sampled_from(ODD_VALUES)))
        elif action == "repeat" and isinstance(parent.get(place[-1]) if isinstance(parent, dict) else None, list):
            # Arrays around the limit of 100 items (equity).
            parent[place[-1]] = parent[place[-1]][:1] * draw(st.sampled_from([100, 101]))
        else:
            parent[place[-1]] = copy.deepcopy(draw(st.sampled_from(ODD_VALUES)))
    return document


def same_verdict(document: Any) -> None:
    text = json.dumps(document)  # escaped: a lone surrogate travels as "\ud800", as JSON lets it
    fast = _fast_offer(text.encode(), DEFAULT_MAX_BYTES)
    full = _validate_offer_fully(text.encode(), DEFAULT_MAX_BYTES)
    if fast is None and full.valid:
        # The gate refuses every withdrawn code, whatever the date: the full path judges such a document.
        parsed = json.loads(text)
        assert compiled_validator("offer-v1").is_valid(parsed), text
        assert not gate_validator("offer-v1").is_valid(parsed), text
    else:
        assert full.valid == (fast is not None), (text, full.problems)
        # The trusted route builds the very objects the reference path builds.
        assert full.document == fast, text
    # The compiled schema layer explains as jsonschema does: the same problems, in the same order.
    reference = _validate_offer_fully(text.encode(), DEFAULT_MAX_BYTES, reference=True)
    assert reference.problems == full.problems, text
    # validate decides without building, and builds the same document when asked.
    report = validate(text.encode())
    assert (full.problems, full.document) == (report.problems, report.document), text


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
        # Encodings other than UTF-8: json.loads guesses UTF-16 and lets CESU-8 surrogates pass.
        valid.encode("utf-16-le"),
        valid.encode("utf-16"),
        valid.encode("utf-32"),
        valid.replace('"id": "', '"id": "\U0001f600', 1)
        .encode()
        .replace("\U0001f600".encode(), "\ud83d\ude00".encode("utf-8", "surrogatepass")),
        valid.replace('"id": "', '"id": "\xe9', 1).encode("latin-1"),
        # Nesting at and past the limit, and past Python's stack.
        valid.replace('"id": ', '"x": ' + "[" * 31 + "]" * 31 + ', "id": ', 1).encode(),
        valid.replace('"id": ', '"x": ' + "[" * 32 + "]" * 32 + ', "id": ', 1).encode(),
        b"[" * 100_000,
        valid.replace('"id": "', '"id": "\\u0000', 1).encode(),
    ]:
        fast = _fast_offer(text, DEFAULT_MAX_BYTES) is not None
        assert _validate_offer_fully(text, DEFAULT_MAX_BYTES).valid == fast, text[:80]
