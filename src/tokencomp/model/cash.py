"""What version 1.1 of the contract adds to an offer's cash: commission, one-time payments, allowances, benefits.

Each class checks its arguments when built, as the four components do
(:mod:`tokencomp.model.components`), and raises
:class:`~tokencomp.errors.RuleViolation` listing every rule broken, each with
a JSON Pointer relative to the object.
"""

from __future__ import annotations

import datetime
import enum
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

import attrs

from ..errors import Problem, RuleViolation
from .arguments import ROUTE, check_arguments, takes_optional_decimal
from .components import HUNDRED, BudgetPeriod, add_months
from .limits import MAX_MONTHS
from .money import Money, exact_product, minor_unit, round_half_up

__all__ = [
    "Allowance",
    "Benefit",
    "BenefitKind",
    "Commission",
    "CommissionPaid",
    "OneTimeKind",
    "OneTimePayment",
    "Repayment",
    "repayment_owed",
]


class CommissionPaid(enum.StrEnum):
    """How often commission is paid out.

    >>> from tokencomp import CommissionPaid
    >>> [p.value for p in CommissionPaid]
    ['monthly', 'quarterly', 'annually']
    """

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUALLY = "annually"


class OneTimeKind(enum.StrEnum):
    """What a one-time payment is for.

    >>> from tokencomp import OneTimeKind
    >>> [k.value for k in OneTimeKind]
    ['sign_on', 'relocation', 'retention', 'other']
    """

    SIGN_ON = "sign_on"
    RELOCATION = "relocation"
    RETENTION = "retention"
    OTHER = "other"


class BenefitKind(enum.StrEnum):
    """What kind of benefit the employer pays for.

    >>> from tokencomp import BenefitKind
    >>> BenefitKind("health") is BenefitKind.HEALTH
    True
    """

    HEALTH = "health"
    RETIREMENT = "retirement"
    INSURANCE = "insurance"
    WELLBEING = "wellbeing"
    LEARNING = "learning"
    EQUIPMENT = "equipment"
    OTHER = "other"


if TYPE_CHECKING:
    # An enum field also takes its value as a str (tokencomp.model.arguments says why these are None at run time).
    def _takes_paid(value: CommissionPaid | str | None) -> CommissionPaid | None: ...
    def _takes_one_time_kind(value: OneTimeKind | str) -> OneTimeKind: ...
    def _takes_benefit_kind(value: BenefitKind | str) -> BenefitKind: ...
    def _takes_period(value: BudgetPeriod | str) -> BudgetPeriod: ...
    def _takes_optional_date(value: datetime.date | str | None) -> datetime.date | None: ...
else:
    _takes_paid = _takes_one_time_kind = _takes_benefit_kind = _takes_period = _takes_optional_date = None


def _negative(name: str, money: Money | None) -> list[Problem]:
    # is_signed(): the contract's non-negative figures have no minus sign at all, so "-0" is refused too.
    if money is not None and money.amount.is_signed():
        return [Problem(f"/{name}/amount", "negative-amount", f"{name} must not be negative")]
    return []


@attrs.frozen(kw_only=True)
class Commission:
    """Variable pay for sales: the on-target commission (contract version 1.1).

    Attributes:
        target: On-target commission a year; the annual figure.
        cap_percent: The most it pays, as a percent of target (100 or more); shown, never counted.
        paid: How often it is paid out, if given.

    >>> from tokencomp import Commission, Money
    >>> Commission(target=Money("45000.00", "EUR"), cap_percent="200").maximum()
    Money(amount=Decimal('90000.00'), currency='EUR')
    """

    target: Money
    cap_percent: Decimal | None = attrs.field(default=None, converter=takes_optional_decimal)
    paid: CommissionPaid | None = attrs.field(default=None, converter=_takes_paid)

    #: offer-v1's schema states every rule of this class: the trusted route (:mod:`tokencomp.codec.build`) runs none.
    _beyond_schema = None

    def __attrs_post_init__(self) -> None:
        if not ROUTE.trusted:
            check_arguments(self)
        problems = _negative("target", self.target)
        if self.cap_percent is not None and self.cap_percent < HUNDRED:
            problems.append(Problem("/cap_percent", "cap-below-target", "cap_percent must be 100 or more"))
        RuleViolation.raise_for(problems)

    def maximum(self) -> Money | None:
        """The most the commission pays in a year (target × cap_percent / 100, exact), or ``None`` without a cap."""
        if self.cap_percent is None:
            return None
        return Money(exact_product(self.target.amount, self.cap_percent / HUNDRED), self.target.currency)


@attrs.frozen(kw_only=True)
class Repayment:
    """What a one-time payment's receiver pays back on leaving early.

    Attributes:
        months: Months from the payment's day after which nothing is owed (1 to 600).
        prorated: Whether what is owed falls day by day over those months.
        separate_agreement: Whether the terms are in an agreement apart from the offer.
        interest_percent: Interest charged on what is owed, a percent (0 when absent); never added to the figure.

    >>> from tokencomp import Repayment
    >>> Repayment(months=24, prorated=True, separate_agreement=True, interest_percent="0").charges_interest
    False
    """

    months: int
    prorated: bool
    separate_agreement: bool
    interest_percent: Decimal | None = attrs.field(default=None, converter=takes_optional_decimal)

    #: offer-v1's schema states every rule of this class: the trusted route (:mod:`tokencomp.codec.build`) runs none.
    _beyond_schema = None

    def __attrs_post_init__(self) -> None:
        if not ROUTE.trusted:
            check_arguments(self)
        problems = []
        if not 1 <= self.months <= MAX_MONTHS:
            problems.append(Problem("/months", "months-out-of-range", f"months must be from 1 to {MAX_MONTHS}"))
        if self.interest_percent is not None and self.interest_percent.is_signed():
            problems.append(Problem("/interest_percent", "negative-percent", "interest_percent must not be negative"))
        RuleViolation.raise_for(problems)

    @property
    def charges_interest(self) -> bool:
        """Whether any interest is charged."""
        return bool(self.interest_percent)


def repayment_owed(amount: Money, paid_on: datetime.date, terms: Repayment, leaving: datetime.date) -> Money:
    """What is owed of *amount*, paid on *paid_on* under *terms*, on leaving on day *leaving* (the contract's rule).

    Nothing from ``paid_on + months`` (calendar months, day clamped) on; before
    then the whole amount, or when prorated amount × (end − leaving) / (end −
    paid_on), both in days, rounded half up to the currency's minor unit. A
    day before *paid_on* owes the whole amount. Interest is never added.

    >>> import datetime
    >>> from tokencomp import Money, Repayment, repayment_owed
    >>> terms = Repayment(months=24, prorated=True, separate_agreement=True)
    >>> repayment_owed(Money("8000.00", "EUR"), datetime.date(2026, 7, 31), terms, datetime.date(2027, 7, 31))
    Money(amount=Decimal('4005.47'), currency='EUR')
    """
    end = add_months(paid_on, terms.months)
    if leaving >= end:
        return Money(Decimal(0), amount.currency).rounded()
    if not terms.prorated or leaving <= paid_on:
        return amount.rounded()
    # Kept as an exact fraction and rounded once, half up, to the minor unit.
    owed = Fraction(amount.amount) * (end - leaving).days / (end - paid_on).days
    return Money(round_half_up(owed, minor_unit(amount.currency)), amount.currency)


@attrs.frozen(kw_only=True)
class OneTimePayment:
    """A payment made once: a sign-on, a relocation, a retention payment (contract version 1.1).

    Counted in the first year when paid on or after the offer's effective date
    and before its first anniversary; never in the annual figures.

    Attributes:
        kind: What it is for.
        amount: The payment.
        paid_on: The day it is paid; absent means the offer's effective date.
        description: What it is for, in words.
        repayment: What is paid back on leaving early, if anything.

    >>> from tokencomp import Money, OneTimePayment
    >>> OneTimePayment(kind="relocation", amount=Money("8000.00", "EUR")).kind
    <OneTimeKind.RELOCATION: 'relocation'>
    """

    kind: OneTimeKind = attrs.field(converter=_takes_one_time_kind)
    amount: Money
    paid_on: datetime.date | None = attrs.field(default=None, converter=_takes_optional_date)
    description: str | None = None
    repayment: Repayment | None = None

    #: offer-v1's schema states every rule of this class: the trusted route (:mod:`tokencomp.codec.build`) runs none.
    _beyond_schema = None

    def __attrs_post_init__(self) -> None:
        if not ROUTE.trusted:
            check_arguments(self)
        RuleViolation.raise_for(_negative("amount", self.amount))

    def paid(self, effective_date: datetime.date) -> datetime.date:
        """The day it is paid: *paid_on*, or the offer's *effective_date*."""
        return self.paid_on or effective_date

    def owed(self, effective_date: datetime.date, leaving: datetime.date) -> Money:
        """What is paid back on leaving on day *leaving* (zero without repayment terms)."""
        if self.repayment is None:
            return Money(Decimal(0), self.amount.currency).rounded()
        return repayment_owed(self.amount, self.paid(effective_date), self.repayment, leaving)


@attrs.frozen(kw_only=True)
class Allowance:
    """Money paid to the person through payroll: home office, phone, meals (contract version 1.1). Part of cash.

    Attributes:
        name: What it is, such as ``"Home office"``.
        amount: The allowance per *period*.
        period: ``month`` or ``year``.

    >>> from tokencomp import Allowance, Money
    >>> Allowance(name="Deutschlandticket", amount=Money("58.00", "EUR"), period="month").annual()
    Money(amount=Decimal('696.00'), currency='EUR')
    """

    name: str
    amount: Money
    period: BudgetPeriod = attrs.field(converter=_takes_period)

    #: offer-v1's schema states every rule of this class: the trusted route (:mod:`tokencomp.codec.build`) runs none.
    _beyond_schema = None

    def __attrs_post_init__(self) -> None:
        if not ROUTE.trusted:
            check_arguments(self)
        RuleViolation.raise_for(_negative("amount", self.amount))

    def annual(self) -> Money:
        """The allowance for a year, exact."""
        return Money(exact_product(self.amount.amount, Decimal(self.period.per_year)), self.amount.currency)


@attrs.frozen(kw_only=True)
class Benefit:
    """What the employer pays on the person's behalf (contract version 1.1): in total rewards, not compensation.

    Attributes:
        kind: What kind of benefit.
        name: What it is, such as ``"Company pension"``.
        employer_cost: What the employer pays per *period*.
        period: ``month`` or ``year``.

    >>> from tokencomp import Benefit, Money
    >>> Benefit(kind="retirement", name="Pension", employer_cost=Money("300.00", "EUR"), period="month").annual()
    Money(amount=Decimal('3600.00'), currency='EUR')
    """

    kind: BenefitKind = attrs.field(converter=_takes_benefit_kind)
    name: str
    employer_cost: Money
    period: BudgetPeriod = attrs.field(converter=_takes_period)

    #: offer-v1's schema states every rule of this class: the trusted route (:mod:`tokencomp.codec.build`) runs none.
    _beyond_schema = None

    def __attrs_post_init__(self) -> None:
        if not ROUTE.trusted:
            check_arguments(self)
        RuleViolation.raise_for(_negative("employer_cost", self.employer_cost))

    def annual(self) -> Money:
        """The employer's cost for a year, exact."""
        cost = self.employer_cost
        return Money(exact_product(cost.amount, Decimal(self.period.per_year)), cost.currency)
