"""Validation: both layers, every problem with a pointer and a code, hostile inputs."""

from __future__ import annotations

import importlib.resources
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator

from tokencomp import InvalidOfferError, Offer, dumps, load_offer, schema_json, validate
from tokencomp.schema import SCHEMAS

from .schema_strategy import from_schema
from .test_codec import P75, with_change

REPO = Path(__file__).resolve().parent.parent
OFFER_SCHEMA = SCHEMAS["offer-v1"]()


def found(data: Any) -> list[tuple[str, str]]:
    return [(p.pointer, p.code) for p in validate(data).problems]


def resolves(document: Any, pointer: str) -> bool:
    """Whether *pointer* names a place in *document* or a key missing from an object in it."""
    node = document
    for token in [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]:
        if isinstance(node, dict):
            if token not in node:
                return True  # a missing or unknown key of an object that exists
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return False
    return True


class TestSchemaArtifacts:
    def test_committed_schemas_match_the_model(self) -> None:
        """schemas/ holds exactly what the code generates."""
        for name in SCHEMAS:
            committed = (REPO / "schemas" / f"{name}.json").read_text(encoding="utf-8")
            assert schema_json(name) == committed, (
                f"schemas/{name}.json is out of date: regenerate it with `tokencomp schema --out schemas`"
            )

    def test_schemas_ship_in_the_package(self) -> None:
        """An installed wheel carries schemas/; an editable install is the source tree itself."""
        packaged = importlib.resources.files("tokencomp") / "schemas" / "offer-v1.json"
        if packaged.is_file():
            assert schema_json("offer-v1") == packaged.read_text(encoding="utf-8")
        else:
            assert (REPO / "src" / "tokencomp") == Path(str(importlib.resources.files("tokencomp")))

    def test_metaschema(self) -> None:
        """Each schema is valid draft 2020-12, has a versioned $id, and describes every property."""
        for build in SCHEMAS.values():
            schema = build()
            Draft202012Validator.check_schema(schema)
            assert schema["$id"].endswith("-v1.json")
            for definition in [schema, *schema["$defs"].values()]:
                for key, prop in definition.get("properties", {}).items():
                    assert prop.get("description"), key

    def test_rules_are_in_the_schema(self) -> None:
        """The cross-field rules and fixed facts are stated in the schema itself."""
        budget = OFFER_SCHEMA["$defs"]["TokenBudget"]
        assert {"const": False} == {k: v for k, v in budget["properties"]["vests"].items() if k == "const"}
        assert 3 == len(budget["oneOf"])
        assert ["usage_mix"] == budget["dependentRequired"]["pricing"]
        assert ["strike_price"] == OFFER_SCHEMA["$defs"]["EquityGrant"]["else"]["required"]
        assert "USD" in OFFER_SCHEMA["$defs"]["Currency"]["enum"]


class TestBothLayers:
    def test_every_problem_at_once(self) -> None:
        """Schema and domain problems of one document are all reported, once each."""
        document = with_change("/salary/rate/amount", 1.5)
        document["salary"]["rate"]["currency"] = "XYZ"
        document["token_budget"]["vests"] = True
        document["effective_date"] = "2026-02-30"
        assert [
            ("/effective_date", "no-such-date"),
            ("/salary/rate/amount", "number-not-string"),
            ("/salary/rate/currency", "unknown-currency"),
            ("/token_budget/vests", "token-budget-vests"),
        ] == found(document)

    def test_floats_are_caught_after_parsing(self) -> None:
        """Data parsed by json.loads (floats) still gets the decimal-string problem."""
        parsed = json.loads(json.dumps(with_change("/salary/rate/amount", 120000.5)))
        report = validate(parsed)
        assert [("/salary/rate/amount", "number-not-string")] == found(parsed)
        assert '"120000.5"' in report.problems[0].message

    def test_load_offer(self) -> None:
        """load_offer returns an Offer, or raises with every problem."""
        assert "p75" == load_offer(json.dumps(P75)).id
        with pytest.raises(InvalidOfferError) as info:
            load_offer(b'{"schema_version": "2"}')
        assert 5 == len(info.value.problems)

    @given(from_schema(OFFER_SCHEMA))
    @settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    def test_generated_documents(self, document: dict[str, Any]) -> None:
        """Any schema-shaped document loads and round-trips, or is rejected with pointers and codes: never a crash."""
        report = validate(document)
        if report.valid:
            assert isinstance(report.offer, Offer)
            assert document == json.loads(dumps(report.offer))
        for problem in report.problems:
            assert problem.code
            assert problem.message
            assert resolves(document, problem.pointer), problem


HOSTILE: list[tuple[str, bytes, list[tuple[str, str]]]] = [
    (
        "float amount",
        json.dumps(with_change("/salary/rate/amount", 1.5)).encode(),
        [("/salary/rate/amount", "number-not-string")],
    ),
    (
        "integer amount",
        json.dumps(with_change("/salary/rate/amount", 375000)).encode(),
        [("/salary/rate/amount", "number-not-string")],
    ),
    ("NaN", json.dumps(P75).replace('"375000.00"', "NaN").encode(), [("", "invalid-json")]),
    ("Infinity", json.dumps(P75).replace('"375000.00"', "Infinity").encode(), [("", "invalid-json")]),
    (
        "huge exponent number",
        json.dumps(P75).replace('"375000.00"', "1e999999").encode(),
        [("/salary/rate/amount", "number-not-string")],
    ),
    (
        "exponent string",
        json.dumps(with_change("/salary/rate/amount", "1e999999")).encode(),
        [("/salary/rate/amount", "bad-decimal")],
    ),
    (
        "upper exponent string",
        json.dumps(with_change("/salary/rate/amount", "3.75E+5")).encode(),
        [("/salary/rate/amount", "bad-decimal")],
    ),
    (
        "trailing newline",
        json.dumps(with_change("/salary/rate/amount", "375000.00\n")).encode(),
        [("/salary/rate/amount", "bad-decimal")],
    ),
    (
        "negative salary",
        json.dumps(with_change("/salary/rate/amount", "-1.00")).encode(),
        [("/salary/rate/amount", "not-positive")],
    ),
    (
        "negative allowance",
        json.dumps(with_change("/token_budget/allowance/amount", "-5")).encode(),
        [("/token_budget/allowance/amount", "negative-amount")],
    ),
    (
        "10,000-deep nesting",
        b'{"metadata": ' + b"[" * 10_000 + b"]" * 10_000 + b"}",
        None,
    ),  # the parser's depth limit or the schema: either way a pointer and a code, never a crash
    ("UTF-8 BOM", b"\xef\xbb\xbf" + json.dumps(P75).encode(), []),
    ("invalid UTF-8", json.dumps(P75).encode().replace(b"p75", b"p\xff5"), [("", "invalid-utf8")]),
    (
        "duplicate key",
        json.dumps(P75).replace('"id": "p75"', '"id": "p75", "id": "p76"').encode(),
        [("/id", "duplicate-key")],
    ),
    ("unknown currency", json.dumps(with_change("/currency", "ABC")).encode(), [("/currency", "unknown-currency")]),
    (
        "2026-02-30",
        json.dumps(with_change("/effective_date", "2026-02-30")).encode(),
        [("/effective_date", "no-such-date")],
    ),
    ("unknown key at the root", json.dumps({**P75, "x": 1}).encode(), [("/x", "unknown-key")]),
    ("unknown key in salary", json.dumps(with_change("/salary/x", 1)).encode(), [("/salary/x", "unknown-key")]),
    (
        "unknown key in money",
        json.dumps(with_change("/salary/rate/x", 1)).encode(),
        [("/salary/rate/x", "unknown-key")],
    ),
    (
        "unknown key in the budget",
        json.dumps(with_change("/token_budget/x", 1)).encode(),
        [("/token_budget/x", "unknown-key")],
    ),
    (
        "unknown key in a grant",
        json.dumps(
            {
                **P75,
                "equity": [
                    {
                        "instrument": "rsu",
                        "units": 1,
                        "x": 1,
                        "unit_value": {"amount": "1", "currency": "USD"},
                        "vesting": {
                            "start_date": "2026-01-01",
                            "duration_months": 12,
                            "cliff_months": 0,
                            "frequency": "monthly",
                            "y": 2,
                        },
                    }
                ],
            }
        ).encode(),
        [("/equity/0/vesting/y", "unknown-key"), ("/equity/0/x", "unknown-key")],
    ),
    (
        "unknown key in the role",
        json.dumps({**P75, "role": {"title": "x", "x": 1}}).encode(),
        [("/role/x", "unknown-key")],
    ),
    ("not an object", b"[]", [("", "not-an-object")]),
    ("empty", b"", [("", "invalid-json")]),
]


class TestHostileInputs:
    @pytest.mark.parametrize(("data", "expected"), [(d, e) for _, d, e in HOSTILE], ids=[n for n, _, _ in HOSTILE])
    def test_each(self, data: bytes, expected: list[tuple[str, str]] | None) -> None:
        """Each hostile input gets exactly the expected pointers and codes."""
        problems = found(data)
        if expected is None:
            assert problems
            assert all(pointer in ("", "/metadata") for pointer, _ in problems)
        else:
            assert sorted(expected) == problems

    def test_fifty_megabytes(self) -> None:
        """A 50 MB document is refused by size before it is parsed."""
        data = b'{"id": "' + b"x" * 50_000_000 + b'"}'
        assert [("", "too-large")] == found(data)
        assert [("", "too-large")] == [(p.pointer, p.code) for p in validate(data.decode()).problems]

    def test_the_limit_can_be_raised(self) -> None:
        """max_bytes lets a caller read larger documents on purpose."""
        data = json.dumps({**P75, "metadata": {"note": "x" * 2_000_000}}).encode()
        assert [("", "too-large")] == found(data)
        assert validate(data, max_bytes=4_000_000).valid

    def test_numbers_stay_exact(self) -> None:
        """A valid document's amounts are Decimals with every digit."""
        offer = load_offer(json.dumps(with_change("/salary/rate/amount", "375000.005")))
        assert Decimal("375000.005") == offer.salary.rate.amount


def messages(data: Any) -> dict[str, str]:
    return {p.pointer: p.message for p in validate(data).problems}


class TestDidYouMean:
    def test_misspelt_key_names_the_key_meant(self) -> None:
        """ "vest" in a token budget is answered with "did you mean 'vests'?", by either layer."""
        document = with_change("/token_budget/vest", False)
        del document["token_budget"]["vests"]
        problems = {p.pointer: p for p in validate(json.dumps(document)).problems}
        assert "unknown-key" == problems["/token_budget/vest"].code
        assert "did you mean 'vests'?" in problems["/token_budget/vest"].message

    def test_far_key_lists_the_keys_only(self) -> None:
        """A key like none allowed gets the list of allowed keys and no guess."""
        message = messages(json.dumps({**P75, "zzzzzz": 1}))["/zzzzzz"]
        assert ("did you mean" not in message, True) == (True, "the keys allowed here are: " in message)

    @pytest.mark.parametrize("pointer", ["/currency", "/salary/rate/currency"])
    def test_currency_in_small_letters(self, pointer: str) -> None:
        """ "usd" is refused (the contract says capitals) with "did you mean 'USD'?"."""
        problems = validate(json.dumps(with_change(pointer, "usd"))).problems
        assert [(pointer, "unknown-currency")] == [(p.pointer, p.code) for p in problems]
        assert "did you mean 'USD'?" in problems[0].message


class TestNotJsonInWords:
    @pytest.mark.parametrize(
        ("expected", "text"),
        [
            ("the document is empty", b""),
            ("the document is empty", b" \n\n"),
            ("this looks like CSV (comma-separated values), not JSON", b"id,salary,currency\nx,1,USD\n"),
            ("Expecting property name enclosed in double quotes at column 2", b"{broken"),
            ("Expecting value at line 3, column 13", b'{\n  "id": "x",\n  "salary": }\n'),
            ("more text after the end of the first JSON value, at line 2, column 1", b'{"a": 1}\n{"b": 2}\n'),
        ],
    )
    def test_says_what_it_is(self, expected: str, text: bytes) -> None:
        """Text that is not JSON is named for what it looks like, with the text's own line only when it has lines."""
        problems = validate(text).problems
        assert [("", "invalid-json")] == [(p.pointer, p.code) for p in problems]
        assert expected in problems[0].message
