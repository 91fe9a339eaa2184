"""Every public function raises the library's documented errors, with advice that works (issue #29, item 3)."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tokencomp
from tokencomp import (
    EquityGrant,
    Instrument,
    Money,
    RuleViolation,
    TokencompError,
    UnknownLocaleError,
    Vesting,
    VestingFrequency,
    loads,
    summarize,
)
from tokencomp.budget.ledger import ledger_for
from tokencomp.reports.render import statement_text, summary_text
from tokencomp.reports.texts import ledger_text
from tokencomp.reports.wording import format_money

EXAMPLE = Path(tokencomp.__file__).parent / "data" / "examples" / "p75-engineer.json"
VESTING = Vesting(datetime.date(2026, 4, 1), 48, 12, VestingFrequency.MONTHLY)


class TestMoney:
    @pytest.mark.parametrize("amount", ["120,000.00", "1e5x", "NaN", "Infinity", "", " "])
    def test_an_amount_that_is_not_a_decimal(self, amount: str) -> None:
        """Money refuses it with the library's RuleViolation at /amount, saying how to write it."""
        with pytest.raises(RuleViolation, match=r'/amount: .* is not a decimal number: .* such as "120000.50"'):
            Money(amount, "USD")

    def test_an_amount_of_another_type(self) -> None:
        """A list is a RuleViolation (wrong-type) too, not a bare TypeError."""
        with pytest.raises(RuleViolation) as raised:
            Money([1], "USD")  # type: ignore[arg-type]
        assert ["/amount"] == [problem.pointer for problem in raised.value.problems]


class TestAdviceThatWorks:
    def test_a_float_count_of_units(self) -> None:
        """2000.0 units is advised to be the int 2000, and the advice works when followed."""
        with pytest.raises(RuleViolation, match=r"2000\.0 is a float; pass an int such as 2000"):
            EquityGrant(Instrument.RSU, 2000.0, Money("10.00", "USD"), VESTING)  # type: ignore[arg-type]
        assert 2000 == EquityGrant(Instrument.RSU, 2000, Money("10.00", "USD"), VESTING).units

    def test_a_float_amount(self) -> None:
        """A float amount is advised to be a decimal string, and that works."""
        with pytest.raises(TokencompError, match=r'pass a decimal string such as "2000\.5"'):
            Money(2000.5, "USD")  # type: ignore[arg-type]
        assert Decimal("2000.5") == Money("2000.5", "USD").amount


class TestLocales:
    def summary(self) -> tokencomp.Summary:
        return summarize(loads(EXAMPLE.read_bytes()))

    @pytest.mark.parametrize("name", ["xx", "", "zz_ZZ", "de_XX_YY_ZZ"])
    def test_every_renderer(self, name: str) -> None:
        """An unknown locale is UnknownLocaleError (a ValueError) from every renderer, not babel's own error."""
        offer = loads(EXAMPLE.read_bytes())
        renderers = [
            lambda: summary_text(self.summary(), name),
            lambda: statement_text(offer, self.summary(), name),
            lambda: ledger_text(ledger_for(offer, []), name),
            lambda: format_money(Decimal("1.00"), "EUR", name),
        ]
        for render in renderers:
            with pytest.raises(UnknownLocaleError, match=f"unknown locale {name!r}; use a name such as en_US"):
                render()


DOCUMENT = json.loads(EXAMPLE.read_bytes())
PLACES = [("salary", "period"), ("token_budget", "rollover"), ("effective_date",), ("token_budget", "vests"),
          ("currency",), ("salary", "hours_per_week"), ("token_budget", "period"), ("schema_version",)]  # fmt: skip
ODD = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, places=1, min_value=-100, max_value=100).map(float),
    st.integers(-100, 100),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=1),
)


class TestMessagesWithoutPythonInternals:
    @settings(max_examples=200, deadline=None)
    @given(st.sampled_from(PLACES), ODD)
    def test_a_value_of_the_wrong_kind(self, place: tuple[str, ...], value: object) -> None:
        """Whatever JSON value lands where another belongs, no message shows Decimal(, NoneType, True or None."""
        document = json.loads(json.dumps(DOCUMENT))
        holder = document
        for key in place[:-1]:
            holder = holder[key]
        holder[place[-1]] = value
        report = tokencomp.validate(json.dumps(document))
        for problem in report.problems:
            for internal in ("Decimal(", "NoneType", "True", "False", "None", "dict", "list"):
                assert internal not in problem.message, problem
