"""Rendering for people: summaries and total-rewards statements, formatted for a locale (babel)."""

from __future__ import annotations

import datetime
import html
from collections.abc import Iterable
from decimal import Decimal

import attrs
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from .estimates import tokens_per_working_day
from .fx import FxRate
from .offer import Offer
from .summary import Summary

__all__ = ["parse_locale", "rate_dates", "statement_html", "statement_text", "summary_text"]

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
    Offer p75: summary in USD, as of 2026-03-01, no exchange rates needed
    >>> "475.000,00\xa0$" in text  # CLDR: a no-break space before the sign
    True
    """
    locale = parse_locale(locale) if isinstance(locale, str) else locale
    currency, annual, first = summary.currency, summary.annual, summary.first_year

    def row(label: str, a: Decimal | None, f: Decimal | None) -> str:
        cells = [_money(v, currency, locale) if v is not None else "" for v in (a, f)]
        return f"{label:<26}{cells[0]:>18}{cells[1]:>18}"

    lines = [
        f"Offer {summary.offer_id}: summary in {currency}, {rate_dates(summary.fx, summary.as_of)}",
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


_PAYMENTS_A_YEAR = {"weekly": 52, "biweekly": 26, "semimonthly": 24, "monthly": 12}


@attrs.frozen
class _Section:
    title: str
    lines: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()


def _statement_sections(offer: Offer, summary: Summary, locale: Locale) -> list[_Section]:
    currency = summary.currency

    def money(amount: Decimal, code: str = currency) -> str:
        return _money(amount, code, locale)

    salary = offer.salary
    paid = [f"Salary: {money(salary.rate.amount, salary.rate.currency)} a {salary.period.value}."]
    if salary.period.value != "year" or salary.rate.currency != currency:
        paid[0] = paid[0][:-1] + f", {money(summary.annual.salary)} a year."
    if salary.pay_frequency is not None:
        count = _PAYMENTS_A_YEAR[salary.pay_frequency.value]
        payments = salary.annual().rounded().allocate(count)
        larger = sum(1 for p in payments if p.amount == payments[0].amount)
        detail = f"{count} payments of {money(payments[0].amount, payments[0].currency)}"
        if larger < count:
            detail += f" (the first {larger}; then {money(payments[-1].amount, payments[-1].currency)})"
        paid.append(f"Paid {salary.pay_frequency.value}: {detail}.")
    if offer.bonus is not None:
        paid.append(f"Target bonus: {money(summary.annual.bonus)} a year.")
        if offer.bonus.sign_on is not None:
            clawback = offer.bonus.sign_on_clawback_months
            paid.append(
                f"Sign-on bonus: {money(offer.bonus.sign_on.amount, offer.bonus.sign_on.currency)}, once"
                + (f", repayable if you leave within {clawback} months." if clawback else ".")
            )
    paid.append(f"Total compensation: {money(summary.annual.total_compensation)} a year "
                f"({money(summary.first_year.total_compensation)} in the first year).")  # fmt: skip
    sections = [_Section("What you are paid", tuple(paid))]

    rows = [("Date", "Units", "Value", "Vested so far")]
    for grant in offer.grants:
        worth = grant.unit_worth()
        rows += [
            (
                format_date(event.date, "medium", locale=locale),
                format_decimal(event.units, locale=locale),
                money((worth * event.units).rounded().amount, worth.currency),
                f"{format_decimal(event.cumulative, locale=locale)} of {format_decimal(grant.units, locale=locale)}",
            )
            for event in grant.vesting.events(grant.units)
        ]
    if len(rows) > 1:
        sections.append(_Section("What vests when", ("Equity vests on these dates, valued at grant:",), tuple(rows)))

    budget = offer.token_budget
    if budget is not None:
        allowance = [
            f"A token budget of {money(summary.annual.token_budget)} a year for AI compute at work. It is an "
            "allowance, not pay: it does not vest, is not portable, cannot be cashed out and is forfeited "
            "when you leave.",
            f"Unused budget: rollover {budget.rollover.value}.",
        ]
        if summary.tokens_per_year is not None and summary.pricing is not None:
            per_day = tokens_per_working_day(summary.tokens_per_year)
            allowance.append(
                f"That buys {format_decimal(summary.tokens_per_year, locale=locale)} tokens a year at "
                f"{summary.pricing.model} prices of {summary.pricing.as_of}: about "
                f"{format_decimal(per_day.value, locale=locale)} tokens a working day ({per_day.assumption})."
            )
        allowance += [f"Note: {a.message}" for a in summary.advisories if a.code != "fx-stale"]
        sections.append(_Section("Your token budget", tuple(allowance)))
    costs = [f"Fully loaded cost: {money(summary.annual.fully_loaded_cost)} a year, token budget included."]
    if summary.fx:
        costs.append(f"Figures in {currency} at the {rate_dates(summary.fx, summary.as_of)}.")
        costs += [f"Note: {a.message}" for a in summary.advisories if a.code == "fx-stale"]
    sections.append(_Section("What the package costs your employer", tuple(costs)))
    return sections


def _statement_title(offer: Offer) -> str:
    role = offer.role.title if offer.role and offer.role.title else "your offer"
    return f"Total rewards statement: {role} ({offer.id}), from {offer.effective_date}"


def statement_text(offer: Offer, summary: Summary, locale: Locale | str = "en_US") -> str:
    """Return the offer as a person reads it: pay, vesting dates, the token budget, as text.

    >>> import importlib.resources
    >>> from tokencomp import loads, summarize
    >>> examples = importlib.resources.files("tokencomp") / "data" / "examples"
    >>> offer = loads((examples / "london-staff-engineer.json").read_bytes())
    >>> text = statement_text(offer, summarize(offer), "en_GB")
    >>> print(text.splitlines()[0])
    Total rewards statement: Staff Engineer (example-london), from 2026-04-01
    >>> "1 Apr 2027" in text and "Paid monthly: 12 payments of £10,000.00." in text
    True
    """
    locale = parse_locale(locale) if isinstance(locale, str) else locale
    lines = [_statement_title(offer)]
    for section in _statement_sections(offer, summary, locale):
        lines += ["", section.title, "-" * len(section.title), *section.lines]
        widths = (
            [max(len(row[i]) for row in section.table) for i in range(len(section.table[0]))] if section.table else []
        )
        lines += ["  " + "  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)) for row in section.table]
    return "\n".join(lines)


_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d2330;"
    "line-height:1.5}h1{font-size:1.5rem;border-bottom:3px solid #2f6fdf;padding-bottom:.4rem}"
    "h2{font-size:1.15rem;margin-top:2rem;color:#2f6fdf}table{border-collapse:collapse;width:100%}"
    "td,th{padding:.3rem .6rem;border-bottom:1px solid #d7dce5;text-align:right}"
    "td:first-child,th:first-child{text-align:left}section.budget{background:#fff6e0;padding:.2rem 1rem 1rem;"
    "border-left:4px solid #e0a000}"
)


def statement_html(offer: Offer, summary: Summary, locale: Locale | str = "en_US") -> str:
    """Return the statement as one self-contained HTML page (no scripts, fonts or images to fetch).

    >>> import importlib.resources
    >>> from tokencomp import loads, summarize
    >>> examples = importlib.resources.files("tokencomp") / "data" / "examples"
    >>> offer = loads((examples / "london-staff-engineer.json").read_bytes())
    >>> page = statement_html(offer, summarize(offer), "en_GB")
    >>> page.startswith("<!DOCTYPE html>"), "<table>" in page, "http" in page
    (True, True, False)
    """
    locale = parse_locale(locale) if isinstance(locale, str) else locale
    title = html.escape(_statement_title(offer))
    parts = [
        f'<!DOCTYPE html>\n<html lang="{html.escape(str(locale.language))}"><head><meta charset="utf-8">',
        f"<title>{title}</title><style>{_CSS}</style></head><body>",
        f"<h1>{title}</h1>",
    ]
    for section in _statement_sections(offer, summary, locale):
        css = ' class="budget"' if section.title == "Your token budget" else ""
        parts.append(f"<section{css}><h2>{html.escape(section.title)}</h2>")
        parts += [f"<p>{html.escape(line)}</p>" for line in section.lines]
        if section.table:
            head, *body = section.table
            parts.append("<table><tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in head) + "</tr>")
            parts += ["<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in body]
            parts.append("</table>")
        parts.append("</section>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
