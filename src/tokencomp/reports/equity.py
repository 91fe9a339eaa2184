"""The summary's equity figures of contract version 1.1: equity by year, each grant's figures, scenarios.

Every money figure here is an exact quotient rounded once, half up, to the
summary's minor unit, as the summary's other figures are
(:mod:`tokencomp.reports.summary` converts and rounds them).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

import attrs

from ..errors import Problem, RuleViolation
from ..model.components import add_months
from ..model.equity import EquityGrant, GrantKind, Instrument, ValueBasis
from ..model.limits import decimal_problems

__all__ = ["EquityYear", "GrantFigures", "Scenario", "ScenarioFigures", "check_multiples", "option_at_strike"]

#: An exact amount: numerator, denominator and its currency, for one rounding of a sum.
Quotient = tuple[int, int, str]
#: Sums quotients in the summary's currency and rounds once.
Total = Callable[[Iterable[Quotient]], Decimal]


@attrs.frozen
class EquityYear:
    """The value of the units vesting in one year of the offer (contract version 1.1, ``equity_by_year``).

    Attributes:
        year: The year, 1 being the first: after anniversary year − 1 of the effective date, on or before
            anniversary year.
        equity: The value of the units vesting in it.
    """

    year: int
    equity: Decimal


@attrs.frozen
class GrantFigures:
    """One grant as the summary shows it (contract version 1.1).

    Attributes:
        instrument: RSU, PSU, ISO or NSO.
        kind: Why it is made: new_hire, refresh, promotion or retention.
        units: The units granted (a PSU's target).
        units_bought: The units a grant value bought, when the grant was given as a value.
        value_basis: What the unit value is, when given.
        value_as_of: The date of the unit value, when given.
        cost_to_exercise: An option's units × strike, in the summary's currency.
        max_units: A PSU's most units: shown, never counted.
    """

    instrument: Instrument
    kind: GrantKind
    units: int
    units_bought: int | None = None
    value_basis: ValueBasis | None = None
    value_as_of: datetime.date | None = None
    cost_to_exercise: Decimal | None = None
    max_units: int | None = None


@attrs.frozen
class ScenarioFigures:
    """Equity and total compensation at one share price (contract version 1.1, "Scenarios").

    Attributes:
        equity: Equity with every unit value times the multiple.
        total_compensation: cash + that equity.
    """

    equity: Decimal
    total_compensation: Decimal


@attrs.frozen
class Scenario:
    """The summary at a share price times *multiple*: strikes unchanged, PSUs at target.

    Attributes:
        multiple: The share price's multiple, such as 2.
        annual: A steady-state year.
        first_year: The first year.
    """

    multiple: Decimal
    annual: ScenarioFigures
    first_year: ScenarioFigures


def check_multiples(multiples: Sequence[Decimal | int | str]) -> tuple[Decimal, ...]:
    """Return share-price multiples as Decimals, or raise for each that is not a decimal of 0 or more.

    Raises:
        RuleViolation: At ``/share_price_multiples/INDEX``.

    >>> check_multiples(["0.5", 1, "2"])
    (Decimal('0.5'), Decimal('1'), Decimal('2'))
    """
    values, problems = [], []
    for index, multiple in enumerate(multiples):
        at = f"/share_price_multiples/{index}"
        try:
            if isinstance(multiple, bool) or not isinstance(multiple, Decimal | int | str):
                raise ArithmeticError
            value = Decimal(multiple)
            if not value.is_finite():
                raise ArithmeticError
        except ArithmeticError:
            problems.append(Problem(at, "not-a-multiple", f"{multiple!r} is not a decimal such as 2 or 0.5"))
            continue
        if value.is_signed():
            problems.append(Problem(at, "negative-multiple", "a share-price multiple must be 0 or more"))
        problems += [problem.under(at) for problem in decimal_problems(value)]
        values.append(value)
    RuleViolation.raise_for(problems)
    return tuple(values)


def worth_ratio(grant: EquityGrant, multiple: Decimal = Decimal(1)) -> tuple[int, int]:
    """What one unit is worth with its value times *multiple* (strike unchanged, never below 0), exactly."""
    value = grant.unit_value.amount * multiple
    if grant.strike_price is not None:
        value -= grant.strike_price.amount
    return value.as_integer_ratio() if value > 0 else (0, 1)


def annual_equity(grant: EquityGrant, multiple: Decimal = Decimal(1)) -> Quotient:
    """Grant value × 12 / the schedule's months, at the multiple."""
    numerator, denominator = worth_ratio(grant, multiple)
    return numerator * grant.units * 12, denominator * grant.vesting.months, grant.unit_value.currency


def equity_vesting(
    grant: EquityGrant, after: datetime.date, through: datetime.date, multiple: Decimal = Decimal(1)
) -> Quotient:
    """The value of the units vesting after *after* and on or before *through*, at the multiple."""
    numerator, denominator = worth_ratio(grant, multiple)
    return numerator * grant.units_vesting_between(after, through), denominator, grant.unit_value.currency


def last_vesting(grants: Iterable[EquityGrant]) -> datetime.date | None:
    """The last date on which any unit of *grants* vests."""
    last = None
    for grant in grants:
        for event in grant.vesting.events(grant.units):
            last = event.date if last is None or event.date > last else last
    return last


def equity_by_year(
    grants: Sequence[EquityGrant], effective_date: datetime.date, total: Total
) -> tuple[EquityYear, ...]:
    """Each year's equity from year 1 to the last in which a unit vests (none when every unit vests before)."""
    last = last_vesting(grants)
    years: list[EquityYear] = []
    year, before = 1, effective_date
    while last is not None and before < last:
        through = add_months(effective_date, 12 * year)
        years.append(EquityYear(year, total([equity_vesting(g, before, through) for g in grants])))
        year, before = year + 1, through
    return tuple(years)


def grant_figures(grant: EquityGrant, figure: Callable[[Decimal, str], Decimal]) -> GrantFigures:
    """*grant*'s figures for the summary; *figure* converts an amount into its currency and rounds it once."""
    cost = grant.cost_to_exercise()
    return GrantFigures(
        instrument=grant.instrument,
        kind=grant.grant_kind,
        units=grant.units,
        units_bought=grant.units if grant.grant_value is not None else None,
        value_basis=grant.value_basis,
        value_as_of=grant.value_as_of,
        cost_to_exercise=None if cost is None else figure(cost.amount, cost.currency),
        max_units=grant.max_units,
    )


def option_at_strike(grants: Iterable[EquityGrant]) -> list[int]:
    """The indexes of the options whose unit value does not exceed their strike: worth 0 at that value."""
    return [
        index
        for index, grant in enumerate(grants)
        if grant.strike_price is not None and grant.unit_value.amount <= grant.strike_price.amount
    ]
