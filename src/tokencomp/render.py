"""Rendering for people: a summary as a table formatted for a locale (babel)."""

from __future__ import annotations

from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, format_decimal, format_percent

from .summary import Summary

__all__ = ["parse_locale", "summary_text"]

_NOT_COMPENSATION = (
    "* The token budget is an allowance of AI compute, not pay: it does not vest, "
    "is not portable, does not appreciate and is forfeited on leaving. It is in the "
    "fully loaded cost, not in total compensation."
)


def parse_locale(name: str) -> Locale:
    """Return the babel locale called *name* (``de_DE`` or ``de-DE``).

    Raises:
        ValueError: babel knows no such locale.

    >>> parse_locale("de-DE")
    Locale('de', territory='DE')
    """
    try:
        return Locale.parse(name.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        msg = f"unknown locale {name!r}; use a name such as en_US or de_DE"
        raise ValueError(msg) from None


def _money(amount: Decimal, currency: str, locale: Locale) -> str:
    # decimal_quantization=False: babel must not re-round to CLDR's digits,
    # which differ from ISO 4217's for some currencies; the figure is already rounded.
    return format_currency(amount, currency, locale=locale, decimal_quantization=False)


def _ratio(value: Decimal | None, locale: Locale) -> str:
    return "n/a" if value is None else format_percent(value, "#,##0.00%", locale=locale)


def summary_text(summary: Summary, locale: Locale | str = "en_US") -> str:
    """Return *summary* as a plain-text table with figures formatted for *locale*.

    >>> from tokencomp import loads, summarize
    >>> offer = loads('''{"schema_version": "1", "id": "p75", "effective_date": "2026-03-01",
    ...   "currency": "USD", "salary": {"rate": {"amount": "375000.00", "currency": "USD"},
    ...   "period": "year"}, "token_budget": {"allowance": {"amount": "100000.00",
    ...   "currency": "USD"}, "period": "year", "rollover": "none", "vests": false,
    ...   "portable": false}}''')
    >>> text = summary_text(summarize(offer), "de_DE")
    >>> print(text.splitlines()[0])
    Offer p75: summary in USD, exchange rates as of 2026-03-01
    >>> "475.000,00\xa0$" in text  # CLDR: a no-break space before the sign
    True
    """
    locale = parse_locale(locale) if isinstance(locale, str) else locale
    currency, annual, first = summary.currency, summary.annual, summary.first_year

    def row(label: str, a: Decimal | None, f: Decimal | None) -> str:
        cells = [_money(v, currency, locale) if v is not None else "" for v in (a, f)]
        return f"{label:<26}{cells[0]:>18}{cells[1]:>18}"

    lines = [
        f"Offer {summary.offer_id}: summary in {currency}, exchange rates as of {summary.as_of}",
        "",
        f"{'':<26}{'Annual':>18}{'First year':>18}",
        row("Salary", annual.salary, first.salary),
        row("Bonus (target)", annual.bonus, first.bonus),
        row("Sign-on bonus", None, first.sign_on),
        row("Cash", annual.cash, first.cash),
        row("Equity", annual.equity, first.equity),
        row("Total compensation", annual.total_compensation, first.total_compensation),
        row("Token budget *", annual.token_budget, first.token_budget),
        row("Fully loaded cost", annual.fully_loaded_cost, first.fully_loaded_cost),
        "",
        f"Token budget share of fully loaded cost: {_ratio(annual.token_share, locale)}",
        f"Token budget to salary: {_ratio(annual.token_to_salary, locale)}",
    ]
    if summary.tokens_per_year is not None and summary.pricing is not None:
        price = summary.pricing
        lines.append(
            f"Tokens per year: {format_decimal(summary.tokens_per_year, locale=locale)} "
            f"({price.provider} {price.model}, prices as of {price.as_of})"
        )
    if summary.return_on_spend is not None:
        spend = summary.return_on_spend
        lines.append(
            f"Return on spend: against a baseline of {_money(spend.baseline.amount, currency, locale)} a year, "
            f"the budget must produce {format_decimal(spend.multiple, locale=locale)}× the output to pay its way"
        )
    lines += ["", _NOT_COMPENSATION]
    if summary.advisories:
        lines += ["", "Advisories:"]
        lines += [f"  [{a.code}] {a.message}" for a in summary.advisories]
    if summary.fx:
        lines += ["", "Exchange rates used:"]
        lines += [
            f"  1 {r.from_currency} = {format_decimal(r.rate, '#,##0.######', locale=locale)} "
            f"{r.to_currency} on {r.date} (via {r.base}: {r.from_per_base} {r.from_currency}, "
            f"{r.to_per_base} {r.to_currency}); {r.source}"
            for r in summary.fx
        ]
    return "\n".join(lines)
