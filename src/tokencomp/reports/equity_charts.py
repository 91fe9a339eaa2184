"""The statement's equity charts (contract version 1.1): equity by year, and equity at each share-price multiple.

Each is one self-contained ``<svg>`` element, as the ledger's chart is
(:func:`~tokencomp.reports.texts.ledger_svg`): no script, no external style,
each bar with a ``<title>`` giving its figure in the reader's locale, heights
from the exact figures scaled to the largest.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from decimal import Decimal

from babel import Locale

from .._internal.translations import translations
from .summary import Summary
from .wording import format_amount, format_money

__all__ = ["equity_by_year_svg", "scenarios_svg"]


def _bar_chart(
    title: str, bars: Sequence[tuple[str, Decimal]], currency: str, locale: Locale | str, kind: str, *, inline: bool
) -> str:
    width, height, left, bottom, top = Decimal(640), Decimal(240), Decimal(16), Decimal(40), Decimal(36)
    chart = height - bottom - top
    slot = (width - 2 * left) / max(len(bars), 1)
    largest = max([amount for _, amount in bars] + [Decimal(1)])

    def px(value: Decimal) -> str:
        return format(value.quantize(Decimal("0.1")), "f")

    said = html.escape(title)
    # In an HTML page the element needs no namespace (and the page names no address); a file of its own does.
    namespace = "" if inline else ' xmlns="http://www.w3.org/2000/svg"'
    parts = [
        f'<svg{namespace} viewBox="0 0 {width} {height}" role="img" aria-label="{said}">',
        f"<title>{said}</title>",
        "<style>.equity{fill:#2f5d8c}.scenario{fill:#5b7fa6}text{font:11px sans-serif;fill:#222}</style>",
        f'<text x="{left}" y="16">{said}</text>',
    ]
    for number, (label, amount) in enumerate(bars):
        x = left + slot * number
        bar_height = chart * amount / largest
        figure = html.escape(f"{label}: {format_money(amount, currency, locale)}")
        parts.append(
            f'<rect class="{kind}" x="{px(x + slot / 8)}" y="{px(top + chart - bar_height)}" '
            f'width="{px(slot * 3 / 4)}" height="{px(bar_height)}"><title>{figure}</title></rect>'
        )
        parts.append(
            f'<text x="{px(x + slot / 2)}" y="{px(height - bottom + 16)}" text-anchor="middle">'
            f"{html.escape(label)}</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)


def equity_by_year_svg(summary: Summary, locale: Locale | str = "en_US", *, inline: bool = False) -> str:
    """Return a bar chart of the value vesting in each year of the offer (:attr:`Summary.equity_by_year`), as SVG.

    *inline*: for an HTML page (no namespace attribute); a file of its own by default.

    >>> import importlib.resources
    >>> from tokencomp import loads, summarize
    >>> examples = importlib.resources.files("tokencomp") / "data" / "examples"
    >>> svg = equity_by_year_svg(summarize(loads((examples / "london-staff-engineer.json").read_bytes())))
    >>> svg.startswith("<svg"), svg.count('class="equity"')
    (True, 4)
    """
    _ = translations(locale).gettext
    bars = [(_("Year {year}").format(year=year.year), year.equity) for year in summary.equity_by_year or ()]
    title = _("Equity vesting each year ({currency})").format(currency=summary.currency)
    return _bar_chart(title, bars, summary.currency, locale, "equity", inline=inline)


def scenarios_svg(summary: Summary, locale: Locale | str = "en_US", *, inline: bool = False) -> str:
    """Return a bar chart of annual equity at each share-price multiple asked for (:attr:`Summary.scenarios`).

    >>> import importlib.resources
    >>> from tokencomp import loads, summarize
    >>> examples = importlib.resources.files("tokencomp") / "data" / "examples"
    >>> offer = loads((examples / "london-staff-engineer.json").read_bytes())
    >>> scenarios_svg(summarize(offer, share_price_multiples=["0.5", "1", "2"])).count('class="scenario"')
    3
    """
    _ = translations(locale).gettext
    bars = [
        ("×" + format_amount(scenario.multiple, locale), scenario.annual.equity) for scenario in summary.scenarios or ()
    ]
    title = _("Annual equity at each share price ({currency})").format(currency=summary.currency)
    return _bar_chart(title, bars, summary.currency, locale, "scenario", inline=inline)
