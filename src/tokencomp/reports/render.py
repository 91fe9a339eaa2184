"""Rendering for people: summaries and total-rewards statements, formatted for a locale (babel)."""

from __future__ import annotations

import html
from collections.abc import Callable
from decimal import Decimal

import attrs
from babel import Locale
from babel.dates import format_date

from .._internal.escaping import html_text, isolated, plain
from .._internal.translations import N_, translations
from ..budget.ledger import Ledger
from ..model.components import Rollover, add_months
from ..model.equity import EquityGrant, Instrument
from ..model.money import Money, in_context, minor_unit, round_half_up
from ..model.offer import Offer
from ..model.posting import JobPosting
from ..reports.texts import ledger_svg, ledger_text
from .advisories import advisory_text
from .equity_charts import equity_by_year_svg, scenarios_svg
from .estimates import WORKING_DAYS_PER_YEAR, tokens_per_working_day
from .jsonld import describe_token_budget
from .summary import Summary
from .wording import (
    format_amount,
    format_money,
    format_rate,
    format_ratio,
    money_span,
    pad,
    parse_locale,
    per,
    rate_dates,
    span,
    text_width,
)

__all__ = ["posting_text", "statement_html", "statement_text", "summary_text"]

#: Statements list the vesting dates of the contract's longest schedule, 600
#: months (offer-v1's limits); a longer one, built in code, is cut there and
#: the statement says how many units vest after.
LISTED_MONTHS = 600

_NOT_COMPENSATION = N_(
    "* The token budget is an allowance of AI compute, not pay: it does not vest, "
    "is not portable, does not appreciate, cannot be cashed out and is forfeited on leaving. It is in the "
    "fully loaded cost, not in total compensation."
)


def _has_token_budget(summary: Summary) -> bool:
    # A summary without a budget has a zero budget figure and no pricing; so does a budget of zero, which says nothing.
    return bool(summary.annual.token_budget) or summary.pricing is not None


def _ratio(value: Decimal | None, locale: Locale) -> str:
    return translations(locale).gettext("n/a") if value is None else format_ratio(value, locale)


def _equity_lines(summary: Summary, locale: Locale) -> list[str]:
    """The scenarios asked for, and each grant's cost to exercise and PSU maximum (version 1.1), as text lines."""
    _ = translations(locale).gettext
    lines: list[str] = []
    for number, grant in enumerate(summary.grants or (), start=1):
        notes = []
        if grant.units_bought is not None:
            notes.append(_("{units} units bought by its grant value").format(units=format_amount(grant.units, locale)))
        if grant.value_basis is not None:
            notes.append(_("unit value: {basis}").format(basis=grant.value_basis.value))
        if grant.cost_to_exercise is not None:
            cost = format_money(grant.cost_to_exercise, summary.currency, locale)
            notes.append(_("cost to exercise {cost}").format(cost=cost))
        if grant.max_units is not None:
            most = format_amount(grant.max_units, locale)
            notes.append(_("at most {units} units (shown, not counted)").format(units=most))
        if notes:
            lines.append(_("Grant {number}: {notes}").format(number=number, notes="; ".join(notes)))
    if summary.scenarios:
        lines += ["", _("Scenarios (every unit value times the multiple; strikes unchanged):")]
        for scenario in summary.scenarios:
            lines.append(
                "  "
                + _(
                    "×{multiple}: equity {equity} a year, {first} in the first year; total compensation {total}"
                ).format(
                    multiple=format_amount(scenario.multiple, locale),
                    equity=format_money(scenario.annual.equity, summary.currency, locale),
                    first=format_money(scenario.first_year.equity, summary.currency, locale),
                    total=format_money(scenario.annual.total_compensation, summary.currency, locale),
                )
            )
    return ["", *lines] if lines and lines[0] != "" else lines


@in_context
def summary_text(summary: Summary, locale: Locale | str = "en_US") -> str:
    """Return *summary* as a plain-text table for *locale*: its figures formatted, its words translated.

    Labels and footnotes come from the catalogs of :mod:`tokencomp._internal.translations`
    (English for a language without one).

    >>> from tokencomp import loads, summarize
    >>> offer = loads('''{"schema_version": "1", "id": "p75", "effective_date": "2026-03-01",
    ...   "currency": "USD", "salary": {"rate": {"amount": "375000.00", "currency": "USD"},
    ...   "period": "year"}, "token_budget": {"allowance": {"amount": "100000.00",
    ...   "currency": "USD"}, "period": "year", "rollover": "none", "vests": false,
    ...   "portable": false}}''')
    >>> text = summary_text(summarize(offer), "de_DE")
    >>> print(text.splitlines()[0])
    Angebot p75: Übersicht in USD, Stand 2026-03-01, keine Wechselkurse nötig
    >>> "475.000,00\xa0$" in text  # CLDR: a no-break space before the sign
    True
    """
    locale = parse_locale(locale) if isinstance(locale, str) else locale
    _ = translations(locale).gettext
    currency, annual, first = summary.currency, summary.annual, summary.first_year

    budget = _has_token_budget(summary)
    # Version 1.1's rows show only when the offer has them: a version 1 offer's table is as it always was.
    rows: list[tuple[str, Decimal | None, Decimal | None]] = [
        (_("Salary"), annual.salary, first.salary),
        (_("Bonus (target)"), annual.bonus, first.bonus),
    ]
    if annual.commission:
        rows.append((_("Commission (target)"), annual.commission, first.commission))
        rows.append((_("Target total cash"), annual.target_total_cash, None))
    if annual.allowances:
        rows.append((_("Allowances"), annual.allowances, first.allowances))
    if first.one_time != first.sign_on:
        rows.append((_("One-time payments"), None, first.one_time))
    rows += [
        (_("Sign-on bonus"), None, first.sign_on),
        (_("Cash"), annual.cash, first.cash),
        (_("Equity"), annual.equity, first.equity),
        (_("Total compensation"), annual.total_compensation, first.total_compensation),
    ]
    if annual.benefits:
        rows.append((_("Benefits (employer cost)"), annual.benefits, first.benefits))
        rows.append((_("Total rewards"), annual.total_rewards, first.total_rewards))
    if budget:
        rows.append((_("Token budget *"), annual.token_budget, first.token_budget))
    rows.append((_("Fully loaded cost"), annual.fully_loaded_cost, first.fully_loaded_cost))
    width = max(26, *(text_width(label) + 2 for label, _a, _f in rows))  # a longer translated label widens it

    def row(label: str, a: Decimal | None, f: Decimal | None) -> str:
        cells = [format_money(v, currency, locale) if v is not None else "" for v in (a, f)]
        return pad(label, width) + pad(cells[0], 18, ">") + pad(cells[1], 18, ">")

    lines = [
        _("Offer {offer}: summary in {currency}, {rates}").format(
            offer=isolated(summary.offer_id), currency=currency, rates=rate_dates(summary.fx, summary.as_of, locale)
        ),
        "",
        pad("", width) + pad(_("Annual"), 18, ">") + pad(_("First year"), 18, ">"),
        *(row(*cells) for cells in rows),
    ]
    if budget:
        lines += [
            "",
            _("Token budget share of fully loaded cost: {share}").format(share=_ratio(annual.token_share, locale)),
            _("Token budget to salary: {share}").format(share=_ratio(annual.token_to_salary, locale)),
        ]
    if summary.tokens_per_year is not None and summary.pricing is not None:
        price = summary.pricing
        lines.append(
            _("Tokens per year: {tokens} ({provider} {model}, prices as of {date})").format(
                tokens=format_amount(summary.tokens_per_year, locale),
                provider=isolated(price.provider),
                model=isolated(price.model),
                date=price.as_of,
            )
        )
    if summary.return_on_spend is not None:
        spend = summary.return_on_spend
        lines.append(
            _(
                "Return on spend: against a baseline of {baseline} a year, "
                "the budget must produce {multiple}× the output to pay its way"
            ).format(
                baseline=format_money(spend.baseline.amount, currency, locale),
                multiple=format_amount(spend.multiple, locale),
            )
        )
    lines += _equity_lines(summary, locale)
    if budget:
        lines += ["", _(_NOT_COMPENSATION)]
    if summary.advisories:
        lines += ["", _("Advisories:")]
        lines += [f"  [{a.code}] {plain(advisory_text(a, summary.as_of, locale))}" for a in summary.advisories]
    if summary.fx:
        lines += ["", _("Exchange rates used:")]
        lines += [
            "  "
            + _(
                "1 {source_currency} = {rate} {target_currency} on {date} (via {base}: "
                "{source_per_base} {source_currency}, {target_per_base} {target_currency}); {source}"
            ).format(
                source_currency=r.from_currency,
                rate=format_rate(r.rate, locale),
                target_currency=r.to_currency,
                date=r.date,
                base=r.base,
                source_per_base=format_amount(r.from_per_base, locale),
                target_per_base=format_amount(r.to_per_base, locale),
                source=isolated(r.source),
            )
            for r in summary.fx
        ]
    return "\n".join(lines)


_PAYMENTS_A_YEAR = {"weekly": 52, "biweekly": 26, "semimonthly": 24, "monthly": 12}


@attrs.frozen
class _Section:
    title: str
    lines: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()
    budget: bool = False  # the token budget's section, set apart on the page


_INSTRUMENTS = {
    Instrument.RSU: (N_("restricted stock unit"), N_("restricted stock units (RSUs)")),
    Instrument.ISO: (N_("incentive stock option"), N_("incentive stock options (ISOs)")),
    Instrument.NSO: (N_("non-qualified stock option"), N_("non-qualified stock options (NSOs)")),
    Instrument.PSU: (N_("performance share unit"), N_("performance share units (PSUs)")),
}

_PAID = {
    "weekly": N_("Paid weekly: {detail}."),
    "biweekly": N_("Paid biweekly: {detail}."),
    "semimonthly": N_("Paid semimonthly: {detail}."),
    "monthly": N_("Paid monthly: {detail}."),
}


def _statement_sections(offer: Offer, summary: Summary, locale: Locale, single_currency: bool) -> list[_Section]:
    _ = translations(locale).gettext
    currency = summary.currency
    rates = {rate.from_currency: rate for rate in summary.fx if rate.to_currency == currency}

    def shown(amount: Money) -> Money:
        """*amount* as the statement shows it: in the summary's currency when it is in one currency."""
        if not single_currency or amount.currency == currency or amount.currency not in rates:
            return amount
        return _converted(amount)

    def _converted(amount: Money) -> Money:
        exact = rates[amount.currency].apply_exact(amount)  # rounded once, as the summary's figures are
        return Money(round_half_up(exact, minor_unit(currency)), currency)

    def money(amount: Money | Decimal) -> str:
        """The amount as shown; one in another currency also in the summary's, so that every figure has one."""
        if isinstance(amount, Decimal):
            amount = Money(amount, currency)
        amount = shown(amount)
        text = format_money(amount.amount, amount.currency, locale)
        if amount.currency == currency or amount.currency not in rates:
            return text
        return f"{text} ({format_money(_converted(amount).amount, currency, locale)})"

    salary = offer.salary
    paid = [_("Salary: {amount} {per}.").format(amount=money(salary.rate), per=per(salary.period.value, locale))]
    if salary.period.value != "year" or shown(salary.rate).currency != currency:
        paid[0] = _("Salary: {amount} {per}, {annual} a year.").format(
            amount=money(salary.rate), per=per(salary.period.value, locale), annual=money(summary.annual.salary)
        )
    if salary.pay_frequency is not None:
        count = _PAYMENTS_A_YEAR[salary.pay_frequency.value]
        native = salary.annual().rounded()
        annual = Money(summary.annual.salary, currency) if shown(native).currency == currency else native
        payments = annual.allocate(count)
        larger = sum(1 for p in payments if p.amount == payments[0].amount)
        detail = _("{count} payments of {amount}").format(count=count, amount=money(payments[0]))
        if larger < count:
            detail = _("{count} payments of {amount} (the first {larger}; then {rest})").format(
                count=count, amount=money(payments[0]), larger=larger, rest=money(payments[-1])
            )
        paid.append(_(_PAID[salary.pay_frequency.value]).format(detail=detail))
    if offer.bonus is not None:
        paid.append(_("Target bonus: {amount} a year.").format(amount=money(summary.annual.bonus)))
        if offer.bonus.sign_on is not None:
            clawback = offer.bonus.sign_on_clawback_months
            sign_on = money(offer.bonus.sign_on)
            paid.append(
                _("Sign-on bonus: {amount}, once, repayable if you leave within {months} months.").format(
                    amount=sign_on, months=clawback
                )
                if clawback
                else _("Sign-on bonus: {amount}, once.").format(amount=sign_on)
            )
    paid.append(
        _("Total compensation: {amount} a year ({first} in the first year).").format(
            amount=money(summary.annual.total_compensation), first=money(summary.first_year.total_compensation)
        )
    )
    sections = [_Section(_("What you are paid"), tuple(paid))]

    grants = offer.grants
    several = len(grants) > 1  # then a section, and a table, a grant
    when = _("What vests when")
    for number, grant in enumerate(grants, 1):
        name = _("Grant {number}").format(number=number) if several else _("Equity")
        rows = [(_("Date"), _("Units"), _("Value"), _("Vested so far"))]
        worth = grant.unit_worth()
        vesting = grant.vesting
        for event in vesting.events(grant.units, within_months=LISTED_MONTHS):
            rows.append(
                (
                    format_date(event.date, "medium", locale=locale),
                    format_amount(event.units, locale),
                    money((worth * event.units).rounded()),
                    _("{vested} of {units}").format(
                        vested=format_amount(event.cumulative, locale), units=format_amount(grant.units, locale)
                    ),
                )
            )
        lines = [_grant_line(number if several else None, grant, money, locale)]
        if vesting.months > LISTED_MONTHS:
            left = grant.units - vesting.vested_after_months(grant.units, LISTED_MONTHS)
            after = format_date(add_months(vesting.start_date, LISTED_MONTHS), "medium", locale=locale)
            lines.append(
                _(
                    "{grant}: {units} more units vest after {date}, over a schedule of {months} months; "
                    "only its first {listed} months are listed."
                ).format(
                    grant=name,
                    units=format_amount(left, locale),
                    date=after,
                    months=format_amount(vesting.months, locale),
                    listed=LISTED_MONTHS,
                )
            )
        if len(rows) > 1:  # a header and at least one event
            lines.append(_("They vest on these dates, valued at grant:"))
        else:
            rows = []
        title = f"{when}: {name}" if several else when
        sections.append(_Section(title, tuple(lines), tuple(rows)))

    budget = offer.token_budget
    if budget is not None:
        allowance = [
            _(
                "A token budget of {amount} a year for AI compute at work. It is an "
                "allowance, not pay: it does not vest, is not portable, cannot be cashed out and is forfeited "
                "when you leave."
            ).format(amount=money(summary.annual.token_budget)),
            _rollover_line(budget.rollover, budget.rollover_cap, money, locale),
        ]
        if summary.tokens_per_year is not None and summary.pricing is not None:
            per_day = tokens_per_working_day(summary.tokens_per_year)
            # The estimate's assumption (its default working days) is said in the reader's language.
            allowance.append(
                _(
                    "That buys {tokens} tokens a year at {model} prices of {date}: "
                    "about {per_day} tokens a working day ({days} working days a year)."
                ).format(
                    tokens=format_amount(summary.tokens_per_year, locale),
                    model=isolated(summary.pricing.model),
                    date=format_date(summary.pricing.as_of, "medium", locale=locale),
                    per_day=format_amount(per_day.about, locale),
                    days=WORKING_DAYS_PER_YEAR,
                )
            )
        note = _("Note: {message}")
        allowance += [
            note.format(message=plain(advisory_text(a, summary.as_of, locale)))
            for a in summary.advisories
            if a.code != "fx-stale"
        ]
        sections.append(_Section(_("Your token budget"), tuple(allowance), budget=True))
        sections.append(
            _Section(
                _("What the package costs your employer"),
                (
                    _("Fully loaded cost: {amount} a year, token budget included.").format(
                        amount=money(summary.annual.fully_loaded_cost)
                    ),
                ),
            )
        )
    if summary.fx:
        stale = [
            _("Note: {message}").format(message=plain(advisory_text(a, summary.as_of, locale)))
            for a in summary.advisories
            if a.code == "fx-stale"
        ]
        rates_line = _("Figures in {currency} at the {rates}.").format(
            currency=currency, rates=rate_dates(summary.fx, summary.as_of, locale)
        )
        sections.append(_Section(_("Exchange rates"), (rates_line, *stale)))
    return sections


def _grant_line(number: int | None, grant: EquityGrant, money: Callable[[Money], str], locale: Locale) -> str:
    _ = translations(locale).gettext
    one, many = _INSTRUMENTS[grant.instrument]
    kind = _(one if grant.units == 1 else many)
    grant_name = _("Equity") if number is None else _("Grant {number}").format(number=number)
    units = format_amount(grant.units, locale)
    if grant.strike_price is None:
        return _("{grant}: {units} {kind}, valued at {value} each at grant.").format(
            grant=grant_name, units=units, kind=kind, value=money(grant.unit_value)
        )
    return _(
        "{grant}: {units} {kind} with a strike price of {strike} each; at a value of "
        "{value} a unit at grant, each is worth {worth} (the value less the strike price)."
    ).format(
        grant=grant_name,
        units=units,
        kind=kind,
        strike=money(grant.strike_price),
        value=money(grant.unit_value),
        worth=money(grant.unit_worth()),
    )


def _rollover_line(rollover: Rollover, cap: Money | None, money: Callable[[Money], str], locale: Locale) -> str:
    _ = translations(locale).gettext
    if rollover is Rollover.CAPPED and cap is not None:
        return _("Unused budget rolls over to the next period, up to {amount}.").format(amount=money(cap))
    if rollover is Rollover.FULL:
        return _("Unused budget rolls over to the next period in full.")
    return _("Unused budget does not roll over: it lapses at the end of each period.")


def _statement_title(offer: Offer, locale: Locale) -> str:
    _ = translations(locale).gettext
    role = isolated(offer.role.title) if offer.role and offer.role.title else _("your offer")
    start = format_date(offer.effective_date, "medium", locale=locale)
    return _("Total rewards statement: {role} ({offer}), from {start}").format(
        role=role, offer=isolated(offer.id), start=start
    )


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
    (:func:`~tokencomp.budget.ledger.ledger_for`), the budget's periods follow.

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
        lines += ["", section.title, "-" * text_width(section.title), *section.lines]
        widths = (
            [max(text_width(row[i]) for row in section.table) for i in range(len(section.table[0]))]
            if section.table
            else []
        )
        lines += [
            "  " + "  ".join(pad(cell, w, ">") for cell, w in zip(row, widths, strict=True)) for row in section.table
        ]
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
        f"{isolated(posting.title)} at {isolated(posting.organization)} ({isolated(where)})",
        f"Salary: {money_span(salary.min, salary.max, locale)} {per(posting.salary_period.value)}",
    ]
    if posting.bonus_target_percent:
        bonus = posting.bonus_target_percent
        lines.append(f"Target bonus: {span(bonus.min, bonus.max, lambda v: format_amount(v, locale))} %")
    if posting.equity_per_year:
        lines.append(f"Equity: {money_span(posting.equity_per_year.min, posting.equity_per_year.max, locale)} a year")
    if posting.token_budget:
        lines.append(f"Token budget: {describe_token_budget(posting.token_budget, locale)}")
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
def _equity_html(summary: Summary, locale: Locale) -> list[str]:
    """The statement's equity by year (a chart) and the scenarios asked for (a table and a chart), version 1.1."""
    _ = translations(locale).gettext
    parts = []
    if summary.equity_by_year:
        heading = html.escape(_("Your equity year by year"))
        parts.append(
            f'<section class="equity"><h2>{heading}</h2>{equity_by_year_svg(summary, locale, inline=True)}</section>'
        )
    if summary.scenarios:
        heading = html.escape(_("Your equity at other share prices"))
        head = [_("Share price"), _("Equity a year"), _("Total compensation a year"), _("Equity in the first year")]
        rows = [
            [
                "×" + format_amount(scenario.multiple, locale),
                format_money(scenario.annual.equity, summary.currency, locale),
                format_money(scenario.annual.total_compensation, summary.currency, locale),
                format_money(scenario.first_year.equity, summary.currency, locale),
            ]
            for scenario in summary.scenarios
        ]
        parts.append(f'<section class="equity"><h2>{heading}</h2>')
        parts.append("<table><tr>" + "".join(f"<th>{html_text(c)}</th>" for c in head) + "</tr>")
        parts += ["<tr>" + "".join(f"<td>{html_text(c)}</td>" for c in row) + "</tr>" for row in rows]
        parts.append(f"</table>{scenarios_svg(summary, locale, inline=True)}</section>")
    return parts


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
    period (:func:`~tokencomp.reports.texts.ledger_svg`). A value with
    right-to-left text or a bidi control (an id, a title) is set apart in a
    ``<bdi dir="auto">`` element, so it cannot reorder the words around it
    (:func:`~tokencomp._internal.escaping.html_text`).

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
    title = _statement_title(offer, locale)
    parts = [
        f'<!DOCTYPE html>\n<html lang="{html.escape(str(locale.language))}"><head><meta charset="utf-8">',
        # A <title> holds text, not elements: there the values stay in their isolates (U+2068 … U+2069).
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{html_text(title)}</h1>",
    ]
    for section in _statement_sections(offer, summary, locale, single):
        css = ' class="budget"' if section.budget else ""
        parts.append(f"<section{css}><h2>{html_text(section.title)}</h2>")
        parts += [f"<p>{html_text(line)}</p>" for line in section.lines]
        if section.table:
            head, *body = section.table
            parts.append("<table><tr>" + "".join(f"<th>{html_text(c)}</th>" for c in head) + "</tr>")
            parts += ["<tr>" + "".join(f"<td>{html_text(c)}</td>" for c in row) + "</tr>" for row in body]
            parts.append("</table>")
        parts.append("</section>")
    parts += _equity_html(summary, locale)
    if ledger is not None:
        over_time = html.escape(translations(locale).gettext("Your token budget over time"))
        parts.append(f'<section class="budget"><h2>{over_time}</h2>{ledger_svg(ledger, locale)}</section>')
    parts.append("</body></html>\n")
    return "\n".join(parts)
