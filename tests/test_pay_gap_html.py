"""The pay-gap report as an HTML page with SVG charts: its figures are the JSON's, and it renders in Chromium."""

from __future__ import annotations

import html
import importlib.util
import json
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

import pytest
from PIL import Image

from tokencomp import PayGapReport, pay_gap, pay_gap_text, read_workforce
from tokencomp.cli import main
from tokencomp.reports.wording import format_ratio
from tokencomp.transparency.charts import BASIC, COMPLEMENTARY, MEN, WOMEN, category_gaps_svg, quartile_bands_svg
from tokencomp.transparency.html import pay_gap_html
from tokencomp.transparency.policy import read_policy

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
LOCALES = ("en_US", "de_DE", "fr_FR", "es_ES", "ja_JP")


def worker(
    who: str,
    gender: str,
    category: str,
    salary: str,
    *,
    bonus: str | None = None,
    hours: str = "40",
    personal_budget: str | None = None,
) -> str:
    """One line of a workforce file: a worker with a yearly EUR salary, a bonus target and a token budget, maybe."""
    offer: dict[str, Any] = {
        "schema_version": "1.1",
        "id": f"offer-{who}",
        "effective_date": "2026-01-01",
        "currency": "EUR",
        "salary": {"rate": {"amount": salary, "currency": "EUR"}, "period": "year"},
    }
    if bonus is not None:
        offer["bonus"] = {"target_percent": bonus}
    if personal_budget is not None:
        offer["token_budget"] = {
            "allowance": {"amount": personal_budget, "currency": "EUR"},
            "period": "year",
            "rollover": "none",
            "vests": False,
            "portable": False,
            "personal_use": True,
        }
    return json.dumps({"schema_version": "1", "employee_id": who, "gender": gender, "category": category,
                       "hours_per_week": hours, "offer": offer})  # fmt: skip


def workforce() -> str:
    """Four categories: one for a joint assessment, one even, one suppressed (and markup in its name), one RTL.

    With a part-time worker, workers without complementary pay, two outside (a)-(g) and a bad line.
    """
    lines = []
    for n in range(5):  # Engineering: men paid about 10 % more, all with a bonus
        lines.append(worker(f"ef{n}", "female", "Engineering", f"{60000 + 1000 * n}.00", bonus="10"))
        lines.append(worker(f"em{n}", "male", "Engineering", f"{66000 + 1000 * n}.00", bonus="15"))
    for n in range(5):  # Support: close; half without a bonus; one part-time
        lines.append(worker(f"sf{n}", "female", "Support", f"{40000 + 500 * n}.00", bonus="5" if n % 2 else None,
                            hours="20" if n == 0 else "40"))  # fmt: skip
        lines.append(worker(f"sm{n}", "male", "Support", f"{40500 + 400 * n}.00", bonus=None if n % 2 else "5"))
    lines.append(worker("lf0", "female", "Legal & <b>co</b>", "90000.00"))
    lines += [worker(f"lm{n}", "male", "Legal & <b>co</b>", "95000.00") for n in range(3)]
    for n in range(5):  # an Arabic category name: set apart, never reordering what is around it
        lines.append(worker(f"af{n}", "female", "الهندسة", f"{50000 + 700 * n}.00", personal_budget="1200.00"))
        lines.append(worker(f"am{n}", "male", "الهندسة", f"{49000 + 900 * n}.00"))
    lines.append(worker("nb0", "non_binary", "Support", "41000.00"))
    lines.append(worker("un0", "undisclosed", "Engineering", "70000.00"))
    lines.insert(7, '{"schema_version": "1", "employee_id": "bad", "gender": "robot"}')
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def report() -> PayGapReport:
    return pay_gap(read_workforce(workforce()), currency="EUR", reference_date="2026-12-31")


def data_values(page: str) -> list[str]:
    """The exact figures of the page: each ``<data value>``, in order."""
    return re.findall(r'<data value="([^"]*)"', page)


def shown_figures(page: str) -> dict[str, str]:
    """The page's figures by their JSON Pointer in the JSON report: ``<data value data-pointer>``."""
    found = re.findall(r'<data value="([^"]*)" data-pointer="([^"]*)">', page)
    assert len(found) == len({pointer for _, pointer in found})  # each figure once
    return {pointer: value for value, pointer in found}


def json_figures(value: Any, pointer: str = "") -> dict[str, str]:
    """Every figure of the JSON report by its JSON Pointer: the counts and the percentages, none of the words."""
    if isinstance(value, dict):
        return {k: v for key, item in value.items() if key not in ("policy", "reasons", "quartile", "category")
                for k, v in json_figures(item, f"{pointer}/{key}").items()}  # fmt: skip
    if isinstance(value, list):
        return {k: v for place, item in enumerate(value) for k, v in json_figures(item, f"{pointer}/{place}").items()}
    if isinstance(value, int) and not isinstance(value, bool):
        return {pointer: str(value)}
    if isinstance(value, str) and re.fullmatch(r"-?\d+\.\d\d", value):
        return {pointer: value}
    return {}


class TestFigures:
    """Every figure on the page is the JSON report's, to the last digit, and is shown in the reader's format."""

    def test_the_workforce_has_what_the_page_must_show(self, report: PayGapReport) -> None:
        """The sample holds a joint assessment, a suppressed category, workers outside (a)-(g) and a bad line."""
        assert (True, True, 2, 1) == (
            any(c.joint_assessment for c in report.categories),
            any(c.suppressed for c in report.categories),
            report.other,
            len(report.left_out),
        )

    @pytest.mark.parametrize("locale", LOCALES)
    def test_the_figures_are_the_json_figures(self, report: PayGapReport, locale: str) -> None:
        """Each figure of the JSON report is on the page, at its JSON Pointer, to the last digit; and no other
        but each band's number of workers, which the contract's JSON does not give."""
        shown = shown_figures(pay_gap_html(report, locale))
        written = json_figures(json.loads(json.dumps(report.to_json())))
        assert written == {pointer: value for pointer, value in shown.items() if not pointer.endswith("/workers")}
        assert [str(band.workers) for band in report.quartiles] == [
            shown[f"/quartiles/{place}/workers"] for place in range(4)
        ]
        assert len(written) > 30

    @pytest.mark.parametrize("locale", LOCALES)
    def test_each_figure_is_said_in_the_locale(self, report: PayGapReport, locale: str) -> None:
        """What a reader sees of each percentage is babel's format of the exact value in *locale*."""
        from tokencomp.reports.wording import format_amount, format_ratio

        page = pay_gap_html(report, locale)
        for value, said in re.findall(r'<data value="([^"]*)" data-pointer="[^"]*">([^<]*)</data>', page):
            figure = Decimal(value)
            expected = format_amount(figure, locale) if "." not in value else format_ratio(figure.scaleb(-2), locale)
            assert (value, html.escape(expected)) == (value, said)

    def test_english_figures(self, report: PayGapReport) -> None:
        """In en_US a gap reads as the JSON's digits with a percent sign."""
        page = pay_gap_html(report)
        assert f'<data value="{report.mean_gap}" data-pointer="/mean_gap">{report.mean_gap}%</data>' in page


class TestPage:
    """One page, nothing to fetch, values escaped and isolated, suppression and joint assessments visible."""

    def test_self_contained(self, report: PayGapReport) -> None:
        """No scripts, links, images, fonts or styles to fetch; the SVG namespace is the only address."""
        page = pay_gap_html(report).replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert page.startswith("<!DOCTYPE html>")
        for outside in ("http:", "https:", "<script", "src=", "url(", "@import", "<link", "<img", "on" + "load="):
            assert (outside, False) == (outside, outside in page)
        assert 2 == page.count("<svg ")

    def test_escapes_and_isolates(self, report: PayGapReport) -> None:
        """A category's name is text, never markup; a right-to-left one is set apart in a bdi element."""
        page = pay_gap_html(report)
        assert "Legal &amp; &lt;b&gt;co&lt;/b&gt;" in page
        assert "<b>" not in page
        assert '<bdi dir="auto">الهندسة</bdi>' in page
        # In the SVG (no bdi there), the name is in a first-strong isolate.
        assert "\u2068الهندسة\u2069" in page  # noqa: RUF001 - Arabic

    def test_suppressed_is_not_zero(self, report: PayGapReport) -> None:
        """A suppressed category shows its counts and says suppressed: no bar, no figure, no zero."""
        suppressed = next(c for c in report.categories if c.suppressed)
        svg = category_gaps_svg(report.categories, report.min_group)
        rows = svg.split("<text ")
        name = next(i for i, row in enumerate(rows) if html.escape(suppressed.category) in row)
        assert "suppressed: fewer than 5 women or men" in rows[name + 1]
        assert 1 == svg.count('<rect class="suppressed"')
        page = pay_gap_html(report)
        row = page[page.index('<tr class="suppressed">') :].split("</tr>")[0]
        assert ["1", "3"] == data_values(row)
        assert "0.00%" not in row
        assert 'colspan="4"' in row

    def test_joint_assessment_is_marked(self, report: PayGapReport) -> None:
        """The category whose total mean gap reaches 5 % is marked in the chart and in the table."""
        joint = [c for c in report.categories if c.joint_assessment]
        svg = category_gaps_svg(report.categories, report.min_group)
        assert len(joint) == svg.count('class="joint-mark"')
        assert [
            f"Joint pay assessment: the mean gap of total hourly pay is {c.mean_gap}%" for c in joint
        ] == re.findall(r'class="joint">([^<]*)<', svg)
        assert len(joint) == pay_gap_html(report).count('<tr class="joint">')

    def test_bars_have_the_figures_lengths(self, report: PayGapReport) -> None:
        """Each bar is as long as its figure: the quartile shares fill the bar; category bars scale alike."""
        svg = quartile_bands_svg(report.quartiles)
        widths = [Decimal(w) for w in re.findall(r'<rect class="(?:women|men)" x="[^"]*" y="[^"]*" width="([^"]*)"'
                                                  r' height="20.0"', svg)]  # fmt: skip
        assert 8 == len(widths)
        # The bar is 624 pixels wide; each part is drawn to a tenth of a pixel.
        assert [True] * 4 == [abs(widths[i] + widths[i + 1] - 624) <= Decimal("0.1") for i in range(0, 8, 2)]
        category = next(c for c in report.categories if c.joint_assessment)
        assert category.basic_mean_gap is not None
        svg = category_gaps_svg([category], 5)
        bars = re.findall(r'<rect class="(basic|complementary)" x="[^"]*" y="[^"]*" width="([^"]*)"', svg)
        lengths = {kind: Decimal(width) for kind, width in bars}
        assert abs(lengths["basic"] / lengths["complementary"] - category.basic_mean_gap /
                   (category.complementary_mean_gap or 1)) < Decimal("0.01")  # fmt: skip

    def test_policy_and_left_out(self, report: PayGapReport) -> None:
        """The page states the policy and each class's components, and lists the left-out line."""
        page = pay_gap_html(report)
        assert "Pay is classified by the policy EU Directive 2023/970, Art. 3" in page
        assert "Not pay: left out: Token budget for work only (a work tool), One-time payments." in page
        assert "<li>line 8: " in page
        other = read_policy('{"policy_version": "1", "name": "Tools are pay", "classes": {"token_budget": "basic"}}',
                            source="tools.json")  # fmt: skip
        page = pay_gap_html(pay_gap(read_workforce(workforce()), currency="EUR", reference_date="2026-12-31",
                                    policy=other))  # fmt: skip
        assert "Pay is classified by the policy Tools are pay (tools.json)." in page
        assert "Basic pay: Salary, Token budget for work only (a work tool)." in page

    def test_an_empty_band_and_a_missing_gap(self) -> None:
        """Two workers: bands without workers are empty outlines, and a gap that cannot be worked out says why."""
        two = "\n".join([worker("f", "female", "A", "50000.00"), worker("m", "male", "A", "52000.00")])
        report = pay_gap(read_workforce(two), currency="EUR", reference_date="2026-12-31")
        page = pay_gap_html(report)
        assert 2 == page.count('<rect class="empty"')
        assert '<span class="na">n/a</span> (no men receiving complementary pay)' in page


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian package chromium; .ci/run installs it)")
class TestInChromium:
    """Headless Chromium draws the page: the charts' bars are on screen, nothing overflows, text is readable."""

    MEASURE = """<script>
    const inside = (box, svg) => { const v = svg.viewBox.baseVal;
      return box.x >= v.x - 0.5 && box.y >= v.y - 0.5 && box.x + box.width <= v.x + v.width + 0.5
             && box.y + box.height <= v.y + v.height + 0.5; };
    const overlap = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1
                              && b.top < a.bottom - 1;
    const charts = [...document.querySelectorAll('svg.chart')].map(svg => {
      const texts = [...svg.querySelectorAll('text')];
      const boxes = texts.map(t => t.getBoundingClientRect());
      const clashes = [];
      boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b, j) => {
        if (overlap(a, b)) clashes.push([texts[i].textContent, texts[i + 1 + j].textContent]); }));
      return {width: svg.getBoundingClientRect().width,
              outside: [...svg.querySelectorAll('text, rect')].filter(e => !inside(e.getBBox(), svg))
                         .map(e => e.textContent || e.outerHTML.slice(0, 80)),
              // The size a label is drawn at: its font size in the chart's units, times the chart's scale.
              smallest: Math.min(...texts.map(t => parseFloat(getComputedStyle(t).fontSize)))
                        * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width,
              clashes: clashes, texts: texts.length}; });
    // What sticks out of the window, but for what scrolls in its own box (a chart or table on a narrow screen).
    const sticking = [...document.body.querySelectorAll('*')].filter(e => !e.closest('.wide'))
      .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5).map(e => e.outerHTML.slice(0, 80));
    const result = {page: document.documentElement.scrollWidth, window: window.innerWidth, charts: charts,
                    sticking: sticking};
    const pre = document.createElement('pre');
    pre.id = 'measured';
    pre.textContent = JSON.stringify(result);
    document.body.appendChild(pre);
    </script>"""

    def chromium(
        self, tmp_path: Path, page: str, width: int, *args: str, height: int = 1400
    ) -> subprocess.CompletedProcess[str]:
        path = tmp_path / "report.html"
        path.write_text(page, encoding="utf-8")
        return subprocess.run(
            [
                str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", f"--user-data-dir={tmp_path / 'profile'}", f"--window-size={width},{height}",
                *args, path.as_uri(),
            ],
            check=True, capture_output=True, text=True, timeout=120,
        )  # fmt: skip

    def measured(self, tmp_path: Path, page: str, width: int) -> dict[str, Any]:
        # The measuring script goes into a copy in the test's folder only: the report itself has none.
        done = self.chromium(tmp_path, page.replace("</body>", self.MEASURE + "</body>"), width,
                             "--virtual-time-budget=5000", "--dump-dom")  # fmt: skip
        found = re.search(r'<pre id="measured">(.*?)</pre>', done.stdout, re.DOTALL)
        assert found is not None, done.stdout[-2000:]
        result: dict[str, Any] = json.loads(html.unescape(found.group(1)))
        return result

    @pytest.mark.parametrize("locale", LOCALES)
    @pytest.mark.parametrize("width", [900, 500])  # 500: headless Chromium's narrowest window
    def test_nothing_overflows_and_text_is_readable(
        self, report: PayGapReport, tmp_path: Path, locale: str, width: int
    ) -> None:
        """On a wide and a phone-sized window: the page does not scroll sideways, every label and bar is inside
        its chart, no two labels overlap, and no label is drawn smaller than 11 pixels."""
        result = self.measured(tmp_path, pay_gap_html(report, locale), width)
        assert ([], True) == (result["sticking"], result["page"] <= result["window"])
        assert 2 == len(result["charts"])
        for chart in result["charts"]:
            assert ([], []) == (chart["outside"], chart["clashes"])
            assert chart["texts"] >= 10
            assert chart["smallest"] >= 11

    def test_wide_gaps_keep_their_labels_apart(self, tmp_path: Path) -> None:
        """The small workforce's gaps reach 55 %: the axis still has no labels over each other."""
        small = Path(__file__).parent / "data" / "workforce" / "small.jsonl"
        report = pay_gap(small, currency="EUR", reference_date="2026-12-31")
        result = self.measured(tmp_path, pay_gap_html(report), 900)
        assert [([], [])] * 2 == [(chart["outside"], chart["clashes"]) for chart in result["charts"]]

    def test_the_charts_are_drawn(self, report: PayGapReport, tmp_path: Path) -> None:
        """The screenshot holds the bars' four colours in quantity: the charts rendered, not just their labels."""
        shot = tmp_path / "report.png"
        self.chromium(tmp_path, pay_gap_html(report, "de_DE"), 900, f"--screenshot={shot}", height=4000)
        with Image.open(shot) as image:
            pixels = image.convert("RGB")
            colours = {colour: count for count, colour in pixels.getcolors(maxcolors=900 * 4000) or []}
        for colour in (WOMEN, MEN, BASIC, COMPLEMENTARY):
            rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
            assert (colour, True) == (colour, colours.get(rgb, 0) > 500)


class TestCommandLine:
    """tokencomp pay-gap --format html prints the page, in --locale, with the figures --format json prints."""

    def test_html_and_json_agree(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The page the command prints holds every figure of the command's JSON, to the last digit."""
        path = tmp_path / "workforce.jsonl"
        path.write_text(workforce(), encoding="utf-8")
        common = ["pay-gap", str(path), "--currency", "EUR", "--reference-date", "2026-12-31"]
        assert 0 == main([*common, "--format", "json"])
        document = json.loads(capsys.readouterr().out)
        assert 0 == main([*common, "--format", "html", "--locale", "fr_FR"])
        captured = capsys.readouterr()
        assert captured.out.startswith('<!DOCTYPE html>\n<html lang="fr">')
        assert captured.out.endswith("</body></html>\n")
        assert json_figures(document) == {
            pointer: value for pointer, value in shown_figures(captured.out).items() if not pointer.endswith("/workers")
        }
        assert "1 line left out" in captured.err

    def test_an_unknown_locale_is_misuse(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--locale xx_YY is the parser's misuse: exit 2 with one line, never a traceback."""
        path = tmp_path / "workforce.jsonl"
        path.write_text(workforce(), encoding="utf-8")
        with pytest.raises(SystemExit) as info:
            main(["pay-gap", str(path), "--currency", "EUR", "--reference-date", "2026-12-31", "--format", "html",
                  "--locale", "xx_YY"])  # fmt: skip
        assert 2 == info.value.code
        assert ["tokencomp pay-gap: error: argument --locale: unknown locale 'xx_YY'"] == [
            line.split(";")[0] for line in capsys.readouterr().err.strip().splitlines()
        ]


class TestDocsPictures:
    """The charts on the docs' pay transparency page are what scripts/pay_gap_charts.py draws today."""

    def test_committed_pictures_are_current(self) -> None:
        """Each docs/_static/pay-gap-*.svg is the script's output, byte for byte (rerun the script if not)."""
        root = Path(__file__).parent.parent
        spec = importlib.util.spec_from_file_location("pay_gap_charts", root / "scripts" / "pay_gap_charts.py")
        assert spec is not None
        assert spec.loader is not None
        script = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(script)
        drawn = script.charts()
        assert ["pay-gap-categories.svg", "pay-gap-quartiles.svg"] == sorted(drawn)
        for name, svg in drawn.items():
            assert (name, svg) == (name, (root / "docs" / "_static" / name).read_text(encoding="utf-8"))


class TestLanguages:
    """The pay-gap text and page in each language we translate: words from the catalogs, numbers by babel."""

    TITLES: ClassVar[dict[str, tuple[str, str]]] = {
        "de_DE": ("Bericht zum geschlechtsspezifischen Entgeltgefälle in EUR, Stichtag 31.12.2026", "Quartil 1"),
        "fr_FR": ("Rapport sur l’écart de rémunération entre femmes et hommes en EUR, date de référence 31 déc. 2026",  # noqa: RUF001
                  "Quartile 1"),
        "es_ES": ("Informe de la brecha retributiva de género en EUR, fecha de referencia 31 dic 2026", "Cuartil 1"),
        "ja_JP": ("男女間賃金格差報告（EUR、基準日 2026/12/31）", "第 1 四分位"),  # noqa: RUF001
    }  # fmt: skip

    @pytest.mark.parametrize("locale", sorted(TITLES))
    def test_the_page(self, report: PayGapReport, locale: str) -> None:
        """The page declares its language, its title and chart labels are translated, its gaps are babel's."""
        page = pay_gap_html(report, locale)
        title, band = self.TITLES[locale]
        assert f'<html lang="{locale[:2]}">' in page
        assert f"<h1>{html.escape(title)}</h1>" in page
        assert band in page
        assert html.escape(format_ratio(Decimal(str(report.mean_gap)).scaleb(-2), locale)) in page

    @pytest.mark.parametrize("locale", sorted(TITLES))
    def test_no_english_sentence_is_left(self, report: PayGapReport, locale: str) -> None:
        """None of the page's English words reaches a reader of another language (the data's own words aside)."""
        page = pay_gap_html(report, locale)
        for english in ("Who is counted", "Quartile pay bands", "Basic pay", "women paid more", "suppressed:",
                        "Joint pay assessment", "What counts as pay", "Lines left out", "not legal advice",
                        "pay in the category is zero", "line 8"):  # fmt: skip
            assert (english, False) == (english, english in page)

    @pytest.mark.parametrize("locale", sorted(TITLES))
    def test_the_text(self, report: PayGapReport, locale: str) -> None:
        """pay-gap's text is translated too: its first line is not English, its gaps are in the locale's format."""
        text = pay_gap_text(report, locale)
        assert not text.startswith("Gender pay gap")
        assert format_ratio(Decimal(str(report.mean_gap)).scaleb(-2), locale) in text

    def test_the_command_line(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--locale ja_JP gives the Japanese page and text."""
        path = tmp_path / "workforce.jsonl"
        path.write_text(workforce(), encoding="utf-8")
        common = ["pay-gap", str(path), "--currency", "EUR", "--reference-date", "2026-12-31", "--locale", "ja_JP"]
        assert 0 == main([*common, "--format", "html"])
        assert "<h1>男女間賃金格差報告（EUR、基準日 2026/12/31）</h1>" in capsys.readouterr().out  # noqa: RUF001
        assert 0 == main(common)
        assert "Gender pay gap" not in capsys.readouterr().out
