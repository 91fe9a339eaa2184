"""Total-rewards statements: text, a self-contained HTML page, and that page in headless Chromium."""

from __future__ import annotations

import importlib.resources
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tokencomp import loads, summarize
from tokencomp.cli import main
from tokencomp.reports.render import statement_html, statement_text

EXAMPLES = importlib.resources.files("tokencomp") / "data" / "examples"
SDE = Path(__file__).parent / "data" / "spec-examples" / "valid" / "sde-backweighted-v1.1.json"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def statement(name: str, render: object = statement_text, locale: str = "en_US") -> str:
    offer = loads((EXAMPLES / f"{name}.json").read_bytes())
    return render(offer, summarize(offer), locale)  # type: ignore[operator,no-any-return]


class TestText:
    def test_pay_vesting_and_budget(self) -> None:
        """London: monthly payments, the cliff and quarterly dates, the budget's tokens a working day."""
        text = statement("london-staff-engineer", locale="en_GB")
        assert "Paid monthly: 12 payments of £10,000.00." in text
        assert "Sign-on bonus: £20,000.00, once, repayable if you leave within 12 months." in text
        # A figure in another currency is shown in the summary's too (issue #29): every figure has a £ amount.
        assert re.search(r"\n +1 Apr 2027 +500 +US\$25,000\.00 \(£18,766\.26\) +500 of 2,000\n", text)
        assert re.search(r"\n +1 Apr 2030 +125 +US\$6,250\.00 \(£4,691\.57\) +2,000 of 2,000\n", text)
        assert "Unused budget rolls over to the next period, up to US$2,000.00 (£1,501.30)." in text
        assert "about 38,000,000 tokens a working day (260 working days a year)" in text
        assert "does not vest, is not portable" in text
        assert "from 1 Apr 2026" in text.splitlines()[0]

    def test_biweekly_payments_and_advisories(self) -> None:
        """P75: 26 payments that add up, and the budget's advisories as notes."""
        text = statement("p75-engineer")
        assert "26 payments of $14,423.08 (the first 18; then $14,423.07)" in text
        assert "Note: The token budget is 21.05% of the fully loaded cost" in text
        assert "Fully loaded cost: $475,000.00 a year" in text


PLAIN = {
    "schema_version": "1", "id": "plain", "effective_date": "2026-03-01", "currency": "USD",
    "salary": {"rate": {"amount": "60.00", "currency": "USD"}, "period": "hour", "pay_frequency": "biweekly"},
    "equity": [
        {"instrument": "iso", "units": 1000, "unit_value": {"amount": "10.00", "currency": "USD"},
         "strike_price": {"amount": "4.00", "currency": "USD"},
         "vesting": {"start_date": "2026-03-01", "duration_months": 12, "cliff_months": 0, "frequency": "quarterly"}},
        {"instrument": "nso", "units": 1, "unit_value": {"amount": "10.00", "currency": "USD"},
         "strike_price": {"amount": "12.00", "currency": "USD"},
         "vesting": {"start_date": "2026-03-01", "duration_months": 12, "cliff_months": 12, "frequency": "annually"}},
    ],
}  # fmt: skip


class TestWording:
    """What a person reads: "an hour", options by name, the rollover cap, one currency, nothing about no budget."""

    def test_an_hour_and_options_with_their_strike(self) -> None:
        """An hourly rate is "an hour"; ISOs and NSOs are named as options, each with its strike price."""
        offer = loads(json.dumps(PLAIN))
        text = statement_text(offer, summarize(offer))
        assert "Salary: $60.00 an hour, $124,800.00 a year." in text
        assert (
            "Grant 1: 1,000 incentive stock options (ISOs) with a strike price of $4.00 each; at a value of $10.00 "
            "a unit at grant, each is worth $6.00 (the value less the strike price)." in text
        )
        assert "Grant 2: 1 non-qualified stock option with a strike price of $12.00 each;" in text
        assert "each is worth $0.00" in text
        assert "Equity: 2,000 restricted stock units (RSUs), valued at US$50.00 (£37.53) each at grant." in statement(
            "london-staff-engineer", locale="en_GB"
        )

    def test_a_vesting_table_per_grant(self) -> None:
        """Several grants: each its own section and table, its own tranches only; one grant: one plain section."""
        offer = loads(json.dumps(PLAIN))
        text = statement_text(offer, summarize(offer))
        first, second = text.split("What vests when: Grant 2")
        assert "What vests when: Grant 1" in first
        assert "Mar 1, 2027    250  $1,500.00  1,000 of 1,000" in first
        assert "1 of 1" not in first
        assert "Mar 1, 2027      1  $0.00         1 of 1" in second
        assert 2 == statement_html(offer, summarize(offer)).count("<th>Vested so far</th>")
        single = statement("london-staff-engineer", locale="en_GB")
        assert "What vests when\n---" in single
        assert "Grant 1" not in single

    @pytest.mark.parametrize("render", [statement_text, statement_html])
    def test_no_budget_no_budget_words(self, render: Any) -> None:
        """Without a token budget, neither the text nor the page says anything of one."""
        offer = loads(json.dumps(PLAIN))
        assert "token" not in render(offer, summarize(offer)).lower()

    def test_rollover_cap(self) -> None:
        """A capped rollover says up to how much; none and full say what happens."""
        assert "Unused budget rolls over to the next period, up to US$" in statement(
            "london-staff-engineer", locale="en_GB"
        )
        assert "Unused budget does not roll over: it lapses at the end of each period." in statement("p75-engineer")

    def test_one_currency(self, capsys: pytest.CaptureFixture[str]) -> None:
        """With --currency, every amount is in that currency, also when it is the offer's own."""
        for currency, others in (("EUR", ("£", "$")), ("GBP", ("$", "€"))):
            assert 0 == main(["statement", str(EXAMPLES / "london-staff-engineer.json"), "--currency", currency,
                              "--locale", "en_GB"])  # fmt: skip
            text = capsys.readouterr().out
            assert [] == [sign for sign in others if sign in text]
        assert "£18,766.26" in text  # the grant's first-year value in pounds
        assert "Sign-on bonus: £20,000.00, once" in text


class TestHtml:
    def test_self_contained(self) -> None:
        """One page, nothing to fetch: no links, scripts, images or external styles."""
        page = statement("london-staff-engineer", statement_html)
        assert page.startswith("<!DOCTYPE html>")
        for outside in ("http:", "https:", "<script", "src=", "url(", "@import"):
            assert outside not in page
        assert 13 == page.count("<tr><td>")

    def test_escapes_text(self) -> None:
        """Text from the document is escaped, never markup."""
        offer = loads((EXAMPLES / "p75-engineer.json").read_text().replace("Software Engineer", "<b>Eng</b> & co"))
        page = statement_html(offer, summarize(offer))
        assert "&lt;b&gt;Eng&lt;/b&gt; &amp; co" in page
        assert "<b>" not in page

    def test_cli(self, capsys: pytest.CaptureFixture[str]) -> None:
        """tokencomp statement --format html prints the page; text by default; a missing file exits 2."""
        assert 0 == main(["statement", str(EXAMPLES / "london-staff-engineer.json"), "--format", "html"])
        assert capsys.readouterr().out.startswith("<!DOCTYPE html>")
        assert 0 == main(["statement", str(EXAMPLES / "london-staff-engineer.json"), "--locale", "de_DE"])
        assert "120.000,00" in capsys.readouterr().out
        assert 2 == main(["statement", "missing.json"])


class TestEquity:
    """Contract 1.1's equity on the statement: the PSU's words, equity by year and the scenarios."""

    def test_chart_and_scenarios(self) -> None:
        """A bar a year of vesting (4), a row and a bar a multiple (4), the PSUs named."""
        offer = loads(SDE.read_bytes())
        page = statement_html(offer, summarize(offer, share_price_multiples=["0.5", "1", "2", "5"]))
        assert 4 == page.count('<rect class="equity"')
        assert 4 == page.count('<rect class="scenario"')
        assert "<title>Year 3: $48,400.00</title>" in page
        assert "<td>×5</td><td>$165,000.00</td><td>$330,000.00</td><td>$60,500.00</td>" in page
        assert "90 performance share units (PSUs)" in statement_text(offer, summarize(offer))

    def test_cli(self, capsys: pytest.CaptureFixture[str]) -> None:
        """tokencomp statement --share-price-multiples adds the scenarios."""
        assert 0 == main(["statement", str(SDE), "--format", "html", "--share-price-multiples", "1,2"])
        assert 2 == capsys.readouterr().out.count('<rect class="scenario"')


def screenshot(html_page: str, tmp_path: Path, height: int = 1200) -> Image.Image:
    """The page as headless Chromium draws it, 900 pixels wide."""
    assert CHROMIUM is not None
    page = tmp_path / "statement.html"
    page.write_text(html_page, encoding="utf-8")
    shot = tmp_path / "statement.png"
    subprocess.run(
        [
            str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}", f"--window-size=900,{height}", f"--screenshot={shot}",
            page.as_uri(),
        ],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    with Image.open(shot) as image:
        return image.convert("RGB")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian package chromium; .ci/run installs it)")
def test_equity_charts_render_in_headless_chromium(tmp_path: Path) -> None:
    """The equity-by-year and scenario bars are drawn: pixels of their colours on the page."""
    offer = loads(SDE.read_bytes())
    pixels = screenshot(statement_html(offer, summarize(offer, share_price_multiples=["1", "2"])), tmp_path, 3000)
    colours = {colour: count for count, colour in pixels.getcolors(maxcolors=900 * 3000) or []}
    assert colours.get((0x2F, 0x5D, 0x8C), 0) > 1000  # the years' bars
    assert colours.get((0x5B, 0x7F, 0xA6), 0) > 1000  # the scenarios' bars


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian package chromium; .ci/run installs it)")
def test_renders_in_headless_chromium(tmp_path: Path) -> None:
    """Headless Chromium renders the page, and the screenshot is not blank."""
    page = tmp_path / "statement.html"
    page.write_text(statement("london-staff-engineer", statement_html, "en_GB"), encoding="utf-8")
    shot = tmp_path / "statement.png"
    subprocess.run(
        [
            str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}", "--window-size=900,1200", f"--screenshot={shot}",
            page.as_uri(),
        ],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    with Image.open(shot) as image:
        pixels = image.convert("RGB")
        width, height = pixels.size
        colours = pixels.getcolors(maxcolors=width * height) or []
    assert (900, 1200) == (width, height)
    white = sum(count for count, colour in colours if colour == (255, 255, 255))
    # Text, rules and the budget's tinted box: a good share of the page is not white.
    assert white < 0.97 * width * height
    assert len(colours) > 20
