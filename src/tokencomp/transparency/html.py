"""The pay-gap report as one self-contained HTML page, in the reader's language, with its two SVG charts.

The page says the figures of a :class:`~tokencomp.transparency.report.PayGapReport`
(EU Directive 2023/970, Art. 9(1)) as a person reads them: who is counted,
the gaps (a) to (e), the quartile pay bands (f) and the gap in each category
(g) as charts and tables, the classification of pay the figures rest on, and
the lines of the file left out. Like the statement
(:func:`~tokencomp.reports.render.statement_html`) it has no script, font,
image or style to fetch, escapes every value from the file and sets each in
an isolate, and prints on paper as it shows on screen.

Every figure is written twice from the one Decimal the JSON writes: in the
reader's format by babel, and whole in a ``<data value="...">`` element, so
a program can read the page's figures back to the last digit.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from decimal import Decimal

from babel import Locale
from babel.dates import format_date

from .._internal.escaping import html_text, isolated
from .._internal.translations import N_, translations
from ..codec.sources import RejectedRecord
from ..model.money import in_context
from ..reports.wording import format_amount, parse_locale, rate_dates
from .charts import category_gaps_svg, percent, quartile_bands_svg
from .policy import PAY_COMPONENTS, PayClass, PayPolicy
from .report import CategoryGap, PayGapReport
from .text import said_reason

__all__ = ["pay_gap_html"]

#: How many left-out lines the page lists one by one; the rest are counted (the text and JSON reports have all).
LISTED_LEFT_OUT = 100

_COMPONENT_NAMES = {
    "salary": N_("Salary"),
    "bonus": N_("Bonus (target)"),
    "commission": N_("Commission (target)"),
    "allowances": N_("Allowances"),
    "equity": N_("Equity"),
    "benefits": N_("Benefits (employer cost)"),
    "token_budget": N_("Token budget for work only (a work tool)"),
    "token_budget_personal_use": N_("Token budget with personal use"),
    "one_time": N_("One-time payments"),
}

_CLASS_NAMES = {
    PayClass.BASIC: N_("Basic pay"),
    PayClass.COMPLEMENTARY: N_("Complementary or variable pay"),
    PayClass.LEFT_OUT: N_("Not pay: left out"),
}

#: The figures (a) to (e), by their key in the JSON report, in the order the directive lists them.
_GAPS = (
    ("mean_gap", N_("(a) Mean gap of total hourly pay")),
    ("complementary_mean_gap", N_("(b) Mean gap of complementary hourly pay, among those receiving it")),
    ("median_gap", N_("(c) Median gap of total hourly pay")),
    ("complementary_median_gap", N_("(d) Median gap of complementary hourly pay, among those receiving it")),
    ("female_receiving_complementary", N_("(e) Women receiving complementary pay")),
    ("male_receiving_complementary", N_("(e) Men receiving complementary pay")),
)

_GAP_DEFINED = N_(
    "A gap is (men's pay - women's pay) / men's pay × 100, on gross hourly pay: positive when men are paid more "
    "on average."
)

_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d2330;"
    "line-height:1.5}h1{font-size:1.5rem;border-bottom:3px solid #2f6fdf;padding-bottom:.4rem}"
    "h2{font-size:1.15rem;margin-top:2rem;color:#2f6fdf}table{border-collapse:collapse;width:100%}"
    "td,th{padding:.3rem .6rem;border-bottom:1px solid #d7dce5;text-align:right}td:first-child{overflow-wrap:anywhere}"
    "data{white-space:nowrap}td[colspan]{text-align:center}"
    "td:first-child,th:first-child{text-align:left}svg.chart{display:block;width:100%;height:auto;margin:1rem 0}"
    # On a narrow screen a chart or table keeps a readable size and scrolls sideways in its box, not the page.
    ".wide{overflow-x:auto}svg.chart{min-width:560px}"
    "tr.joint td{background:#fdeee4}tr.joint td:first-child{border-left:4px solid #c24e00}"
    ".suppressed,.na{color:#5a6170;font-style:italic}p.note{color:#4a5160;font-size:.9rem}"
    "@media print{body{max-width:none;margin:0;padding:0;font-size:10pt}h2{break-after:avoid}"
    "section,svg.chart,tr{break-inside:avoid}svg.chart{max-height:24cm;min-width:0}.wide{overflow:visible}}"
)


def _figure(value: Decimal | None, locale: Locale, pointer: str, reason: str | None = None) -> str:
    """A percentage of the report in *locale*'s format, with its exact value and its place in the JSON report.

    ``<data value="12.34" data-pointer="/mean_gap">``: the value as the JSON
    writes it, the JSON Pointer of the figure in that report. A figure that
    cannot be worked out is "n/a" and why.
    """
    if value is None:
        na = html.escape(translations(locale).gettext("n/a"))
        return f'<span class="na">{na}</span>' + (
            f" ({html_text(isolated(said_reason(reason, locale)))})" if reason else ""
        )
    return f'<data value="{value}" data-pointer="{pointer}">{html.escape(percent(value, locale))}</data>'


def _count(value: int, locale: Locale, pointer: str) -> str:
    """A count of the report in *locale*'s format, with its exact value and place, as :func:`_figure`."""
    return f'<data value="{value}" data-pointer="{pointer}">{html.escape(format_amount(value, locale))}</data>'


# Outside f-strings: babel finds no call inside one under Python 3.11, and the catalogs must not depend on it.
def _heading(text: str) -> str:
    return f"<h2>{html.escape(text)}</h2>"


def _note(text: str) -> str:
    return f'<p class="note">{html.escape(text)}</p>'


def _wide(part: str) -> str:
    return f'<div class="wide">{part}</div>'


def _table(head: Iterable[str], rows: Iterable[tuple[str, Iterable[str | tuple[str, int]]]]) -> str:
    """A table of cells already HTML (a cell with its column span as a pair); each row with its class, "" for none."""
    parts = ["<table><tr>" + "".join(f"<th>{html.escape(cell)}</th>" for cell in head) + "</tr>"]
    for css, cells in rows:
        said = [f'<td colspan="{c[1]}">{c[0]}</td>' if isinstance(c, tuple) else f"<td>{c}</td>" for c in cells]
        parts.append((f'<tr class="{css}">' if css else "<tr>") + "".join(said) + "</tr>")
    return _wide("".join(parts) + "</table>")


def _policy_lines(policy: PayPolicy, locale: Locale) -> list[str]:
    _ = translations(locale).gettext
    lines = [
        html_text(
            _("Pay is classified by the policy {name} ({source}).").format(
                name=isolated(policy.name), source=isolated(policy.source)
            )
        )
    ]
    for pay_class in PayClass:
        named = [_(_COMPONENT_NAMES[c]) for c in PAY_COMPONENTS if policy.class_of(c) is pay_class]
        if named:
            said = _("{pay_class}: {components}.").format(
                pay_class=_(_CLASS_NAMES[pay_class]), components=", ".join(named)
            )
            lines.append(html.escape(said))
    return lines


def _category_row(
    place: int, category: CategoryGap, report: PayGapReport, locale: Locale
) -> tuple[str, list[str | tuple[str, int]]]:
    _ = translations(locale).gettext
    at = f"/categories/{place}"
    cells: list[str | tuple[str, int]] = [
        html_text(isolated(category.category)),
        _count(category.female, locale, f"{at}/female"),
        _count(category.male, locale, f"{at}/male"),
    ]
    if category.suppressed:
        said = _("suppressed: fewer than {count} women or men").format(count=format_amount(report.min_group, locale))
        return "suppressed", [*cells, (f'<span class="suppressed">{html.escape(said)}</span>', 4)]
    reasons = dict(category.reasons)
    cells += [
        _figure(getattr(category, name), locale, f"{at}/{name}", reasons.get(name))
        for name in ("mean_gap", "basic_mean_gap", "complementary_mean_gap")
    ]
    cells += [
        html.escape(_("yes") if category.joint_assessment else _("no")),
    ]
    return ("joint" if category.joint_assessment else ""), cells


def _left_out_line(record: RejectedRecord, locale: Locale) -> str:
    """Where the line is, in the reader's words, and why it was left out, in the reader's words (as validation says)."""
    _ = translations(locale).gettext
    where = _("line {line}").format(line=record.line) if record.line is not None else isolated(record.where)
    return html_text(_("{where}: {reason}").format(where=where, reason=isolated(record.reason)))


@in_context
def pay_gap_html(report: PayGapReport, locale: Locale | str = "en_US") -> str:
    """Return the pay-gap report as one self-contained HTML page for *locale*, with SVG charts.

    The page holds what the text report holds, and two charts
    (:func:`~tokencomp.transparency.charts.quartile_bands_svg`,
    :func:`~tokencomp.transparency.charts.category_gaps_svg`): the share
    of women and men in each quartile pay band, and the mean gaps of basic
    and complementary hourly pay in each category, a suppressed category
    shown as suppressed and one for a joint pay assessment marked. It has no
    script and nothing to fetch; each figure is also in a ``<data>`` element
    with its exact value, as the JSON report writes it.

    Raises:
        UnknownLocaleError: *locale* is not one babel knows.

    >>> import datetime
    >>> from decimal import Decimal
    >>> from tokencomp import Gender, Money, Offer, Salary, Worker, pay_gap, pay_gap_html
    >>> def hired(who, gender, salary):
    ...     offer = Offer(who, datetime.date(2026, 1, 1), "EUR", Salary(Money(salary, "EUR"), "year"))
    ...     return Worker(who, gender, "Design", Decimal("40"), offer)
    >>> workers = [hired("f1", Gender.FEMALE, "45000.00"), hired("m1", Gender.MALE, "50000.00")]
    >>> page = pay_gap_html(pay_gap(workers, currency="EUR", reference_date="2026-12-31"), "de_DE")
    >>> page.startswith("<!DOCTYPE html>"), page.count("<svg"), "<script" in page
    (True, 2, False)
    >>> '<data value="10.00" data-pointer="/mean_gap">10,00\xa0%</data>' in page
    True
    """
    locale = parse_locale(locale) if isinstance(locale, str) else locale
    _ = translations(locale).gettext
    title = _("Gender pay gap report in {currency}, reference date {date}").format(
        currency=report.currency, date=format_date(report.reference_date, "medium", locale=locale)
    )
    parts = [
        f'<!DOCTYPE html>\n<html lang="{html.escape(str(locale.language))}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        "<section>",
        _heading(_("Who is counted")),
        _table(
            (_("Workers"), _("Number")),
            [
                ("", [html.escape(label), _count(value, locale, pointer)])
                for label, value, pointer in (
                    (_("Women"), report.female, "/workers/female"),
                    (_("Men"), report.male, "/workers/male"),
                    (
                        _("Others (non-binary or undisclosed): counted, outside the figures"),
                        report.other,
                        "/workers/other",
                    ),
                    (
                        _("Lines of the file left out of every figure"),
                        len(report.left_out) + report.more_left_out,
                        "/left_out",
                    ),
                )
            ],
        ),
        "</section>",
        "<section>",
        _heading(_("The gaps (Art. 9(1)(a) to (e))")),
        _table(
            (_("Figure"), _("Value")),
            [
                ("", [html.escape(_(label)), _figure(getattr(report, name), locale, f"/{name}", report.reason(name))])
                for name, label in _GAPS
            ],
        ),
        _note(_(_GAP_DEFINED)),
        "</section>",
        "<section>",
        _heading(_("Quartile pay bands (Art. 9(1)(f))")),
        _wide(quartile_bands_svg(report.quartiles, locale)),
        _table(
            (_("Band"), _("Workers"), _("Women"), _("Men")),
            [
                (
                    "",
                    [
                        format_amount(band.quartile, locale),
                        _count(band.workers, locale, f"/quartiles/{place}/workers"),
                        _figure(band.female, locale, f"/quartiles/{place}/female"),
                        _figure(band.male, locale, f"/quartiles/{place}/male"),
                    ],
                )
                for place, band in enumerate(report.quartiles)
            ],
        ),
        "</section>",
        "<section>",
        _heading(_("The gap in each category (Art. 9(1)(g))")),
        _wide(category_gaps_svg(report.categories, report.min_group, locale)),
        _table(
            (
                _("Category"),
                _("Women"),
                _("Men"),
                _("Total"),
                _("Basic"),
                _("Complementary"),
                _("Joint pay assessment"),
            ),
            [_category_row(place, category, report, locale) for place, category in enumerate(report.categories)],
        ),
        '<p class="note">'
        + html.escape(
            _(
                "A category with a mean gap of total hourly pay of {threshold} or more calls for a joint pay "
                "assessment (Art. 10); one with fewer than {count} women or men shows only its counts."
            ).format(threshold=percent(Decimal("5.00"), locale), count=format_amount(report.min_group, locale))
        )
        + "</p>",
        "</section>",
        "<section>",
        _heading(_("What counts as pay")),
        *(f"<p>{line}</p>" for line in _policy_lines(report.policy, locale)),
        "<p>"
        + html.escape(
            _("Figures in {currency} at the {rates}.").format(
                currency=report.currency, rates=rate_dates(report.fx, report.reference_date, locale)
            )
        )
        + "</p>",
        "</section>",
    ]
    if report.left_out:
        listed = report.left_out[:LISTED_LEFT_OUT]
        parts += [
            "<section>",
            _heading(_("Lines left out")),
            "<ul>",
            *(f"<li>{_left_out_line(record, locale)}</li>" for record in listed),
            "</ul>",
        ]
        unlisted = len(report.left_out) - len(listed) + report.more_left_out
        if unlisted:
            more = _("and {count} more lines.").format(count=format_amount(unlisted, locale))
            parts.append(f"<p>{html.escape(more)}</p>")
        parts.append("</section>")
    parts += [
        '<p class="note">'
        + html.escape(
            _(
                "Figures as the workforce contract defines them, for EU Directive 2023/970, Art. 9; they are "
                "figures, not legal advice."
            )
        )
        + "</p>",
        "</body></html>\n",
    ]
    return "\n".join(parts)
