"""Validation: both layers, every problem with a pointer and a code, hostile inputs."""

from __future__ import annotations

import hashlib
import importlib.resources
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from benchmarks import corpus
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator

from tokencomp import (
    InvalidDocumentError,
    InvalidOfferError,
    InvalidPostingError,
    Offer,
    dumps,
    load_offer,
    load_posting,
    schema_json,
    validate,
    validate_posting,
)
from tokencomp.codec import validation
from tokencomp.codec.build import build_trusted
from tokencomp.codec.openapi import OPENAPI_FILE, openapi_json
from tokencomp.codec.schema import SCHEMAS
from tokencomp.codec.validation import DEFAULT_MAX_BYTES, _schema_problems, _validate_offer_fully

from .reference import SPEC_EXAMPLES
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
        """schemas/ holds exactly what the code generates: the JSON Schemas and the OpenAPI document."""
        for name in SCHEMAS:
            committed = (REPO / "schemas" / f"{name}.json").read_text(encoding="utf-8")
            assert schema_json(name) == committed, (
                f"schemas/{name}.json is out of date: regenerate it with `tokencomp schema --out schemas`"
            )
        assert openapi_json() == (REPO / "schemas" / OPENAPI_FILE).read_text(encoding="utf-8"), (
            f"schemas/{OPENAPI_FILE} is out of date: regenerate it with `tokencomp schema --openapi --out schemas`"
        )

    def test_typescript_declarations_name_the_current_schemas(self) -> None:
        """Each schemas/NAME.d.ts was generated from the schema as it is now (its banner's hash); the
        schema-ajv env regenerates them and compares every byte."""
        for name in SCHEMAS:
            declarations = (REPO / "schemas" / f"{name}.d.ts").read_text(encoding="utf-8")
            digest = hashlib.sha256(schema_json(name).encode("utf-8")).hexdigest()
            assert f"schema sha256: {digest}" in declarations, (
                f"schemas/{name}.d.ts is out of date: run `python scripts/typescript_bindings.py` "
                "(after `npm ci --prefix tests/ajv`)"
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
        assert ["strike_price"] == OFFER_SCHEMA["$defs"]["EquityGrant"]["allOf"][0]["else"]["required"]
        assert "USD" in OFFER_SCHEMA["$defs"]["Currency"]["enum"]


def with_budget_pricing(cached_share: str, cached_price: str | None) -> dict[str, Any]:
    """P75 whose budget has pricing and a usage mix of 0.25 output, *cached_share* cached input, the rest input."""
    mix = {"input": str(Decimal("0.75") - Decimal(cached_share)), "output": "0.25", "cached_input": cached_share}
    document = with_change("/token_budget/usage_mix", mix)
    pricing = {"provider": "openai", "model": "gpt-4o", "currency": "USD", "input_per_million": "2.50",
               "output_per_million": "10.00", "as_of": "2026-01-01"}  # fmt: skip
    if cached_price is not None:
        pricing["cached_input_per_million"] = cached_price
    document["token_budget"]["pricing"] = pricing
    return document


def with_grant(**changes: Any) -> dict[str, Any]:
    """P75 with one option grant, changed by *changes* (keys of the grant or of its vesting)."""
    grant: dict[str, Any] = {
        "instrument": "iso",
        "units": 100,
        "unit_value": {"amount": "10", "currency": "USD"},
        "strike_price": {"amount": "4", "currency": "USD"},
        "vesting": {"start_date": "2026-03-01", "duration_months": 48, "cliff_months": 12, "frequency": "monthly"},
    }
    for key, value in changes.items():
        (grant["vesting"] if key in grant["vesting"] else grant)[key] = value
    return {**P75, "equity": [grant]}


SCHEMA_ALONE = Draft202012Validator(OFFER_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)

# The domain rules a schema cannot state, each with a document that breaks only it: docs/schema.md lists them.
BEYOND_THE_SCHEMA: dict[str, dict[str, Any]] = {
    "cliff-out-of-range": with_grant(cliff_months=60),
    "shares-do-not-sum-to-one": with_change("/token_budget/usage_mix", {"input": "0.5", "output": "0.6"}),
    "strike-currency": with_grant(strike_price={"amount": "4", "currency": "EUR"}),
    "no-such-date": with_change("/effective_date", "2026-02-30"),
    "currency-withdrawn": with_change("/currency", "HRK"),
}


class TestSchemaAlone:
    """What a client that validates by the schema alone (ajv, a Java validator) gets."""

    @pytest.mark.parametrize(
        ("pointer", "value"),
        [
            ("/salary/rate/amount", "0"),
            ("/salary/rate/amount", "0.00"),
            ("/salary/rate/amount", "-0"),
            ("/salary/hours_per_week", "0"),
            ("/salary/hours_per_week", "168.01"),
            ("/salary/hours_per_week", "200"),
        ],
    )
    def test_bounds_the_schema_states(self, pointer: str, value: str) -> None:
        """A zero salary and hours outside (0, 168] fail the schema alone, with the domain layer's code."""
        document = with_change(pointer, value)
        expected = "not-positive" if "rate" in pointer else "hours-out-of-range"
        assert not SCHEMA_ALONE.is_valid(document)
        assert [(pointer, expected)] == found(document)
        assert [(pointer, expected)] == [(p.pointer, p.code) for p in _schema_problems(document, "offer-v1")]

    @pytest.mark.parametrize("hours", ["0.5", "37.5", "40", "99.99", "167.999", "168", "168.000"])
    def test_hours_within_the_week(self, hours: str) -> None:
        """Hours above 0 and up to 168 pass both the schema alone and validation."""
        document = with_change("/salary/hours_per_week", hours)
        assert (True, []) == (SCHEMA_ALONE.is_valid(document), found(document))

    def test_cached_share_needs_a_cached_price(self) -> None:
        """A cached-input share without a cached price fails the schema alone, at the share, once."""
        document = with_budget_pricing("0.25", None)
        pointer = "/token_budget/usage_mix/cached_input"
        assert not SCHEMA_ALONE.is_valid(document)
        assert [(pointer, "cached-share-without-price")] == found(document)
        assert [(pointer, "cached-share-without-price")] == [
            (p.pointer, p.code) for p in _schema_problems(document, "offer-v1")
        ]
        for valid in (with_budget_pricing("0.25", "1.25"), with_budget_pricing("0", None)):
            assert (True, []) == (SCHEMA_ALONE.is_valid(valid), found(valid))

    @pytest.mark.parametrize("code", sorted(BEYOND_THE_SCHEMA))
    def test_rules_beyond_the_schema(self, code: str) -> None:
        """Each rule the schema page lists passes the schema (dates: without a format checker) and fails validation."""
        document = BEYOND_THE_SCHEMA[code]
        schema_alone = Draft202012Validator(OFFER_SCHEMA) if code == "no-such-date" else SCHEMA_ALONE
        assert schema_alone.is_valid(document)
        assert [code] == [problem.code for problem in validate(document).problems]

    def test_the_schema_page_lists_them(self) -> None:
        """docs/schema.md names every rule beyond the schema by its code, and no other."""
        page = (REPO / "docs" / "schema.md").read_text(encoding="utf-8")
        table = page.partition("| rule | problem code | pointer |")[2].partition("\n\n")[0]
        listed = {line.split("|")[2].strip().strip("`") for line in table.splitlines()[2:]}
        assert set(BEYOND_THE_SCHEMA) == listed


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
            assert isinstance(report.document, Offer)
            assert document == json.loads(dumps(report.document))
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
        # Whitespace: within the contract's other limits, no value makes a document this large.
        data = json.dumps({**P75, "metadata": {"note": "x"}}).encode() + b" " * 2_000_000
        assert [("", "too-large")] == found(data)
        assert validate(data, max_bytes=4_000_000).valid

    def test_numbers_stay_exact(self) -> None:
        """A valid document's amounts are Decimals with every digit."""
        offer = load_offer(json.dumps(with_change("/salary/rate/amount", "375000.005")))
        assert Decimal("375000.005") == offer.salary.rate.amount


class TestSpecExamples:
    def test_invalid_examples_are_refused_where_expected(self) -> None:
        """Each invalid spec example has a problem at one of the pointers listed for each error its .expected.json
        names, and none elsewhere (as the contract's tools/check_examples.py checks through the CLI)."""
        expectations = sorted((SPEC_EXAMPLES.excerpt / "invalid").glob("*.expected.json"))
        assert 6 == len(expectations)
        for path in expectations:
            errors = json.loads(path.read_text())["errors"]
            result = validate(path.with_name(path.name.replace(".expected", "")).read_bytes())
            pointers = {problem.pointer for problem in result.problems}
            assert not result.valid, path.name
            for error in errors:
                assert pointers & set(error["pointer_any_of"]), (path.name, error, pointers)
            assert {p for error in errors for p in error["pointer_any_of"]} >= pointers, path.name


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


class TestDocumentErrors:
    """One name per kind of document error, under a neutral base; the report's neutral field."""

    @pytest.mark.parametrize("text", ['{"schema_version": "1"}', "not json", "[]"])
    def test_an_offer_raises_the_offer_error(self, text: str) -> None:
        """`except InvalidOfferError` still catches every invalid offer, bad JSON included; it is a document error."""
        with pytest.raises(InvalidOfferError) as raised:
            load_offer(text)
        assert isinstance(raised.value, InvalidDocumentError)
        assert str(raised.value).startswith("invalid offer: ")

    @pytest.mark.parametrize("text", ['{"schema_version": "1"}', "not json"])
    def test_a_posting_raises_the_posting_error(self, text: str) -> None:
        """A posting's problems are an InvalidPostingError, a document error and not an offer's."""
        with pytest.raises(InvalidDocumentError) as raised:
            load_posting(text)
        assert (InvalidPostingError, False) == (type(raised.value), isinstance(raised.value, InvalidOfferError))
        assert str(raised.value).startswith("invalid posting: ")

    def test_the_report_names_the_document(self) -> None:
        """ValidationReport.document holds the valid posting; the old .offer still works, with a DeprecationWarning."""
        data = (REPO / "src" / "tokencomp" / "data" / "postings" / "staff-engineer.json").read_bytes()
        report = validate_posting(data)
        assert "Staff Software Engineer" == report.document.title
        with pytest.warns(DeprecationWarning, match="use ValidationReport.document"):
            assert report.document is report.offer


LONDON = json.loads((REPO / "src" / "tokencomp" / "data" / "examples" / "london-staff-engineer.json").read_text())


def london(*changes: tuple[str, Any]) -> dict[str, Any]:
    """The London example with each change applied: a pointer and its new value (``...`` deletes the key)."""
    document = json.loads(json.dumps(LONDON))
    for pointer, value in changes:
        *path, last = [int(t) if t.isdigit() else t for t in pointer.split("/")[1:]]
        parent = document
        for step in path:
            parent = parent[step]
        if value is ...:
            del parent[last]
        else:
            parent[last] = json.loads(json.dumps(value))  # a copy: the example and other items stay as they are
    return document


# Broken London offers: each part the schema passes is built on the trusted route when it is explained.
BROKEN = [
    london(("/salary/period", "fortnight")),
    london(("/currency", ...)),
    london(("/salary/bonus", "10")),
    london(("/effective_date", "2026-02-30x")),
    # A rule the schema cannot state broken in a part the schema passes, beside a part it does not pass.
    london(("/salary/period", "fortnight"), ("/token_budget/usage_mix/input", "0.5")),
    london(("/salary/period", "fortnight"), ("/equity/0/vesting/cliff_months", 60)),
    london(("/salary/period", "fortnight"), ("/bonus/sign_on/currency", "XYZ")),
    # The schema's parts judged by the reference only (Python's `$` takes a final newline): nothing is trusted.
    london(("/salary/period", "fortnight"), ("/token_budget/usage_mix/input", "0.6\n")),
    # Arrays cut for the schema layer: 150 grants, beside a broken salary.
    london(("/salary/period", "fortnight"), ("/equity", LONDON["equity"] * 150)),
    london(("/equity", LONDON["equity"] * 40), ("/equity/39/units", -1)),
    london(("/equity/0", None), ("/role", [])),
]


class TestExplainingOnTheCompiledCore:
    """An invalid document is explained from the fast path's parse, with the parts the schema passed built trusted."""

    @pytest.mark.parametrize("document", BROKEN)
    def test_the_reference_problems(self, document: dict[str, Any]) -> None:
        """Each broken document gets exactly the reference's problems (jsonschema, and the hooks for every part)."""
        text = json.dumps(document).encode()
        expected = _validate_offer_fully(text, DEFAULT_MAX_BYTES, reference=True).problems
        assert expected
        assert expected == validate(text).problems

    def test_a_text_is_read_once(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The fast path's parse explains the text: parse_json (with its hook a key) runs only for repeated keys."""
        texts = [
            json.dumps(london(("/salary/period", "fortnight"))).encode(),
            # A float: its Decimal is read again from the text, by the stdlib's parser without a hook.
            json.dumps(london(("/salary/rate/amount", 120000.5))).encode(),
        ]
        expected = [validate(text).problems for text in texts]

        def refuse(data: Any) -> Any:
            raise AssertionError("read again")

        monkeypatch.setattr(validation, "parse_json", refuse)
        assert expected == [validate(text).problems for text in texts]
        assert [("/salary/rate/amount", "number-not-string")] == [(p.pointer, p.code) for p in expected[1]]
        with pytest.raises(AssertionError, match="read again"):
            validate(json.dumps(london(("/salary/period", "fortnight"))).replace('"id"', '"id": "x", "id"').encode())

    def test_parts_the_schema_passes_are_built_on_the_trusted_route(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Only the part with a schema error goes through the hooks; the others are built once, trusted."""
        built: list[str] = []

        def counted(cls: type[Any], data: dict[str, Any]) -> Any:
            built.append(cls.__name__)
            return build_trusted(cls, data)

        monkeypatch.setattr(validation, "build_trusted", counted)
        text = json.dumps(london(("/salary/period", "fortnight"))).encode()
        assert [("/salary/period", "not-allowed")] == [(p.pointer, p.code) for p in validate(text).problems]
        assert ["Role", "Bonus", "EquityGrant", "TokenBudget"] == built

    def test_the_benchmark_corpus(self) -> None:
        """Each document of the benchmarks' mostly-invalid and 5 %-invalid corpora: the reference's problems."""
        for text in [t.encode() for t in [*corpus.mostly_invalid(60), *corpus.offers(40, invalid_every=5)]]:
            expected = _validate_offer_fully(text, DEFAULT_MAX_BYTES, reference=True)
            report = validate(text)
            assert (expected.problems, expected.document) == (report.problems, report.document)
