"""Total-rewards statements: text, a self-contained HTML page, and that page in headless Chromium."""

from __future__ import annotations

import importlib.resources
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from tokencomp import loads, summarize
from tokencomp.cli import main
from tokencomp.render import statement_html, statement_text

EXAMPLES = importlib.resources.files("tokencomp") / "data" / "examples"
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
        assert re.search(r"\n +1 Apr 2027 +500 +US\$25,000\.00 +500 of 2,000\n", text)
        assert re.search(r"\n +1 Apr 2030 +125 +US\$6,250\.00 +2,000 of 2,000\n", text)
        assert "about 37,986,704 tokens a working day (260 working days a year)" in text
        assert "does not vest, is not portable" in text

    def test_biweekly_payments_and_advisories(self) -> None:
        """P75: 26 payments that add up, and the budget's advisories as notes."""
        text = statement("p75-engineer")
        assert "26 payments of $14,423.08 (the first 18; then $14,423.07)" in text
        assert "Note: The token budget is 21.05% of the fully loaded cost" in text
        assert "Fully loaded cost: $475,000.00 a year" in text


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
