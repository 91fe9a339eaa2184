"""How figures are said in text: money for a locale, ranges, "a year" and "an hour".

Every text the package writes for people (summaries, statements, comparisons,
postings, the command line) says its figures through these few functions, so
an amount is grouped and localised the same way everywhere, through babel,
from the exact Decimal.
"""

from __future__ import annotations

import copy
import datetime
import decimal
import functools
import unicodedata
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from decimal import Decimal
from typing import overload

import babel
from babel import Locale
from babel.numbers import NumberPattern, format_currency, format_decimal, get_currency_precision, get_currency_symbol

from .._internal.translations import N_, translations
from ..errors import FloatMoneyError, Problem, RuleViolation, UnknownCurrencyError, UnknownLocaleError
from ..model.money import CONTEXT, PRECISION, Money, in_context, minor_unit
from ..reference.fx import FxRate

__all__ = [
    "format_amount",
    "format_money",
    "format_rate",
    "format_ratio",
    "money_span",
    "pad",
    "parse_locale",
    "per",
    "rate_dates",
    "span",
    "text_width",
]

#: CLDR's currencySpacing (root, which no locale overrides): a symbol that
#: ends (or starts) with a letter is kept apart from the digits by a no-break space.
_CURRENCY_SPACE = "\xa0"


def _places(currency: str) -> int:
    """The ISO 4217 minor unit of *currency*, as the model rounds to; CLDR's digits for a code ISO does not know."""
    try:
        return minor_unit(currency)
    except UnknownCurrencyError:
        return get_currency_precision(currency)


def _spaced(side: str, symbol: str, before: bool) -> str:
    """*side* (a pattern's prefix or suffix) with CLDR's space between a lettered symbol and the digits."""
    if "¤" not in side:
        return side
    touching = symbol[-1:] if before else symbol[:1]
    lettered = bool(touching) and unicodedata.category(touching)[0] not in "SZ"
    if before and side.endswith("¤") and lettered:
        return side + _CURRENCY_SPACE
    if not before and side.startswith("¤") and lettered:
        return _CURRENCY_SPACE + side
    return side


@functools.lru_cache(maxsize=512)
def _currency_pattern(currency: str, locale: Locale) -> NumberPattern:
    """The locale's own currency pattern, with the currency's ISO digits and CLDR's symbol spacing."""
    pattern: NumberPattern = copy.copy(locale.currency_formats["standard"])
    places = _places(currency)
    pattern.frac_prec = (places, places)
    symbol = get_currency_symbol(currency, locale)
    positive, negative = pattern.prefix
    pattern.prefix = (_spaced(positive, symbol, before=True), _spaced(negative, symbol, before=True))
    positive, negative = pattern.suffix
    pattern.suffix = (_spaced(positive, symbol, before=False), _spaced(negative, symbol, before=False))
    return pattern


def _locale(locale: Locale | str) -> Locale:
    return locale if isinstance(locale, Locale) else parse_locale(locale)


def parse_locale(name: str) -> Locale:
    """Return the babel locale called *name* (``de_DE`` or ``de-DE``).

    Raises:
        UnknownLocaleError: babel knows no such locale (a ValueError).

    >>> parse_locale("de-DE")
    Locale('de', territory='DE')
    """
    try:
        return Locale.parse(name.replace("-", "_"))
    except (babel.UnknownLocaleError, ValueError, TypeError, AttributeError):
        raise UnknownLocaleError(name) from None


def _figure(value: object, name: str = "amount") -> Decimal | int:
    """*value* when it is a figure the functions here say (a finite Decimal or an int), else the library's error.

    Money never passes through a float: a float is :class:`~tokencomp.errors.FloatMoneyError`.
    """
    if isinstance(value, float):
        raise FloatMoneyError(value)
    if isinstance(value, Decimal) and value.is_finite():
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    hint = " (format_money takes a Money)" if isinstance(value, Money) else ""
    message = f"expected a finite Decimal or an int, got {type(value).__name__} {value!r}{hint}"
    raise RuleViolation([Problem(f"/{name}", "wrong-type", message)])


def _holding(amount: Decimal | int) -> AbstractContextManager[decimal.Context]:
    """A copy of CONTEXT with the precision to write every digit of *amount*: babel works in the current context."""
    exact = Decimal(amount)
    exponent = exact.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return decimal.localcontext(CONTEXT, prec=max(PRECISION, max(exact.adjusted(), 0) + places + 10))


@overload
def format_money(amount: Money, locale: Locale | str = "en_US", /) -> str: ...


@overload
def format_money(amount: Money, *, locale: Locale | str) -> str: ...


@overload
def format_money(amount: Decimal | int, currency: str, locale: Locale | str = "en_US") -> str: ...


@in_context
def format_money(
    amount: Money | Decimal | int, currency: str | Locale | None = None, locale: Locale | str | None = None
) -> str:
    """Return *amount* of *currency* formatted for *locale*: at least its ISO 4217 decimals, every digit kept.

    *amount* is a :class:`~tokencomp.model.money.Money` (``format_money(money, "de_DE")``: its
    currency is its own) or a figure and its currency (``format_money(amount, "EUR", "de_DE")``).

    The locale's own currency pattern is used, with the currency's ISO 4217
    minor unit (not CLDR's digits, which differ for a dozen or so codes, such
    as IQD, and change with CLDR releases: the model rounds to ISO's) and
    CLDR's no-break space between a lettered symbol and the digits. The
    figure is not re-rounded: a figure is rounded once, where it is worked
    out, and a price of $4.375 stays so.

    >>> format_money(Decimal("100000"), "USD"), format_money(Decimal("4.375"), "USD", "de_DE")
    ('$100,000.00', '4,375\xa0$')
    >>> format_money(Decimal("3456789.5"), "RSD"), format_money(Decimal("0"), "IQD")
    ('RSD\xa03,456,789.50', 'IQD\xa00.000')
    >>> format_money(Money("1", "EUR"), "de_DE")
    '1,00\xa0€'

    Raises:
        FloatMoneyError: *amount* is a float.
        RuleViolation: *amount* is not a Money, a finite Decimal or an int (``wrong-type``), or no
            currency is given with a figure.
        UnknownLocaleError: *locale* is not one babel knows.
    """
    if isinstance(amount, Money):
        if locale is None and currency is not None and currency != amount.currency:
            currency, locale = amount.currency, currency  # format_money(money, locale)
        currency = amount.currency if currency is None else currency
        if currency != amount.currency:
            message = f"{currency!r} is not the currency of {amount!r}: give a Money and a locale"
            raise RuleViolation([Problem("/currency", "currency-mismatch", message)])
        amount = amount.amount
    amount = _figure(amount)
    if not isinstance(currency, str):
        message = f"expected the currency code of {amount}, such as 'EUR', got {currency!r} (or pass a Money)"
        raise RuleViolation([Problem("/currency", "wrong-type", message)])
    place = _locale("en_US" if locale is None else locale)
    with _holding(amount):
        return format_currency(
            amount,
            currency,
            _currency_pattern(currency, place),
            place,
            currency_digits=False,
            decimal_quantization=False,
        )


@functools.lru_cache(maxsize=64)
def _percent_pattern(locale: Locale, every_digit: bool = False) -> NumberPattern:
    pattern: NumberPattern = copy.copy(locale.percent_formats[None])
    pattern.frac_prec = (0, 0) if every_digit else (2, 2)  # every digit: none cut, none added (no quantization)
    return pattern


@in_context
def format_ratio(ratio: Decimal, locale: Locale | str = "en_US", *, every_digit: bool = False) -> str:
    """Return a ratio as a percentage to two decimals, in *locale*'s own percent pattern (its spacing kept).

    With *every_digit*, every digit the ratio has and none it has not: a threshold
    such as a fifth is "20%", a bonus target of 1.5 is "150%".

    >>> format_ratio(Decimal("0.158421")), format_ratio(Decimal("0.158421"), "de_DE")
    ('15.84%', '15,84\xa0%')
    >>> format_ratio(Decimal("0.2"), every_digit=True), format_ratio(Decimal("0.125"), "fr_FR", every_digit=True)
    ('20%', '12,5\xa0%')
    """
    place = _locale(locale)
    figure = _figure(ratio, "ratio")
    with _holding(figure):
        return str(_percent_pattern(place, every_digit).apply(figure, place, decimal_quantization=not every_digit))


def text_width(text: str) -> int:
    """Return how many terminal columns *text* takes: wide (East Asian) characters two, marks and controls none.

    >>> text_width("Salary"), text_width("給与"), text_width("\u200f1.00\xa0£")
    (6, 4, 6)
    """
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Cf", "Cc", "Mn", "Me"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


_RIGHT_TO_LEFT = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI"})


def pad(text: str, width: int, align: str = "<") -> str:
    """Return *text* padded with spaces to *width* columns (``"<"`` left, ``">"`` right), by :func:`text_width`.

    A cell with right-to-left text (an Arabic amount) is set in a first-strong
    isolate, so the bidirectional algorithm cannot run it into its neighbours.

    >>> pad("給与", 6) + "|", pad("1.00", 6, ">") + "|"
    ('給与  |', '  1.00|')
    >>> pad("\u200f1.00\xa0£", 8, ">") == "  \u2068\u200f1.00\xa0£\u2069"
    True
    """
    gap = " " * max(0, width - text_width(text))
    if any(unicodedata.bidirectional(char) in _RIGHT_TO_LEFT for char in text):
        text = f"\u2068{text}\u2069"
    return gap + text if align == ">" else text + gap


@in_context
def format_amount(amount: Decimal | int, locale: Locale | str = "en_US") -> str:
    """Return a plain number grouped for *locale*, every digit kept.

    >>> format_amount(Decimal("1.1605"), "de_DE"), format_amount(22857142857)
    ('1,1605', '22,857,142,857')
    """
    place = _locale(locale)
    amount = _figure(amount)
    with _holding(amount):
        return format_decimal(amount, locale=place, decimal_quantization=False)


@in_context
def format_rate(rate: Decimal, locale: Locale | str = "en_US") -> str:
    """Return an exchange rate for *locale*, to at most six decimal places (the exact rate is in the JSON).

    >>> format_rate(Decimal("0.75065058164584230935"), "de_DE")
    '0,750651'
    """
    return format_decimal(_figure(rate, "rate"), "#,##0.######", locale=_locale(locale))


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


_PER = {"hour": N_("an hour"), "week": N_("a week"), "month": N_("a month"), "year": N_("a year")}


def per(period: str, locale: Locale | str = "en_US") -> str:
    """Return "a *period*" in *locale*'s language, with "an" before a vowel sound in English: "a year", "an hour".

    >>> per("year"), per("hour"), per("year", "de_DE")
    ('a year', 'an hour', 'im Jahr')
    """
    if period in _PER:
        return translations(locale).gettext(_PER[period])
    return f"an {period}" if period[:1] in "aeiou" else f"a {period}"


def rate_dates(rates_used: Iterable[FxRate], as_of: datetime.date, locale: Locale | str = "en_US") -> str:
    """Say which exchange rates were used, by date, and the date asked for when it differs, in *locale*'s language.

    >>> from tokencomp import default_rates
    >>> rate_dates([default_rates().rate("USD", "GBP", "2026-04-01")], datetime.date(2026, 4, 1))
    'exchange rates of 2026-04-01'
    >>> rate_dates([default_rates().rate("USD", "GBP", "2030-01-01")], datetime.date(2030, 1, 1))
    'exchange rates of 2026-10-30, asked for 2030-01-01'
    >>> rate_dates([], datetime.date(2026, 3, 1))
    'as of 2026-03-01, no exchange rates needed'
    """
    _ = translations(locale).gettext
    dates = sorted({rate.date for rate in rates_used})
    if not dates:
        return _("as of {date}, no exchange rates needed").format(date=as_of)
    text = _("exchange rates of {dates}").format(dates=_(" and ").join(str(day) for day in dates))
    return text if dates == [as_of] else _("{rates}, asked for {date}").format(rates=text, date=as_of)
