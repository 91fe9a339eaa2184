"""How figures are said in text: money for a locale, ranges, "a year" and "an hour".

Every text the package writes for people (summaries, statements, comparisons,
postings, the command line) says its figures through these few functions, so
an amount is grouped and localised the same way everywhere, through babel,
from the exact Decimal.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from decimal import Decimal

from babel import Locale
from babel.numbers import format_currency, format_decimal

from .fx import FxRate
from .money import CONTEXT, PRECISION, Money, in_context

__all__ = ["format_amount", "format_money", "format_rate", "money_span", "per", "rate_dates", "span"]


def _holding(amount: Decimal | int) -> AbstractContextManager[decimal.Context]:
    """A copy of CONTEXT with the precision to write every digit of *amount*: babel works in the current context."""
    exact = Decimal(amount)
    exponent = exact.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return decimal.localcontext(CONTEXT, prec=max(PRECISION, max(exact.adjusted(), 0) + places + 10))


@in_context
def format_money(amount: Decimal, currency: str, locale: Locale | str = "en_US") -> str:
    """Return *amount* of *currency* formatted for *locale*, every digit kept.

    The figure is not re-rounded: CLDR's digits differ from ISO 4217's for
    some currencies, and a figure is rounded once, where it is worked out.

    >>> format_money(Decimal("100000"), "USD"), format_money(Decimal("4.375"), "USD", "de_DE")
    ('$100,000.00', '4,375\xa0$')
    """
    with _holding(amount):
        return format_currency(amount, currency, locale=locale, decimal_quantization=False)


@in_context
def format_amount(amount: Decimal | int, locale: Locale | str = "en_US") -> str:
    """Return a plain number grouped for *locale*, every digit kept.

    >>> format_amount(Decimal("1.1605"), "de_DE"), format_amount(22857142857)
    ('1,1605', '22,857,142,857')
    """
    with _holding(amount):
        return format_decimal(amount, locale=locale, decimal_quantization=False)


@in_context
def format_rate(rate: Decimal, locale: Locale | str = "en_US") -> str:
    """Return an exchange rate for *locale*, to at most six decimal places (the exact rate is in the JSON).

    >>> format_rate(Decimal("0.75065058164584230935"), "de_DE")
    '0,750651'
    """
    return format_decimal(rate, "#,##0.######", locale=locale)


def span(low: Decimal | int, high: Decimal | int, say: Callable[[Decimal | int], str]) -> str:
    """Return a range as "*low* to *high*", or one figure when its ends are equal.

    >>> span(Decimal("10"), Decimal("15"), str), span(Decimal("10"), Decimal("10.0"), str)
    ('10 to 15', '10')
    """
    return say(low) if low == high else f"{say(low)} to {say(high)}"


def money_span(low: Money, high: Money, locale: Locale | str = "en_US") -> str:
    """Return a range of money (both ends in one currency) formatted for *locale*, one figure when the ends are equal.

    >>> money_span(Money("350000.00", "USD"), Money("400000.00", "USD"))
    '$350,000.00 to $400,000.00'
    >>> money_span(Money("50000", "EUR"), Money("50000.00", "EUR"), "de_DE")
    '50.000,00\xa0€'
    """
    return span(low.amount, high.amount, lambda amount: format_money(Decimal(amount), low.currency, locale))


def per(period: str) -> str:
    """Return "a *period*", with "an" before a vowel sound: "a year", "an hour".

    >>> per("year"), per("hour")
    ('a year', 'an hour')
    """
    return f"an {period}" if period[:1] in "aeiou" or period.startswith("hour") else f"a {period}"


def rate_dates(rates_used: Iterable[FxRate], as_of: datetime.date) -> str:
    """Say which exchange rates were used, by date, and the date asked for when it differs.

    >>> from tokencomp import default_rates
    >>> rate_dates([default_rates().rate("USD", "GBP", "2026-04-01")], datetime.date(2026, 4, 1))
    'exchange rates of 2026-04-01'
    >>> rate_dates([default_rates().rate("USD", "GBP", "2030-01-01")], datetime.date(2030, 1, 1))
    'exchange rates of 2026-10-30, asked for 2030-01-01'
    >>> rate_dates([], datetime.date(2026, 3, 1))
    'as of 2026-03-01, no exchange rates needed'
    """
    dates = sorted({rate.date for rate in rates_used})
    if not dates:
        return f"as of {as_of}, no exchange rates needed"
    text = "exchange rates of " + " and ".join(str(day) for day in dates)
    return text if dates == [as_of] else f"{text}, asked for {as_of}"
