"""Offers from Merge HRIS ``Employment`` objects.

Merge's unified HRIS API gives each employment a pay rate, the period it is
paid per and the currency. The mapping:

============================  ==========================================================
Merge                         offer-v1
============================  ==========================================================
``id`` (else ``remote_id``)   ``id``
``effective_date``            ``effective_date``: the timestamp's calendar date
                              (:func:`~tokencomp.importers.calendar_date`);
                              ``effective_date=`` when the record has none
``pay_currency``              ``currency`` and ``salary.rate.currency``
``pay_rate``                  ``salary.rate.amount``, read from its decimal text
``pay_period``                ``salary.period``: HOUR, WEEK, MONTH, YEAR as they are;
                              EVERY_TWO_WEEKS × 26, SEMIMONTHLY × 24, QUARTER × 4,
                              EVERY_SIX_MONTHS × 2 to a year; DAY × ``days_per_year``
``pay_frequency``             ``salary.pay_frequency``: WEEKLY, BIWEEKLY, SEMIMONTHLY,
                              MONTHLY; the others are left out
``job_title``                 ``role.title``
============================  ==========================================================

``metadata`` keeps the source's values as they were: ``source`` (``merge``),
``merge_id``, ``merge_remote_id``, ``merge_employee``, ``merge_pay_rate``,
``merge_pay_period``, ``merge_pay_frequency``, ``merge_effective_date``.

``pay_rate`` is a JSON number in Merge's responses (``185000.0``); it is read
from its decimal text, never through a binary float, so ``42.5`` is exactly
``42.5``. A record without a pay rate, period or currency is rejected, not
guessed.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from ..codec.sources import shown
from ..errors import RecordRejectedError
from ..model.components import PayFrequency, SalaryPeriod
from ..model.limits import decimal_problems
from . import ImportResult, SourceShape, annual_rate, calendar_date, read_records

__all__ = ["DIRECT_PERIODS", "PER_YEAR", "SHAPE", "merge_document", "read_merge"]

#: A Merge ``Employment`` object has at least one of these keys (an offer document has none).
SHAPE = SourceShape(
    "a Merge employments response",
    frozenset({"remote_id", "employee", "job_title", "pay_rate", "pay_period", "pay_frequency", "pay_currency",
               "pay_group", "flsa_status", "employment_type", "remote_was_deleted", "field_mappings"}),
)  # fmt: skip

#: Merge pay periods the contract names.
DIRECT_PERIODS = {
    "HOUR": SalaryPeriod.HOUR,
    "WEEK": SalaryPeriod.WEEK,
    "MONTH": SalaryPeriod.MONTH,
    "YEAR": SalaryPeriod.YEAR,
}
#: How many of each Merge pay period the contract does not name are paid in a year.
PER_YEAR = {"EVERY_TWO_WEEKS": 26, "SEMIMONTHLY": 24, "QUARTER": 4, "EVERY_SIX_MONTHS": 2}
_FREQUENCIES = {
    "WEEKLY": PayFrequency.WEEKLY,
    "BIWEEKLY": PayFrequency.BIWEEKLY,
    "SEMIMONTHLY": PayFrequency.SEMIMONTHLY,
    "MONTHLY": PayFrequency.MONTHLY,
}


def _text(value: object) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def _pay_rate(value: object) -> Decimal:
    if value is None:
        raise RecordRejectedError(
            "pay_rate is null: a record without a pay rate is not imported (tokencomp does not guess a salary)"
        )
    if isinstance(value, float):  # parsed by a float parser: its decimal text is already lost
        raise RecordRejectedError("pay_rate was read as a binary float: parse the JSON with Decimal numbers")
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        raise RecordRejectedError(f"pay_rate must be a number, got {shown(value)}")
    try:
        rate = Decimal(value)
    except ArithmeticError:
        raise RecordRejectedError(f"pay_rate {shown(value)} is not a number") from None
    if not rate.is_finite():  # "NaN", "sNaN", "Infinity": no pay rate, and sNaN stops any arithmetic
        raise RecordRejectedError(f"pay_rate {shown(value)} is not a finite number")
    # Bounded before any arithmetic: "1e999999999" would be a figure of a billion digits once multiplied out.
    for problem in decimal_problems(rate):
        raise RecordRejectedError(f"pay_rate {shown(value)}: {problem.message}")
    return rate


def merge_document(
    record: Any, *, effective_date: datetime.date | None = None, days_per_year: int | None = None
) -> dict[str, Any]:
    """Return the offer-v1 document of one Merge ``Employment`` object (not yet validated).

    Raises:
        RecordRejectedError: The record has no pay rate, period, currency or date, or a period with no rule.

    >>> from tokencomp.codec.converter import parse_json
    >>> record = parse_json('{"id": "e1", "pay_rate": 42.5, "pay_period": "EVERY_TWO_WEEKS", '
    ...                     '"pay_currency": "USD", "effective_date": "2026-04-01T00:00:00Z"}')
    >>> merge_document(record)["salary"]
    {'rate': {'amount': '1105.0', 'currency': 'USD'}, 'period': 'year'}
    """
    if not isinstance(record, dict):
        raise RecordRejectedError(f"expected an Employment object, got {type(record).__name__}")
    rate = _pay_rate(record.get("pay_rate"))
    period = record.get("pay_period")
    if not isinstance(period, str):
        raise RecordRejectedError(f"pay_period is {period!r}: a pay rate means nothing without its period")
    amount, salary_period = annual_rate(
        rate, period, "pay_period", direct=DIRECT_PERIODS, per_year=PER_YEAR, daily="DAY", days_per_year=days_per_year
    )
    currency = record.get("pay_currency")
    if not isinstance(currency, str):
        raise RecordRejectedError(f"pay_currency is {currency!r}: a pay rate means nothing without its currency")
    ident = record.get("id") or record.get("remote_id")
    if not isinstance(ident, str):
        raise RecordRejectedError("the record has neither id nor remote_id")
    when = record.get("effective_date")
    if when is None and effective_date is None:
        raise RecordRejectedError("effective_date is null: give --effective-date (effective_date=) for such records")
    salary: dict[str, Any] = {
        "rate": {"amount": format(amount, "f"), "currency": currency},
        "period": salary_period.value,
    }
    given = record.get("pay_frequency")
    frequency = _FREQUENCIES.get(given) if isinstance(given, str) else None
    if frequency is not None:
        salary["pay_frequency"] = frequency.value
    document: dict[str, Any] = {
        "id": ident,
        "effective_date": calendar_date(when, "effective_date") if when is not None else str(effective_date),
        "currency": currency,
        "salary": salary,
    }
    if isinstance(record.get("job_title"), str) and record["job_title"]:
        document["role"] = {"title": record["job_title"]}
    source = {
        "merge_id": record.get("id"),
        "merge_remote_id": record.get("remote_id"),
        "merge_employee": record.get("employee") if isinstance(record.get("employee"), str) else None,
        "merge_pay_rate": record.get("pay_rate"),
        "merge_pay_period": period,
        "merge_pay_frequency": record.get("pay_frequency"),
        "merge_effective_date": when,
    }
    document["metadata"] = {"source": "merge"} | {k: _text(v) for k, v in source.items() if v is not None}
    return document


def read_merge(
    data: bytes | str | Iterable[Any] | dict[str, Any],
    *,
    effective_date: datetime.date | None = None,
    days_per_year: int | None = None,
) -> ImportResult:
    """Import Merge ``Employment`` objects: a list page ``{"results": [...]}`` or a bare array.

    *data* is JSON text (read exactly: numbers as Decimal) or JSON already
    parsed that way. *effective_date* is the date of records that have none;
    *days_per_year* makes a DAY rate a year's pay.

    Raises:
        SourceError: *data* is not a Merge response: not JSON, no ``results`` array, a key given
            twice, a first record that is no ``Employment`` object (an offer, say).

    >>> from tokencomp import read_merge
    >>> result = read_merge('''{"results": [
    ...   {"id": "e1", "job_title": "Staff Engineer", "pay_rate": 185000.0, "pay_period": "YEAR",
    ...    "pay_frequency": "SEMIMONTHLY", "pay_currency": "USD", "effective_date": "2026-04-01T00:00:00Z"},
    ...   {"id": "e2", "pay_rate": null, "pay_period": "YEAR", "pay_currency": "USD"}]}''')
    >>> [(o.id, o.salary.rate.amount) for o in result.offers], [r.index for r in result.rejected]
    ([('e1', Decimal('185000.0'))], [1])
    """
    convert = functools.partial(merge_document, effective_date=effective_date, days_per_year=days_per_year)
    return read_records(data, "results", convert, SHAPE)
