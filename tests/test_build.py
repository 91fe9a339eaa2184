"""The compiled fast path (orjson, jsonschema-rs) and the trusted route that builds objects from validated data."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import attrs
import pytest

from tokencomp import Bonus, Money, Offer, Role, UsageMix, Vesting, load_offer, validate
from tokencomp.build import build_trusted, builder
from tokencomp.errors import RuleViolation
from tokencomp.historical import _model_classes
from tokencomp.validation import DEFAULT_MAX_BYTES, _fast_offer, _fast_parse, _validate_offer_fully

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
        import tokencomp.validation as validation

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
