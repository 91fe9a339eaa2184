"""Offers from Finch ``/employer/employment`` responses.

Finch answers a batch request with one response an individual:
``{"responses": [{"individual_id", "code", "body": {...}}]}``; the body's
``income`` is ``{unit, amount, currency, effective_date}``. The mapping:

=================================  ======================================================
Finch                              offer-v1
=================================  ======================================================
``individual_id``                  ``id``
``body.income.effective_date``     ``effective_date`` (a timestamp's calendar date);
                                   ``effective_date=`` when it is null
``body.income.currency``           ``currency`` and ``salary.rate.currency``, in capitals
``body.income.amount``             ``salary.rate.amount``: an integer of the currency's
                                   minor unit, scaled by ISO 4217's digits
``body.income.unit``               ``salary.period``: yearly, monthly, weekly, hourly as
                                   they are; semi_monthly × 24, bi_weekly × 26,
                                   quarterly × 4 to a year; daily × ``days_per_year``;
                                   ``fixed`` is rejected
``body.title``                     ``role.title``
=================================  ======================================================

Amounts are integers in the currency's minor unit, and the number of digits
comes from ISO 4217 (:func:`~tokencomp.model.money.minor_unit`), not from an
assumed 2: ``18500000`` USD is ``185000.00``, ``18500000`` JPY (no minor
unit) is ``18500000``, ``1234567`` BHD (three digits) is ``1234.567``.

``metadata`` keeps ``source`` (``finch``), ``finch_individual_id`` and the
income as sent (``finch_income_unit``, ``finch_income_amount``,
``finch_income_currency``, ``finch_income_effective_date``). A response whose
``code`` is not 200 is a rejected record with Finch's message; a body without
income is rejected, not guessed.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from ..errors import RecordRejectedError, UnknownCurrencyError
from ..model.components import SalaryPeriod
from ..model.money import minor_unit
from . import ImportResult, SourceShape, annual_rate, calendar_date, read_records

__all__ = ["DIRECT_UNITS", "PER_YEAR", "SHAPE", "finch_document", "minor_units_amount", "read_finch"]

#: A Finch employment response has at least one of these keys (an offer document has none).
SHAPE = SourceShape("a Finch employment response", frozenset({"individual_id", "code", "body"}))

#: Finch income units the contract names.
DIRECT_UNITS = {
    "hourly": SalaryPeriod.HOUR,
    "weekly": SalaryPeriod.WEEK,
    "monthly": SalaryPeriod.MONTH,
    "yearly": SalaryPeriod.YEAR,
}
#: How many of each Finch income unit the contract does not name are paid in a year.
PER_YEAR = {"bi_weekly": 26, "semi_monthly": 24, "quarterly": 4}


def minor_units_amount(amount: int, currency: str) -> Decimal:
    """Return an integer of *currency*'s minor unit as the amount it stands for, exactly.

    >>> minor_units_amount(18500000, "USD"), minor_units_amount(18500000, "JPY"), minor_units_amount(1234567, "BHD")
    (Decimal('185000.00'), Decimal('18500000'), Decimal('1234.567'))
    """
    return Decimal(amount).scaleb(-minor_unit(currency))


def _income(body: dict[str, Any]) -> dict[str, Any]:
    income = body.get("income")
    if not isinstance(income, dict) or income.get("amount") is None:
        raise RecordRejectedError(
            "income is null: a record without a pay rate is not imported (tokencomp does not guess a salary)"
        )
    return income


def finch_document(
    response: Any, *, effective_date: datetime.date | None = None, days_per_year: int | None = None
) -> dict[str, Any]:
    """Return the offer-v1 document of one Finch employment response (not yet validated).

    Raises:
        RecordRejectedError: A response that is not 200, no income, a ``fixed`` income, an amount that is
            not a whole number of minor units, or an unknown currency.

    >>> finch_document({"individual_id": "i1", "code": 200, "body": {"income": {
    ...     "unit": "yearly", "amount": 18500000, "currency": "jpy", "effective_date": "2026-04-01"}}})["salary"]
    {'rate': {'amount': '18500000', 'currency': 'JPY'}, 'period': 'year'}
    """
    if not isinstance(response, dict):
        raise RecordRejectedError(f"expected a response object, got {type(response).__name__}")
    code, body = response.get("code"), response.get("body")
    if code != 200:
        said = body.get("message") if isinstance(body, dict) else None
        raise RecordRejectedError(f"Finch answered {code} for this individual" + (f": {said}" if said else ""))
    if not isinstance(body, dict):
        raise RecordRejectedError("the response has no body")
    income = _income(body)
    unit, amount, currency = income.get("unit"), income.get("amount"), income.get("currency")
    if unit == "fixed":
        raise RecordRejectedError(
            "income unit 'fixed' is a one-off amount, not a rate: it has no period to make a salary of"
        )
    if type(amount) is not int:
        raise RecordRejectedError(f"income amount {amount!r} is not a whole number of the currency's minor unit")
    if not isinstance(currency, str):
        raise RecordRejectedError(f"income currency is {currency!r}: an amount means nothing without its currency")
    code_upper = currency.upper()
    try:
        exact = minor_units_amount(amount, code_upper)
    except UnknownCurrencyError as exc:
        raise RecordRejectedError(f"income currency: {exc}") from None
    rate, period = annual_rate(
        exact, str(unit), "income unit", direct=DIRECT_UNITS, per_year=PER_YEAR, daily="daily",
        days_per_year=days_per_year,
    )  # fmt: skip
    ident = response.get("individual_id") or body.get("id")
    if not isinstance(ident, str):
        raise RecordRejectedError("the response has no individual_id")
    when = income.get("effective_date")
    if when is None and effective_date is None:
        raise RecordRejectedError(
            "income effective_date is null: give --effective-date (effective_date=) for such records"
        )
    document: dict[str, Any] = {
        "id": ident,
        "effective_date": calendar_date(when, "effective_date") if when is not None else str(effective_date),
        "currency": code_upper,
        "salary": {"rate": {"amount": format(rate, "f"), "currency": code_upper}, "period": period.value},
    }
    if isinstance(body.get("title"), str) and body["title"]:
        document["role"] = {"title": body["title"]}
    source = {"finch_individual_id": ident, "finch_income_unit": unit, "finch_income_amount": amount,
              "finch_income_currency": currency, "finch_income_effective_date": when}  # fmt: skip
    document["metadata"] = {"source": "finch"} | {k: str(v) for k, v in source.items() if v is not None}
    return document


def read_finch(
    data: bytes | str | Iterable[Any] | dict[str, Any],
    *,
    effective_date: datetime.date | None = None,
    days_per_year: int | None = None,
) -> ImportResult:
    """Import a Finch ``/employer/employment`` answer: ``{"responses": [...]}`` or a bare array of responses.

    >>> from tokencomp import read_finch
    >>> result = read_finch('''{"responses": [
    ...   {"individual_id": "i1", "code": 200, "body": {"title": "Engineer", "income":
    ...     {"unit": "yearly", "amount": 18500000, "currency": "usd", "effective_date": "2026-04-01"}}},
    ...   {"individual_id": "i2", "code": 404, "body": {"message": "Individual not found"}}]}''')
    >>> [(o.id, str(o.salary.rate.amount)) for o in result.offers], [r.reason for r in result.rejected]
    ([('i1', '185000.00')], ['Finch answered 404 for this individual: Individual not found'])
    """
    convert = functools.partial(finch_document, effective_date=effective_date, days_per_year=days_per_year)
    return read_records(data, "responses", convert, SHAPE)
