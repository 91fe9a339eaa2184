"""Offer comparison: every summary figure side by side, in one currency.

The plain-language verdict keeps apart what compounds and goes with the
person (total compensation) from what only the employer spends (the fully
loaded cost, token budget included).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import attrs
from babel import Locale
from babel.numbers import format_currency

from .arguments import check_argument
from .fx import RateTable
from .offer import Offer
from .summary import Summary, summarize

__all__ = ["Comparison", "compare"]

ANNUAL_FIGURES = (
    "salary",
    "bonus",
    "equity",
    "token_budget",
    "cash",
    "total_compensation",
    "fully_loaded_cost",
)
FIRST_YEAR_FIGURES = (
    "salary",
    "bonus",
    "sign_on",
    "equity",
    "token_budget",
    "cash",
    "total_compensation",
    "fully_loaded_cost",
)


@attrs.frozen
class Comparison:
    """Two offers summarized in one currency, and B's figures less A's.

    Attributes:
        currency: The currency of every figure.
        a: The summary of offer A, with the rates it used.
        b: The summary of offer B, with the rates it used.
        annual_difference: For each annual money figure, B's less A's.
        first_year_difference: For each first-year money figure, B's less A's.
        verdict: Sentences that separate the pay that compounds from the spend that does not.

    >>> import datetime
    >>> from tokencomp import Money, Offer, Salary, SalaryPeriod
    >>> def offer(salary: str) -> Offer:
    ...     return Offer("x", datetime.date(2026, 3, 1), "USD", Salary(Money(salary, "USD"), SalaryPeriod.YEAR))
    >>> compare(offer("100000.00"), offer("110000.00")).annual_difference["salary"]
    Decimal('10000.00')
    """

    currency: str
    a: Summary
    b: Summary
    annual_difference: dict[str, Decimal]
    first_year_difference: dict[str, Decimal]
    verdict: tuple[str, ...]


def _money(amount: Decimal, currency: str, locale: Locale | str) -> str:
    return format_currency(abs(amount), currency, locale=locale, decimal_quantization=False)


def _verdict(cost: Decimal, pay: Decimal, currency: str, locale: Locale | str) -> tuple[str, ...]:
    if cost == 0 and pay == 0:
        return ("A and B cost the employer the same and pay the same in compensation that compounds.",)
    spends = (
        "costs the employer the same as A"
        if cost == 0
        else f"costs the employer {_money(cost, currency, locale)} {'more' if cost > 0 else 'less'} a year"
    )
    pays = (
        "pays the same in compensation that compounds and goes with the person"
        if pay == 0
        else f"pays {_money(pay, currency, locale)} a year {'more' if pay > 0 else 'less'} "
        "in compensation that compounds and goes with the person"
    )
    joiner = ", but " if (cost > 0) != (pay > 0) and cost != 0 and pay != 0 else ", and "
    lines = [f"B {spends}{joiner}{pays}."]
    token_gap = cost - pay  # the fully loaded cost is total compensation plus the token budget
    if token_gap:
        lines.append(
            f"B has {_money(token_gap, currency, locale)} a year {'more' if token_gap > 0 else 'less'} token "
            "budget, which does not vest, does not move with the person and is forfeited on leaving."
        )
    return tuple(lines)


def compare(
    a: Offer,
    b: Offer,
    currency: str | None = None,
    as_of: datetime.date | str | None = None,
    rates: RateTable | None = None,
    *,
    locale: Locale | str = "en_US",
) -> Comparison:
    """Compare offer *b* with offer *a*, in *currency* (A's by default).

    Each offer is summarized with the rates of *as_of* (a date or an ISO
    8601 string; by default, its own effective date), and every rate used is
    recorded in its summary.

    Raises:
        RuleViolation: *a* or *b* is not an :class:`~tokencomp.offer.Offer`
            (at ``/a`` or ``/b``), or *as_of* is not a date.

    >>> import datetime
    >>> from tokencomp import BudgetPeriod, Money, Offer, Rollover, Salary, SalaryPeriod, TokenBudget
    >>> day = datetime.date(2026, 3, 1)
    >>> a = Offer("a", day, "USD", Salary(Money("400000.00", "USD"), SalaryPeriod.YEAR))
    >>> b = Offer("b", day, "USD", Salary(Money("375000.00", "USD"), SalaryPeriod.YEAR),
    ...           token_budget=TokenBudget(Rollover.NONE, allowance=Money("100000.00", "USD"),
    ...                                    period=BudgetPeriod.YEAR))
    >>> result = compare(a, b)
    >>> result.annual_difference["fully_loaded_cost"], result.annual_difference["total_compensation"]
    (Decimal('75000.00'), Decimal('-25000.00'))
    >>> print(result.verdict[0][:71])
    B costs the employer $75,000.00 more a year, but pays $25,000.00 a year
    >>> print(result.verdict[0][71:])
     less in compensation that compounds and goes with the person.
    >>> print(result.verdict[1][:42])
    B has $100,000.00 a year more token budget
    """
    a, b = check_argument("a", a, Offer), check_argument("b", b, Offer)
    target = currency or a.currency
    first = summarize(a, currency=target, as_of=as_of, rates=rates)
    second = summarize(b, currency=target, as_of=as_of, rates=rates)
    annual = {name: getattr(second.annual, name) - getattr(first.annual, name) for name in ANNUAL_FIGURES}
    first_year = {
        name: getattr(second.first_year, name) - getattr(first.first_year, name) for name in FIRST_YEAR_FIGURES
    }
    verdict = _verdict(annual["fully_loaded_cost"], annual["total_compensation"], target, locale)
    return Comparison(target, first, second, annual, first_year, verdict)
