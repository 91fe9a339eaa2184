"""The token budget for people: a ledger as a text table or an SVG chart, and the leaderboard as a table.

The figures are those of ``tokencomp.budget``; this module only says them, in the reader's language
(:mod:`tokencomp._internal.translations`) and number format.
"""

from __future__ import annotations

import html
from decimal import Decimal

from babel import Locale

from .._internal.escaping import isolated, plain
from .._internal.translations import N_, translations
from ..budget.leaderboard import Leaderboard
from ..budget.ledger import Ledger, ValueAt
from ..model.money import Money, in_context
from .wording import format_amount, format_money, format_rate, format_ratio, pad, text_width

__all__ = ["leaderboard_text", "ledger_svg", "ledger_text"]


_COLUMNS = ("allowance", "carried_in", "used", "overspend", "carried_out", "expired", "forfeited")


_HEADERS = (N_("Allowance"), N_("Carried in"), N_("Used"), N_("Overspend"), N_("Carried out"), N_("Expired"),
            N_("Forfeited"))  # fmt: skip


@in_context
def ledger_text(ledger: Ledger, locale: Locale | str = "en_US") -> str:
    """Return the ledger as a text table for *locale*: one row a period, then what was left out and why.

    >>> import datetime
    >>> from tokencomp import BudgetPeriod, Money, Offer, Rollover, Salary, SalaryPeriod, TokenBudget, ledger_for
    >>> budget = TokenBudget(rollover=Rollover.FULL, allowance=Money("1000.00", "USD"), period=BudgetPeriod.MONTH)
    >>> offer = Offer("ada", datetime.date(2026, 1, 15), "USD",
    ...               Salary(Money("200000.00", "USD"), SalaryPeriod.YEAR), token_budget=budget)
    >>> text = ledger_text(ledger_for(offer, [], terminated=datetime.date(2026, 2, 10)))
    >>> print(text.splitlines()[0])
    Token budget ledger of ada, in USD (usage valued at recorded cost)
    >>> text.splitlines()[4].split()[3:]
    ['$357.14', '$548.39', '$0.00', '$0.00', '$0.00', '$0.00', '$905.53', '0.00%', '0']
    """
    _ = translations(locale).gettext
    money = {name: [format_money(getattr(p, name).amount, ledger.currency, locale) for p in ledger.periods]
             for name in _COLUMNS}  # fmt: skip
    headers = [_(header) for header in _HEADERS]
    widths = [max([text_width(h), *(text_width(v) for v in money[n])]) for h, n in zip(headers, _COLUMNS, strict=True)]
    shares = [_("n/a") if p.utilisation is None else format_ratio(p.utilisation, locale)
              for p in ledger.periods]  # fmt: skip
    title = (
        _("Token budget ledger of {person}, in {currency} (usage valued at recorded cost)")
        if ledger.value_at is ValueAt.RECORDED
        else _("Token budget ledger of {person}, in {currency} (usage valued at the offer's price snapshot)")
    )
    lines = [title.format(person=isolated(ledger.person), currency=ledger.currency), ""]
    spans = [_("{start} to {end}").format(start=p.start, end=p.end) for p in ledger.periods]
    span_width = max(26, *(text_width(span) + 1 for span in (_("Period"), *spans)))
    utilisation, records = _("Utilisation"), _("Records")  # outside the f-string, as in leaderboard_text
    share_width, records_width = max(11, text_width(utilisation)), max(7, text_width(records))
    lines.append(
        pad(_("Period"), span_width) + "".join(f"  {pad(h, w, '>')}" for h, w in zip(headers, widths, strict=True))
        + f"  {pad(utilisation, share_width, '>')}  {pad(records, records_width, '>')}"
    )  # fmt: skip
    for row, period in enumerate(ledger.periods):
        cells = "".join(f"  {pad(money[n][row], w, '>')}" for n, w in zip(_COLUMNS, widths, strict=True))
        records = pad(format_amount(period.records, locale), records_width, ">")
        lines.append(f"{pad(spans[row], span_width)}{cells}  {pad(shares[row], share_width, '>')}  {records}")
    for period in ledger.periods:
        if period.as_of is not None:
            remaining = format_money(period.remaining.amount, ledger.currency, locale)
            said = (
                _("As of {date}: {remaining} remaining; at the burn so far it runs out on {runs_out}.")
                if period.runs_out
                else _("As of {date}: {remaining} remaining; at the burn so far it lasts the period.")
            )
            lines.append("\n" + said.format(date=period.as_of, remaining=remaining, runs_out=period.runs_out))
    if ledger.terminated is not None:
        lines.append(
            "\n"
            + _("Terminated on {date}: what remained is forfeited, a figure, never a payout.").format(
                date=ledger.terminated
            )
        )
    if ledger.other_people:
        lines.append(
            "\n"
            + _("{count} record(s) of other people ignored.").format(count=format_amount(ledger.other_people, locale))
        )
    if ledger.rejected:
        count = format_amount(len(ledger.rejected) + ledger.more_rejected, locale)
        lines.append("\n" + _("{count} record(s) left out of every total:").format(count=count))
        lines += [plain(f"  {r.where}: " + "; ".join(f"{p.pointer or '/'}: {p.message}" for p in r.problems))
                  for r in ledger.rejected]  # fmt: skip
        if ledger.more_rejected:
            lines.append(f"  … +{ledger.more_rejected:,}")
    if ledger.fx:
        lines.append("\n" + _("Exchange rates used (of each record's date):"))
        lines += [
            "  "
            + _("1 {source_currency} = {rate} {target_currency} of {date}; {source}").format(
                source_currency=fx.from_currency,
                rate=format_rate(fx.rate, locale),
                target_currency=fx.to_currency,
                date=fx.date,
                source=isolated(fx.source),
            )
            for fx in ledger.fx
        ]
    return "\n".join(lines)


@in_context
def ledger_svg(ledger: Ledger, locale: Locale | str = "en_US") -> str:
    """Return a bar chart of available (allowance + carried in) against used, a period a pair, as SVG.

    One self-contained ``<svg>`` element, for a statement or a web page: no
    script, no external style. Each bar has a ``<title>`` with its figures
    in *locale*; the heights come from the exact figures, scaled to the
    largest.

    >>> import datetime
    >>> from tokencomp import BudgetPeriod, Money, Offer, Rollover, Salary, SalaryPeriod, TokenBudget, ledger_for
    >>> budget = TokenBudget(rollover=Rollover.NONE, allowance=Money("1000.00", "USD"), period=BudgetPeriod.MONTH)
    >>> offer = Offer("ada", datetime.date(2026, 1, 1), "USD",
    ...               Salary(Money("200000.00", "USD"), SalaryPeriod.YEAR), token_budget=budget)
    >>> svg = ledger_svg(ledger_for(offer, [], as_of=datetime.date(2026, 3, 1)))
    >>> svg.startswith("<svg"), svg.count('class="available"'), svg.count('class="used"')
    (True, 3, 3)
    """
    width, height, left, bottom, top = Decimal(640), Decimal(240), Decimal(16), Decimal(40), Decimal(36)
    chart = height - bottom - top
    count = max(len(ledger.periods), 1)
    slot = (width - 2 * left) / count
    largest = max([p.available.amount for p in ledger.periods] + [p.used.amount for p in ledger.periods] + [Decimal(1)])

    def px(value: Decimal) -> str:
        return format(value.quantize(Decimal("0.1")), "f")

    def bar(kind: str, x: Decimal, bar_width: Decimal, amount: Money, label: str) -> str:
        bar_height = chart * amount.amount / largest
        said = html.escape(f"{label}: {format_money(amount.amount, amount.currency, locale)}")
        return (
            f'<rect class="{kind}" x="{px(x)}" y="{px(top + chart - bar_height)}" width="{px(bar_width)}" '
            f'height="{px(bar_height)}"><title>{said}</title></rect>'
        )

    _ = translations(locale).gettext
    title = html.escape(
        _("Token budget of {person}: available and used, a period a pair ({currency})").format(
            person=isolated(ledger.person), currency=ledger.currency
        )
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-label="{title}">',
        f"<title>{title}</title>",
        "<style>.available{fill:#d9e2ef;stroke:#5b7fa6}.used{fill:#2f5d8c}.over{fill:#b8412c}"
        "text{font:11px sans-serif;fill:#222}</style>",
        f'<text x="{left}" y="16">{title}</text>',
    ]
    for number, period in enumerate(ledger.periods):
        x = left + slot * number
        one_month = (period.start.year, period.start.month) == (period.end.year, period.end.month)
        label = period.start.strftime("%Y-%m") if one_month else str(period.start.year)
        parts.append(
            bar("available", x + slot / 8, slot * 3 / 4, period.available, _("{period} available").format(period=label))
        )
        kind = "over" if period.overspend.amount > 0 else "used"
        parts.append(bar(kind, x + slot * 5 / 16, slot * 3 / 8, period.used, _("{period} used").format(period=label)))
        parts.append(f'<text x="{px(x + slot / 2)}" y="{px(height - bottom + 16)}" text-anchor="middle">{label}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


@in_context
def leaderboard_text(board: Leaderboard, locale: Locale | str = "en_US") -> str:
    """Return the leaderboard as a text table for *locale*, the footnote under it.

    >>> from decimal import Decimal
    >>> from tokencomp import Leaderboard, LeaderboardRow, Money
    >>> print(leaderboard_text(Leaderboard("2026-01", (LeaderboardRow("bo", Money("75.00", "USD"),
    ...       Money("100.00", "USD"), Decimal("0.7500")),))).splitlines()[3])
    1  bo                     75.00%        $75.00      $100.00
    """
    _ = translations(locale).gettext
    lines = [_("Token budget leaderboard, {period}").format(period=board.period), ""]
    # The labels are looked up outside the f-string: Python 3.12's tokenizer lets babel see calls inside one,
    # 3.11's does not, and the catalogs must be the same whichever Python extracts them.
    person, utilisation, used, available = _("Person"), _("Utilisation"), _("Used"), _("Available")
    lines.append(f"{'#':<3}{pad(person, 17)}{pad(utilisation, 12, '>')}{pad(used, 14, '>')}{pad(available, 13, '>')}")
    for place, row in enumerate(board.rows, 1):
        share = _("n/a") if row.utilisation is None else format_ratio(row.utilisation, locale)
        lines.append(
            f"{place:<3}{pad(isolated(row.person), 17)}{pad(share, 12, '>')}"
            f"{pad(format_money(row.used.amount, row.used.currency, locale), 14, '>')}"
            f"{pad(format_money(row.available.amount, row.available.currency, locale), 13, '>')}"
        )
    lines += ["", f"* {_(board.footnote)}"]  # the footnote in the reader's language, unless it is a custom one
    return "\n".join(lines)
