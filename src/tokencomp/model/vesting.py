"""Vesting schedules: when the whole units of a grant vest (offer-v1, equity grants, and "Tranches" in 1.1).

A schedule is given in one of three ways: uniform (``duration_months``,
``cliff_months``, ``frequency``: version 1's), as consecutive ``segments``
each with its own share, frequency and cliff (version 1.1: 5/15/40/40 with
the last two years half-yearly), or as explicit ``tranches`` of dates and
units (version 1.1, the Open Cap Format's ``vestings``). A uniform schedule
is one segment of ``duration_months`` and 100 percent.

The contract's rule makes tranches: each vesting month of a segment has an
exact cumulative fraction F_i of the grant (F_n = 1), and an
:class:`Allocation` (named as in the Open Cap Format's ``AllocationType``)
says how whole units fall into them. The two cumulative allocations work out
any month's units from F alone, so the cost of a question does not grow with
the schedule's length (dates on which no whole unit vests are skipped in one
step); the other four need r = N − Σ floor(N·f_i), the units left over after
each tranche's floor, which is a sum over the tranches: those are counted once
per schedule and number of units and kept (at most one per month of the
schedule, 12,020 for the longest one the limits allow).
"""

from __future__ import annotations

import bisect
import datetime
import enum
import functools
from collections.abc import Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, ClassVar, Literal

import attrs

from ..errors import Problem, RuleViolation
from .arguments import ROUTE, check_arguments, takes_date
from .components import HUNDRED, add_months, months_through
from .limits import MAX_COUNT, MAX_MONTHS, count_problems
from .money import round_half_up

__all__ = [
    "MAX_SEGMENTS",
    "MAX_TRANCHES",
    "Allocation",
    "Tranche",
    "Vesting",
    "VestingEvent",
    "VestingFrequency",
    "VestingSegment",
]

#: The most segments a schedule has (offer-v1, version 1.1 limits).
MAX_SEGMENTS = 20
#: The most explicit tranches a schedule has (one a month for the longest uniform schedule).
MAX_TRANCHES = MAX_MONTHS


class VestingFrequency(enum.StrEnum):
    """How often units vest after the cliff.

    >>> from tokencomp import VestingFrequency
    >>> VestingFrequency.QUARTERLY.months, VestingFrequency.SEMIANNUALLY.months
    (3, 6)
    """

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SEMIANNUALLY = "semiannually"
    ANNUALLY = "annually"

    @property
    def months(self) -> int:
        """The number of months between two vesting dates."""
        return _MONTHS_BETWEEN[self.value]


_MONTHS_BETWEEN = {"monthly": 1, "quarterly": 3, "semiannually": 6, "annually": 12}


class Allocation(enum.StrEnum):
    """How whole units fall into tranches: the Open Cap Format's ``AllocationType`` names.

    With N units, cumulative fractions F_i, f_i = F_i − F_(i−1) and
    r = N − Σ floor(N·f_i), tranche i gets:

    ==================================  ==================================================
    ``CUMULATIVE_ROUND_DOWN``           floor(N·F_i) − floor(N·F_(i−1)) (version 1's rule)
    ``CUMULATIVE_ROUNDING``             round half up(N·F_i) − round half up(N·F_(i−1))
    ``FRONT_LOADED``                    floor(N·f_i), plus 1 in each of the first r
    ``BACK_LOADED``                     floor(N·f_i), plus 1 in each of the last r
    ``FRONT_LOADED_TO_SINGLE_TRANCHE``  floor(N·f_i), plus r in the first
    ``BACK_LOADED_TO_SINGLE_TRANCHE``   floor(N·f_i), plus r in the last
    ==================================  ==================================================

    >>> import datetime
    >>> from tokencomp import Allocation, Vesting, VestingFrequency
    >>> [[e.units for e in Vesting(datetime.date(2026, 1, 1), 12, 0, VestingFrequency.QUARTERLY,
    ...   allocation=allocation).events(18)] for allocation in Allocation]
    [[4, 5, 4, 5], [5, 4, 5, 4], [5, 5, 4, 4], [4, 4, 5, 5], [6, 4, 4, 4], [4, 4, 4, 6]]
    """

    CUMULATIVE_ROUND_DOWN = "CUMULATIVE_ROUND_DOWN"
    CUMULATIVE_ROUNDING = "CUMULATIVE_ROUNDING"
    FRONT_LOADED = "FRONT_LOADED"
    BACK_LOADED = "BACK_LOADED"
    FRONT_LOADED_TO_SINGLE_TRANCHE = "FRONT_LOADED_TO_SINGLE_TRANCHE"
    BACK_LOADED_TO_SINGLE_TRANCHE = "BACK_LOADED_TO_SINGLE_TRANCHE"

    @property
    def cumulative(self) -> bool:
        """Whether a tranche's units follow from its cumulative fraction alone (no sum over the tranches)."""
        return self in (Allocation.CUMULATIVE_ROUND_DOWN, Allocation.CUMULATIVE_ROUNDING)


if TYPE_CHECKING:
    # An enum field also takes its value as a str (tokencomp.model.arguments says why these are None at run time).
    def _takes_frequency(value: VestingFrequency | str) -> VestingFrequency: ...
    def _takes_optional_frequency(value: VestingFrequency | str | None) -> VestingFrequency | None: ...
    def _takes_allocation(value: Allocation | str | None) -> Allocation | None: ...
    def _takes_percent(value: Decimal | int | str) -> Decimal: ...
    def _takes_segments(
        value: Sequence[VestingSegment] | None,
    ) -> tuple[VestingSegment, ...] | None: ...
    def _takes_tranches(value: Sequence[Tranche] | None) -> tuple[Tranche, ...] | None: ...
else:
    _takes_frequency = _takes_optional_frequency = _takes_allocation = _takes_percent = None
    _takes_segments = _takes_tranches = None


def _above(name: str, value: int | None, maximum: int) -> list[Problem]:
    return [problem.under(f"/{name}") for problem in count_problems(value, maximum)] if value is not None else []


def _first_step(step: int, cliff: int) -> int:
    """The first vesting month of a period with step *step* and cliff *cliff*: the first step at or after the cliff."""
    return max(step, -(-cliff // step) * step)


def _months_vested(months: int, length: int, step: int, first: int) -> int:
    """How many of a period's *length* months count as vested once *months* of it have passed: whole steps from
    its first vesting month on, all of them at its end, none before its first."""
    if months >= length:
        return length
    into = months // step * step
    return into if into >= first else 0


@attrs.frozen
class VestingEvent:
    """Units that vest on one date.

    Attributes:
        date: The vesting date.
        units: Whole units vesting on that date.
        cumulative: Units vested on or before that date.

    >>> import datetime
    >>> from tokencomp import Vesting, VestingFrequency
    >>> vesting = Vesting(datetime.date(2026, 4, 1), 24, 12, VestingFrequency.ANNUALLY)
    >>> list(vesting.events(100))[0]
    VestingEvent(date=datetime.date(2027, 4, 1), units=50, cumulative=50)
    """

    date: datetime.date
    units: int
    cumulative: int


@attrs.frozen
class VestingSegment:
    """One period of a schedule given in segments (contract version 1.1).

    Attributes:
        months: How long the segment lasts, in months; above zero.
        percent: The share of the grant that vests in it, a percent above zero; the segments' sum to exactly 100.
        frequency: How often units vest within it.
        cliff_months: Months from the segment's start before anything of it vests, 0 to *months*; 0 when absent.

    >>> from tokencomp import VestingSegment
    >>> VestingSegment(24, "80", "semiannually").frequency
    <VestingFrequency.SEMIANNUALLY: 'semiannually'>
    """

    months: int
    percent: Decimal = attrs.field(converter=_takes_percent)
    frequency: VestingFrequency = attrs.field(converter=_takes_frequency)
    cliff_months: int | None = None

    def __attrs_post_init__(self) -> None:
        if not ROUTE.trusted:
            check_arguments(self)
        problems = [*_above("months", self.months, MAX_MONTHS), *_above("cliff_months", self.cliff_months, MAX_MONTHS)]
        if self.months <= 0:
            problems.append(Problem("/months", "not-positive", "months must be above zero"))
        if self.percent <= 0:
            problems.append(Problem("/percent", "not-positive", "a segment's percent must be above zero"))
        if self.cliff_months is not None and self.cliff_months < 0:
            problems.append(Problem("/cliff_months", "negative-months", "cliff_months must be 0 or more"))
        RuleViolation.raise_for(problems + self._beyond_schema())

    def _beyond_schema(self) -> list[Problem]:
        """The rule offer-v1's schema cannot state: the cliff is within the segment."""
        if self.cliff_months is None or self.cliff_months <= max(self.months, 0):
            return []
        message = f"cliff_months must be from 0 to the segment's months ({self.months}), not {self.cliff_months}"
        return [Problem("/cliff_months", "cliff-out-of-range", message)]

    @property
    def cliff(self) -> int:
        """The cliff in months, 0 when none is given."""
        return self.cliff_months or 0


@attrs.frozen
class Tranche:
    """Units that vest on a date a schedule states outright (contract version 1.1, OCF's ``vestings``).

    Attributes:
        date: The vesting date.
        units: Whole units vesting on that date; above zero.

    >>> from tokencomp import Tranche
    >>> Tranche("2027-04-01", 250)
    Tranche(date=datetime.date(2027, 4, 1), units=250)
    """

    date: datetime.date = attrs.field(converter=takes_date)
    units: int

    #: offer-v1's schema states every rule of this class: the trusted route (:mod:`tokencomp.codec.build`) runs none.
    _beyond_schema = None

    def __attrs_post_init__(self) -> None:
        if not ROUTE.trusted:
            check_arguments(self)
        problems = _above("units", self.units, MAX_COUNT)
        if self.units <= 0:
            problems.append(Problem("/units", "not-positive", "a tranche's units must be above zero"))
        RuleViolation.raise_for(problems)


# One period of the schedule, as the rule reads it: it starts *start* months after the start date, lasts *months*,
# vests every *step* months from *first* on, and takes the cumulative fraction from *before* to *before* + *share*.
_Period = tuple[int, int, int, int, Fraction, Fraction]


@attrs.frozen
class Vesting:
    """A vesting schedule: uniform (version 1), in segments, or explicit tranches (version 1.1).

    Give exactly one of *duration_months* (with *cliff_months* and
    *frequency*), *segments* or *tranches*. A field left out is ``None``, so
    a document comes back as it was sent; :attr:`allocation_type` is the
    allocation in force.

    Attributes:
        start_date: The date vesting starts counting from.
        duration_months: Months until every unit has vested; above zero.
        cliff_months: Months before anything vests; at the cliff, everything
            accrued so far vests at once. From 0 to *duration_months*; given with *duration_months*.
        frequency: How often units vest after the cliff; given with *duration_months*.
        allocation: How whole units fall into tranches (version 1.1); ``CUMULATIVE_ROUND_DOWN``, version 1's
            rule, when absent. Not with *tranches*.
        segments: Consecutive periods from *start_date*, each with its share, frequency and cliff (version
            1.1), instead of *duration_months*, *cliff_months* and *frequency*; at most 20.
        tranches: Explicit dates and units, dates ascending and on or after *start_date*, units summing to the
            grant's (version 1.1), instead of any other way; at most 600.

    >>> import datetime
    >>> from tokencomp import Vesting, VestingFrequency
    >>> vesting = Vesting(datetime.date(2026, 4, 1), 48, 12, VestingFrequency.QUARTERLY)
    >>> vesting.vested_on(2000, datetime.date(2027, 3, 31)), vesting.vested_on(2000, datetime.date(2027, 4, 1))
    (0, 500)
    """

    #: Keys that go with another (a uniform schedule's cliff and frequency with its duration).
    REQUIRED_WITH: ClassVar[dict[str, tuple[str, ...]]] = {"duration_months": ("cliff_months", "frequency")}

    start_date: datetime.date = attrs.field(converter=takes_date)
    duration_months: int | None = None
    cliff_months: int | None = None
    frequency: VestingFrequency | None = attrs.field(default=None, converter=_takes_optional_frequency)
    allocation: Allocation | None = attrs.field(default=None, kw_only=True, converter=_takes_allocation)
    segments: tuple[VestingSegment, ...] | None = attrs.field(default=None, kw_only=True, converter=_takes_segments)
    tranches: tuple[Tranche, ...] | None = attrs.field(default=None, kw_only=True, converter=_takes_tranches)

    def __attrs_post_init__(self) -> None:
        if not ROUTE.trusted:
            check_arguments(self)
        problems = [
            *_above("duration_months", self.duration_months, MAX_MONTHS),
            *_above("cliff_months", self.cliff_months, MAX_MONTHS),
        ]
        if self.duration_months is not None and self.duration_months <= 0:
            problems.append(Problem("/duration_months", "not-positive", "duration_months must be above zero"))
        if self.cliff_months is not None and self.cliff_months < 0:
            problems.append(Problem("/cliff_months", "negative-months", "cliff_months must be 0 or more"))
        given = [name for name in ("duration_months", "segments", "tranches") if getattr(self, name) is not None]
        if len(given) != 1:
            message = "give the schedule in exactly one way: duration_months, segments or tranches"
            problems.append(Problem("", "exactly-one-of", f"{message} (given: {', '.join(given) or 'none'})"))
        if self.duration_months is not None:
            problems += [
                Problem(f"/{name}", "missing-key", f"{name} is required when duration_months is given")
                for name in self.REQUIRED_WITH["duration_months"]
                if getattr(self, name) is None
            ]
        else:
            problems += [
                Problem(f"/{name}", "not-allowed-here", f"{name} goes with duration_months: {why}")
                for name, why in (
                    ("cliff_months", "a segment holds its own, and tranches need none"),
                    ("frequency", "a segment holds its own, and tranches need none"),
                )
                if getattr(self, name) is not None
            ]
        if self.tranches is not None and self.allocation is not None:
            message = "allocation says how units fall into tranches: explicit tranches state them already"
            problems.append(Problem("/allocation", "not-allowed-here", message))
        for name, most in (("segments", MAX_SEGMENTS), ("tranches", MAX_TRANCHES)):
            items = getattr(self, name)
            if items is not None and not 1 <= len(items) <= most:
                message = f"{len(items):,} {name}; a schedule has from 1 to {most}"
                problems.append(Problem(f"/{name}", "too-many-items" if items else "empty-list", message))
        RuleViolation.raise_for(problems + self._beyond_schema())

    def _beyond_schema(self) -> list[Problem]:
        """The rules offer-v1's schema cannot state: the cliff within the vesting, segments summing to exactly
        100 percent, tranches in date order from the start."""
        problems = []
        duration, cliff = self.duration_months, self.cliff_months
        if duration is not None and cliff is not None and not 0 <= cliff <= max(duration, 0):
            message = f"cliff_months must be from 0 to duration_months ({duration}), not {cliff}"
            problems.append(Problem("/cliff_months", "cliff-out-of-range", message))
        if self.segments:
            total = sum((segment.percent for segment in self.segments), Decimal(0))
            if total != HUNDRED:
                message = f"the segments' percents sum to {total}, not exactly 100"
                problems.append(Problem("/segments", "segments-not-100", message))
        if self.tranches:
            if self.tranches[0].date < self.start_date:
                message = f"the first tranche, {self.tranches[0].date}, is before start_date ({self.start_date})"
                problems.append(Problem("/tranches/0/date", "tranche-before-start", message))
            problems += [
                Problem(
                    f"/tranches/{index}/date",
                    "tranches-not-ascending",
                    f"tranche dates must ascend: {later.date} is not after {earlier.date}",
                )
                for index, (earlier, later) in enumerate(zip(self.tranches, self.tranches[1:], strict=False), start=1)
                if later.date <= earlier.date
            ]
        return problems

    @property
    def allocation_type(self) -> Allocation:
        """The allocation in force (*allocation*, or version 1's ``CUMULATIVE_ROUND_DOWN`` when absent)."""
        return self.allocation or Allocation.CUMULATIVE_ROUND_DOWN

    @property
    def months(self) -> int:
        """The schedule's months, which annual equity divides by (grant value × 12 / months).

        *duration_months*; the segments' months together; for tranches the
        whole calendar months from *start_date* to the last date (at least 1).

        >>> import datetime
        >>> from tokencomp import Tranche, Vesting
        >>> Vesting(datetime.date(2026, 1, 31), tranches=[Tranche("2027-02-27", 1)]).months
        12
        """
        if self.duration_months is not None:
            return self.duration_months
        if self.segments is not None:
            return sum(segment.months for segment in self.segments)
        assert self.tranches  # the constructor guarantees one way
        return max(1, months_through(self.start_date, self.tranches[-1].date))

    def _periods(self) -> tuple[_Period, ...]:
        """The schedule as the rule's periods (a uniform schedule is one segment of 100 percent)."""
        if self.duration_months is not None:
            assert self.frequency is not None  # the constructor guarantees both
            step = self.frequency.months
            first = _first_step(step, self.cliff_months or 0)
            return ((0, self.duration_months, step, first, Fraction(0), Fraction(1)),)
        return _segment_periods(self.segments or ())

    def vesting_months(self) -> Iterator[int]:
        """Yield the months after the start at which units vest (for tranches: whole months to each date).

        Every frequency step at or after each period's cliff, and each period's last month.

        >>> import datetime
        >>> from tokencomp import Vesting, VestingFrequency
        >>> list(Vesting(datetime.date(2026, 4, 1), 12, 4, VestingFrequency.QUARTERLY).vesting_months())
        [6, 9, 12]
        """
        if self.tranches is not None:
            yield from (months_through(self.start_date, tranche.date) for tranche in self.tranches)
            return
        for start, months, step, first, _, _ in self._periods():
            yield from (start + month for month in range(first, months, step))
            yield start + months

    def _fraction_after(self, months: int) -> Fraction:
        """The cumulative fraction vested once *months* whole months have passed, worked out per period."""
        fraction = Fraction(0)
        for start, length, step, first, before, share in self._periods():
            if months >= start + length:
                fraction = before + share
                continue
            return before + share * _months_vested(months - start, length, step, first) / length
        return fraction

    def vested_after_months(self, units: int, months: int) -> int:
        """Return how many of *units* have vested once *months* whole months of the schedule have passed.

        For the cumulative allocations worked out, not counted: the last
        vesting month at or before *months* and its cumulative fraction, so a
        long schedule costs no more than a short one; the others read the
        schedule's tranches, counted once (see the module).

        >>> import datetime
        >>> from tokencomp import Vesting, VestingFrequency
        >>> vesting = Vesting(datetime.date(2026, 4, 1), 48, 12, VestingFrequency.QUARTERLY)
        >>> [vesting.vested_after_months(2000, months) for months in (11, 14, 99)]
        [0, 500, 2000]
        """
        if self.tranches is not None:
            return self.vested_on(units, add_months(self.start_date, months)) if months >= 0 else 0
        allocation = self.allocation_type
        if self.duration_months is not None and allocation.cumulative:
            # One period of 100 percent: the same rule in whole numbers (most grants; no Fraction to build).
            assert self.frequency is not None  # the constructor guarantees both
            step, length = self.frequency.months, self.duration_months
            into = _months_vested(months, length, step, _first_step(step, self.cliff_months or 0))
            if allocation is Allocation.CUMULATIVE_ROUND_DOWN:
                return units * into // length
            return (2 * units * into + length) // (2 * length)  # half up, as round_half_up; never negative
        if allocation is Allocation.CUMULATIVE_ROUND_DOWN:
            fraction = self._fraction_after(months)
            return units * fraction.numerator // fraction.denominator
        if allocation is Allocation.CUMULATIVE_ROUNDING:
            return int(round_half_up(units * self._fraction_after(months), 0))
        table = _tranche_table(self, units)
        return table.cumulative[bisect.bisect_right(table.months, months) - 1] if months >= table.months[0] else 0

    def events(self, units: int, *, within_months: int | None = None) -> Iterator[VestingEvent]:
        """Yield the dates on which *units* vest, by the schedule's allocation.

        The events always add up to *units* exactly. Dates on which no whole
        unit vests are left out; under a cumulative allocation they are
        skipped over in one step, so each event costs the same however long
        the schedule.

        Args:
            within_months: Only the events of the schedule's first this many
                months, as a statement lists them; all by default.

        Raises:
            RuleViolation: An event's date is after 9999-12-31 (``date-out-of-range``).

        >>> import datetime
        >>> from tokencomp import Vesting, VestingFrequency
        >>> [(e.date.isoformat(), e.units) for e in
        ...  Vesting(datetime.date(2026, 4, 1), 48, 12, VestingFrequency.ANNUALLY).events(1000)]
        [('2027-04-01', 250), ('2028-04-01', 250), ('2029-04-01', 250), ('2030-04-01', 250)]
        """
        if self.tranches is not None:
            last_date = None if within_months is None else add_months(self.start_date, within_months)
            cumulative = 0
            for tranche in self.tranches:
                if last_date is not None and tranche.date > last_date:
                    return
                cumulative += tranche.units
                yield VestingEvent(tranche.date, tranche.units, cumulative)
            return
        last = self.months if within_months is None else min(within_months, self.months)
        if self.allocation_type.cumulative:
            yield from self._cumulative_events(units, last)
            return
        table = _tranche_table(self, units)
        vested = 0
        for month, cumulative in zip(table.months, table.cumulative, strict=True):
            if month > last:
                return
            if cumulative > vested:
                yield VestingEvent(add_months(self.start_date, month), cumulative - vested, cumulative)
                vested = cumulative

    def _cumulative_events(self, units: int, last: int) -> Iterator[VestingEvent]:
        # Half a unit earlier for rounding: round half up(N·F) ≥ v + 1 exactly when N·F ≥ v + 1/2.
        lead = Fraction(1, 2) if self.allocation_type is Allocation.CUMULATIVE_ROUNDING else Fraction(0)
        vested = 0
        for start, length, step, first, before, share in self._periods():
            month = first
            while vested < units:
                # The first month at which more than *vested* units have accrued, on or after *month*,
                # moved to the next vesting month (a step, or the period's end).
                needed = (Fraction(vested + 1) - lead) / units - before
                accrues = -(-needed * length // share)
                month = min(max(month, -(-accrues // step) * step), length)
                if start + month > last:
                    return
                cumulative = self.vested_after_months(units, start + month)
                if cumulative > vested:
                    yield VestingEvent(add_months(self.start_date, start + month), cumulative - vested, cumulative)
                    vested = cumulative
                if month == length:
                    break
                month += step

    def vested_on(self, units: int, on: datetime.date) -> int:
        """Return how many of *units* have vested on or before *on*, worked out without listing events.

        >>> import datetime
        >>> from tokencomp import Vesting, VestingFrequency
        >>> longest = Vesting(datetime.date(2026, 4, 1), 600, 0, VestingFrequency.MONTHLY)
        >>> longest.vested_on(10**15, datetime.date(2027, 4, 1))
        20000000000000
        """
        if self.tranches is not None:
            index = bisect.bisect_right([tranche.date for tranche in self.tranches], on)
            return sum(tranche.units for tranche in self.tranches[:index])
        return self.vested_after_months(units, months_through(self.start_date, on))

    def last_vesting_month(self, units: int) -> int:
        """The first month of the schedule by which all *units* have vested, found by halving, not by listing.

        For explicit tranches, the whole months to the last tranche's date.

        >>> import datetime
        >>> from tokencomp import Vesting
        >>> Vesting(datetime.date(2026, 1, 1), 48, 0, "annually", allocation="FRONT_LOADED").last_vesting_month(2)
        24
        """
        if self.tranches is not None:
            return months_through(self.start_date, self.tranches[-1].date)
        low, high = 0, self.months  # every unit has vested once the schedule's months have passed
        while low < high:
            middle = (low + high) // 2
            if self.vested_after_months(units, middle) >= units:
                high = middle
            else:
                low = middle + 1
        return low

    def tranche_units(self, units: int) -> list[tuple[int, int]]:
        """Return the schedule's tranches for *units* as (months after the start, units), zero-unit ones included.

        The contract's "Tranches" table, one row a vesting month; explicit
        tranches are given by date and listed by :attr:`tranches` instead.

        >>> import datetime
        >>> from tokencomp import Vesting, VestingSegment
        >>> segments = [VestingSegment(12, "5", "annually"), VestingSegment(12, "15", "annually"),
        ...             VestingSegment(24, "80", "semiannually")]
        >>> Vesting(datetime.date(2026, 1, 1), segments=segments).tranche_units(1000)
        [(12, 50), (24, 150), (30, 200), (36, 200), (42, 200), (48, 200)]
        """
        table = _tranche_table(self, units)
        before = [0, *table.cumulative[:-1]]
        return [(month, now - then) for month, now, then in zip(table.months, table.cumulative, before, strict=True)]


@functools.cache
def _segment_periods(segments: tuple[VestingSegment, ...]) -> tuple[_Period, ...]:
    periods, start, before = [], 0, Fraction(0)
    for segment in segments:
        share = Fraction(segment.percent) / 100
        step = segment.frequency.months
        periods.append((start, segment.months, step, _first_step(step, segment.cliff), before, share))
        start, before = start + segment.months, before + share
    return tuple(periods)


@attrs.frozen
class _Table:
    """A schedule's tranches for one number of units: each vesting month and the units vested by then."""

    months: list[int]
    cumulative: list[int]


@functools.lru_cache(maxsize=256)
def _tranche_table(vesting: Vesting, units: int) -> _Table:
    """The contract's tranche rule, every tranche at once (bounded by the schedule's months: see the module)."""
    months, fractions = [], []
    for start, length, step, first, before, share in vesting._periods():
        for month in [*range(first, length, step), length]:
            months.append(start + month)
            fractions.append(before + share * month / length)
    fractions[-1] = Fraction(1)  # F_n = 1 exactly, whatever the percents' sum looked like as a fraction
    allocation = vesting.allocation_type
    if allocation.cumulative:
        if allocation is Allocation.CUMULATIVE_ROUND_DOWN:
            cumulative = [units * f.numerator // f.denominator for f in fractions]
        else:
            cumulative = [int(round_half_up(units * f, 0)) for f in fractions]
        return _Table(months, cumulative)
    shares = [now - then for now, then in zip(fractions, [Fraction(0), *fractions], strict=False)]
    floors = [units * share.numerator // share.denominator for share in shares]
    left = units - sum(floors)
    count = len(floors)
    side: Literal["first", "last"] = "first" if allocation.name.startswith("FRONT") else "last"
    for index in range(count):
        at = index if side == "first" else count - 1 - index
        if allocation.name.endswith("SINGLE_TRANCHE"):
            floors[at] += left if index == 0 else 0
        elif index < left:
            floors[at] += 1
    cumulative, total = [], 0
    for tranche in floors:
        total += tranche
        cumulative.append(total)
    return _Table(months, cumulative)
