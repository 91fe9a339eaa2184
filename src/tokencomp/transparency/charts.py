"""The pay-gap report's two charts as SVG: the quartile pay bands, and the mean gaps of each category.

Each chart is one self-contained ``<svg>`` element (no script, no external
style, no font to fetch), for the HTML report or any web page. Lengths come
from the report's exact figures, scaled once to tenths of a pixel for
drawing; every figure the chart shows is written by babel for the reader's
locale from the same Decimal the JSON writes, and each bar has a
``<title>`` that says it in words. Values from the workforce file (category
names) are escaped and set in a Unicode isolate, so they cannot add markup
or reorder the words around them.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from decimal import ROUND_CEILING, Decimal

from babel import Locale

from .._internal.escaping import isolated
from .._internal.translations import translations
from ..model.money import in_context
from ..reports.wording import format_amount, format_ratio, parse_locale, text_width
from .report import CategoryGap, QuartileBand

__all__ = ["category_gaps_svg", "percent", "quartile_bands_svg"]

#: Okabe and Ito's colours, told apart with every common colour-vision deficiency.
WOMEN, MEN = "#b8527f", "#00785a"
BASIC, COMPLEMENTARY = "#0068a8", "#c47f00"
JOINT = "#c24e00"

WIDTH = Decimal(640)
#: Room kept free at either end of a category's bars for the figure written beside the longest one.
VALUE_ROOM = Decimal(84)
MARGIN = Decimal(8)
#: A category's name is cut after this many columns in a chart (its full name is in the bar's tooltip and the table).
NAME_COLUMNS = 48

_STYLE = (
    "<style>text{font:13px system-ui,sans-serif;fill:#1d2330}.women{fill:" + WOMEN + "}.men{fill:" + MEN + "}"
    ".basic{fill:" + BASIC + "}.complementary{fill:" + COMPLEMENTARY + "}.axis{stroke:#5a6170;stroke-width:1}"
    ".grid{stroke:#b9bfcb;stroke-dasharray:3 3}.suppressed{fill:#eef0f4;stroke:#9aa1ad;stroke-dasharray:4 3}"
    ".empty{fill:none;stroke:#9aa1ad;stroke-dasharray:4 3}.joint{fill:"
    + JOINT
    + ";font-weight:600}.joint-mark{fill:"
    + JOINT
    + "}.note{fill:#4a5160}</style>"
)


def _px(value: Decimal) -> str:
    """A length for SVG, to a tenth of a pixel (drawing only: the figures are written from the exact Decimal)."""
    return format(value.quantize(Decimal("0.1")), "f")


def percent(figure: Decimal, locale: Locale) -> str:
    """A figure of the report (a percentage to two places, as the JSON writes it) in *locale*'s percent format.

    >>> percent(Decimal("-3.50"), parse_locale("de_DE")), percent(Decimal("12.34"), parse_locale("en_US"))
    ('-3,50\\xa0%', '12.34%')
    """
    return format_ratio(figure.scaleb(-2), locale)  # exact: moving the point loses no digit


def _cut(name: str, columns: int = NAME_COLUMNS) -> str:
    """*name* cut to *columns* display columns with an ellipsis, so that a long category stays inside the chart."""
    if text_width(name) <= columns:
        return name
    kept = ""
    for char in name:
        if text_width(kept + char) > columns - 1:
            break
        kept += char
    return kept + "…"


def _text(x: Decimal, y: Decimal, said: str, anchor: str = "start", css: str = "") -> str:
    css_class = f' class="{css}"' if css else ""
    return f'<text x="{_px(x)}" y="{_px(y)}" text-anchor="{anchor}"{css_class}>{html.escape(said)}</text>'


def _svg(height: Decimal, title: str, body: list[str]) -> str:
    label = html.escape(title)
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_px(height)}" role="img" '
            f'aria-label="{label}" class="chart">',
            f"<title>{label}</title>",
            _STYLE,
            *body,
            "</svg>",
        ]
    )


def _legend(y: Decimal, keys: Sequence[tuple[str, str]]) -> list[str]:
    """Swatches and their names in a row from the left; each name's width taken from its display columns."""
    parts, x = [], MARGIN
    for css, name in keys:
        parts.append(f'<rect class="{css}" x="{_px(x)}" y="{_px(y - 10)}" width="12" height="12"/>')
        parts.append(_text(x + 18, y, name))
        x += 18 + Decimal(8) * text_width(name) + 24
    return parts


@in_context
def quartile_bands_svg(bands: Sequence[QuartileBand], locale: Locale | str = "en_US") -> str:
    """Return the quartile pay bands (Art. 9(1)(f)) as an SVG chart: women's and men's shares of each band.

    One bar a band, lowest pay first, split at the women's share: the two
    parts add up to the whole band, as the two percentages add up to 100.
    A band without workers (fewer than four in all) is an empty outline.

    >>> svg = quartile_bands_svg([QuartileBand(1, 5, Decimal("60.00"), Decimal("40.00"))])
    >>> svg.startswith("<svg"), svg.count('class="women"'), "60.00%" in svg
    (True, 2, True)
    """
    locale = parse_locale(locale) if isinstance(locale, str) else locale
    _ = translations(locale).gettext
    names = {1: _("Quartile 1 (lowest pay)"), 2: _("Quartile 2"), 3: _("Quartile 3"), 4: _("Quartile 4 (highest pay)")}
    row, bar_height, top = Decimal(50), Decimal(20), Decimal(26)
    bar_width = WIDTH - 2 * MARGIN
    body = _legend(Decimal(16), (("women", _("Women")), ("men", _("Men"))))
    for place, band in enumerate(bands):
        y = top + row * place
        body.append(
            _text(MARGIN, y + 14, names.get(band.quartile) or _("Quartile {number}").format(number=band.quartile))
        )
        if band.female is None or band.male is None:
            body.append(_text(WIDTH - MARGIN, y + 14, _("no workers"), "end", "note"))
            body.append(
                f'<rect class="empty" x="{_px(MARGIN)}" y="{_px(y + 20)}" width="{_px(bar_width)}" '
                f'height="{_px(bar_height)}"/>'
            )
            continue
        women, men = percent(band.female, locale), percent(band.male, locale)
        body.append(
            _text(WIDTH - MARGIN, y + 14, _("women {women}, men {men}").format(women=women, men=men), "end", "note")
        )
        women_width = bar_width * band.female / 100
        for css, x, width, said in (
            ("women", MARGIN, women_width, _("Women: {share}").format(share=women)),
            ("men", MARGIN + women_width, bar_width * band.male / 100, _("Men: {share}").format(share=men)),
        ):
            body.append(
                f'<rect class="{css}" x="{_px(x)}" y="{_px(y + 20)}" width="{_px(width)}" '
                f'height="{_px(bar_height)}"><title>{html.escape(said)}</title></rect>'
            )
    title = _("Quartile pay bands: the shares of women and men in each quarter of hourly pay")
    return _svg(top + row * len(bands) + 4, title, body)


def _extent(categories: Sequence[CategoryGap]) -> Decimal:
    """The largest gap shown, rounded up to a multiple of 5 (at least 5: the threshold of Art. 10 is on the axis)."""
    shown = [abs(g) for c in categories if not c.suppressed for g in (c.basic_mean_gap, c.complementary_mean_gap)
             if g is not None]  # fmt: skip
    largest = max([Decimal(5), *shown])
    return (largest / 5).to_integral_value(ROUND_CEILING) * 5


@in_context
def category_gaps_svg(categories: Sequence[CategoryGap], min_group: int, locale: Locale | str = "en_US") -> str:
    """Return the gap per category (Art. 9(1)(g)) as an SVG chart: the mean gaps of basic and complementary pay.

    A category a row: its name and counts, then two bars from a zero axis,
    right when men are paid more on average, left when women are. A
    suppressed category (fewer than *min_group* women or men) shows its
    counts and a dashed box that says so, never a bar of zero; a category
    whose mean gap of total hourly pay reaches 5 % is marked for a joint pay
    assessment (Art. 10). A gap that cannot be computed says "n/a".

    >>> ops = CategoryGap("Ops", 5, 6, False, Decimal("7.00"), Decimal("6.00"), Decimal("-2.50"), True)
    >>> svg = category_gaps_svg([ops, CategoryGap("Legal", 2, 9, True)], 5)
    >>> svg.count('class="basic"'), svg.count('class="suppressed"'), "-2.50%" in svg  # the legend's swatch, a bar
    (2, 1, True)
    """
    locale = parse_locale(locale) if isinstance(locale, str) else locale
    _ = translations(locale).gettext
    extent = _extent(categories)
    half = (WIDTH - 2 * MARGIN - 2 * VALUE_ROOM) / 2
    zero = WIDTH / 2
    # The threshold's lines at ±5 %, unless so near zero that their labels would run into its own.
    near = half * 5 / extent < 40
    ticks = sorted({-extent, Decimal(0), extent} if near else {-extent, Decimal(-5), Decimal(0), Decimal(5), extent})

    def x_of(gap: Decimal) -> Decimal:
        return zero + half * gap / extent

    def grid(top: Decimal, bottom: Decimal) -> list[str]:
        # Drawn under each category's bars only, so that no line runs through a name.
        return [
            f'<line class="{"axis" if tick == 0 else "grid"}" x1="{_px(x_of(tick))}" y1="{_px(top)}" '
            f'x2="{_px(x_of(tick))}" y2="{_px(bottom)}"/>'
            for tick in ticks
        ]

    body = [
        *_legend(Decimal(16), (("basic", _("Basic pay")), ("complementary", _("Complementary or variable pay")))),
        _text(zero - 6, Decimal(42), _("women paid more"), "end", "note"),
        _text(zero + 6, Decimal(42), _("men paid more"), "start", "note"),
        *(_text(x_of(tick), Decimal(62), format_ratio(tick.scaleb(-2), locale, every_digit=True), "middle", "note")
          for tick in ticks),
    ]  # fmt: skip
    y = Decimal(70)
    for category in categories:
        name = isolated(category.category)
        counts = _("women {women}, men {men}").format(
            women=format_amount(category.female, locale), men=format_amount(category.male, locale)
        )
        start = y
        body.append(_text(MARGIN, y + 16, _("{category}: {counts}").format(category=_cut(name), counts=counts)))
        y += 22
        if category.suppressed:
            said = _("suppressed: fewer than {count} women or men").format(count=format_amount(min_group, locale))
            body.append(
                f'<rect class="suppressed" x="{_px(x_of(-extent))}" y="{_px(y)}" width="{_px(2 * half)}" '
                f'height="36"><title>{html.escape(said)}</title></rect>'
            )
            body.append(_text(zero, y + 23, said, "middle", "note"))
            y += 48
            continue
        if category.joint_assessment and category.mean_gap is not None:
            said = _("Joint pay assessment: the mean gap of total hourly pay is {gap}").format(
                gap=percent(category.mean_gap, locale)
            )
            body.append(_text(MARGIN, y + 14, said, css="joint"))
            y += 22
        body += grid(y, y + 44)
        for css, gap, kind in (
            ("basic", category.basic_mean_gap, _("Basic pay")),
            ("complementary", category.complementary_mean_gap, _("Complementary or variable pay")),
        ):
            if gap is None:
                body.append(_text(zero + 6, y + 15, _("n/a"), "start", "note"))
            else:
                end, said = x_of(gap), percent(gap, locale)
                tooltip = html.escape(f"{name}, {kind}: {said}")
                body.append(
                    f'<rect class="{css}" x="{_px(min(zero, end))}" y="{_px(y + 2)}" width="{_px(abs(end - zero))}" '
                    f'height="16"><title>{tooltip}</title></rect>'
                )
                body.append(_text(end + 6, y + 15, said) if gap >= 0 else _text(end - 6, y + 15, said, "end"))
            y += 20
        y += 8
        if category.joint_assessment:
            body.append(
                f'<rect class="joint-mark" x="0" y="{_px(start + 4)}" width="4" height="{_px(y - start - 8)}"/>'
            )
    title = _("Mean gap of hourly pay in each category (positive: men are paid more)")
    return _svg(y + 4, title, body)
