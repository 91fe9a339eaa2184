"""The pay-gap figures of a workforce (EU Directive 2023/970, Art. 9(1)), worked out exactly.

Each worker is reduced to the few exact numbers the figures need (annual
basic and complementary pay in the report's currency, and hours), then to
hourly pay as fractions: annual / (hours_per_week × 52). Nothing is rounded
but the figures themselves, each once, half up to 2 places; no float is used.

Memory holds, per woman and man, a few whole numbers (total annual pay in
minor units, an index of their hours, their gender) and their
``employee_id`` (the ranking's tie-break); for those who receive
complementary pay, that pay; per category, running sums. Never a document.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import math
import os
from array import array
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from ..budget.ledger import MAX_LISTED_REJECTED
from ..codec.sources import RejectedRecord
from ..errors import Problem, RuleViolation, TokencompError
from ..model.arguments import check_argument
from ..model.money import Money, in_context, minor_unit, round_half_up, rounded_quotient
from ..reference.fx import FxRate, RateTable
from ..reference.rate_files import default_rates
from ..reports.summary import summarize
from .policy import EU_POLICY, PayClass, PayPolicy, classify_pay
from .report import CategoryGap, PayGapReport, QuartileBand
from .workforce import Gender, Worker, workers_of

__all__ = ["WorkerPay", "pay_gap", "pay_gap_of", "worker_pay"]

#: Weeks a year: hourly pay is annual pay / (hours_per_week × 52) (workforce contract v1).
WEEKS_A_YEAR = 52
_PLACES = 2
_HUNDRED = Fraction(100)


@attrs.frozen
class WorkerPay:
    """What one worker brings to the figures: annual pay by class, in the report's currency, and hours.

    Attributes:
        employee_id: The worker's id.
        gender: The worker's gender.
        category: The worker's category.
        hours_per_week: Contracted hours a week.
        basic: Annual basic pay, each component rounded to the minor unit as a summary rounds it.
        complementary: Annual complementary or variable pay, likewise.
        fx: The exchange rates used, each with its date and source.

    >>> from decimal import Decimal
    >>> from tokencomp import Gender, WorkerPay
    >>> pay = WorkerPay("e1", Gender.FEMALE, "A", Decimal("37.5"), Decimal("39000.00"), Decimal("1950.00"))
    >>> pay.total, pay.hourly(pay.total)
    (Decimal('40950.00'), Fraction(21, 1))
    """

    employee_id: str
    gender: Gender
    category: str
    hours_per_week: Decimal
    basic: Decimal
    complementary: Decimal
    fx: tuple[FxRate, ...] = ()

    @property
    def total(self) -> Decimal:
        """Annual basic + complementary pay."""
        return self.basic + self.complementary

    def hourly(self, annual: Decimal) -> Fraction:
        """*annual* pay as exact hourly pay: annual / (hours_per_week × 52)."""
        return Fraction(annual) / (Fraction(self.hours_per_week) * WEEKS_A_YEAR)


def _converted(money: Money, currency: str, on: datetime.date, rates: RateTable) -> tuple[Decimal, FxRate | None]:
    """*money* in *currency* at *on*'s rate, rounded once to the minor unit, as a summary converts a figure.

    Returns the figure and the rate used (``None`` in the same currency).
    """
    digits = minor_unit(currency)
    if money.currency == currency:
        return round_half_up(money.amount, digits), None
    used, numerator, denominator = rates.rate_fraction(money.currency, currency, on)
    amount_numerator, amount_denominator = money.amount.as_integer_ratio()
    return rounded_quotient(amount_numerator * numerator, amount_denominator * denominator, digits), used


@in_context
def worker_pay(
    worker: Worker,
    *,
    currency: str,
    reference_date: datetime.date,
    policy: PayPolicy | None = None,
    rates: RateTable | None = None,
) -> WorkerPay:
    """A worker's annual basic and complementary pay in *currency*, by *policy*, at *reference_date*.

    The package is summarized (:func:`~tokencomp.summarize`, converted at the
    reference date) and its figures added up by class
    (:func:`~tokencomp.transparency.policy.classify_pay`); when the worker's
    ``paid`` is given, it replaces the package, converted the same way.

    Raises:
        RateNotFoundError: A currency has no rate on the reference date.

    >>> import datetime
    >>> from decimal import Decimal
    >>> from tokencomp import Bonus, Gender, Money, Offer, Salary, Worker, worker_pay
    >>> offer = Offer("o1", "2026-01-01", "USD", Salary(Money("60000.00", "USD"), "year"),
    ...               bonus=Bonus(target_percent=Decimal("10")))
    >>> worker = Worker("e1", Gender.MALE, "A", Decimal("40"), offer)
    >>> pay = worker_pay(worker, currency="EUR", reference_date=datetime.date(2026, 4, 1))
    >>> pay.basic, pay.complementary
    (Decimal('51701.85'), Decimal('5170.19'))
    """
    table = rates or default_rates()
    if worker.paid is not None:
        basic, basic_rate = _converted(worker.paid.basic, currency, reference_date, table)
        complementary, complementary_rate = _converted(worker.paid.complementary, currency, reference_date, table)
        fx = tuple(dict.fromkeys(rate for rate in (basic_rate, complementary_rate) if rate is not None))
    else:
        summary = summarize(worker.offer, currency, reference_date, table)
        budget = worker.offer.token_budget
        personal = budget is not None and bool(budget.personal_use)
        classified = classify_pay(summary, personal_use=personal, policy=policy)
        basic = sum((f.amount for f in classified if f.pay_class is PayClass.BASIC), Decimal(0))
        complementary = sum((f.amount for f in classified if f.pay_class is PayClass.COMPLEMENTARY), Decimal(0))
        fx = summary.fx
    return WorkerPay(
        worker.employee_id, worker.gender, worker.category, worker.hours_per_week, basic, complementary, fx
    )


class _Whole:
    """A growing column of whole numbers: 8 bytes each in an array, a list of ints once one is past 64 bits."""

    __slots__ = ("values",)

    def __init__(self) -> None:
        self.values: array[int] | list[int] = array("q")

    def append(self, value: int) -> None:
        try:
            self.values.append(value)
        except OverflowError:
            self.values = [*self.values, value]


class _Tally:
    """What the figures need of the workers seen so far, a few whole numbers a worker.

    For each woman and man: the total annual pay in minor units, the index of
    their hours among the distinct hours seen, their gender and their id (the
    ranking's tie-break). For those receiving complementary pay, that pay
    likewise. Per category, gender and hours: running sums. Hourly pay is
    minor units × a whole multiplier per hours (:meth:`multipliers`), so that
    every comparison and sum is on whole numbers; the gaps are ratios, in which
    the common scale cancels.
    """

    def __init__(self, currency: str) -> None:
        self.scale: int = 10 ** minor_unit(currency)
        self.other = 0
        self.left_out = LeftOut()
        self.fx = RatesUsed()
        self.hours: dict[Decimal, int] = {}
        self.totals = _Whole()
        self.hours_of = array("I")
        self.female = bytearray()
        self.ids: list[str] = []
        self.receivers = {True: (_Whole(), array("I")), False: (_Whole(), array("I"))}
        # (category, is a woman, hours index) -> [workers, basic, complementary] in minor units.
        self.sums: dict[tuple[str, bool, int], list[int]] = {}

    def minor(self, amount: Decimal) -> int:
        """*amount*, at the currency's minor unit (as every figure of a summary is), in minor units."""
        numerator, denominator = amount.as_integer_ratio()
        units, rest = divmod(numerator * self.scale, denominator)
        assert not rest  # rounded to the minor unit by summarize or the conversion of paid
        return units

    def add(self, pay: WorkerPay) -> None:
        if pay.gender not in (Gender.FEMALE, Gender.MALE):
            self.other += 1
            return
        female = pay.gender is Gender.FEMALE
        hours = self.hours.setdefault(pay.hours_per_week, len(self.hours))
        basic, complementary = self.minor(pay.basic), self.minor(pay.complementary)
        self.totals.append(basic + complementary)
        self.hours_of.append(hours)
        self.female.append(female)
        self.ids.append(pay.employee_id)
        if complementary > 0:
            amounts, hours_of = self.receivers[female]
            amounts.append(complementary)
            hours_of.append(hours)
        sums = self.sums.get((pay.category, female, hours))
        if sums is None:
            sums = self.sums[pay.category, female, hours] = [0, 0, 0]
        sums[0] += 1
        sums[1] += basic
        sums[2] += complementary

    def multipliers(self) -> list[int]:
        """For each hours index, the whole number that makes minor units comparable hourly pay.

        Hourly pay is units / scale × q / p with hours × 52 = p / q; with L the
        least common multiple of every p, units × q × (L / p) is hourly pay × L × scale.
        """
        ratios = [Fraction(hours) * WEEKS_A_YEAR for hours in self.hours]
        common = math.lcm(*(r.numerator for r in ratios)) if ratios else 1
        return [r.denominator * (common // r.numerator) for r in ratios]


def _gap(men: Fraction | None, women: Fraction | None, who: str) -> tuple[Decimal | None, str | None]:
    """(men − women) / men × 100, rounded half up to 2 places; or ``None`` and why."""
    if men is None:
        return None, f"no men {who}"
    if women is None:
        return None, f"no women {who}"
    if men == 0:
        return None, f"the men's pay {who} is zero"
    return round_half_up((men - women) / men * _HUNDRED, _PLACES), None


def _percent(part: int, whole: int) -> Decimal | None:
    return round_half_up(Fraction(part * 100, whole), _PLACES) if whole else None


def _median(values: list[int]) -> Fraction | None:
    """The median of sorted *values*: the mean of the two middle ones for an even count."""
    if not values:
        return None
    middle = len(values) // 2
    return Fraction(values[middle]) if len(values) % 2 else Fraction(values[middle - 1] + values[middle], 2)


def _mean(total: int, count: int) -> Fraction | None:
    return Fraction(total, count) if count else None


class _Ranking:
    """Women and men by total hourly pay ascending, then by ``employee_id``: the medians of (c), the bands of (f).

    *ranked* holds each worker's pay (as :meth:`_Tally.multipliers` scales it)
    times 2, plus 1 for a woman: sorted whole numbers, ties by gender; a tie
    that straddles a band's edge is put in ``employee_id`` order by :meth:`women_before`.
    """

    def __init__(self, tally: _Tally, multipliers: list[int]) -> None:
        self.tally, self.multipliers = tally, multipliers
        totals, hours_of, female = tally.totals.values, tally.hours_of, tally.female
        self.ranked = sorted((totals[i] * multipliers[hours_of[i]]) << 1 | female[i] for i in range(len(female)))
        self.women = sum(female)

    def median(self, female: bool) -> Fraction | None:
        """The median pay of the women (or men), walking the ranking rather than copying it."""
        count = self.women if female else len(self.ranked) - self.women
        if not count:
            return None
        wanted = {(count - 1) // 2, count // 2}  # one place for an odd count, the two middle ones for an even
        found = []
        seen = 0
        for value in self.ranked:
            if value & 1 == female:
                if seen in wanted:
                    found.append(value >> 1)
                    if len(found) == len(wanted):
                        break
                seen += 1
        return Fraction(sum(found), len(found))

    def women_before(self, position: int) -> int:
        """How many women the first *position* places of the ranking hold, ties in ``employee_id`` order."""
        if position <= 0:
            return 0
        if position >= len(self.ranked):
            return self.women
        pay = self.ranked[position] >> 1
        start = bisect.bisect_left(self.ranked, pay << 1)  # where the workers paid *pay* begin
        below = sum(value & 1 for value in itertools.islice(self.ranked, start))
        if start == position:
            return below
        tally, multipliers = self.tally, self.multipliers
        totals, hours_of = tally.totals.values, tally.hours_of
        tied = sorted(
            (tally.ids[i], tally.female[i])
            for i in range(len(tally.female))
            if totals[i] * multipliers[hours_of[i]] == pay
        )
        return below + sum(female for _, female in tied[: position - start])


def _quartiles(ranking: _Ranking) -> tuple[QuartileBand, ...]:
    n = len(ranking.ranked)
    edges = [ranking.women_before(n * quartile // 4) for quartile in range(5)]
    bands = []
    for quartile in range(1, 5):
        size = n * quartile // 4 - n * (quartile - 1) // 4
        women = edges[quartile] - edges[quartile - 1]
        bands.append(QuartileBand(quartile, size, _percent(women, size), _percent(size - women, size)))
    return tuple(bands)


def _category(name: str, sums: dict[bool, list[int]], min_group: int) -> CategoryGap:
    """The gap in one category from its sums: [workers, basic, complementary] for women (True) and men."""
    women, men = sums[True], sums[False]
    if women[0] < min_group or men[0] < min_group:
        return CategoryGap(name, women[0], men[0], suppressed=True)
    figures, reasons = {}, []
    for figure, parts in (("mean_gap", (1, 2)), ("basic_mean_gap", (1,)), ("complementary_mean_gap", (2,))):
        mean_men = _mean(sum(men[p] for p in parts), men[0])
        mean_women = _mean(sum(women[p] for p in parts), women[0])
        figures[figure], reason = _gap(mean_men, mean_women, "in the category")
        if reason is not None:
            reasons.append((figure, reason))
    mean_gap = figures["mean_gap"]
    joint = mean_gap is not None and abs(mean_gap) >= 5
    return CategoryGap(name, women[0], men[0], False, **figures, joint_assessment=joint, reasons=tuple(reasons))


def _report(tally: _Tally, currency: str, on: datetime.date, policy: PayPolicy, min_group: int) -> PayGapReport:
    multipliers = tally.multipliers()
    # Per category and gender: [workers, basic, complementary], hourly and scaled.
    categories: dict[str, dict[bool, list[int]]] = {}
    for (category, female, hours), (count, basic, complementary) in tally.sums.items():
        sums = categories.setdefault(category, {True: [0, 0, 0], False: [0, 0, 0]})[female]
        sums[0] += count
        sums[1] += basic * multipliers[hours]
        sums[2] += complementary * multipliers[hours]
    everyone = {female: [sum(c[female][p] for c in categories.values()) for p in range(3)] for female in (True, False)}
    reasons: list[tuple[str, str]] = []

    def noted(figure: str, found: tuple[Decimal | None, str | None]) -> Decimal | None:
        if found[1] is not None:
            reasons.append((figure, found[1]))
        return found[0]

    ranking = _Ranking(tally, multipliers)
    women, men = everyone[True], everyone[False]
    workers = "among the workers"
    mean_gap = noted("mean_gap", _gap(_mean(men[1] + men[2], men[0]), _mean(women[1] + women[2], women[0]), workers))
    median_gap = noted("median_gap", _gap(ranking.median(False), ranking.median(True), workers))
    received = {
        female: sorted(amount * multipliers[hours] for amount, hours in zip(amounts.values, hours_of, strict=True))
        for female, (amounts, hours_of) in tally.receivers.items()
    }
    receiving = "receiving complementary pay"
    complementary_mean = noted(
        "complementary_mean_gap",
        _gap(
            _mean(sum(received[False]), len(received[False])),
            _mean(sum(received[True]), len(received[True])),
            receiving,
        ),
    )
    complementary_median = noted(
        "complementary_median_gap", _gap(_median(received[False]), _median(received[True]), receiving)
    )
    female_receiving = _percent(len(received[True]), women[0])
    if female_receiving is None:
        reasons.append(("female_receiving_complementary", "no women among the workers"))
    male_receiving = _percent(len(received[False]), men[0])
    if male_receiving is None:
        reasons.append(("male_receiving_complementary", "no men among the workers"))
    return PayGapReport(
        currency=currency,
        reference_date=on,
        policy=policy,
        min_group=min_group,
        female=women[0],
        male=men[0],
        other=tally.other,
        left_out=tuple(tally.left_out.listed),
        more_left_out=tally.left_out.more,
        fx=tally.fx.used(),
        mean_gap=mean_gap,
        median_gap=median_gap,
        complementary_mean_gap=complementary_mean,
        complementary_median_gap=complementary_median,
        female_receiving_complementary=female_receiving,
        male_receiving_complementary=male_receiving,
        quartiles=_quartiles(ranking),
        categories=tuple(_category(name, categories[name], min_group) for name in sorted(categories)),
        reasons=tuple(reasons),
    )


def check_report_arguments(
    currency: str, reference_date: datetime.date | str, min_group: int, policy: PayPolicy | None
) -> tuple[datetime.date, PayPolicy]:
    """The reference date as a date and the policy (the EU default); every argument checked.

    Raises:
        UnknownCurrencyError: *currency* is not an ISO 4217 code.
        RuleViolation: *reference_date*, *min_group* or *policy* is of a wrong type, or *min_group* is below 1.
    """
    minor_unit(currency)
    on = check_argument("reference_date", reference_date, datetime.date)
    if type(min_group) is not int or min_group < 1:
        raise RuleViolation(
            [Problem("/min_group", "not-positive", f"min_group must be a whole number above 0: {min_group!r}")]
        )
    policy = EU_POLICY if policy is None else check_argument("policy", policy, PayPolicy)
    return on, policy


class LeftOut:
    """The lines kept out of the figures: the first :data:`~tokencomp.budget.ledger.MAX_LISTED_REJECTED`
    listed, the rest counted, so that memory stays bounded whatever a file holds."""

    __slots__ = ("listed", "more")

    def __init__(self) -> None:
        self.listed: list[RejectedRecord] = []
        self.more = 0

    def append(self, rejected: RejectedRecord) -> None:
        if len(self.listed) < MAX_LISTED_REJECTED:
            self.listed.append(rejected)
        else:
            self.more += 1


class RatesUsed:
    """The exchange rates the workers' pay was converted at, each once, in the order first used."""

    __slots__ = ("rates",)

    def __init__(self) -> None:
        self.rates: dict[tuple[str, str, datetime.date], FxRate] = {}

    def add(self, used: tuple[FxRate, ...]) -> None:
        for rate in used:
            self.rates.setdefault((rate.from_currency, rate.to_currency, rate.date), rate)

    def used(self) -> tuple[FxRate, ...]:
        return tuple(self.rates.values())


def each_pay(
    workers: Iterable[Worker | RejectedRecord | Mapping[str, Any]] | os.PathLike[str],
    *,
    currency: str,
    reference_date: datetime.date,
    policy: PayPolicy,
    rates: RateTable | None,
) -> Iterator[WorkerPay | RejectedRecord]:
    """Each good worker's pay, and each rejected line; a worker whose pay cannot be worked out is rejected too."""
    table = rates or default_rates()
    for worker in workers_of(workers):
        if isinstance(worker, RejectedRecord):
            yield worker
            continue
        try:
            yield worker_pay(worker, currency=currency, reference_date=reference_date, policy=policy, rates=table)
        except TokencompError as exc:
            problem = Problem("", "pay-not-computed", f"the pay of {worker.employee_id!r} cannot be worked out: {exc}")
            yield RejectedRecord((problem,), line=worker.line)


@in_context
def pay_gap_of(
    pays: Iterable[WorkerPay | RejectedRecord],
    *,
    currency: str,
    reference_date: datetime.date | str,
    min_group: int = 5,
    policy: PayPolicy | None = None,
) -> PayGapReport:
    """The report of :func:`pay_gap` from workers' pay already worked out (:func:`worker_pay`), read once.

    For a pay-gap computed in parts: each worker's pay where the worker is
    (a Spark executor, a database), the figures here, from the few numbers
    of each :class:`WorkerPay`. Every pay must be in *currency*, worked out
    at *reference_date* by *policy*; rejected lines are counted in ``left_out``.

    Raises:
        UnknownCurrencyError: *currency* is not an ISO 4217 code.
        RuleViolation: An argument is of a wrong type, or *min_group* is below 1.

    >>> import datetime
    >>> from decimal import Decimal
    >>> from tokencomp import Gender, WorkerPay, pay_gap_of
    >>> pays = [WorkerPay("f1", Gender.FEMALE, "A", Decimal("40"), Decimal("41600.00"), Decimal("0.00")),
    ...         WorkerPay("m1", Gender.MALE, "A", Decimal("40"), Decimal("52000.00"), Decimal("0.00"))]
    >>> pay_gap_of(pays, currency="EUR", reference_date=datetime.date(2026, 12, 31)).mean_gap
    Decimal('20.00')
    """
    on, policy = check_report_arguments(currency, reference_date, min_group, policy)
    tally = _Tally(currency)
    for pay in pays:
        if isinstance(pay, RejectedRecord):
            tally.left_out.append(pay)
            continue
        if pay.fx:
            tally.fx.add(pay.fx)
        tally.add(pay)
    return _report(tally, currency, on, policy, min_group)


@in_context
def pay_gap(
    workers: Iterable[Worker | RejectedRecord | Mapping[str, Any]] | os.PathLike[str],
    *,
    currency: str,
    reference_date: datetime.date | str,
    min_group: int = 5,
    policy: PayPolicy | None = None,
    rates: RateTable | None = None,
) -> PayGapReport:
    """The gender pay gap of *workers* (EU Directive 2023/970, Art. 9(1) (a)-(g)), in *currency*.

    Args:
        workers: The workforce: a workforce file's path, or what
            :func:`~tokencomp.transparency.workforce.read_workforce` reads from one (workers and rejected
            lines), or workforce lines parsed (dicts), read one at a time. A rejected line is kept out
            of every figure and counted in ``left_out``.
        currency: The currency of the figures; each worker's pay is converted at *reference_date*.
        reference_date: The date of the packages and the exchange rates (a date or ISO 8601 text).
        min_group: A category with fewer women or men shows its counts alone (suppressed).
        policy: The classification of pay; the contract's EU table by default.
        rates: The exchange rates; the embedded ECB snapshot by default.

    A worker whose pay cannot be worked out (no exchange rate for its
    currency on the reference date) is left out too, with why.

    Raises:
        UnknownCurrencyError: *currency* is not an ISO 4217 code.
        RuleViolation: An argument is of a wrong type, or *min_group* is below 1.

    >>> from tokencomp import pay_gap, read_workforce
    >>> def line(who, gender, salary):
    ...     return (f'{{"schema_version": "1", "employee_id": "{who}", "gender": "{gender}", "category": "A", '
    ...             f'"hours_per_week": "40", "offer": {{"schema_version": "1", "id": "{who}", '
    ...             f'"effective_date": "2026-01-01", "currency": "EUR", "salary": {{"rate": '
    ...             f'{{"amount": "{salary}", "currency": "EUR"}}, "period": "year"}}}}}}')
    >>> workforce = "\\n".join([line("f1", "female", "45000.00"), line("m1", "male", "50000.00")])
    >>> report = pay_gap(read_workforce(workforce), currency="EUR", reference_date="2026-12-31")
    >>> report.mean_gap, report.complementary_mean_gap, report.reason("complementary_mean_gap")
    (Decimal('10.00'), None, 'no men receiving complementary pay')
    """
    on, policy = check_report_arguments(currency, reference_date, min_group, policy)
    pays = each_pay(workers, currency=currency, reference_date=on, policy=policy, rates=rates)
    return pay_gap_of(pays, currency=currency, reference_date=on, min_group=min_group, policy=policy)
