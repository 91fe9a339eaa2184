"""Three of the four components of a package: salary, bonus and the token budget (equity: ``model.equity``).

Each class enforces the offer contract's rules when it is built and raises
:class:`~tokencomp.errors.RuleViolation` listing every rule broken, each with
a JSON Pointer relative to the component. Arguments may also be given as
JSON spells them (``"10"``, ``"2026-04-01"``, ``"year"``, a list), as
``tokencomp.model.arguments`` says.
"""

from __future__ import annotations

import calendar
import datetime
import enum
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from ..errors import Problem, RuleViolation
from .arguments import ROUTE, check_arguments, takes_optional_decimal
from .limits import MAX_COUNT, MAX_MONTHS, count_problems
from .money import Money, exact_product, in_context
from .prices import TokenPrice, UsageMix

__all__ = [
    "Bonus",
    "BudgetPeriod",
    "OnTermination",
    "PayFrequency",
    "Rollover",
    "Salary",
    "SalaryPeriod",
    "TokenBudget",
    "add_months",
    "months_through",
]

HUNDRED = Decimal(100)
DEFAULT_HOURS_PER_WEEK = Decimal(40)


class SalaryPeriod(enum.StrEnum):
    """The period a salary rate is quoted per.

    >>> from tokencomp import SalaryPeriod
    >>> SalaryPeriod("hour")
    <SalaryPeriod.HOUR: 'hour'>
    """

    HOUR = "hour"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


class PayFrequency(enum.StrEnum):
    """How often salary is paid out.

    >>> from tokencomp import PayFrequency
    >>> [f.value for f in PayFrequency]
    ['weekly', 'biweekly', 'semimonthly', 'monthly']
    """

    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    SEMIMONTHLY = "semimonthly"
    MONTHLY = "monthly"


class BudgetPeriod(enum.StrEnum):
    """The period a token budget's size is given per.

    >>> from tokencomp import BudgetPeriod
    >>> BudgetPeriod.MONTH.per_year
    12
    """

    MONTH = "month"
    YEAR = "year"

    @property
    def per_year(self) -> int:
        """How many of these periods make a year."""
        return 12 if self is BudgetPeriod.MONTH else 1


class Rollover(enum.StrEnum):
    """What happens to budget left unused at the end of a period.

    >>> from tokencomp import Rollover
    >>> [r.value for r in Rollover]
    ['none', 'capped', 'full']
    """

    NONE = "none"
    CAPPED = "capped"
    FULL = "full"


class OnTermination(enum.StrEnum):
    """What happens to the budget when the person leaves: in version 1, always forfeited.

    >>> from tokencomp import OnTermination
    >>> [t.value for t in OnTermination]
    ['forfeit']
    """

    FORFEIT = "forfeit"


if TYPE_CHECKING:
    # An enum field also takes its value as a str: what its constructor takes, for type checkers only
    # (tokencomp.model.arguments says why these converters are None at run time).
    def _takes_salary_period(value: SalaryPeriod | str) -> SalaryPeriod: ...
    def _takes_pay_frequency(value: PayFrequency | str | None) -> PayFrequency | None: ...
    def _takes_budget_period(value: BudgetPeriod | str | None) -> BudgetPeriod | None: ...
    def _takes_rollover(value: Rollover | str) -> Rollover: ...
    def _takes_on_termination(value: OnTermination | str | None) -> OnTermination | None: ...
else:
    _takes_salary_period = _takes_pay_frequency = None
    _takes_budget_period = _takes_rollover = _takes_on_termination = None


def _negative(name: str, money: Money | None) -> list[Problem]:
    # is_signed(): the contract's non-negative figures have no minus sign at all, so "-0" is refused too.
    if money is not None and money.amount.is_signed():
        return [Problem(f"/{name}/amount", "negative-amount", f"{name} must not be negative")]
    return []


def _above(name: str, value: int | None, maximum: int) -> list[Problem]:
    return [problem.under(f"/{name}") for problem in count_problems(value, maximum)] if value is not None else []


def add_months(start: datetime.date, months: int) -> datetime.date:
    """Return *start* moved by *months* calendar months, clamped to the month's last day.

    Raises:
        RuleViolation: The date would be outside the calendar's years 1 to
            9999 (``date-out-of-range`` at ``/months``).

    >>> add_months(datetime.date(2026, 1, 31), 1)
    datetime.date(2026, 2, 28)
    >>> add_months(datetime.date(9999, 6, 1), 12)
    Traceback (most recent call last):
    ...
    tokencomp.errors.RuleViolation: /months: 9999-06-01 plus 12 months is after 9999-12-31, the last date there is
    """
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        after = "after 9999-12-31, the last" if year > datetime.MAXYEAR else "before 0001-01-01, the first"
        message = f"{start} plus {months} months is {after} date there is"
        RuleViolation.raise_for([Problem("/months", "date-out-of-range", message)])
    if start.day <= 28:  # every month has the day: no calendar to ask
        return datetime.date(year, month, start.day)
    return start.replace(year=year, month=month, day=min(start.day, calendar.monthrange(year, month)[1]))


def months_through(start: datetime.date, on: datetime.date) -> int:
    """Return the most whole months *k* with ``add_months(start, k) <= on``; negative when *on* is before *start*.

    >>> months_through(datetime.date(2026, 1, 31), datetime.date(2026, 2, 28))
    1
    >>> months_through(datetime.date(2026, 4, 1), datetime.date(2027, 3, 31))
    11
    """
    months = (on.year - start.year) * 12 + on.month - start.month
    # add_months(start, months) is in on's month, so within the calendar whenever on is.
    return months - 1 if add_months(start, months) > on else months


@attrs.frozen
class Salary:
    """Component 1: base salary.

    Attributes:
        rate: Pay per *period*; above zero.
        period: What the rate is quoted per.
        pay_frequency: How often it is paid, if given.
        hours_per_week: Hours worked a week, used only when *period* is
            ``hour``; absent means the contract's default of 40.

    >>> from tokencomp import Money, Salary, SalaryPeriod
    >>> Salary(Money("100.00", "USD"), SalaryPeriod.HOUR).annual()
    Money(amount=Decimal('208000.00'), currency='USD')
    """

    rate: Money
    period: SalaryPeriod = attrs.field(converter=_takes_salary_period)
    pay_frequency: PayFrequency | None = attrs.field(default=None, converter=_takes_pay_frequency)
    hours_per_week: Decimal | None = attrs.field(default=None, converter=takes_optional_decimal)

    #: offer-v1's schema states every rule of this class: the trusted route (:mod:`tokencomp.codec.build`) runs none.
    _beyond_schema = None

    def __attrs_post_init__(self) -> None:
        if not ROUTE.trusted:
            check_arguments(self)
        problems = []
        if self.rate.amount <= 0:
            problems.append(Problem("/rate/amount", "not-positive", "a salary rate must be above zero"))
        hours = self.hours_per_week
        if hours is not None and not Decimal(0) < hours <= Decimal(168):
            problems.append(
                Problem("/hours_per_week", "hours-out-of-range", "hours_per_week must be above 0 and at most 168")
            )
        RuleViolation.raise_for(problems)

    @in_context
    def annual(self) -> Money:
        """Return the annual salary, exact: year × 1, month × 12, week × 52, hour × hours × 52."""
        return Money(self.annual_amount(), self.rate.currency)

    def annual_amount(self) -> Decimal:
        """:meth:`annual`'s amount, in the rate's currency, without making a Money (a summary's figures).

        Exact, or ``amount-too-long``; call it inside tokencomp's decimal
        context (``tokencomp.model.money.in_context``), as :meth:`annual` and
        :func:`~tokencomp.summarize` do.
        """
        factor = _PER_YEAR.get(self.period)
        if factor is None:  # the hour
            hours = DEFAULT_HOURS_PER_WEEK if self.hours_per_week is None else self.hours_per_week
            factor = exact_product(hours, _WEEKS)
        return exact_product(self.rate.amount, factor)


_PER_YEAR = {SalaryPeriod.YEAR: Decimal(1), SalaryPeriod.MONTH: Decimal(12), SalaryPeriod.WEEK: Decimal(52)}
_WEEKS = Decimal(52)


def percent_of(amount: Decimal, percent: Decimal) -> Decimal:
    """*percent* % of *amount*, exact (a hundredth is exact: no rounding before a figure's one rounding)."""
    return exact_product(amount, percent / HUNDRED)


@attrs.frozen
class Bonus:
    """Component 2: the annual target bonus and an optional sign-on bonus.

    Attributes:
        target_percent: Target as a percentage of annual salary; exclusive with *target*.
        target: Target as an amount; exclusive with *target_percent*.
        sign_on: A one-off payment in the first year.
        sign_on_clawback_months: Months after which the sign-on need not be paid back.

    >>> from decimal import Decimal
    >>> from tokencomp import Bonus, Money
    >>> Bonus(target_percent=Decimal("10")).annual_target(Money("120000.00", "GBP"))
    Money(amount=Decimal('12000.000'), currency='GBP')
    """

    target_percent: Decimal | None = attrs.field(default=None, converter=takes_optional_decimal)
    target: Money | None = None
    sign_on: Money | None = None
    sign_on_clawback_months: int | None = None

    #: offer-v1's schema states every rule of this class: the trusted route (:mod:`tokencomp.codec.build`) runs none.
    _beyond_schema = None

    def __attrs_post_init__(self) -> None:
        if not ROUTE.trusted:
            check_arguments(self)
        problems = [*_negative("target", self.target), *_negative("sign_on", self.sign_on)]
        if (self.target_percent is None) == (self.target is None):
            problems.append(Problem("", "bonus-target-count", "give exactly one of target_percent or target"))
        if self.target_percent is not None and self.target_percent.is_signed():
            problems.append(Problem("/target_percent", "negative-percent", "target_percent must not be negative"))
        clawback = self.sign_on_clawback_months
        if clawback is not None and clawback < 0:
            problems.append(
                Problem("/sign_on_clawback_months", "negative-months", "sign_on_clawback_months must be 0 or more")
            )
        problems += _above("sign_on_clawback_months", clawback, MAX_MONTHS)
        if clawback is not None and self.sign_on is None:
            problems.append(
                Problem("/sign_on", "clawback-without-sign-on", "sign_on_clawback_months needs a sign_on amount")
            )
        RuleViolation.raise_for(problems)

    @in_context
    def annual_target(self, annual_salary: Money) -> Money:
        """Return the target bonus for a year, exact, in the salary's currency or the target's.

        >>> from decimal import Decimal
        >>> from tokencomp import Bonus, Money
        >>> Bonus(target_percent=Decimal("12.5")).annual_target(Money("100000.01", "USD")).amount
        Decimal('12500.00125')
        """
        if self.target is not None:
            return self.target
        return Money(*self.annual_target_amount(annual_salary.amount, annual_salary.currency))

    def annual_target_amount(self, annual_salary: Decimal, salary_currency: str) -> tuple[Decimal, str]:
        """:meth:`annual_target` as an amount and its currency, without making a Money (a summary's figures).

        Call it inside tokencomp's decimal context, as :meth:`annual_target` does.
        """
        if self.target is not None:
            return self.target.amount, self.target.currency
        assert self.target_percent is not None  # the constructor guarantees exactly one
        return percent_of(annual_salary, self.target_percent), salary_currency


@attrs.frozen(kw_only=True)
class TokenBudget:
    """Component 4: an allowance of AI inference compute.

    It does not vest, is not portable, does not appreciate and cannot be
    cashed out; on leaving it is forfeited. Those facts are fields so that
    documents state them, but they cannot be set to anything but ``False``.

    The size is given in exactly one way: *allowance* (money per *period*),
    *tokens* (per *period*, with *pricing*), or *percent_of_salary* (a year).
    Every field is given by name: a first positional argument read as the
    rollover, where an amount was meant, was the first mistake people made.

    Attributes:
        rollover: What happens to unused budget.
        allowance: Money per *period*.
        tokens: Tokens per *period*.
        percent_of_salary: Percent of annual salary, per year.
        period: The period of *allowance* or *tokens* (required with them);
            with *percent_of_salary*, which is always annual, ``year`` or absent.
        pricing: A dated price snapshot; required with *tokens*.
        usage_mix: How tokens split; required with *pricing*.
        rollover_cap: The most that rolls over; required with ``capped``.
        on_termination: What happens on leaving: ``forfeit``, the default and
            only value in version 1.
        vests: Whether the budget vests: always false.
        portable: Whether the budget goes with the person: always false.
        appreciates: Whether the budget grows in value: false, when given.
        cash_convertible: Whether the budget can be paid out: false, when given.
        personal_use: Whether the person may use the budget for their own purposes (version 1.1; false when
            absent): it then looks like a benefit in kind rather than a work tool.

    >>> from decimal import Decimal
    >>> from tokencomp import Money, Rollover, TokenBudget
    >>> budget = TokenBudget(rollover=Rollover.NONE, percent_of_salary=Decimal("50"))
    >>> budget.annual_cost(Money("500000.00", "USD")).amount
    Decimal('250000.000')
    >>> TokenBudget(rollover=Rollover.NONE, percent_of_salary=Decimal("50"), vests=True)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tokencomp.errors.RuleViolation: /vests: a token budget cannot have vests true: it does not vest, ...
    """

    rollover: Rollover = attrs.field(converter=_takes_rollover)
    allowance: Money | None = None
    tokens: int | None = None
    percent_of_salary: Decimal | None = attrs.field(default=None, converter=takes_optional_decimal)
    period: BudgetPeriod | None = attrs.field(default=None, converter=_takes_budget_period)
    pricing: TokenPrice | None = None
    usage_mix: UsageMix | None = None
    rollover_cap: Money | None = None
    on_termination: OnTermination | None = attrs.field(default=None, converter=_takes_on_termination)
    vests: bool = False
    portable: bool = False
    appreciates: bool | None = None
    cash_convertible: bool | None = None
    personal_use: bool | None = None

    #: offer-v1's schema states every rule of this class: the trusted route (:mod:`tokencomp.codec.build`) runs none.
    _beyond_schema = None

    def __attrs_post_init__(self) -> None:
        if not ROUTE.trusted:
            check_arguments(self)
        problems = [*_negative("allowance", self.allowance), *_negative("rollover_cap", self.rollover_cap)]
        sizes = [n for n in ("allowance", "tokens", "percent_of_salary") if getattr(self, n) is not None]
        if len(sizes) != 1:
            given = ", ".join(sizes) or "none"
            problems.append(
                Problem(
                    "",
                    "budget-size-count",
                    f"give the budget's size in exactly one way: allowance, tokens or "
                    f"percent_of_salary (given: {given})",
                )
            )
        if self.tokens is not None and self.tokens < 0:
            problems.append(Problem("/tokens", "negative-tokens", "tokens must not be negative"))
        problems += _above("tokens", self.tokens, MAX_COUNT)
        if self.percent_of_salary is not None and self.percent_of_salary.is_signed():
            problems.append(Problem("/percent_of_salary", "negative-percent", "percent_of_salary must not be negative"))
        if self.period is None and (self.allowance is not None or self.tokens is not None):
            problems.append(Problem("/period", "missing-period", "give the period (month or year) of the budget"))
        if self.percent_of_salary is not None and self.period not in (None, BudgetPeriod.YEAR):
            problems.append(Problem("/period", "percent-not-annual", "percent_of_salary is per year: use period year"))
        if self.tokens is not None and self.pricing is None:
            problems.append(Problem("/pricing", "tokens-without-pricing", "a budget in tokens needs pricing"))
        if self.pricing is not None and self.usage_mix is None:
            problems.append(Problem("/usage_mix", "pricing-without-mix", "pricing needs a usage_mix"))
        if (
            self.pricing is not None
            and self.usage_mix is not None
            and self.usage_mix.cached_input
            and self.pricing.cached_input_per_million is None
        ):
            problems.append(
                Problem(
                    "/usage_mix/cached_input",
                    "cached-share-without-price",
                    "the usage mix has cached input but pricing has no cached_input_per_million",
                )
            )
        if self.rollover is Rollover.CAPPED and self.rollover_cap is None:
            problems.append(Problem("/rollover_cap", "capped-without-cap", "rollover capped needs a rollover_cap"))
        if self.rollover is not Rollover.CAPPED and self.rollover_cap is not None:
            # A cap on what rolls over contradicts "none" (nothing does) and "full" (everything does).
            problems.append(
                Problem(
                    "/rollover_cap",
                    "cap-without-capped",
                    f'rollover_cap is only for rollover "capped", not "{self.rollover.value}": '
                    'remove it or set rollover to "capped"',
                )
            )
        for fact in ("vests", "portable", "appreciates", "cash_convertible"):
            if getattr(self, fact) is True:
                problems.append(
                    Problem(
                        f"/{fact}",
                        f"token-budget-{fact.replace('_', '-')}",
                        f"a token budget cannot have {fact} true: it does not vest, is not portable, "
                        "does not appreciate and cannot be cashed out; set it to false",
                    )
                )
        RuleViolation.raise_for(problems)

    @in_context
    def annual_cost(self, annual_salary: Money) -> Money:
        """Return the budget's money value for a year, exact, in its own currency.

        That is the allowance's currency, the pricing's for a budget in tokens,
        or the salary's for a percentage of salary.
        """
        amount, currency = self.annual_cost_amount(annual_salary.amount, annual_salary.currency)
        return Money(amount, currency)

    def annual_cost_amount(self, annual_salary: Decimal, salary_currency: str) -> tuple[Decimal, str]:
        """:meth:`annual_cost` as an amount and its currency, without making a Money (a summary's figures).

        Call it inside tokencomp's decimal context, as :meth:`annual_cost` does.
        """
        if self.percent_of_salary is not None:
            return percent_of(annual_salary, self.percent_of_salary), salary_currency  # as Bonus.annual_target
        periods = (self.period or BudgetPeriod.YEAR).per_year
        if self.allowance is not None:
            return exact_product(self.allowance.amount, Decimal(periods)), self.allowance.currency
        # The constructor guarantees pricing and a usage mix with tokens.
        assert self.tokens is not None
        assert self.pricing is not None
        assert self.usage_mix is not None
        return self.pricing.cost_amount(self.tokens * periods, self.usage_mix), self.pricing.currency
