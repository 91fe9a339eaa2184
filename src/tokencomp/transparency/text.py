"""The pay-gap report and a worker's answer for people: text tables, and the report as CSV.

The figures are those of :mod:`tokencomp.transparency.figures` and
:mod:`tokencomp.transparency.request`, said to the last digit: a gap of
12.50 is ``12.50%`` in the text and ``12.50`` in the CSV, as in the JSON.
Words come from the catalogs (:mod:`tokencomp._internal.translations`),
numbers are formatted for the locale; values from the file (categories,
ids, reasons) are isolated so that they cannot act on a terminal.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from babel import Locale

from .._internal.escaping import isolated, neutralised
from .._internal.translations import N_, translations
from ..model.money import in_context
from ..reports.wording import format_amount, format_money, format_ratio, pad, rate_dates, text_width
from .report import PayGapReport
from .request import PayInfo, PayLevels

__all__ = ["pay_gap_csv", "pay_gap_text", "pay_info_text"]

_FIGURES = (
    ("mean_gap", N_("(a) Mean gap, total hourly pay")),
    ("complementary_mean_gap", N_("(b) Mean gap, complementary hourly pay, of those receiving it")),
    ("median_gap", N_("(c) Median gap, total hourly pay")),
    ("complementary_median_gap", N_("(d) Median gap, complementary hourly pay, of those receiving it")),
    ("female_receiving_complementary", N_("(e) Women receiving complementary pay")),
    ("male_receiving_complementary", N_("    Men receiving complementary pay")),
)
_CATEGORY_HEADERS = (N_("Category"), N_("Women"), N_("Men"), N_("Mean gap"), N_("Basic"), N_("Complementary"),
                     N_("Joint assessment"))  # fmt: skip


#: Why a figure cannot be worked out, as :func:`~tokencomp.transparency.figures.pay_gap` says it: said in the
#: reader's language when it is one of these, as it is otherwise.
REASONS = frozenset(
    {
        N_("no men among the workers"),
        N_("no women among the workers"),
        N_("the men's pay among the workers is zero"),
        N_("no men receiving complementary pay"),
        N_("no women receiving complementary pay"),
        N_("no men in the category"),
        N_("no women in the category"),
        N_("the men's pay in the category is zero"),
    }
)


def said_reason(reason: str, locale: Locale | str) -> str:
    """*reason* in *locale*'s language when it is one of :data:`REASONS`, else as it is (a file's own words)."""
    return translations(locale).gettext(reason) if reason in REASONS else reason


def _percent(value: Decimal, locale: Locale | str) -> str:
    """A figure of the report (a percentage to 2 places) as the locale writes a percentage, every digit kept."""
    return format_ratio(value.scaleb(-2), locale)


def _table(rows: list[list[str]], align: str) -> list[str]:
    """*rows* as lines of columns padded to their widest cell; *align* gives each column's ``<`` or ``>``."""
    widths = [max(text_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(pad(cell, widths[i], align[i]) for i, cell in enumerate(row)).rstrip() for row in rows]


@in_context
def pay_gap_text(report: PayGapReport, locale: Locale | str = "en_US") -> str:
    """The report as text for *locale*: the policy, the counts, figures (a) to (g), and the lines left out.

    >>> from tokencomp import pay_gap, pay_gap_text
    >>> print(pay_gap_text(pay_gap([], currency="EUR", reference_date="2026-12-31")).splitlines()[0])
    Gender pay gap in EUR on 2026-12-31 (EU Directive 2023/970, Art. 9)
    """
    _ = translations(locale).gettext
    lines = [
        _("Gender pay gap in {currency} on {date} (EU Directive 2023/970, Art. 9)").format(
            currency=report.currency, date=report.reference_date.isoformat()
        ),
        _("Pay classified by: {name} ({source})").format(
            name=isolated(report.policy.name), source=isolated(report.policy.source)
        ),
        rate_dates(report.fx, report.reference_date, locale),
        _(
            "Workers: {female} women, {male} men, {other} others (counted, outside the figures); {left} lines left out"
        ).format(
            female=format_amount(report.female, locale),
            male=format_amount(report.male, locale),
            other=format_amount(report.other, locale),
            left=format_amount(len(report.left_out) + report.more_left_out, locale),
        ),
        _("A gap is (men's pay - women's pay) / men's pay, on gross hourly pay: above zero, men are paid more."),
        "",
    ]
    rows = []
    for key, label in _FIGURES:
        value: Decimal | None = getattr(report, key)
        if value is None:
            said = _("none: {reason}").format(reason=said_reason(report.reason(key) or "", locale))
        else:
            said = _percent(value, locale)
        rows.append([_(label), said])
    lines += _table(rows, "<<")
    lines += ["", _("(f) Quartile pay bands, by total hourly pay (1: the lowest paid)")]
    bands = [[_("Quartile"), _("Workers"), _("Women"), _("Men")]]
    for band in report.quartiles:
        shares = [_percent(v, locale) if v is not None else _("none") for v in (band.female, band.male)]
        bands.append([str(band.quartile), format_amount(band.workers, locale), *shares])
    lines += ["    " + line for line in _table(bands, "<>>>")]
    lines += [
        "",
        _(
            "(g) Mean gaps by category; joint pay assessment (Art. 10) from 5.00%; fewer than {n} women or men: "
            "suppressed"
        ).format(n=report.min_group),
    ]
    table = [[_(header) for header in _CATEGORY_HEADERS]]
    for category in report.categories:
        row = [
            isolated(category.category),
            format_amount(category.female, locale),
            format_amount(category.male, locale),
        ]
        if category.suppressed:
            row += [_("suppressed"), "", "", ""]
        else:
            for value in (category.mean_gap, category.basic_mean_gap, category.complementary_mean_gap):
                row.append(_percent(value, locale) if value is not None else _("none"))
            row.append(_("yes") if category.joint_assessment else _("no"))
        table.append(row)
    lines += ["    " + line for line in _table(table, "<>>>>><")]
    for category in report.categories:
        for key, reason in category.reasons:
            why = isolated(said_reason(reason, locale))
            lines.append("    " + _("{category}: {figure} is none: {reason}").format(
                category=isolated(category.category), figure=key, reason=why))  # fmt: skip
    if report.left_out:
        lines += ["", _("Lines left out of every figure:")]
        for rejected in report.left_out:  # the file is the report's: its lines are enough
            place = _("line {n}").format(n=rejected.line) if rejected.line is not None else isolated(rejected.where)
            lines.append(f"    {place}: {isolated(rejected.reason)}")
        if report.more_left_out:
            lines.append("    " + _("and {n} more lines").format(n=format_amount(report.more_left_out, locale)))
    lines += ["", _("Figures worked out by tokencomp from the file given; they are not legal advice.")]
    return "\n".join(lines)


def pay_gap_csv(report: PayGapReport) -> str:
    """The report as CSV (RFC 4180): one row a figure, ``scope,name,figure,value,reason``.

    *scope* is ``report``, ``quartile`` (*name* the band) or ``category``
    (*name* the category); *value* is the figure as the JSON writes it
    (``true``/``false`` for a joint assessment, empty for none, with the reason).

    >>> from tokencomp import pay_gap, pay_gap_csv
    >>> print(pay_gap_csv(pay_gap([], currency="EUR", reference_date="2026-12-31")).splitlines()[9])
    report,,mean_gap,,no men among the workers
    """
    out = io.StringIO()
    writer = csv.writer(out)  # RFC 4180: "\r\n" ends a row, so a "\r" or "\n" in a cell is quoted
    writer.writerow(["scope", "name", "figure", "value", "reason"])
    data = report.to_json()
    reasons = data.get("reasons", {})

    def cell(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        return neutralised(str(value))

    writer.writerow(["report", "", "currency", data["currency"], ""])
    writer.writerow(["report", "", "reference_date", data["reference_date"], ""])
    writer.writerow(["report", "", "policy", cell(report.policy.name), ""])
    writer.writerow(["report", "", "policy_source", cell(report.policy.source), ""])
    for rate in report.fx:  # the exact rate is its published legs: to_per_base / from_per_base
        pair = f"{rate.from_currency}/{rate.to_currency}"
        writer.writerow(["fx", pair, "rate", str(rate.rate), f"{rate.date} {cell(rate.source)}"])
    for gender in ("female", "male", "other"):
        writer.writerow(["report", "", f"workers_{gender}", data["workers"][gender], ""])
    writer.writerow(["report", "", "left_out", data["left_out"], ""])
    for key, _label in _FIGURES:
        writer.writerow(["report", "", key, cell(data[key]), cell(reasons.get(key))])
    for band in data["quartiles"]:
        for gender in ("female", "male"):
            writer.writerow(["quartile", band["quartile"], gender, cell(band[gender]), ""])
    for category in data["categories"]:
        name = cell(category["category"])
        for key, value in category.items():
            if key not in ("category", "reasons"):
                writer.writerow(["category", name, key, cell(value), cell(category.get("reasons", {}).get(key))])
    for rejected in report.left_out:
        writer.writerow(
            ["left_out", rejected.line if rejected.line is not None else "", "line", "", cell(rejected.reason)]
        )
    return out.getvalue()


def _levels_rows(levels: PayLevels, currency: str, locale: Locale | str) -> list[list[str]]:
    _ = translations(locale).gettext
    return [
        [
            _("Annual"),
            *(
                format_money(v, currency, locale)
                for v in (levels.annual_basic, levels.annual_complementary, levels.annual_total)
            ),
        ],
        [
            _("Hourly"),
            *(
                format_money(v, currency, locale)
                for v in (levels.hourly_basic, levels.hourly_complementary, levels.hourly_total)
            ),
        ],
    ]


@in_context
def pay_info_text(info: PayInfo, locale: Locale | str = "en_US") -> str:
    """A worker's answer (Art. 7) for *locale*: their pay, then the mean pay of women and men in their category.

    >>> import datetime
    >>> from decimal import Decimal
    >>> from tokencomp import EU_POLICY, Gender, PayInfo, PayLevels, pay_info_text
    >>> pay = PayLevels(*map(Decimal, ("52000.00", "0.00", "52000.00", "25.00", "0.00", "25.00")))
    >>> info = PayInfo("e1", Gender.MALE, "A", "EUR", datetime.date(2026, 12, 31), EU_POLICY, 5, pay, 2, 3,
    ...                suppressed=True, female_mean=None, male_mean=None)
    >>> print(pay_info_text(info).splitlines()[-3])
    Fewer than 5 women or men: the mean pay levels are not shown.
    """
    _ = translations(locale).gettext
    header = ["", _("Basic"), _("Complementary"), _("Total")]
    lines = [
        _("Pay information for {employee} ({category}) in {currency} on {date} (EU Directive 2023/970, Art. 7)").format(
            employee=isolated(info.employee_id),
            category=isolated(info.category),
            currency=info.currency,
            date=info.reference_date.isoformat(),
        ),
        _("Pay classified by: {name} ({source})").format(
            name=isolated(info.policy.name), source=isolated(info.policy.source)
        ),
        rate_dates(info.fx, info.reference_date, locale),
        "",
        _("Your pay"),
    ]
    lines += ["    " + line for line in _table([header, *_levels_rows(info.pay, info.currency, locale)], "<>>>")]
    counts = _("{female} women and {male} men in the category").format(
        female=format_amount(info.female, locale), male=format_amount(info.male, locale)
    )
    lines += ["", counts]
    if info.suppressed:
        lines.append(_("Fewer than {n} women or men: the mean pay levels are not shown.").format(n=info.min_group))
    else:
        for title, levels in (
            (_("Mean pay of women in the category"), info.female_mean),
            (_("Mean pay of men in the category"), info.male_mean),
        ):
            lines += ["", title]
            if levels is not None:
                lines += [
                    "    " + line for line in _table([header, *_levels_rows(levels, info.currency, locale)], "<>>>")
                ]
    if info.left_out:
        left = len(info.left_out) + info.more_left_out
        lines += ["", _("{n} lines of the file were left out.").format(n=format_amount(left, locale))]
    lines += ["", _("Figures worked out by tokencomp from the file given; they are not legal advice.")]
    return "\n".join(lines)
