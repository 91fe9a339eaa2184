"""The pay-gap figures of a workforce (EU Directive 2023/970, Art. 9(1)), worked out exactly.

Each worker is reduced to the few exact numbers the figures need (annual
basic and complementary pay in the report's currency, and hours), then to
hourly pay as fractions: annual / (hours_per_week × 52). Nothing is rounded
but the figures themselves, each once, half up to 2 places; no float is used.

Memory holds, per worker, one ranked entry (total hourly pay and the
``employee_id``, for the medians and quartile bands) and, for those who
receive complementary pay, that pay; per category, running sums.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

import attrs

from ..codec.sources import RejectedRecord
from ..errors import Problem, RuleViolation, TokencompError
from ..model.arguments import check_argument
from ..model.money import Money, in_context, minor_unit, round_half_up, rounded_quotient
from ..reference.fx import RateTable
from ..reference.rate_files import default_rates
from ..reports.summary import summarize
from .policy import EU_POLICY, PayClass, PayPolicy, classify_pay
from .report import CategoryGap, PayGapReport, QuartileBand
from .workforce import Gender, Worker

__all__ = ["WorkerPay", "pay_gap", "worker_pay"]

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

    @property
    def total(self) -> Decimal:
        """Annual basic + complementary pay."""
        return self.basic + self.complementary

    def hourly(self, annual: Decimal) -> Fraction:
        """*annual* pay as exact hourly pay: annual / (hours_per_week × 52)."""
        return Fraction(annual) / (Fraction(self.hours_per_week) * WEEKS_A_YEAR)


def _converted(money: Money, currency: str, on: datetime.date, rates: RateTable) -> Decimal:
    """*money* in *currency* at *on*'s rate, rounded once to the minor unit, as a summary converts a figure."""
    digits = minor_unit(currency)
    if money.currency == currency:
        return round_half_up(money.amount, digits)
    _, numerator, denominator = rates.rate_fraction(money.currency, currency, on)
    amount_numerator, amount_denominator = money.amount.as_integer_ratio()
    return rounded_quotient(amount_numerator * numerator, amount_denominator * denominator, digits)


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
        basic = _converted(worker.paid.basic, currency, reference_date, table)
        complementary = _converted(worker.paid.complementary, currency, reference_date, table)
    else:
        summary = summarize(worker.offer, currency, reference_date, table)
        budget = worker.offer.token_budget
        personal = budget is not None and bool(budget.personal_use)
        classified = classify_pay(summary, personal_use=personal, policy=policy)
        basic = sum((f.amount for f in classified if f.pay_class is PayClass.BASIC), Decimal(0))
        complementary = sum((f.amount for f in classified if f.pay_class is PayClass.COMPLEMENTARY), Decimal(0))
    return WorkerPay(worker.employee_id, worker.gender, worker.category, worker.hours_per_week, basic, complementary)


class _Sums:
    """Running sums of one group's hourly pay (a gender in a category): its count, basic and complementary."""

    __slots__ = ("basic", "complementary", "count")

    def __init__(self) -> None:
        self.count, self.basic, self.complementary = 0, Fraction(0), Fraction(0)

    def add(self, basic: Fraction, complementary: Fraction) -> None:
        self.count += 1
        self.basic += basic
        self.complementary += complementary

    def mean(self, part: str) -> Fraction | None:
        """The mean hourly pay of *part* (``basic``, ``complementary``, ``total``); ``None`` for no workers."""
        if not self.count:
            return None
        value = self.basic + self.complementary if part == "total" else getattr(self, part)
        return value / self.count


class _Tally:
    """What the figures need of the workers seen so far: counts, ranked totals, receivers, category sums."""

    def __init__(self) -> None:
        self.other = 0
        self.left_out: list[RejectedRecord] = []
        # (total hourly pay, employee_id, is a woman): sorted, the ranking of (f) and the medians of (c).
        self.ranked: list[tuple[Fraction, str, bool]] = []
        self.receivers: dict[bool, list[Fraction]] = {True: [], False: []}
        self.categories: dict[str, dict[bool, _Sums]] = {}

    def add(self, pay: WorkerPay) -> None:
        if pay.gender not in (Gender.FEMALE, Gender.MALE):
            self.other += 1
            return
        female = pay.gender is Gender.FEMALE
        basic, complementary = pay.hourly(pay.basic), pay.hourly(pay.complementary)
        self.ranked.append((basic + complementary, pay.employee_id, female))
        if complementary > 0:
            self.receivers[female].append(complementary)
        sums = self.categories.get(pay.category)
        if sums is None:
            sums = self.categories[pay.category] = {True: _Sums(), False: _Sums()}
        sums[female].add(basic, complementary)


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


def _median(values: list[Fraction]) -> Fraction | None:
    """The median of sorted *values*: the mean of the two middle ones for an even count."""
    if not values:
        return None
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def _mean(values: list[Fraction]) -> Fraction | None:
    return sum(values, Fraction(0)) / len(values) if values else None


def _quartiles(ranked: list[tuple[Fraction, str, bool]]) -> tuple[QuartileBand, ...]:
    n = len(ranked)
    bands = []
    for quartile in range(1, 5):
        band = ranked[n * (quartile - 1) // 4 : n * quartile // 4]
        women = sum(1 for entry in band if entry[2])
        bands.append(
            QuartileBand(quartile, len(band), _percent(women, len(band)), _percent(len(band) - women, len(band)))
        )
    return tuple(bands)


def _category(name: str, sums: dict[bool, _Sums], min_group: int) -> CategoryGap:
    women, men = sums[True], sums[False]
    if women.count < min_group or men.count < min_group:
        return CategoryGap(name, women.count, men.count, suppressed=True)
    figures, reasons = {}, []
    for figure, part in (
        ("mean_gap", "total"),
        ("basic_mean_gap", "basic"),
        ("complementary_mean_gap", "complementary"),
    ):
        figures[figure], reason = _gap(men.mean(part), women.mean(part), "in the category")
        if reason is not None:
            reasons.append((figure, reason))
    mean_gap = figures["mean_gap"]
    joint = mean_gap is not None and abs(mean_gap) >= 5
    return CategoryGap(name, women.count, men.count, False, **figures, joint_assessment=joint, reasons=tuple(reasons))


def _report(tally: _Tally, currency: str, on: datetime.date, policy: PayPolicy, min_group: int) -> PayGapReport:
    tally.ranked.sort()
    women = [entry[0] for entry in tally.ranked if entry[2]]
    men = [entry[0] for entry in tally.ranked if not entry[2]]
    reasons: list[tuple[str, str]] = []

    def noted(figure: str, found: tuple[Decimal | None, str | None]) -> Decimal | None:
        if found[1] is not None:
            reasons.append((figure, found[1]))
        return found[0]

    received = {female: sorted(values) for female, values in tally.receivers.items()}
    mean_gap = noted("mean_gap", _gap(_mean(men), _mean(women), "among the workers"))
    median_gap = noted("median_gap", _gap(_median(men), _median(women), "among the workers"))
    receiving = "receiving complementary pay"
    complementary_mean = noted("complementary_mean_gap", _gap(_mean(received[False]), _mean(received[True]), receiving))
    complementary_median = noted(
        "complementary_median_gap", _gap(_median(received[False]), _median(received[True]), receiving)
    )
    female_receiving = _percent(len(received[True]), len(women))
    if female_receiving is None:
        reasons.append(("female_receiving_complementary", "no women among the workers"))
    male_receiving = _percent(len(received[False]), len(men))
    if male_receiving is None:
        reasons.append(("male_receiving_complementary", "no men among the workers"))
    return PayGapReport(
        currency=currency,
        reference_date=on,
        policy=policy,
        min_group=min_group,
        female=len(women),
        male=len(men),
        other=tally.other,
        left_out=tuple(tally.left_out),
        mean_gap=mean_gap,
        median_gap=median_gap,
        complementary_mean_gap=complementary_mean,
        complementary_median_gap=complementary_median,
        female_receiving_complementary=female_receiving,
        male_receiving_complementary=male_receiving,
        quartiles=_quartiles(tally.ranked),
        categories=tuple(_category(name, tally.categories[name], min_group) for name in sorted(tally.categories)),
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


def each_pay(
    workers: Iterable[Worker | RejectedRecord],
    tally_left_out: list[RejectedRecord],
    *,
    currency: str,
    reference_date: datetime.date,
    policy: PayPolicy,
    rates: RateTable | None,
) -> Iterable[WorkerPay]:
    """Each good worker's pay; rejected lines, and workers whose pay cannot be worked out, into *tally_left_out*."""
    table = rates or default_rates()
    for worker in workers:
        if isinstance(worker, RejectedRecord):
            tally_left_out.append(worker)
            continue
        try:
            yield worker_pay(worker, currency=currency, reference_date=reference_date, policy=policy, rates=table)
        except TokencompError as exc:
            problem = Problem("", "pay-not-computed", f"the pay of {worker.employee_id!r} cannot be worked out: {exc}")
            tally_left_out.append(RejectedRecord((problem,), line=worker.line))


@in_context
def pay_gap(
    workers: Iterable[Worker | RejectedRecord],
    *,
    currency: str,
    reference_date: datetime.date | str,
    min_group: int = 5,
    policy: PayPolicy | None = None,
    rates: RateTable | None = None,
) -> PayGapReport:
    """The gender pay gap of *workers* (EU Directive 2023/970, Art. 9(1) (a)-(g)), in *currency*.

    Args:
        workers: The workforce, as :func:`~tokencomp.transparency.workforce.read_workforce` reads it: a
            rejected line is kept out of every figure and counted in ``left_out``; read one at a time.
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
    tally = _Tally()
    for pay in each_pay(workers, tally.left_out, currency=currency, reference_date=on, policy=policy, rates=rates):
        tally.add(pay)
    return _report(tally, currency, on, policy, min_group)
