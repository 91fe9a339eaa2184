"""The pay-gap report's figures as values (Art. 9(1) (a)-(g)), and their JSON form (workforce contract v1).

Every figure is a :class:`~decimal.Decimal` rounded half up to 2 places,
or ``None`` with a reason when it cannot be computed (no men, no
receivers); :meth:`PayGapReport.to_json` writes the contract's keys.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import attrs

from ..codec.converter import unstructure
from ..codec.sources import RejectedRecord
from ..reference.fx import FxRate
from .policy import PayPolicy

__all__ = ["CategoryGap", "PayGapReport", "QuartileBand"]


def _figure(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _reasons(reasons: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    return {"reasons": dict(reasons)} if reasons else {}


@attrs.frozen
class QuartileBand:
    """One quartile pay band (Art. 9(1)(f)): female and male workers ranked by total hourly pay.

    Attributes:
        quartile: 1 (lowest pay) to 4 (highest).
        workers: How many workers the band holds.
        female: The percentage of women in the band; ``None`` for an empty band.
        male: The percentage of men in the band; ``None`` for an empty band.

    >>> from decimal import Decimal
    >>> from tokencomp import QuartileBand
    >>> QuartileBand(1, 4, Decimal("75.00"), Decimal("25.00")).to_json()
    {'quartile': 1, 'female': '75.00', 'male': '25.00'}
    """

    quartile: int
    workers: int
    female: Decimal | None
    male: Decimal | None

    def to_json(self) -> dict[str, Any]:
        """The band as the contract writes it: ``{"quartile", "female", "male"}``."""
        return {"quartile": self.quartile, "female": _figure(self.female), "male": _figure(self.male)}


@attrs.frozen
class CategoryGap:
    """The gap in one category of workers (Art. 9(1)(g)), or its counts alone when suppressed.

    Attributes:
        category: The category, as the workforce file names it.
        female: How many women it holds.
        male: How many men it holds.
        suppressed: Fewer than the report's ``min_group`` women or men: the figures are not shown (all ``None``).
        mean_gap: The gap of mean total hourly pay.
        basic_mean_gap: The gap of mean basic hourly pay.
        complementary_mean_gap: The gap of mean complementary hourly pay (zeros included).
        joint_assessment: Whether the absolute *mean_gap* is 5.00 or more (Art. 10); ``None`` when suppressed.
        reasons: For each figure that is ``None`` while not suppressed, why: ``(figure, reason)`` pairs.

    >>> from tokencomp import CategoryGap
    >>> CategoryGap("Engineering", 3, 7, suppressed=True).to_json()
    {'category': 'Engineering', 'female': 3, 'male': 7, 'suppressed': True}
    """

    category: str
    female: int
    male: int
    suppressed: bool
    mean_gap: Decimal | None = None
    basic_mean_gap: Decimal | None = None
    complementary_mean_gap: Decimal | None = None
    joint_assessment: bool | None = None
    reasons: tuple[tuple[str, str], ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The category as the contract writes it; a suppressed one with its counts and ``"suppressed": true``."""
        counts = {"category": self.category, "female": self.female, "male": self.male}
        if self.suppressed:
            return {**counts, "suppressed": True}
        return {
            **counts,
            "mean_gap": _figure(self.mean_gap),
            "basic_mean_gap": _figure(self.basic_mean_gap),
            "complementary_mean_gap": _figure(self.complementary_mean_gap),
            "joint_assessment": bool(self.joint_assessment),
            **_reasons(self.reasons),
        }


@attrs.frozen
class PayGapReport:
    """The gender pay gap of a workforce (EU Directive 2023/970, Art. 9(1)), in one currency.

    Gaps are (men's − women's) / men's × 100, positive when men are paid
    more; percentages are of the workers concerned. All are rounded half up
    to 2 places.

    Attributes:
        currency: The currency every worker's pay was converted into.
        reference_date: The date of the packages and of the exchange rates.
        policy: The classification of pay used.
        min_group: The fewest women and men a category needs to show its figures.
        female: Women counted.
        male: Men counted.
        other: Workers counted who are neither (``non_binary``, ``undisclosed``): outside (a)-(g).
        left_out: The lines kept out of every figure, each with its line number and why (the first
            :data:`~tokencomp.budget.ledger.MAX_LISTED_REJECTED`).
        more_left_out: Lines kept out beyond those listed in *left_out*: counted, not kept.
        mean_gap: (a) The gap of mean total hourly pay.
        median_gap: (c) The gap of median total hourly pay.
        complementary_mean_gap: (b) The gap of mean complementary hourly pay, among those receiving any.
        complementary_median_gap: (d) The gap of median complementary hourly pay, among those receiving any.
        female_receiving_complementary: (e) The percentage of women who receive complementary pay.
        male_receiving_complementary: (e) The percentage of men who receive complementary pay.
        quartiles: (f) The four quartile pay bands, lowest first.
        categories: (g) Each category, by name.
        reasons: For each top-level figure that is ``None``, why: ``(figure, reason)`` pairs.
        fx: Every exchange rate used, with its date and source (in the JSON form when there is one).

    >>> from tokencomp import pay_gap, read_workforce
    >>> def line(who, gender, salary, hours="40"):
    ...     return (f'{{"schema_version": "1", "employee_id": "{who}", "gender": "{gender}", "category": "A", '
    ...             f'"hours_per_week": "{hours}", "offer": {{"schema_version": "1", "id": "{who}", '
    ...             f'"effective_date": "2026-01-01", "currency": "EUR", "salary": {{"rate": '
    ...             f'{{"amount": "{salary}", "currency": "EUR"}}, "period": "year"}}}}}}')
    >>> people = [line("f1", "female", "45000.00"), line("f2", "female", "26000.00", hours="20"),
    ...           line("m1", "male", "52000.00"), line("x1", "non_binary", "60000.00")]
    >>> report = pay_gap(read_workforce("\\n".join(people)), currency="EUR", reference_date="2026-12-31")
    >>> report.female, report.male, report.other, report.mean_gap, report.median_gap
    (2, 1, 1, Decimal('6.73'), Decimal('6.73'))
    >>> [(band.quartile, band.workers, band.female) for band in report.quartiles]
    [(1, 0, None), (2, 1, Decimal('100.00')), (3, 1, Decimal('100.00')), (4, 1, Decimal('0.00'))]
    """

    currency: str
    reference_date: datetime.date
    policy: PayPolicy
    min_group: int
    female: int
    male: int
    other: int
    left_out: tuple[RejectedRecord, ...]
    mean_gap: Decimal | None
    median_gap: Decimal | None
    complementary_mean_gap: Decimal | None
    complementary_median_gap: Decimal | None
    female_receiving_complementary: Decimal | None
    male_receiving_complementary: Decimal | None
    quartiles: tuple[QuartileBand, ...]
    categories: tuple[CategoryGap, ...]
    reasons: tuple[tuple[str, str], ...] = ()
    more_left_out: int = 0
    fx: tuple[FxRate, ...] = ()

    def reason(self, figure: str) -> str | None:
        """Why *figure* (a key of the JSON form, such as ``"mean_gap"``) is ``None``; ``None`` when it is not."""
        return dict(self.reasons).get(figure)

    def to_json(self) -> dict[str, Any]:
        """The report as the workforce contract writes it: figures as decimal strings, ``null`` with a reason."""
        return {
            "currency": self.currency,
            "reference_date": self.reference_date.isoformat(),
            "policy": self.policy.to_json(),
            "workers": {"female": self.female, "male": self.male, "other": self.other},
            "left_out": len(self.left_out) + self.more_left_out,
            "mean_gap": _figure(self.mean_gap),
            "median_gap": _figure(self.median_gap),
            "complementary_mean_gap": _figure(self.complementary_mean_gap),
            "complementary_median_gap": _figure(self.complementary_median_gap),
            "female_receiving_complementary": _figure(self.female_receiving_complementary),
            "male_receiving_complementary": _figure(self.male_receiving_complementary),
            "quartiles": [band.to_json() for band in self.quartiles],
            "categories": [category.to_json() for category in self.categories],
            **_reasons(self.reasons),
            **({"fx": [unstructure(rate) for rate in self.fx]} if self.fx else {}),
        }
