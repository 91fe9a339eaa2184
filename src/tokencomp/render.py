"""Rendering for people: summaries and total-rewards statements, formatted for a locale (babel)."""

from __future__ import annotations

import html
from collections.abc import Callable
from decimal import Decimal

import attrs
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_percent

from .components import EquityGrant, Instrument, Rollover, add_months
from .escaping import plain
from .estimates import tokens_per_working_day
from .ledger import Ledger, ledger_svg, ledger_text
from .money import Money, in_context
from .offer import Offer
from .posting import JobPosting
from .summary import Summary
from .wording import format_amount, format_money, format_rate, money_span, per, rate_dates, span

__all__ = ["parse_locale", "posting_text", "statement_html", "statement_text", "summary_text"]

#: Statements list the vesting dates of the contract's longest schedule, 600
#: months (offer-v1's limits); a longer one, built in code, is cut there and
#: the statement says how many units vest after.
LISTED_MONTHS = 600

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


def _has_token_budget(summary: Summary) -> bool:
    # A summary without a budget has a zero budget figure and no pricing; so does a budget of zero, which says nothing.
    return bool(summary.annual.token_budget) or summary.pricing is not None


def _ratio(value: Decimal | None, locale: Locale) -> str:
    return "n/a" if value is None else format_percent(value, "#,##0.00%", locale=locale)


@in_context
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
        cells = [format_money(v, currency, locale) if v is not None else "" for v in (a, f)]
        return f"{label:<26}{cells[0]:>18}{cells[1]:>18}"

    budget = _has_token_budget(summary)
    lines = [
        f"Offer {plain(summary.offer_id)}: summary in {currency}, {rate_dates(summary.fx, summary.as_of)}",
        "",
        f"{'':<26}{'Annual':>18}{'First year':>18}",
        row("Salary", annual.salary, first.salary),
        row("Bonus (target)", annual.bonus, first.bonus),
        row("Sign-on bonus", None, first.sign_on),
        row("Cash", annual.cash, first.cash),
        row("Equity", annual.equity, first.equity),
        row("Total compensation", annual.total_compensation, first.total_compensation),
    ]
    if budget:
        lines.append(row("Token budget *", annual.token_budget, first.token_budget))
    lines.append(row("Fully loaded cost", annual.fully_loaded_cost, first.fully_loaded_cost))
    if budget:
        lines += [
            "",
            f"Token budget share of fully loaded cost: {_ratio(annual.token_share, locale)}",
            f"Token budget to salary: {_ratio(annual.token_to_salary, locale)}",
        ]
    if summary.tokens_per_year is not None and summary.pricing is not None:
        price = summary.pricing
        lines.append(
            f"Tokens per year: {format_amount(summary.tokens_per_year, locale)} "
            f"({plain(price.provider)} {plain(price.model)}, prices as of {price.as_of})"
        )
    if summary.return_on_spend is not None:
        spend = summary.return_on_spend
        lines.append(
            f"Return on spend: against a baseline of {format_money(spend.baseline.amount, currency, locale)} a year, "
            f"the budget must produce {format_amount(spend.multiple, locale)}× the output to pay its way"
        )
    if budget:
        lines += ["", _NOT_COMPENSATION]
    if summary.advisories:
        lines += ["", "Advisories:"]
        lines += [f"  [{a.code}] {plain(a.message)}" for a in summary.advisories]
    if summary.fx:
        lines += ["", "Exchange rates used:"]
        lines += [
            f"  1 {r.from_currency} = {format_rate(r.rate, locale)} {r.to_currency} on {r.date} "
            f"(via {r.base}: {format_amount(r.from_per_base, locale)} {r.from_currency}, "
            f"{format_amount(r.to_per_base, locale)} {r.to_currency}); {plain(r.source)}"
            for r in summary.fx
        ]
    return "\n".join(lines)


_PAYMENTS_A_YEAR = {"weekly": 52, "biweekly": 26, "semimonthly": 24, "monthly": 12}


@attrs.frozen
class _Section:
    title: str
    lines: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()


_INSTRUMENTS = {
    Instrument.RSU: ("restricted stock unit", "restricted stock units (RSUs)"),
    Instrument.ISO: ("incentive stock option", "incentive stock options (ISOs)"),
    Instrument.NSO: ("non-qualified stock option", "non-qualified stock options (NSOs)"),
}


def _statement_sections(offer: Offer, summary: Summary, locale: Locale, single_currency: bool) -> list[_Section]:
    currency = summary.currency
    rates = {rate.from_currency: rate for rate in summary.fx if rate.to_currency == currency}

    def shown(amount: Money) -> Money:
        """*amount* as the statement shows it: in the summary's currency when it is in one currency."""
        if not single_currency or amount.currency == currency or amount.currency not in rates:
            return amount
        return rates[amount.currency].apply(amount).rounded()

    def money(amount: Money | Decimal) -> str:
        if isinstance(amount, Decimal):
            amount = Money(amount, currency)
        amount = shown(amount)
        return format_money(amount.amount, amount.currency, locale)

    salary = offer.salary
    paid = [f"Salary: {money(salary.rate)} {per(salary.period.value)}."]
    if salary.period.value != "year" or shown(salary.rate).currency != currency:
        paid[0] = paid[0][:-1] + f", {money(summary.annual.salary)} a year."
    if salary.pay_frequency is not None:
        count = _PAYMENTS_A_YEAR[salary.pay_frequency.value]
        native = salary.annual().rounded()
        annual = Money(summary.annual.salary, currency) if shown(native).currency == currency else native
        payments = annual.allocate(count)
        larger = sum(1 for p in payments if p.amount == payments[0].amount)
        detail = f"{count} payments of {money(payments[0])}"
        if larger < count:
            detail += f" (the first {larger}; then {money(payments[-1])})"
        paid.append(f"Paid {salary.pay_frequency.value}: {detail}.")
    if offer.bonus is not None:
        paid.append(f"Target bonus: {money(summary.annual.bonus)} a year.")
        if offer.bonus.sign_on is not None:
            clawback = offer.bonus.sign_on_clawback_months
            paid.append(
                f"Sign-on bonus: {money(offer.bonus.sign_on)}, once"
                + (f", repayable if you leave within {clawback} months." if clawback else ".")
            )
    paid.append(f"Total compensation: {money(summary.annual.total_compensation)} a year "
                f"({money(summary.first_year.total_compensation)} in the first year).")  # fmt: skip
    sections = [_Section("What you are paid", tuple(paid))]

    grants = offer.grants
    several = len(grants) > 1  # a column that says which grant, only when there is a choice
    rows = [("Grant",) * several + ("Date", "Units", "Value", "Vested so far")]
    cut: list[str] = []
    for number, grant in enumerate(grants, 1):
        worth = grant.unit_worth()
        vesting = grant.vesting
        for event in vesting.events(grant.units, within_months=LISTED_MONTHS):
            rows.append(
                (str(number),) * several
                + (
                    format_date(event.date, "medium", locale=locale),
                    format_amount(event.units, locale),
                    money((worth * event.units).rounded()),
                    f"{format_amount(event.cumulative, locale)} of {format_amount(grant.units, locale)}",
                )
            )
        if vesting.duration_months > LISTED_MONTHS:
            left = grant.units - vesting.vested_after_months(grant.units, LISTED_MONTHS)
            after = format_date(add_months(vesting.start_date, LISTED_MONTHS), "medium", locale=locale)
            cut.append(
                ("Equity" if not several else f"Grant {number}")
                + f": {format_amount(left, locale)} more units vest after {after},"
                f" over a schedule of {format_amount(vesting.duration_months, locale)} months; only its first"
                f" {LISTED_MONTHS} months are listed."
            )
    if len(rows) > 1 or cut:
        described = [_grant_line(number if several else None, grant, money, locale) for number, grant in
                     enumerate(grants, 1)]  # fmt: skip
        sections.append(
            _Section("What vests when", (*described, *cut, "They vest on these dates, valued at grant:"), tuple(rows))
        )

    budget = offer.token_budget
    if budget is not None:
        allowance = [
            f"A token budget of {money(summary.annual.token_budget)} a year for AI compute at work. It is an "
            "allowance, not pay: it does not vest, is not portable, cannot be cashed out and is forfeited "
            "when you leave.",
            _rollover_line(budget.rollover, budget.rollover_cap, money),
        ]
        if summary.tokens_per_year is not None and summary.pricing is not None:
            per_day = tokens_per_working_day(summary.tokens_per_year)
            allowance.append(
                f"That buys {format_amount(summary.tokens_per_year, locale)} tokens a year at "
                f"{plain(summary.pricing.model)} prices of "
                f"{format_date(summary.pricing.as_of, 'medium', locale=locale)}: "
                f"about {format_amount(per_day.about, locale)} tokens a working day ({per_day.assumption})."
            )
        allowance += [f"Note: {plain(a.message)}" for a in summary.advisories if a.code != "fx-stale"]
        sections.append(_Section("Your token budget", tuple(allowance)))
        sections.append(
            _Section(
                "What the package costs your employer",
                (f"Fully loaded cost: {money(summary.annual.fully_loaded_cost)} a year, token budget included.",),
            )
        )
    if summary.fx:
        stale = [f"Note: {plain(a.message)}" for a in summary.advisories if a.code == "fx-stale"]
        rates_line = f"Figures in {currency} at the {rate_dates(summary.fx, summary.as_of)}."
        sections.append(_Section("Exchange rates", (rates_line, *stale)))
    return sections


def _grant_line(number: int | None, grant: EquityGrant, money: Callable[[Money], str], locale: Locale) -> str:
    one, many = _INSTRUMENTS[grant.instrument]
    kind = one if grant.units == 1 else many
    line = ("Equity" if number is None else f"Grant {number}") + f": {format_amount(grant.units, locale)} {kind}"
    if grant.strike_price is None:
        return f"{line}, valued at {money(grant.unit_value)} each at grant."
    return (
        f"{line} with a strike price of {money(grant.strike_price)} each; at a value of "
        f"{money(grant.unit_value)} a unit at grant, each is worth {money(grant.unit_worth())} "
        "(the value less the strike price)."
    )


def _rollover_line(rollover: Rollover, cap: Money | None, money: Callable[[Money], str]) -> str:
    if rollover is Rollover.CAPPED and cap is not None:
        return f"Unused budget rolls over to the next period, up to {money(cap)}."
    if rollover is Rollover.FULL:
        return "Unused budget rolls over to the next period in full."
    return "Unused budget does not roll over: it lapses at the end of each period."


def _statement_title(offer: Offer, locale: Locale) -> str:
    role = plain(offer.role.title) if offer.role and offer.role.title else "your offer"
    start = format_date(offer.effective_date, "medium", locale=locale)
    return f"Total rewards statement: {role} ({plain(offer.id)}), from {start}"


@in_context
def statement_text(
    offer: Offer,
    summary: Summary,
    locale: Locale | str = "en_US",
    *,
    single_currency: bool | None = None,
    ledger: Ledger | None = None,
) -> str:
    """Return the offer as a person reads it: pay, vesting dates, the token budget, as text.

    Amounts are shown in their own currency (a grant in dollars, a salary in
    pounds) unless *single_currency* is true; then every amount is in the
    summary's currency, at the rates the summary used. By default that is so
    when the summary is in another currency than the offer. With a *ledger*
    (:func:`~tokencomp.ledger.ledger_for`), the budget's periods follow.

    >>> import importlib.resources
    >>> from tokencomp import loads, summarize
    >>> examples = importlib.resources.files("tokencomp") / "data" / "examples"
    >>> offer = loads((examples / "london-staff-engineer.json").read_bytes())
    >>> text = statement_text(offer, summarize(offer), "en_GB")
    >>> print(text.splitlines()[0])
    Total rewards statement: Staff Engineer (example-london), from 1 Apr 2026
    >>> "1 Apr 2027" in text and "Paid monthly: 12 payments of £10,000.00." in text
    True
    >>> "US$" in statement_text(offer, summarize(offer, currency="EUR"), "en_GB")
    False
    """
    locale = parse_locale(locale) if isinstance(locale, str) else locale
    single = summary.currency != offer.currency if single_currency is None else single_currency
    lines = [_statement_title(offer, locale)]
    for section in _statement_sections(offer, summary, locale, single):
        lines += ["", section.title, "-" * len(section.title), *section.lines]
        widths = (
            [max(len(row[i]) for row in section.table) for i in range(len(section.table[0]))] if section.table else []
        )
        lines += ["  " + "  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)) for row in section.table]
    if ledger is not None:
        lines += ["", ledger_text(ledger, locale)]
    return "\n".join(lines)


@in_context
def posting_text(posting: JobPosting, locale: Locale | str = "en_US") -> str:
    """Return a job posting as plain text: the role, and each component's range.

    >>> import importlib.resources
    >>> from tokencomp import load_posting
    >>> data = importlib.resources.files("tokencomp") / "data" / "postings" / "staff-engineer.json"
    >>> print(posting_text(load_posting(data.read_bytes())).splitlines()[1])
    Salary: $350,000.00 to $400,000.00 a year
    """
    locale = parse_locale(locale) if isinstance(locale, str) else locale

    salary = posting.salary
    where = posting.location.locality or posting.location.country
    lines = [
        f"{plain(posting.title)} at {plain(posting.organization)} ({plain(where)})",
        f"Salary: {money_span(salary.min, salary.max, locale)} {per(posting.salary_period.value)}",
    ]
    if posting.bonus_target_percent:
        bonus = posting.bonus_target_percent
        lines.append(f"Target bonus: {span(bonus.min, bonus.max, lambda v: format_amount(v, locale))} %")
    if posting.equity_per_year:
        lines.append(f"Equity: {money_span(posting.equity_per_year.min, posting.equity_per_year.max, locale)} a year")
    if posting.token_budget:
        lines.append(f"Token budget: {posting.token_budget.describe(locale)}")
    return "\n".join(lines)


_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d2330;"
    "line-height:1.5}h1{font-size:1.5rem;border-bottom:3px solid #2f6fdf;padding-bottom:.4rem}"
    "h2{font-size:1.15rem;margin-top:2rem;color:#2f6fdf}table{border-collapse:collapse;width:100%}"
    "td,th{padding:.3rem .6rem;border-bottom:1px solid #d7dce5;text-align:right}"
    "td:first-child,th:first-child{text-align:left}section.budget{background:#fff6e0;padding:.2rem 1rem 1rem;"
    "border-left:4px solid #e0a000}"
)


@in_context
def statement_html(
    offer: Offer,
    summary: Summary,
    locale: Locale | str = "en_US",
    *,
    single_currency: bool | None = None,
    ledger: Ledger | None = None,
) -> str:
    """Return the statement as one self-contained HTML page (no scripts, fonts or images to fetch).

    It says what :func:`statement_text` says, *single_currency* included;
    with a *ledger*, the page ends with a chart of available against used a
    period (:func:`~tokencomp.ledger.ledger_svg`).

    >>> import importlib.resources
    >>> from tokencomp import loads, summarize
    >>> examples = importlib.resources.files("tokencomp") / "data" / "examples"
    >>> offer = loads((examples / "london-staff-engineer.json").read_bytes())
    >>> page = statement_html(offer, summarize(offer), "en_GB")
    >>> page.startswith("<!DOCTYPE html>"), "<table>" in page, "http" in page
    (True, True, False)
    """
    locale = parse_locale(locale) if isinstance(locale, str) else locale
    single = summary.currency != offer.currency if single_currency is None else single_currency
    title = html.escape(_statement_title(offer, locale))
    parts = [
        f'<!DOCTYPE html>\n<html lang="{html.escape(str(locale.language))}"><head><meta charset="utf-8">',
        f"<title>{title}</title><style>{_CSS}</style></head><body>",
        f"<h1>{title}</h1>",
    ]
    for section in _statement_sections(offer, summary, locale, single):
        css = ' class="budget"' if section.title == "Your token budget" else ""
        parts.append(f"<section{css}><h2>{html.escape(section.title)}</h2>")
        parts += [f"<p>{html.escape(line)}</p>" for line in section.lines]
        if section.table:
            head, *body = section.table
            parts.append("<table><tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in head) + "</tr>")
            parts += ["<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in body]
            parts.append("</table>")
        parts.append("</section>")
    if ledger is not None:
        parts.append(
            f'<section class="budget"><h2>Your token budget over time</h2>{ledger_svg(ledger, locale)}</section>'
        )
    parts.append("</body></html>\n")
    return "\n".join(parts)
