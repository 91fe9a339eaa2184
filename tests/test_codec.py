"""JSON in and out: strict structuring, problems with pointers, lossless round trips."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given

from tokencomp import (
    InvalidDocumentError,
    InvalidOfferError,
    Money,
    Offer,
    Role,
    Salary,
    SalaryPeriod,
    dumps,
    loads,
    make_converter,
    parse_json,
    structure_offer,
)
from tokencomp.codec.converter import Prebuilt, structure_as, unknown_key_problem

from .reference import SPEC_EXAMPLES, version_1
from .strategies import offers

P75: dict[str, Any] = {
    "schema_version": "1",
    "id": "p75",
    "effective_date": "2026-03-01",
    "currency": "USD",
    "salary": {"rate": {"amount": "375000.00", "currency": "USD"}, "period": "year"},
    "token_budget": {
        "allowance": {"amount": "100000.00", "currency": "USD"},
        "period": "year",
        "rollover": "none",
        "vests": False,
        "portable": False,
    },
}


def problems(data: Any) -> list[tuple[str, str]]:
    with pytest.raises(InvalidOfferError) as info:
        structure_offer(data)
    return sorted((p.pointer, p.code) for p in info.value.problems)


def with_change(path: str, value: Any) -> dict[str, Any]:
    """P75 with the value at *path* (slash separated) replaced."""
    document = json.loads(json.dumps(P75))
    *parents, last = path.strip("/").split("/")
    node = document
    for key in parents:
        node = node[key]
    node[last] = value
    return document


class TestRoundTrip:
    def test_spec_examples_come_back_unchanged(self) -> None:
        """Every valid spec example is written back exactly as it was read, key for key."""
        examples = version_1(sorted((SPEC_EXAMPLES.excerpt / "valid").glob("*.json")))
        paths = [p for p in examples if ".summary." not in p.name]
        assert 5 == len(paths)
        for path in paths:
            text = path.read_text()
            assert json.loads(text) == json.loads(dumps(loads(text))), path.name

    @given(offers)
    def test_model_json_model(self, offer: Offer) -> None:
        """Any offer survives dumps then loads unchanged, and its JSON is stable."""
        text = dumps(offer)
        assert offer == loads(text)
        assert text == dumps(loads(text))

    def test_amounts_are_written_as_given(self) -> None:
        """Trailing zeros are kept: "100000.00" stays "100000.00"."""
        assert '"amount":"100000.00"' in dumps(loads(json.dumps(P75)))

    @pytest.mark.parametrize("amount", ["0.0000001", "0.00000000", "120000.000000001"])
    def test_small_amounts_stay_fixed_point(self, amount: str) -> None:
        """An amount below a millionth is written as given, never in exponent form ("1E-7")."""
        assert f'"amount":"{amount}"' in dumps(loads(json.dumps(with_change("/token_budget/allowance/amount", amount))))


class TestStrictness:
    @pytest.mark.parametrize(
        ("path", "value", "expected"),
        [
            ("/salary/rate/amount", 375000, ("/salary/rate/amount", "number-not-string")),
            ("/salary/rate/amount", "3.75e5", ("/salary/rate/amount", "bad-decimal")),
            ("/salary/rate/amount", "0375000", ("/salary/rate/amount", "bad-decimal")),
            ("/salary/rate/amount", None, ("/salary/rate/amount", "not-a-string")),
            ("/salary/rate/currency", "usd", ("/salary/rate/currency", "unknown-currency")),
            ("/salary/period", "fortnight", ("/salary/period", "not-allowed")),
            ("/salary", [], ("/salary", "not-an-object")),
            ("/effective_date", "2026-02-30", ("/effective_date", "no-such-date")),
            ("/effective_date", "20260301", ("/effective_date", "bad-date")),
            ("/id", 7, ("/id", "not-a-string")),
            ("/id", "", ("/id", "empty-string")),
            ("/schema_version", "2", ("/schema_version", "unsupported-version")),
            ("/token_budget/vests", 0, ("/token_budget/vests", "not-a-boolean")),
            ("/token_budget/vests", True, ("/token_budget/vests", "token-budget-vests")),
            ("/token_budget/bonus", 1, ("/token_budget/bonus", "unknown-key")),
            ("/metadata", {"a": 1}, ("/metadata/a", "not-a-string")),
            ("/equity", {"instrument": "rsu"}, ("/equity", "not-an-array")),
            ("/role", {"country": "XX"}, ("/role/country", "unknown-country")),
        ],
    )
    def test_one_problem_each(self, path: str, value: Any, expected: tuple[str, str]) -> None:
        """Each wrong value is reported once, at its own pointer, with a stable code."""
        assert [expected] == problems(with_change(path, value))

    def test_missing_keys_and_integers(self) -> None:
        """A missing key is reported at its own pointer; "12" is not an integer."""
        document = with_change(
            "/equity",
            [
                {
                    "instrument": "rsu",
                    "units": "12",
                    "unit_value": {"amount": "1", "currency": "USD"},
                    "vesting": {"start_date": "2026-01-01", "duration_months": 12.0, "frequency": "monthly"},
                }
            ],
        )
        del document["salary"]
        assert [
            ("/equity/0/units", "not-an-integer"),
            ("/equity/0/vesting/cliff_months", "missing-key"),
            ("/equity/0/vesting/duration_months", "not-an-integer"),
            ("/salary", "missing-key"),
        ] == problems(document)

    def test_pointer_tokens_are_escaped(self) -> None:
        """Keys with / and ~ are escaped per RFC 6901."""
        assert [("/a~1b~0c", "unknown-key")] == problems({**P75, "a/b~c": 1})


class TestParseJson:
    def test_numbers_are_never_floats(self) -> None:
        """Floats parse as Decimal, integers as int."""
        assert {"a": Decimal("0.1"), "b": 2} == parse_json(b'{"a": 0.1, "b": 2}')

    @pytest.mark.parametrize(
        ("text", "code", "pointer"),
        [
            (b"{", "invalid-json", ""),
            (b"", "invalid-json", ""),
            (b'{"a": NaN}', "invalid-json", ""),
            (b'{"a": -Infinity}', "invalid-json", ""),
            (b'{"a": {"b": 1, "b": 2}}', "duplicate-key", "/a/b"),
            (b"\xff\xfe", "invalid-utf8", ""),
            (b"[" * 100_000 + b"]" * 100_000, "too-deep", ""),
        ],
    )
    def test_bad_json(self, text: bytes, code: str, pointer: str) -> None:
        """Broken JSON, NaN, Infinity, duplicate keys, bad UTF-8 and deep nesting each have a code."""
        with pytest.raises(InvalidOfferError) as info:
            parse_json(text)
        assert [(pointer, code)] == [(p.pointer, p.code) for p in info.value.problems]

    def test_byte_order_mark_is_ignored(self) -> None:
        """A UTF-8 BOM before the document is allowed (RFC 8259 lets parsers ignore it)."""
        assert {"a": 1} == parse_json(b'\xef\xbb\xbf{"a": 1}')


class TestConverter:
    def test_each_call_makes_a_new_converter(self) -> None:
        """make_converter() is a factory: changing one converter leaves others alone."""
        assert make_converter() is not make_converter()


class TestPrebuilt:
    """A part built already stands for its JSON object, and only in its own class's place."""

    def test_taken_as_built(self) -> None:
        """The hooks take a Prebuilt of the class they structure as it is."""
        rate = Money("95.00", "EUR")
        assert Salary(rate, SalaryPeriod.HOUR) == structure_as({"rate": Prebuilt(rate), "period": "hour"}, Salary)

    def test_not_in_another_class_place(self) -> None:
        """A Prebuilt of another class is not an object of this one: the document's problem stays."""
        with pytest.raises(InvalidDocumentError) as info:
            structure_as({"rate": Prebuilt(Role("x")), "period": "hour"}, Salary)
        assert [("/rate", "not-an-object")] == [(p.pointer, p.code) for p in info.value.problems]


class TestUnknownKey:
    """An unknown key's "did you mean", remembered for short keys, computed afresh for long ones."""

    @pytest.mark.parametrize(
        ("key", "allowed", "near"),
        [
            ("vest", ["allowance", "vests", "portable"], "vests"),
            ("zzz", ["allowance", "vests", "portable"], None),
            ("x" * 70 + "y", ["x" * 70 + "z", "portable"], "x" * 70 + "z"),
        ],
    )
    def test_guess(self, key: str, allowed: list[str], near: str | None) -> None:
        """The closest allowed key is named, asked once or twice (the second from memory for a short key)."""
        for _ in range(2):
            message = unknown_key_problem("/token_budget", key, allowed).message
            assert (f"did you mean {near!r}?" in message) is (near is not None)
            assert message.endswith(f"allowed here are: {', '.join(allowed)}")
