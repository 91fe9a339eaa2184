"""The compiled fast path (orjson, jsonschema-rs) and the trusted route that builds objects from validated data."""

from __future__ import annotations

import copy
import json
import pickle
import threading
from pathlib import Path
from typing import Any

import attrs
import pytest

from tokencomp import Bonus, Money, Offer, Role, UsageMix, Vesting, load_offer, validate
from tokencomp.codec.build import build_trusted, builder, check_trusted
from tokencomp.codec.validation import (
    DEFAULT_MAX_BYTES,
    ValidationReport,
    _fast_offer,
    _fast_parse,
    _unique_keys_in,
    _validate_offer_fully,
)
from tokencomp.errors import RuleViolation
from tokencomp.model.historical import _model_classes

from .test_codec import P75

EXAMPLES = Path(__file__).resolve().parent.parent / "src" / "tokencomp" / "data" / "examples"


def _classes_of(cls: type, seen: list[type] | None = None) -> list[type]:
    """*cls* and every model class its fields name, at any depth."""
    seen = [] if seen is None else seen
    if cls not in seen:
        seen.append(cls)
        for field in attrs.fields(cls):
            for inner in _model_classes(field.type):
                _classes_of(inner, seen)
    return seen


class TestTrustedRoute:
    """build_trusted builds the same objects as the public route, without checking arguments again."""

    @pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.name)
    def test_same_objects_as_the_full_path(self, path: Path) -> None:
        """Every bundled example comes out equal to what the two-layer validation builds."""
        expected = _validate_offer_fully(path.read_bytes(), DEFAULT_MAX_BYTES).document
        assert expected == build_trusted(Offer, json.loads(path.read_text()))

    def test_arguments_not_checked_again(self) -> None:
        """A value the schema layer would have refused passes untouched: the route trusts its input."""
        assert 5 == build_trusted(Role, {"title": 5}).title  # type: ignore[comparison-overlap]

    def test_public_constructor_still_checks(self) -> None:
        """Building in code keeps the argument checks."""
        with pytest.raises(RuleViolation, match="/title"):
            Role(title=5)  # type: ignore[arg-type]

    def test_rules_beyond_the_schema_still_run(self) -> None:
        """Rules the schema cannot state are the class's own and run on the trusted route too."""
        vesting = {"start_date": "2026-03-01", "duration_months": 48, "cliff_months": 60, "frequency": "monthly"}
        with pytest.raises(RuleViolation) as caught:
            build_trusted(Vesting, vesting)
        assert ["cliff-out-of-range"] == [problem.code for problem in caught.value.problems]
        mix = {"input": "0.5", "output": "0.6"}
        with pytest.raises(RuleViolation) as caught:
            build_trusted(UsageMix, mix)
        assert ["shares-do-not-sum-to-one"] == [problem.code for problem in caught.value.problems]

    def test_rules_the_schema_states_are_not_checked_twice(self) -> None:
        """A rule the schema states is not run again: the trusted route is only for data the schema passed."""
        assert "XX" == build_trusted(Role, {"country": "XX"}).country
        with pytest.raises(RuleViolation) as caught:
            Role(country="XX")  # the constructor runs every rule
        assert ["unknown-country"] == [problem.code for problem in caught.value.problems]

    def test_every_class_of_an_offer_names_its_rules_beyond_the_schema(self) -> None:
        """Each class an offer is built of says which of its rules the schema cannot state (or that it states all)."""
        unsaid = [cls.__name__ for cls in _classes_of(Offer) if "_beyond_schema" not in cls.__dict__]
        assert [] == unsaid

    def test_values_converted_once_by_annotation(self) -> None:
        """Decimal strings become Decimals, enums their members; absent keys take the field's default."""
        data = {"target_percent": "15", "sign_on": {"amount": "20000.00", "currency": "USD"}}
        assert Bonus(target_percent="15", sign_on=Money("20000.00", "USD")) == build_trusted(Bonus, data)

    def test_one_builder_per_class_across_threads(self) -> None:
        """The generated builder is made once and shared, whichever thread asks first."""
        found: list[Any] = []
        threads = [threading.Thread(target=lambda: found.append(builder(Offer))) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert 1 == len({id(build) for build in found})


def _broken(document: dict[str, Any], how: str) -> dict[str, Any]:
    """*document* (with a grant and a usage mix) broken beyond the schema, or in an integer, in way *how*."""
    document = copy.deepcopy(document)
    grant, mix = document["equity"][0], document["token_budget"]["usage_mix"]
    if how == "cliff":
        grant["vesting"]["cliff_months"] = grant["vesting"]["duration_months"] + 1
    elif how == "shares":
        mix["input"] = "0.9"
    elif how == "strike":
        grant["instrument"], grant["strike_price"] = "iso", {"amount": "1.00", "currency": "JPY"}
    elif how == "float-units":
        grant["units"] = float(grant["units"])
    elif how == "float-tokens":
        document["token_budget"]["tokens"] = 1000.0
    elif how == "float-clawback":
        document["bonus"]["sign_on_clawback_months"] = 12.0
    return document


class TestCheckTrusted:
    """check_trusted gives build_trusted's verdict on data the gate passed, building only what has rules."""

    @pytest.fixture
    def full(self) -> dict[str, Any]:
        """An example with a bonus, a grant and a usage mix."""
        document: dict[str, Any] = json.loads((EXAMPLES / "london-staff-engineer.json").read_text())
        assert {"bonus", "equity", "token_budget"} <= document.keys()
        document["bonus"]["sign_on"] = {"amount": "1000.00", "currency": document["currency"]}
        document["bonus"]["sign_on_clawback_months"] = 12
        document["token_budget"]["tokens"] = 1000
        document["token_budget"]["usage_mix"] = {"input": "0.75", "output": "0.25"}
        return document

    @pytest.mark.parametrize("how", ["cliff", "shares", "strike", "float-units", "float-tokens", "float-clawback"])
    def test_same_verdict_as_building(self, full: dict[str, Any], how: str) -> None:
        """Each rule beyond the gate, and a whole float where an integer belongs, fails both."""
        build_trusted(Offer, full)
        check_trusted(Offer, full)
        broken = _broken(full, how)
        with pytest.raises((RuleViolation, TypeError)) as built:
            build_trusted(Offer, broken)
        with pytest.raises(type(built.value)) as checked:
            check_trusted(Offer, broken)
        assert str(built.value) == str(checked.value)

    @pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.name)
    def test_examples_pass(self, path: Path) -> None:
        """What builds, checks."""
        data = json.loads(path.read_text())
        build_trusted(Offer, data)
        assert check_trusted(Offer, data) is None


class TestUniqueKeys:
    """The repeated-key check: the text's colons against those of orjson writing its parse again."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (b'{"a": 1, "b": "x:y"}', True),
            (b'{"a": 1, "a": 2}', False),
            (b'{"a": {"b": 1}, "a": {"c": 2}}', False),
            (b'{"a": "x:y", "a": "z"}', False),
            (b'{"a": [{"k": 1, "k": 1}]}', False),
            (b'{"a": 1, "a": 2, "s": "\\u003a"}', False),  # an escaped colon balances the count
            (b'{"s": "\\u003a"}', True),
            (b'{"url": "https://example.com:8080/x"}', True),
        ],
    )
    def test_repeats_found(self, text: bytes, expected: bool) -> None:
        """Every repeat is found, whatever colons the strings hold."""
        import orjson

        assert expected is _unique_keys_in(text, orjson.loads(text))

    def test_deeper_than_orjson_writes(self) -> None:
        """A parse orjson cannot write again is parsed strictly."""
        import orjson

        text = b'{"a":' * 200 + b"1" + b"}" * 200
        assert _unique_keys_in(text, orjson.loads(text)) is True


class TestLazyDocument:
    """validate decides without building; the document is built once, when first asked for."""

    def test_built_when_asked_equal_to_load_offer(self) -> None:
        """The document is load_offer's, and the same object on every access."""
        text = json.dumps(P75).encode()
        report = validate(text)
        assert report._pending is not None
        document = report.document
        assert report._pending is None
        assert document is report.document
        assert load_offer(text) == document

    def test_once_across_threads(self) -> None:
        """Threads asking at once get one object."""
        report = validate(json.dumps(P75).encode())
        found: list[Any] = []
        threads = [threading.Thread(target=lambda: found.append(report.document)) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert 1 == len({id(document) for document in found})

    def test_equal_hash_repr_pickle_as_a_built_report(self) -> None:
        """A lazy report is equal to one made with the document, hashes, prints and pickles alike."""
        text = json.dumps(P75).encode()
        built = ValidationReport((), load_offer(text))
        lazy = validate(text)
        assert built == lazy
        assert repr(built) == repr(validate(text))
        assert built == pickle.loads(pickle.dumps(validate(text)))
        assert built != ValidationReport((), None)

    def test_invalid_reports_have_no_document(self) -> None:
        """An invalid document is explained, never built."""
        report = validate(json.dumps({**P75, "currency": "XXX"}).encode())
        assert (False, None) == (report.valid, report.document)


class TestFastParse:
    """orjson is used only where it is exact; anything else goes to the exact stdlib path."""

    def test_byte_order_mark_stripped(self) -> None:
        """orjson refuses a BOM; the fast path strips it, as parse_json ignores it."""
        assert P75 == _fast_parse(b"\xef\xbb\xbf" + json.dumps(P75).encode())

    def test_float_left_to_the_full_path(self) -> None:
        """A float (48.0, or an integer beyond 64 bits that orjson turns into one) is never trusted."""
        assert _fast_parse(b'{"units": 48.0}') is None
        assert _fast_parse(b'{"units": 123456789012345678901234567890}') is None

    def test_colon_in_a_string_without_repeats(self) -> None:
        """A ':' in a string makes the counts differ; the strict re-parse finds no repeat."""
        assert {"id": "a:b", "x": 1} == _fast_parse(b'{"id": "a:b", "x": 1}')

    def test_repeat_hidden_by_a_colon_in_a_string(self) -> None:
        """One repeated key and one colon in a string balance the count; the strict re-parse still finds it."""
        assert _fast_parse(b'{"id": "x", "id": "y", "s": "a:b"}') is None
        assert _fast_parse(b'{"id": "x", "id": "y"}') is None


class TestFastPath:
    """validate and load_offer take the compiled path for text, and give the reference's verdict."""

    def test_load_offer_needs_no_cattrs(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """JSON text is built on the trusted route, not through the converter's hooks."""
        import tokencomp.codec.validation as validation

        def refuse() -> Any:
            raise AssertionError("the cattrs converter was used")

        monkeypatch.setattr(validation, "_fast_converter", refuse)
        assert "p75" == load_offer(json.dumps(P75).encode()).id

    @pytest.mark.parametrize(
        "text",
        [
            json.dumps(P75).replace('"p75"', '"p75", "id": "again"', 1),
            json.dumps(P75).replace('"375000.00"', "375000.00"),
            json.dumps(P75).replace('"period": "year"', '"period": "year\\n"'),
            json.dumps({**P75, "metadata": {"url": "https://example.com:8080/x"}}),
        ],
        ids=["repeated-key", "float", "trailing-newline", "colon-in-metadata"],
    )
    def test_same_verdict_and_problems(self, text: str) -> None:
        """Text-level cases the compiled core reads differently: verdict and problems are the reference's."""
        reference = _validate_offer_fully(text.encode(), DEFAULT_MAX_BYTES)
        assert reference.valid == (_fast_offer(text.encode(), DEFAULT_MAX_BYTES) is not None)
        assert reference.problems == validate(text.encode()).problems
