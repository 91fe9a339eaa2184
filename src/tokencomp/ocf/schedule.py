"""Vesting in both vocabularies: the contract's segments and the Open Cap Format's relative conditions.

A schedule is, in both, a list of vesting points: a month after the vesting
start and the exact fraction of the grant vested by then (offer-v1,
"Tranches"). The contract says them as segments (months, percent, frequency,
cliff); OCF as a chain of ``VESTING_SCHEDULE_RELATIVE`` conditions, each
``occurrences`` vestings ``length`` months apart of one ``portion`` each.
Both sides go through the points, kept as exact fractions, so a schedule
said one way and read back the other has the same points and, with the same
allocation, the same tranches. Whole units are not this module's concern:
both formats name the same allocation rule (OCF's ``AllocationType``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from ..errors import RecordRejectedError

__all__ = [
    "ALLOCATIONS",
    "DEFAULT_ALLOCATION",
    "SAME_DAY",
    "START_CONDITION",
    "STEP_MONTHS",
    "Run",
    "Segment",
    "contract_segments",
    "contract_vesting",
    "percent_text",
    "run_points",
    "runs_of",
    "schedule_points",
    "segments_of",
]

#: The contract's vesting frequencies, each a step in months.
STEP_MONTHS = {"monthly": 1, "quarterly": 3, "semiannually": 6, "annually": 12}
_FREQUENCY = {months: name for name, months in STEP_MONTHS.items()}
#: OCF's ``AllocationType`` values the contract holds, as they are; OCF's seventh, ``FRACTIONAL``, it does not.
ALLOCATIONS = (
    "CUMULATIVE_ROUNDING",
    "CUMULATIVE_ROUND_DOWN",
    "FRONT_LOADED",
    "BACK_LOADED",
    "FRONT_LOADED_TO_SINGLE_TRANCHE",
    "BACK_LOADED_TO_SINGLE_TRANCHE",
)
#: The contract's allocation when a grant names none (version 1's rule).
DEFAULT_ALLOCATION = "CUMULATIVE_ROUND_DOWN"
#: The id tokencomp gives the condition met at the vesting start.
START_CONDITION = "vesting-start"
#: OCF's day of month that is the contract's rule (the start's day, clamped to the month's last).
SAME_DAY = "VESTING_START_DAY_OR_LAST_DAY_OF_MONTH"
# The contract's percents are decimals of at most 12 places (offer-v1, "Limits").
_PERCENT_PLACES = 12

#: A vesting point (months after the vesting start, and the fraction of the grant vested by then).
Point = tuple[int, Fraction]


@attrs.frozen
class Segment:
    """One of the contract's vesting segments, exact.

    Attributes:
        months: How long it lasts.
        share: Its part of the grant (percent / 100).
        step: Months between vestings (its frequency).
        cliff: Months before its first vesting (0: none).
    """

    months: int
    share: Fraction
    step: int
    cliff: int = 0

    def points(self, start: int = 0, before: Fraction = Fraction(0)) -> list[Point]:
        """The segment's vesting points, when it starts *start* months in with *before* already vested.

        By the contract: months ``max(s, ⌈c/s⌉·s)``, then every *s* below *months*, and *months* (a first
        vesting past the segment's end falls on its end); fraction ``before + share·m/months``.

        >>> [(m, str(f)) for m, f in Segment(12, Fraction(1, 2), 3, cliff=5).points()]
        [(6, '1/4'), (9, '3/8'), (12, '1/2')]
        """
        first = min(max(self.step, -(-self.cliff // self.step) * self.step), self.months)
        months = [*range(first, self.months, self.step), self.months]
        return [(start + m, before + self.share * Fraction(m, self.months)) for m in months]


def schedule_points(segments: Iterable[Segment]) -> list[Point]:
    """The vesting points of consecutive *segments*, from the vesting start.

    >>> [(m, str(f)) for m, f in schedule_points([Segment(12, Fraction(1, 4), 12), Segment(12, Fraction(3, 4), 6)])]
    [(12, '1/4'), (18, '5/8'), (24, '1')]
    """
    points: list[Point] = []
    start, before = 0, Fraction(0)
    for segment in segments:
        points += segment.points(start, before)
        start, before = start + segment.months, before + segment.share
    return points


@attrs.frozen
class Run:
    """One of OCF's relative vesting conditions: *count* vestings *every* months apart, each *portion* of the grant.

    Attributes:
        every: Months from the previous vesting (or the vesting start) to each.
        count: How many vestings (OCF's ``occurrences``).
        portion: The fraction of the grant each vests.
    """

    every: int
    count: int
    portion: Fraction


def runs_of(points: Sequence[Point]) -> list[Run]:
    """The fewest runs that vest at *points*: consecutive vestings of equal gap and equal portion are one run.

    >>> runs_of([(12, Fraction(1, 4)), (13, Fraction(13, 48)), (14, Fraction(14, 48))])
    [Run(every=12, count=1, portion=Fraction(1, 4)), Run(every=1, count=2, portion=Fraction(1, 48))]
    """
    runs: list[Run] = []
    month, vested = 0, Fraction(0)
    for at, fraction in points:
        every, portion = at - month, fraction - vested
        if runs and runs[-1].every == every and runs[-1].portion == portion:
            runs[-1] = attrs.evolve(runs[-1], count=runs[-1].count + 1)
        else:
            runs.append(Run(every, 1, portion))
        month, vested = at, fraction
    return runs


def run_points(runs: Iterable[Run]) -> list[Point]:
    """The vesting points of OCF's *runs*, one after the other from the vesting start.

    >>> [(m, str(f)) for m, f in run_points([Run(12, 1, Fraction(1, 4)), Run(6, 2, Fraction(3, 8))])]
    [(12, '1/4'), (18, '5/8'), (24, '1')]
    """
    points: list[Point] = []
    month, vested = 0, Fraction(0)
    for run in runs:
        for _ in range(run.count):
            month, vested = month + run.every, vested + run.portion
            points.append((month, vested))
    return points


# Version 1's steps first, so that a schedule version 1 can hold reads back as one it holds.
_PREFERENCE = (12, 3, 1, 6)


def _reach(points: Sequence[Point], index: int, start: int, before: Fraction, step: int) -> int:
    """How far one segment of *step* from *start* (with *before* vested) covers *points* from *index*: the last
    index it covers, or -1 when it cannot even cover the first (whose month is no multiple of the step)."""
    first, fraction = points[index]
    if (first - start) % step:
        return -1
    rate = (fraction - before) / (first - start)

    def on_line(point: Point) -> bool:
        return point[1] - before == rate * (point[0] - start)

    last = index
    while last + 1 < len(points) and points[last + 1][0] == points[last][0] + step and on_line(points[last + 1]):
        last += 1
    if last + 1 < len(points) and points[last + 1][0] - points[last][0] < step and on_line(points[last + 1]):
        last += 1  # the segment's end, short of a whole step
    return last


def segments_of(points: Sequence[Point]) -> list[Segment]:
    """The contract's segments vesting at exactly *points*: each as long as one segment can be, from the start.

    A cliff comes back as a cliff: OCF's one vesting at 12 months and monthly ones after it at the same rate
    are one segment of 48 months with a 12-month cliff.

    >>> segments_of(run_points([Run(12, 1, Fraction(1, 4)), Run(1, 36, Fraction(1, 48))]))
    [Segment(months=48, share=Fraction(1, 1), step=1, cliff=12)]
    """
    segments: list[Segment] = []
    index, start, before = 0, 0, Fraction(0)
    while index < len(points):
        # The longest reach; of equal ones, the step first in the preference.
        last, step = max(((_reach(points, index, start, before, s), s) for s in _PREFERENCE),
                         key=lambda reached: (reached[0], -_PREFERENCE.index(reached[1])))  # fmt: skip
        first = points[index][0] - start
        months, share = points[last][0] - start, points[last][1] - before
        segment = Segment(months, share, step, first if first > step else 0)
        if segment.points(start, before) != list(points[index : last + 1]):  # never, by _reach; a check all the same
            raise AssertionError(f"segment {segment} does not vest at {points[index : last + 1]}")
        segments.append(segment)
        index, start, before = last + 1, points[last][0], points[last][1]
    return segments


def contract_segments(vesting: dict[str, Any]) -> list[Segment] | None:
    """The segments of a grant's ``vesting`` (the contract's JSON), or None when it gives explicit tranches.

    >>> contract_segments({"start_date": "2026-01-01", "duration_months": 48, "cliff_months": 12,
    ...                    "frequency": "monthly"})
    [Segment(months=48, share=Fraction(1, 1), step=1, cliff=12)]
    """
    if vesting.get("tranches"):
        return None
    if vesting.get("segments"):
        return [
            Segment(s["months"], Fraction(Decimal(s["percent"])) / 100, STEP_MONTHS[s["frequency"]],
                    s.get("cliff_months") or 0)
            for s in vesting["segments"]
        ]  # fmt: skip
    step = STEP_MONTHS[vesting.get("frequency") or "monthly"]
    return [Segment(vesting["duration_months"], Fraction(1), step, vesting.get("cliff_months") or 0)]


def percent_text(share: Fraction) -> str:
    """*share* as the contract's percent, a decimal string, exactly; refused when no decimal holds it.

    Raises:
        RecordRejectedError: The percent has no decimal of at most 12 places (a third, say).

    >>> percent_text(Fraction(1, 8)), percent_text(Fraction(1, 1))
    ('12.5', '100')
    """
    percent = share * 100
    places = 0
    while (percent * 10**places).denominator != 1:
        places += 1
        if places > _PERCENT_PLACES:
            raise RecordRejectedError(
                f"a part of {share.numerator}/{share.denominator} of the grant is no decimal percent "
                f"(the contract's percents have at most {_PERCENT_PLACES} places)"
            )
    text = format(Decimal(percent.numerator) / Decimal(percent.denominator), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def contract_vesting(start_date: str, segments: Sequence[Segment], allocation: str) -> dict[str, Any]:
    """The contract's ``vesting`` for *segments* from *start_date*: uniform when one segment holds it all.

    Raises:
        RecordRejectedError: A segment's percent has no decimal (:func:`percent_text`).

    >>> contract_vesting("2026-01-01", [Segment(48, Fraction(1), 1, 12)], "CUMULATIVE_ROUNDING")
    {'start_date': '2026-01-01', 'duration_months': 48, 'cliff_months': 12, 'frequency': 'monthly', \
'allocation': 'CUMULATIVE_ROUNDING'}
    """
    vesting: dict[str, Any] = {"start_date": start_date}
    if len(segments) == 1:
        (only,) = segments
        # cliff_months even when 0: version 1 requires it, and a uniform schedule reads the same in both versions
        vesting["duration_months"] = only.months
        vesting["cliff_months"] = only.cliff
        vesting["frequency"] = _FREQUENCY[only.step]
    else:
        vesting["segments"] = [
            {"months": s.months, "percent": percent_text(s.share), "frequency": _FREQUENCY[s.step]}
            | ({"cliff_months": s.cliff} if s.cliff else {})
            for s in segments
        ]
    vesting["allocation"] = allocation
    return vesting
