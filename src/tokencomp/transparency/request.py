"""A worker's right to information (EU Directive 2023/970, Art. 7): their pay and their category's by gender.

For one worker: their own pay level, annual and hourly, basic and
complementary (and their total), and the mean pay levels of the women and
of the men in their category, with the report's suppression rule: a
category with fewer than ``min_group`` women or men shows its counts, not
its means.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from ..codec.converter import unstructure
from ..codec.sources import RejectedRecord
from ..errors import Problem, RuleViolation
from ..model.money import in_context, minor_unit, round_half_up
from ..reference.fx import FxRate, RateTable
from .figures import LeftOut, RatesUsed, WorkerPay, check_report_arguments, each_pay
from .policy import PayPolicy
from .workforce import Gender, Worker

__all__ = ["PayInfo", "PayLevels", "pay_info"]


@attrs.frozen
class PayLevels:
    """Pay levels, annual and hourly, in the report's currency, rounded half up to its minor unit.

    For a worker, their own pay; for a gender in a category, the mean over its workers (zeros included).

    Attributes:
        annual_basic: Basic pay a year.
        annual_complementary: Complementary or variable pay a year.
        annual_total: annual_basic + annual_complementary (for a mean: the mean of the totals, rounded once).
        hourly_basic: Basic pay an hour: annual / (hours_per_week × 52).
        hourly_complementary: Complementary pay an hour.
        hourly_total: Total pay an hour.

    >>> from decimal import Decimal
    >>> from tokencomp import PayLevels
    >>> PayLevels(*map(Decimal, ("52000.00", "0.00", "52000.00", "25.00", "0.00", "25.00"))).to_json()["hourly"]
    {'basic': '25.00', 'complementary': '0.00', 'total': '25.00'}
    """

    annual_basic: Decimal
    annual_complementary: Decimal
    annual_total: Decimal
    hourly_basic: Decimal
    hourly_complementary: Decimal
    hourly_total: Decimal

    def to_json(self) -> dict[str, dict[str, str]]:
        """``{"annual": {"basic", "complementary", "total"}, "hourly": {...}}``, figures as decimal strings."""
        return {
            "annual": {
                "basic": str(self.annual_basic),
                "complementary": str(self.annual_complementary),
                "total": str(self.annual_total),
            },
            "hourly": {
                "basic": str(self.hourly_basic),
                "complementary": str(self.hourly_complementary),
                "total": str(self.hourly_total),
            },
        }


@attrs.frozen
class PayInfo:
    """What a worker may ask to know (Art. 7): their pay and the mean pay of women and men in their category.

    Attributes:
        employee_id: The worker.
        gender: The worker's gender.
        category: The worker's category.
        currency: The currency of every figure.
        reference_date: The date of the packages and of the exchange rates.
        policy: The classification of pay used.
        min_group: The fewest women and men the category needs to show its means.
        pay: The worker's own pay levels.
        female: Women in the category.
        male: Men in the category.
        suppressed: Fewer than *min_group* women or men: the means are not shown.
        female_mean: The mean pay levels of the category's women; ``None`` when suppressed or there are none.
        male_mean: The mean pay levels of the category's men; likewise.
        left_out: The lines kept out, each with its line number and why (the first
            :data:`~tokencomp.budget.ledger.MAX_LISTED_REJECTED`).
        more_left_out: Lines kept out beyond those listed: counted, not kept.
        fx: Every exchange rate used, with its date and source.

    >>> from tokencomp import pay_info, read_workforce
    >>> def line(who, gender, salary):
    ...     return (f'{{"schema_version": "1", "employee_id": "{who}", "gender": "{gender}", "category": "A", '
    ...             f'"hours_per_week": "40", "offer": {{"schema_version": "1", "id": "{who}", '
    ...             f'"effective_date": "2026-01-01", "currency": "EUR", "salary": {{"rate": '
    ...             f'{{"amount": "{salary}", "currency": "EUR"}}, "period": "year"}}}}}}')
    >>> people = [line(f"f{n}", "female", "41600.00") for n in range(5)]
    >>> people += [line(f"m{n}", "male", f"{52000 + 2080 * n}.00") for n in range(5)]
    >>> info = pay_info(read_workforce("\\n".join(people)), "f0", currency="EUR", reference_date="2026-12-31")
    >>> info.pay.hourly_total, info.female_mean.hourly_total, info.male_mean.hourly_total, info.suppressed
    (Decimal('20.00'), Decimal('20.00'), Decimal('27.00'), False)
    """

    employee_id: str
    gender: Gender
    category: str
    currency: str
    reference_date: datetime.date
    policy: PayPolicy
    min_group: int
    pay: PayLevels
    female: int
    male: int
    suppressed: bool
    female_mean: PayLevels | None
    male_mean: PayLevels | None
    left_out: tuple[RejectedRecord, ...] = ()
    more_left_out: int = 0
    fx: tuple[FxRate, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The answer as JSON: the worker's pay, the category's counts and means (``null`` when suppressed)."""
        return {
            "employee_id": self.employee_id,
            "gender": self.gender.value,
            "category": self.category,
            "currency": self.currency,
            "reference_date": self.reference_date.isoformat(),
            "policy": self.policy.to_json(),
            "pay": self.pay.to_json(),
            "workers": {"female": self.female, "male": self.male},
            "suppressed": self.suppressed,
            "female_mean": None if self.female_mean is None else self.female_mean.to_json(),
            "male_mean": None if self.male_mean is None else self.male_mean.to_json(),
            "left_out": len(self.left_out) + self.more_left_out,
            **({"fx": [unstructure(rate) for rate in self.fx]} if self.fx else {}),
        }


class _Group:
    """Running sums of one gender in one category: annual pay exactly (Decimal), hourly pay exactly (Fraction)."""

    __slots__ = ("annual_basic", "annual_complementary", "count", "hourly_basic", "hourly_complementary")

    def __init__(self) -> None:
        self.count = 0
        self.annual_basic = self.annual_complementary = Decimal(0)
        self.hourly_basic = self.hourly_complementary = Fraction(0)

    def add(self, pay: WorkerPay) -> None:
        self.count += 1
        self.annual_basic += pay.basic
        self.annual_complementary += pay.complementary
        self.hourly_basic += pay.hourly(pay.basic)
        self.hourly_complementary += pay.hourly(pay.complementary)

    def levels(self, digits: int) -> PayLevels | None:
        if not self.count:
            return None
        return _levels(
            (Fraction(self.annual_basic), Fraction(self.annual_complementary)),
            (self.hourly_basic, self.hourly_complementary),
            digits,
            self.count,
        )


def _levels(
    annual: tuple[Fraction, Fraction], hourly: tuple[Fraction, Fraction], digits: int, count: int = 1
) -> PayLevels:
    figures = [value / count for value in (*annual, annual[0] + annual[1], *hourly, hourly[0] + hourly[1])]
    return PayLevels(*(round_half_up(value, digits) for value in figures))


@in_context
def pay_info(
    workers: Iterable[Worker | RejectedRecord | Mapping[str, Any]] | os.PathLike[str],
    employee_id: str,
    *,
    currency: str,
    reference_date: datetime.date | str,
    min_group: int = 5,
    policy: PayPolicy | None = None,
    rates: RateTable | None = None,
) -> PayInfo:
    """Answer the request of the worker *employee_id* (Art. 7), reading *workers* once.

    Pay is worked out as for :func:`~tokencomp.transparency.figures.pay_gap`
    (the same policy, conversion at the reference date); each figure is
    exact until rounded once, half up, to the currency's minor unit.

    Raises:
        RuleViolation: No worker has *employee_id* (``/employee_id``, ``no-such-worker``), or an
            argument is of a wrong type.
        UnknownCurrencyError: *currency* is not an ISO 4217 code.

    >>> from tokencomp import pay_info
    >>> pay_info([], "e1", currency="EUR", reference_date="2026-12-31")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tokencomp.errors.RuleViolation: /employee_id: no worker has the employee_id 'e1'
    """
    on, policy = check_report_arguments(currency, reference_date, min_group, policy)
    digits = minor_unit(currency)
    left_out, rates_used = LeftOut(), RatesUsed()
    groups: dict[tuple[str, bool], _Group] = {}
    found: WorkerPay | None = None
    for pay in each_pay(workers, currency=currency, reference_date=on, policy=policy, rates=rates):
        if isinstance(pay, RejectedRecord):
            left_out.append(pay)
            continue
        if pay.fx:
            rates_used.add(pay.fx)
        if pay.employee_id == employee_id:
            found = pay
        if pay.gender in (Gender.FEMALE, Gender.MALE):
            key = (pay.category, pay.gender is Gender.FEMALE)
            group = groups.get(key)
            if group is None:
                group = groups[key] = _Group()
            group.add(pay)
    if found is None:
        count = len(left_out.listed) + left_out.more
        said = f" ({count:,} lines were left out)" if count else ""
        message = f"no worker has the employee_id {employee_id!r}{said}"
        raise RuleViolation([Problem("/employee_id", "no-such-worker", message)])
    women, men = groups.get((found.category, True), _Group()), groups.get((found.category, False), _Group())
    suppressed = women.count < min_group or men.count < min_group
    own = _levels(
        (Fraction(found.basic), Fraction(found.complementary)),
        (found.hourly(found.basic), found.hourly(found.complementary)),
        digits,
    )
    return PayInfo(
        employee_id=found.employee_id,
        gender=found.gender,
        category=found.category,
        currency=currency,
        reference_date=on,
        policy=policy,
        min_group=min_group,
        pay=own,
        female=women.count,
        male=men.count,
        suppressed=suppressed,
        female_mean=None if suppressed else women.levels(digits),
        male_mean=None if suppressed else men.levels(digits),
        left_out=tuple(left_out.listed),
        more_left_out=left_out.more,
        fx=rates_used.used(),
    )
