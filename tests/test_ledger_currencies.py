"""Budgets fed by usage in other currencies: the ledger adds converted costs exactly and rounds each period once."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tokencomp import BudgetPeriod, Money, Offer, Rollover, Salary, SalaryPeriod, TokenBudget, default_rates
from tokencomp.budget.ledger import ledger_for
from tokencomp.budget.usage import UsageRecord
from tokencomp.cli import main
from tokencomp.model.money import minor_unit, round_half_up

D = datetime.date
EXAMPLES = Path(__file__).resolve().parent.parent / "src" / "tokencomp" / "data" / "examples"
RATES = default_rates()
#: Every currency of the embedded rates on the day the records use (the ECB's 30 and the euro).
CURRENCIES = sorted({"EUR", *RATES.rates[RATES.rate_date(D(2026, 4, 13))]})


def eur_offer() -> Offer:
    budget = TokenBudget(rollover=Rollover.NONE, allowance=Money("6000.00", "EUR"), period=BudgetPeriod.YEAR)
    salary = Salary(Money("375000.00", "USD"), SalaryPeriod.YEAR)
    return Offer("example-p75", D(2026, 3, 1), "USD", salary, token_budget=budget)


def spent(day: D, amount: str, currency: str) -> UsageRecord:
    return UsageRecord(day, "example-p75", "gpt-4o", cost=Money(amount, currency))


@pytest.fixture
def eur_files(tmp_path: Path) -> tuple[Path, Path]:
    """The issue's reproducer: a EUR budget of 6,000.00 a year, and two USD records of 10.00 and 20.00."""
    document = json.loads((EXAMPLES / "p75-engineer.json").read_bytes())
    document["token_budget"]["allowance"] = {"amount": "6000.00", "currency": "EUR"}
    offer = tmp_path / "offer.json"
    offer.write_text(json.dumps(document))
    usage = tmp_path / "usage.csv"
    usage.write_text(
        "date,person,model,input_tokens,output_tokens,cost,currency\n"
        "2026-05-06,example-p75,gpt-4o,1000,100,10.00,USD\n"
        "2026-05-07,example-p75,gpt-4o,1000,100,20.00,USD\n"
    )
    return offer, usage


class TestTwoDollarRecords:
    """A EUR budget fed by USD gateway spend (issue #29, item 1)."""

    def test_the_ledger_adds_them_exactly(self) -> None:
        """30.00 USD at the rate of each record's date, added exactly, rounded once: 25.68 EUR."""
        records = [spent(D(2026, 5, 6), "10.00", "USD"), spent(D(2026, 5, 7), "20.00", "USD")]
        ledger = ledger_for(eur_offer(), records, as_of=D(2026, 6, 30))
        exact = sum((RATES.convert_exact(r.cost, "EUR", r.date)[0] for r in records if r.cost), Fraction(0))
        assert Money(round_half_up(exact, 2), "EUR") == ledger.periods[0].used
        assert Money("25.68", "EUR") == ledger.periods[0].used
        assert 2 == ledger.periods[0].records
        assert ["USD"] == [rate.from_currency for rate in ledger.fx]

    @pytest.mark.parametrize(
        "command",
        [
            ["ledger", "{offer}", "--usage", "{usage}", "--as-of", "2026-06-30"],
            ["leaderboard", "{offer}", "--usage", "{usage}", "--period", "2026-05"],
            ["statement", "{offer}", "--usage", "{usage}", "--as-of", "2026-06-30"],
            ["export-budget", "{offer}", "--usage", "{usage}", "--as-of", "2026-06-30", "--gateway", "litellm"],
        ],
    )
    def test_every_command_that_reads_usage(
        self, eur_files: tuple[Path, Path], command: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """ledger, leaderboard, statement --usage and export-budget --usage all work, and show 25.68 used."""
        offer, usage = eur_files
        assert 0 == main([part.format(offer=offer, usage=usage) for part in command])
        out = capsys.readouterr().out
        assert "25.68" in out or command[0] == "export-budget"


def usage_in(currency: str) -> st.SearchStrategy[UsageRecord]:
    places = minor_unit(currency)
    amounts = st.decimals(min_value=0, max_value=Decimal(10) ** 6, places=places, allow_nan=False)
    days = st.dates(min_value=D(2026, 3, 1), max_value=D(2026, 4, 13))
    return st.builds(lambda day, amount: spent(day, str(amount), currency), days, amounts)


@st.composite
def mixed_usage(draw: st.DrawFn) -> list[UsageRecord]:
    count = draw(st.integers(0, 60))
    return [draw(usage_in(draw(st.sampled_from(CURRENCIES)))) for _ in range(count)]


class TestAnyCurrency:
    """Usage in any currency of the embedded rates, in any number of records."""

    @settings(max_examples=100, deadline=None)
    @given(st.sampled_from(CURRENCIES), mixed_usage())
    def test_balances_to_the_minor_unit(self, budget_currency: str, records: list[UsageRecord]) -> None:
        """Used is the exact sum of the converted records, rounded once; every period balances in its currency."""
        places = minor_unit(budget_currency)
        allowance = Money(Decimal(120000).scaleb(0).quantize(Decimal(1).scaleb(-places)), budget_currency)
        budget = TokenBudget(rollover=Rollover.FULL, allowance=allowance, period=BudgetPeriod.MONTH)
        offer = Offer("example-p75", D(2026, 3, 1), "USD", Salary(Money("1.00", "USD"), SalaryPeriod.YEAR),
                      token_budget=budget)  # fmt: skip
        ledger = ledger_for(offer, records, as_of=D(2026, 4, 13))
        for period in ledger.periods:
            mine = [r for r in records if r.cost and period.start <= r.date <= period.end]
            exact = sum((RATES.convert_exact(r.cost, budget_currency, r.date)[0] for r in mine), Fraction(0))
            assert Money(round_half_up(exact, places), budget_currency) == period.used
            left = period.allowance + period.carried_in - period.used + period.overspend
            right = period.carried_out + period.expired + period.forfeited
            assert left == (right + period.remaining if period.as_of is not None else right)
            assert period.used.amount.as_tuple().exponent >= -places
        assert len(records) == sum(period.records for period in ledger.periods)
