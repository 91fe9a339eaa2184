"""Summaries whose components are in several currencies: each figure converted exactly and rounded once."""

from __future__ import annotations

import datetime
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from tokencomp import (
    BudgetPeriod,
    Money,
    Offer,
    Rollover,
    Salary,
    SalaryPeriod,
    TokenBudget,
    default_rates,
    summarize,
)
from tokencomp.model.money import minor_unit, round_half_up

D = datetime.date
RATES = default_rates()
ON = D(2026, 4, 13)
#: Every currency of the embedded rates on that day, and the euro.
CURRENCIES = sorted({"EUR", *RATES.rates[RATES.rate_date(ON)]})


def money_in(currency: str) -> st.SearchStrategy[Money]:
    places = minor_unit(currency)
    amounts = st.decimals(min_value=Decimal(1), max_value=Decimal(10) ** 9, places=places, allow_nan=False)
    return amounts.map(lambda amount: Money(amount, currency))


@st.composite
def mixed_offers(draw: st.DrawFn) -> Offer:
    salary = draw(st.sampled_from(CURRENCIES).flatmap(money_in))
    budget = draw(st.sampled_from(CURRENCIES).flatmap(money_in))
    token_budget = TokenBudget(rollover=Rollover.NONE, allowance=budget, period=draw(st.sampled_from(BudgetPeriod)))
    return Offer("mixed", ON, draw(st.sampled_from(CURRENCIES)), Salary(salary, SalaryPeriod.YEAR),
                 token_budget=token_budget)  # fmt: skip


def exact(money: Money, currency: str) -> Fraction:
    if money.currency == currency:
        return Fraction(money.amount)
    return RATES.convert_exact(money, currency, ON)[0]


class TestMixedCurrencies:
    @settings(max_examples=150, deadline=None)
    @given(mixed_offers(), st.none() | st.sampled_from(CURRENCIES))
    def test_each_figure_rounded_once_and_totals_add_up(self, offer: Offer, currency: str | None) -> None:
        """Salary and budget are the exact conversions rounded once; the totals add up to the minor unit."""
        summary = summarize(offer, currency=currency)
        target = summary.currency
        places = minor_unit(target)
        assert offer.token_budget is not None
        assert offer.token_budget.allowance is not None
        per_year = offer.token_budget.period.per_year if offer.token_budget.period else 1
        assert round_half_up(exact(offer.salary.rate, target), places) == summary.annual.salary
        budget = exact(offer.token_budget.allowance, target) * per_year
        assert round_half_up(budget, places) == summary.annual.token_budget
        annual = summary.annual
        assert annual.salary + annual.bonus + annual.equity == annual.total_compensation
        assert annual.total_compensation + annual.token_budget == annual.fully_loaded_cost
        for figure in (annual.salary, annual.token_budget, annual.fully_loaded_cost):
            assert -places <= figure.as_tuple().exponent  # type: ignore[operator]
