"""The compiled schema layer: which documents jsonschema-rs may judge, and its errors in jsonschema's terms."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tokencomp.codec import parse_json
from tokencomp.compiled import compiled_view, halved_floats, plain_text, schema_errors
from tokencomp.errors import Problem
from tokencomp.validation import _schema_problems

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
