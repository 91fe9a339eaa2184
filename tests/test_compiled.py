"""The compiled schema layer: which documents jsonschema-rs may judge, and its errors in jsonschema's terms."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tokencomp.codec.compiled import (
    compiled_validator,
    compiled_view,
    gate_validator,
    halved_floats,
    plain_text,
    schema_errors,
    without_lookahead,
)
from tokencomp.codec.converter import parse_json
from tokencomp.codec.schema import SCHEMAS
from tokencomp.codec.validation import _schema_problems
from tokencomp.errors import Problem
from tokencomp.model.historical import withdrawn_currencies
from tokencomp.model.limits import DIGITS_LOOKAHEAD

EXAMPLE = (
    Path(__file__).resolve().parent.parent / "src" / "tokencomp" / "data" / "examples" / "london-staff-engineer.json"
)


class TestCompiledView:
    """Only values both libraries read alike reach jsonschema-rs."""

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (Decimal("120000.5"), 120000.5),
            (Decimal("-0.25"), -0.5),  # floor(-0.25) + 0.5: below 0, as the Decimal is
            (Decimal("599.999999999999999999"), 599.5),  # under 600 still, though a float would round it to 600
            (Decimal("1E-7"), 0.5),
        ],
    )
    def test_fractions_keep_their_side_of_every_whole_limit(self, value: Decimal, expected: float) -> None:
        """A Decimal that is not whole becomes a float that is not whole, on the same side of each whole number."""
        assert {"x": expected} == compiled_view({"x": value})

    @pytest.mark.parametrize(
        "value",
        [
            Decimal("48.0"),  # jsonschema: a number, never an integer; jsonschema-rs: an integer
            Decimal("1E+3"),
            Decimal("1" + "0" * 20 + ".5"),  # beyond a float's exact halves
            2**63,
            -(2**63),
            1.5,
            "1.00\n",  # Python's `$` matches before a final newline
            "a\x1cb",  # Python's `\s` takes \x1c
            "\ud800",
            "0000-01-01",  # no year 0 in Python's dates
        ],
    )
    def test_values_read_differently_go_to_the_reference(self, value: Any) -> None:
        """A value the two libraries read differently sends the whole document to jsonschema."""
        assert compiled_view({"metadata": {"k": [value]}}) is None

    def test_an_empty_key_goes_to_the_reference(self) -> None:
        """jsonschema-rs leaves an empty key out of an error's path."""
        assert compiled_view({"metadata": {"": "v"}}) is None
        assert schema_errors({"metadata": {"": "v"}}, "offer-v1") is None

    def test_keys_are_text_too(self) -> None:
        """A key with a control character is read differently as well."""
        assert compiled_view({"a\nb": 1}) is None


class TestSchemaErrors:
    """jsonschema-rs errors explained as jsonschema's are."""

    def document(self) -> Any:
        document = parse_json(EXAMPLE.read_bytes())
        document["salary"]["rate"]["amount"] = Decimal("120000.5")  # a JSON number where a string belongs
        document["currency"] = "usd"
        document["metadata"] = {"x" * 1001: "v", "ok": 7}
        del document["id"]
        document["equity"][0]["vesting"]["duration_months"] = 601
        document["token_budget"]["vests"] = True
        return document

    def test_same_problems_as_the_reference(self) -> None:
        """Each kind of error (type, enum, required, maximum, const, propertyNames) gives the reference's problem."""
        document = self.document()
        compiled = _schema_problems(document, "offer-v1")
        reference = _schema_problems(document, "offer-v1", reference=True)

        def listed(problems: list[Problem]) -> list[tuple[str, str, str]]:
            return sorted((problem.pointer, problem.code, problem.message) for problem in problems)

        assert listed(reference) == listed(compiled)
        codes = {problem.code for problem in compiled}
        assert {"number-not-string", "unknown-currency", "missing-key", "above-maximum", "not-allowed"} <= codes

    def test_instances_come_from_the_document(self) -> None:
        """The failing value is the document's own (a Decimal stays a Decimal), not the float judged."""
        errors = schema_errors(self.document(), "offer-v1")
        assert errors is not None
        amounts = [error.instance for error in errors if error.absolute_path == ("salary", "rate", "amount")]
        assert [Decimal("120000.5")] == amounts

    def test_a_valid_document_has_none(self) -> None:
        """The bundled example passes on the compiled core."""
        assert [] == list(schema_errors(json.loads(EXAMPLE.read_text()), "offer-v1") or ["not judged"])


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4),
    max_leaves=20,
)


class TestPlainText:
    """A text that passes plain_text is its own view: no walk needed before jsonschema-rs judges it."""

    @given(JSON_VALUES, st.booleans())
    def test_a_plain_text_is_its_own_view(self, value: Any, ascii_only: bool) -> None:
        """Whatever the value, a text said plain parses to data that compiled_view keeps as it is."""
        raw = json.dumps(value, ensure_ascii=ascii_only).encode()
        if plain_text(raw):
            assert value == compiled_view(value)

    @pytest.mark.parametrize(
        "raw",
        [
            b'{"k": "1.00\\n"}',  # an escape
            b'{"k": "a\x7fb"}',  # DEL, which JSON lets through unescaped
            '{"k": "caf\u00e9"}'.encode(),  # not ASCII: isprintable() decides
            b'{"k": "0000-01-01"}',
            b'{"": 1}',
            b'{"k": 9223372036854775807}',  # 19 digits
        ],
    )
    def test_texts_left_to_the_walk(self, raw: bytes) -> None:
        """Escapes, DEL, other scripts, the year 0, empty strings and 19-digit numbers go to compiled_view."""
        assert not plain_text(raw)

    def test_the_examples_are_plain(self) -> None:
        """The bundled examples (printable ASCII, short numbers) need no walk."""
        assert plain_text(EXAMPLE.read_bytes())


class TestHalvedFloats:
    """orjson's float for a fraction becomes the half compiled_view makes of the exact decimal."""

    @given(st.decimals(allow_nan=False, allow_infinity=False), st.integers(-30, 30))
    def test_as_the_decimal_would(self, value: Decimal, shift: int) -> None:
        """Whenever a float is halved, the half is the exact decimal's; a whole float is left to the walk."""
        text = format(value.scaleb(shift), "f")
        halved = halved_floats({"x": [float(text)]})
        if halved is not None:
            assert compiled_view({"x": [Decimal(text)]}) == halved
        else:
            assert float(text).is_integer() or abs(float(text)) >= 2**51 - 1

    def test_near_a_whole_number(self) -> None:
        """A fraction whose float is whole (0.99999999999999999 reads as 1.0) goes to the walk."""
        assert halved_floats({"x": float("0.99999999999999999")}) is None
        assert {"x": 0.5} == halved_floats({"x": float("0.9999999999999")})


def _patterns(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["pattern"]} if isinstance(node.get("pattern"), str) else set()
        return found.union(*(_patterns(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_patterns(item) for item in node))
    return set()


_BOUNDED = sorted(
    pattern
    for name in ("offer-v1", "job-posting-v1")
    for pattern in _patterns(SCHEMAS[name]())
    if DIGITS_LOOKAHEAD in pattern
)


def _near_the_limits() -> list[str]:
    """Decimal-looking strings at, below and above every digit limit, signed, with zeros and nines."""
    texts = set()
    for whole in range(0, 18):
        for fraction in range(-1, 15):
            for first in "019":
                integer = (first + "0" * whole)[: whole + 1] if whole else first
                tail = "" if fraction < 0 else "." + "0" * max(fraction - 1, 0) + ("5" if fraction else "")
                for sign in ("", "-"):
                    texts.add(sign + integer + tail)
                    texts.add(sign + "0." + "0" * whole + "1" + "0" * max(fraction, 0))
    return sorted(texts | {"", ".", "1.", ".5", "00", "01", "1e5", "168", "168.0", "168.5", "167.999", "1.0", "1.01"})


class TestWithoutLookahead:
    """jsonschema-rs gets each bounded decimal pattern without its lookahead: the same strings match."""

    def test_every_bounded_pattern_is_rewritten(self) -> None:
        """No pattern the compiled core sees keeps a lookahead (it would run on the slow engine)."""
        assert _BOUNDED
        assert [] == [pattern for pattern in _BOUNDED if "(?" in without_lookahead(pattern)]
        compiled = json.dumps([without_lookahead(pattern) for pattern in _BOUNDED])
        assert "(?!" not in compiled

    @pytest.mark.parametrize("pattern", _BOUNDED)
    def test_same_strings_near_the_limits(self, pattern: str) -> None:
        """At, below and above 15 digits before the point and 12 after, both patterns agree."""
        original, rewritten = re.compile(pattern), re.compile(without_lookahead(pattern))
        texts = _near_the_limits()
        assert [bool(original.search(t)) for t in texts] == [bool(rewritten.search(t)) for t in texts]
        assert any(original.search(t) for t in texts)
        assert not all(original.search(t) for t in texts)

    @pytest.mark.parametrize("pattern", _BOUNDED)
    @given(text=st.from_regex(r"\A-?[0-9]{0,18}(\.[0-9]{0,15})?\Z") | st.text("0123456789.-e", max_size=30))
    def test_same_strings_generated(self, pattern: str, text: str) -> None:
        """On generated decimal-looking strings, both patterns agree."""
        assert bool(re.search(pattern, text)) == bool(re.search(without_lookahead(pattern), text))

    def test_other_patterns_untouched(self) -> None:
        """A pattern without the digit limits is given as it is."""
        assert "^[a-z]+$" == without_lookahead("^[a-z]+$")


class TestGate:
    """The fast path's gate: the schema, with every withdrawn currency code refused whatever the date."""

    def _offer(self, currency: str, date: str) -> dict[str, Any]:
        document: dict[str, Any] = json.loads(EXAMPLE.read_text())
        document["effective_date"] = date
        document["currency"] = currency
        return document

    def test_withdrawn_codes_refused(self) -> None:
        """The schema takes a withdrawn code (its date decides); the gate takes none."""
        codes = sorted(withdrawn_currencies())
        documents = [self._offer(code, "2000-01-01") for code in codes]
        assert [True] * len(codes) == [compiled_validator("offer-v1").is_valid(d) for d in documents]
        assert [False] * len(codes) == [gate_validator("offer-v1").is_valid(d) for d in documents]

    def test_active_codes_pass(self) -> None:
        """Otherwise the gate says what the schema says."""
        document = self._offer("EUR", "2026-01-01")
        assert compiled_validator("offer-v1").is_valid(document)
        assert gate_validator("offer-v1").is_valid(document)
