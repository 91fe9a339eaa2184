"""Component 3, equity: grants as companies make them (offer-v1, "equity"; version 1.1, "equity grants").

A grant is restricted stock units, performance share units (valued as RSUs
at target) or options (ISO, NSO: worth their spread over the strike, never
below 0). Its units are given outright or bought by a value at a conversion
price; its vesting schedule is :class:`~tokencomp.model.vesting.Vesting`.
The class checks its arguments when built, as the other components do, and
raises :class:`~tokencomp.errors.RuleViolation` listing every rule broken.
"""

from __future__ import annotations

import datetime
import enum
from fractions import Fraction
from typing import TYPE_CHECKING

import attrs

from ..errors import Problem, RuleViolation
from .arguments import ROUTE, check_arguments
from .components import add_months
from .limits import MAX_COUNT, MAX_MONTHS, count_problems
from .money import Money, in_context
from .vesting import Vesting, VestingFrequency

__all__ = [
    "GRANT_1_1_KEYS",
    "VESTING_1_1_KEYS",
    "EquityGrant",
    "GrantKind",
    "GrantValue",
    "Instrument",
    "ValueBasis",
]

#: The keys of a grant that version 1.1 adds, and of its vesting.
GRANT_1_1_KEYS = (
    "kind",
    "max_units",
    "grant_value",
    "value_basis",
    "value_as_of",
    "expiration_date",
    "post_termination_exercise_months",
)
VESTING_1_1_KEYS = ("allocation", "segments", "tranches")


class Instrument(enum.StrEnum):
    """The kind of equity: restricted or performance share units, or incentive / non-qualified options.

    >>> from tokencomp import Instrument
    >>> Instrument("iso") is Instrument.ISO, Instrument.PSU.is_option
    (True, False)
    """

    RSU = "rsu"
    ISO = "iso"
    NSO = "nso"
    PSU = "psu"

    @property
    def is_option(self) -> bool:
        """Whether a unit is an option to buy a share at a strike price."""
        return self in (Instrument.ISO, Instrument.NSO)


class GrantKind(enum.StrEnum):
    """Why a grant is made (contract version 1.1).

    >>> from tokencomp import GrantKind
    >>> [k.value for k in GrantKind]
    ['new_hire', 'refresh', 'promotion', 'retention']
    """

    NEW_HIRE = "new_hire"
    REFRESH = "refresh"
    PROMOTION = "promotion"
    RETENTION = "retention"


class ValueBasis(enum.StrEnum):
    """What a grant's unit value is (contract version 1.1).

    ``fmv``: the common stock's fair market value (a 409A); ``preferred``: the
    last preferred price; ``public_close``: a public close; ``average_close``:
    an average of closes.

    >>> from tokencomp import ValueBasis
    >>> ValueBasis("fmv")
    <ValueBasis.FMV: 'fmv'>
    """

    FMV = "fmv"
    PREFERRED = "preferred"
    PUBLIC_CLOSE = "public_close"
    AVERAGE_CLOSE = "average_close"


if TYPE_CHECKING:
    # What the constructor takes beside each field's own type (tokencomp.model.arguments says why these are None
    # at run time). units, unit_value and vesting default to None only so that a grant by value, which has no
    # units, keeps the positional order; the constructor refuses a missing unit value or vesting.
    def _takes_instrument(value: Instrument | str) -> Instrument: ...
    def _takes_units(value: int | None) -> int: ...
    def _takes_unit_value(value: Money | None) -> Money: ...
    def _takes_vesting(value: Vesting | None) -> Vesting: ...
    def _takes_kind(value: GrantKind | str | None) -> GrantKind | None: ...
    def _takes_basis(value: ValueBasis | str | None) -> ValueBasis | None: ...
    def _takes_optional_date(value: datetime.date | str | None) -> datetime.date | None: ...
else:
    _takes_instrument = _takes_units = _takes_unit_value = _takes_vesting = None
    _takes_kind = _takes_basis = _takes_optional_date = None


def _negative(name: str, money: Money | None) -> list[Problem]:
    # is_signed(): the contract's non-negative figures have no minus sign at all, so "-0" is refused too.
    if money is not None and money.amount.is_signed():
        return [Problem(f"/{name}/amount", "negative-amount", f"{name} must not be negative")]
    return []


@attrs.frozen
class GrantValue:
    """A grant stated as a value, converted to whole units at a price (contract version 1.1).

    Attributes:
        amount: The value granted.
        conversion_price: The price of one unit it is converted at, above zero, in the currency of *amount*.

    >>> from tokencomp import GrantValue, Money
    >>> value = GrantValue(Money("100000.00", "USD"), Money("187.43", "USD"))
    >>> value.units(), value.remainder()
    (533, Money(amount=Decimal('81.81'), currency='USD'))
    """

    amount: Money
    conversion_price: Money

    def __attrs_post_init__(self) -> None:
        if not ROUTE.trusted:
            check_arguments(self)
        problems = _negative("amount", self.amount)
        if self.conversion_price.amount <= 0:
            problems.append(Problem("/conversion_price/amount", "not-positive", "conversion_price must be above zero"))
        RuleViolation.raise_for(problems + self._beyond_schema())

    def _beyond_schema(self) -> list[Problem]:
        """The rule offer-v1's schema cannot state: the price is in the currency of the amount."""
        if self.conversion_price.currency == self.amount.currency:
            return []
        message = f"conversion_price must be in the currency of amount ({self.amount.currency})"
        return [Problem("/conversion_price/currency", "grant-value-currency", message)]

    def units(self) -> int:
        """The whole units the value buys: floor(amount / conversion_price)."""
        return int(self.amount.amount // self.conversion_price.amount)

    def remainder(self) -> Money:
        """What is left of the value after the whole units: not granted."""
        return Money(self.amount.amount - self.units() * self.conversion_price.amount, self.amount.currency)


@attrs.frozen
class EquityGrant:
    """Component 3: one equity grant.

    Give exactly one of *units* or *grant_value*; with a grant value, *units*
    is worked out (floor(amount / conversion_price)) and holds the units granted.

    Attributes:
        instrument: RSU, PSU (version 1.1), ISO or NSO.
        units: Units granted, above zero; for a PSU, the target. Exclusive with *grant_value*.
        unit_value: Fair value of one unit at grant.
        vesting: The vesting schedule.
        strike_price: Exercise price of one option; required for ISO and NSO,
            forbidden for RSU and PSU, in the currency of *unit_value*.
        kind: Why the grant is made (version 1.1); ``new_hire`` when absent.
        max_units: A PSU's most units, at least *units* (version 1.1); shown, never counted.
        grant_value: The grant as a value and a conversion price (version 1.1); exclusive with *units*.
        value_basis: What *unit_value* is: fmv, preferred, public_close or average_close (version 1.1).
        value_as_of: The date of *unit_value* (version 1.1).
        expiration_date: An option's last day, after the vesting start (version 1.1).
        post_termination_exercise_months: Months an option may still be exercised after leaving, 0 to 600
            (version 1.1).

    >>> import datetime
    >>> from tokencomp import EquityGrant, Instrument, Money, Vesting, VestingFrequency
    >>> vesting = Vesting(datetime.date(2026, 4, 1), 48, 12, VestingFrequency.QUARTERLY)
    >>> grant = EquityGrant(Instrument.RSU, 2000, Money("50.00", "USD"), vesting)
    >>> grant.value_at_grant().amount, grant.annual_value().amount
    (Decimal('100000.00'), Decimal('25000.00'))
    >>> grant.vested_value_on(datetime.date(2027, 4, 1)).amount
    Decimal('25000.00')
    """

    instrument: Instrument = attrs.field(converter=_takes_instrument)
    units: int = attrs.field(default=None, converter=_takes_units, metadata={"worked_out_from": "grant_value"})
    unit_value: Money = attrs.field(default=None, converter=_takes_unit_value)
    vesting: Vesting = attrs.field(default=None, converter=_takes_vesting)
    strike_price: Money | None = None
    kind: GrantKind | None = attrs.field(default=None, kw_only=True, converter=_takes_kind)
    max_units: int | None = attrs.field(default=None, kw_only=True)
    grant_value: GrantValue | None = attrs.field(default=None, kw_only=True)
    value_basis: ValueBasis | None = attrs.field(default=None, kw_only=True, converter=_takes_basis)
    value_as_of: datetime.date | None = attrs.field(default=None, kw_only=True, converter=_takes_optional_date)
    expiration_date: datetime.date | None = attrs.field(default=None, kw_only=True, converter=_takes_optional_date)
    post_termination_exercise_months: int | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if not ROUTE.trusted:
            check_arguments(self)
        problems = [
            Problem(f"/{name}", "missing-key", f"{name} is required here")
            for name in ("unit_value", "vesting")
            if getattr(self, name) is None
        ]
        problems += [*_negative("unit_value", self.unit_value), *_negative("strike_price", self.strike_price)]
        if self.grant_value is None and self.units is not None and self.units <= 0:
            problems.append(Problem("/units", "not-positive", "units must be above zero"))
        if self.grant_value is None and self.units is not None:
            problems += [problem.under("/units") for problem in count_problems(self.units, MAX_COUNT)]
        if self.max_units is not None:
            problems += [problem.under("/max_units") for problem in count_problems(self.max_units, MAX_COUNT)]
        months = self.post_termination_exercise_months
        if months is not None and not 0 <= months <= MAX_MONTHS:
            message = f"post_termination_exercise_months must be from 0 to {MAX_MONTHS}"
            problems.append(Problem("/post_termination_exercise_months", "months-out-of-range", message))
        if not self.instrument.is_option and self.strike_price is not None:
            problems.append(
                Problem(
                    "/strike_price",
                    f"strike-on-{self.instrument.value}",
                    f"an {self.instrument.value.upper()} has no strike price; remove strike_price",
                )
            )
        if self.instrument.is_option and self.strike_price is None:
            problems.append(
                Problem(
                    "/strike_price",
                    "option-without-strike",
                    f"an {self.instrument.value} grant is an option and needs a strike_price",
                )
            )
        if self.max_units is not None and self.instrument is not Instrument.PSU:
            message = "max_units is a PSU's most units: remove it, or make the grant a psu"
            problems.append(Problem("/max_units", "not-allowed-here", message))
        if not self.instrument.is_option:
            problems += [
                Problem(f"/{name}", "not-allowed-here", f"{name} is an option's: an {self.instrument.value} has none")
                for name in ("expiration_date", "post_termination_exercise_months")
                if getattr(self, name) is not None
            ]
        RuleViolation.raise_for(problems + self._beyond_schema())

    def _beyond_schema(self) -> list[Problem]:
        """The rules offer-v1's schema cannot state: the strike's currency, the units a grant value buys (kept as
        *units*), a PSU's maximum at least its target, explicit tranches summing to the units, expiry after the
        vesting start.

        It runs on both routes into the model, so it is also where a grant by value gets its *units*.
        """
        problems = []
        if (self.units is None) == (self.grant_value is None):
            problems.append(Problem("", "exactly-one-of", "give exactly one of units, grant_value"))
        elif self.grant_value is not None:
            problems += self._units_from_value(self.grant_value)
        if self.unit_value is None or self.vesting is None:
            return problems  # the constructor says these are missing; nothing more to check against them
        if self.strike_price is not None and self.strike_price.currency != self.unit_value.currency:
            message = f"strike_price must be in the currency of unit_value ({self.unit_value.currency})"
            problems.append(Problem("/strike_price/currency", "strike-currency", message))
        units = self.units
        if units is not None and self.max_units is not None and self.max_units < units:
            message = f"max_units ({self.max_units:,}) must be at least the units at target ({units:,})"
            problems.append(Problem("/max_units", "max-below-units", message))
        tranches = self.vesting.tranches
        if units is not None and tranches:
            total = sum(tranche.units for tranche in tranches)
            if total != units:
                message = f"the tranches hold {total:,} units; the grant has {units:,}"
                problems.append(Problem("/vesting/tranches", "tranches-not-units", message))
        if self.expiration_date is not None and self.expiration_date <= self.vesting.start_date:
            message = f"expiration_date must be after the vesting start ({self.vesting.start_date})"
            problems.append(Problem("/expiration_date", "expires-before-vesting", message))
        return problems

    def _units_from_value(self, value: GrantValue) -> list[Problem]:
        if value.conversion_price.currency != value.amount.currency or value.conversion_price.amount <= 0:
            return []  # the grant value's own problem
        units = value.units()
        if units <= 0:
            message = f"{value.amount.amount} at {value.conversion_price.amount} a unit buys no whole unit"
            return [Problem("/grant_value", "grant-value-buys-no-units", message)]
        if units > MAX_COUNT:
            return [problem.under("/grant_value") for problem in count_problems(units, MAX_COUNT)]
        object.__setattr__(self, "units", units)  # worked out once, here, on either route
        return []

    def version_1_1_keys(self) -> list[str]:
        """The pointers, relative to the grant, of what version 1.1 adds that this grant gives.

        Its keys, and the values version 1 does not have: ``psu`` and ``semiannually``.
        """
        found = [f"/{key}" for key in GRANT_1_1_KEYS if getattr(self, key) is not None]
        if self.instrument is Instrument.PSU:
            found.insert(0, "/instrument")
        vesting = self.vesting
        if vesting is not None:
            found += [f"/vesting/{key}" for key in VESTING_1_1_KEYS if getattr(vesting, key) is not None]
            if vesting.frequency is VestingFrequency.SEMIANNUALLY:
                found.append("/vesting/frequency")
        return found

    @property
    def grant_kind(self) -> GrantKind:
        """Why the grant is made: *kind*, or ``new_hire`` when absent."""
        return self.kind or GrantKind.NEW_HIRE

    def unit_worth(self) -> Money:
        """Return what one unit is worth: its value, or for an option its spread (never below 0)."""
        if self.strike_price is None:
            return self.unit_value
        spread = self.unit_value - self.strike_price
        return spread if spread.amount > 0 else Money(0, spread.currency)

    def value_at_grant(self) -> Money:
        """Return the value of the whole grant at grant: units × what one unit is worth."""
        return self.unit_worth() * self.units

    def cost_to_exercise(self) -> Money | None:
        """Return what exercising every option costs (units × strike), or ``None`` for units that are not options."""
        return None if self.strike_price is None else self.strike_price * self.units

    def exercise_deadline(self, leaving: datetime.date) -> datetime.date | None:
        """An option's last day to exercise after leaving on *leaving*: that day plus
        *post_termination_exercise_months*, never after *expiration_date*; ``None`` when the grant states neither
        (or is not an option).

        >>> import datetime
        >>> from tokencomp import EquityGrant, Money, Vesting
        >>> grant = EquityGrant("iso", 1000, Money("3.00", "USD"), Vesting("2026-01-01", 48, 12, "monthly"),
        ...                     Money("3.00", "USD"), post_termination_exercise_months=3,
        ...                     expiration_date="2027-05-01")
        >>> grant.exercise_deadline(datetime.date(2027, 1, 31)), grant.exercise_deadline(datetime.date(2027, 3, 1))
        (datetime.date(2027, 4, 30), datetime.date(2027, 5, 1))
        """
        if not self.instrument.is_option:
            return None
        months = self.post_termination_exercise_months
        deadline = None if months is None else add_months(leaving, months)
        if self.expiration_date is not None and (deadline is None or deadline > self.expiration_date):
            return self.expiration_date
        return deadline

    @in_context
    def annual_value(self) -> Money:
        """Return the steady-state value vesting in a year: grant value × 12 / the schedule's months, divided once.

        Exact whenever the quotient ends within :data:`~tokencomp.model.money.PRECISION`
        digits (a tie at the minor unit always does); :meth:`annual_value_exact`
        is the exact fraction, which :func:`~tokencomp.summarize` rounds once.

        >>> import datetime
        >>> from tokencomp import EquityGrant, Instrument, Money, Vesting, VestingFrequency
        >>> vesting = Vesting(datetime.date(2026, 1, 1), 36, 0, VestingFrequency.MONTHLY)
        >>> EquityGrant(Instrument.RSU, 3, Money("77852.135", "USD"), vesting).annual_value().rounded().amount
        Decimal('77852.14')
        """
        grant = self.value_at_grant()
        return Money(grant.amount * 12 / self.vesting.months, grant.currency)

    def annual_value_exact(self) -> Fraction:
        """Return grant value × 12 / the schedule's months as an exact fraction of the currency of *unit_value*.

        >>> import datetime
        >>> from tokencomp import EquityGrant, Instrument, Money, Vesting, VestingFrequency
        >>> vesting = Vesting(datetime.date(2026, 1, 1), 36, 0, VestingFrequency.MONTHLY)
        >>> EquityGrant(Instrument.RSU, 1, Money("100.00", "USD"), vesting).annual_value_exact()
        Fraction(100, 3)
        """
        return Fraction(*self.annual_value_ratio())

    def annual_value_ratio(self) -> tuple[int, int]:
        """:meth:`annual_value_exact` as a numerator and a denominator, without making a Fraction (a summary's sums)."""
        numerator, denominator = self.unit_worth().amount.as_integer_ratio()
        return numerator * self.units * 12, denominator * self.vesting.months

    def vested_value_on(self, on: datetime.date) -> Money:
        """Return the value of the units vested on or before *on*."""
        return self.unit_worth() * self.vesting.vested_on(self.units, on)

    def value_vesting_between(self, after: datetime.date, through: datetime.date) -> Money:
        """Return the value of the units that vest after *after* and on or before *through*.

        Units that vested on or before *after* belong to an earlier period,
        as with a refresh grant whose vesting started before the offer.

        >>> import datetime
        >>> from tokencomp import EquityGrant, Instrument, Money, Vesting, VestingFrequency
        >>> vesting = Vesting(datetime.date(2024, 4, 1), 48, 12, VestingFrequency.ANNUALLY)
        >>> grant = EquityGrant(Instrument.RSU, 4000, Money("12.00", "USD"), vesting)
        >>> grant.vested_value_on(datetime.date(2027, 4, 1)).amount
        Decimal('36000.00')
        >>> grant.value_vesting_between(datetime.date(2026, 4, 1), datetime.date(2027, 4, 1)).amount
        Decimal('12000.00')
        """
        return self.unit_worth() * self.units_vesting_between(after, through)

    def units_vesting_between(self, after: datetime.date, through: datetime.date) -> int:
        """The units that vest after *after* and on or before *through*: :meth:`value_vesting_between`'s count."""
        if through <= after:
            return 0
        return self.vesting.vested_on(self.units, through) - self.vesting.vested_on(self.units, after)
