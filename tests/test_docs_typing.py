"""The docs' Python examples type-check as the code of someone who pastes them would: mypy --strict.

mypy is in the ``typing`` dependency group, so these run in ``tox -e typing`` (marker ``typing``),
against the installed package and its ``py.typed``.
"""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]


def page_module(text: str) -> str:
    """The examples of a page as one module, in order, less those shown failing with a traceback.

    An example that shows an error passes a wrong argument on purpose: a type checker would
    (rightly) refuse it, and it binds no name later examples use.
    """
    examples = doctest.DocTestParser().get_examples(text)
    return "".join(example.source for example in examples if not example.want.startswith("Traceback"))


class TestPageModule:
    """A page's examples become the module that mypy checks."""

    def test_statements_in_order_without_failing_ones(self) -> None:
        """Every statement is kept in order, continuation lines included; one shown raising is left out."""
        text = (
            "Text.\n\n```pycon\n>>> from tokencomp import Bonus\n>>> bonus = Bonus(\n...     target_percent='10')\n"
            ">>> bonus.target_percent\nDecimal('10')\n>>> Bonus(target_percent=0.1)\n"
            "Traceback (most recent call last):\n...\ntokencomp.errors.RuleViolation: ...\n\n```\n"
        )
        assert "from tokencomp import Bonus\nbonus = Bonus(\n    target_percent='10')\nbonus.target_percent\n" == (
            page_module(text)
        )

    def test_the_tutorial_builds_an_offer(self) -> None:
        """The tutorial's offer built from JSON spellings is among what is checked."""
        assert 'Offer("ldn-staff-0042", "2026-04-01", "GBP"' in page_module((ROOT / "docs" / "tutorial.md").read_text())


@pytest.mark.typing
class TestDocsExamplesTypeCheck:
    """Every page's examples pass ``mypy --strict``: the type hints say what the docs show the API taking."""

    def test_pages_pass_mypy_strict(self, tmp_path: Path) -> None:
        """One module per page with examples (README.md too), checked in one mypy run; no error at all."""
        from mypy import api  # only where the typing group is installed: this test is selected by its marker

        files = []
        for page in PAGES:
            source = page_module(page.read_text(encoding="utf-8"))
            if source:
                module = tmp_path / f"page_{page.stem.replace('-', '_')}.py"
                module.write_text(source, encoding="utf-8")
                files.append(str(module))
        assert len(files) >= 8  # the tutorial, conversion, disclosure, ledger, ... and README.md
        cache = str(tmp_path / "cache")
        report, errors, status = api.run(["--strict", "--no-error-summary", "--cache-dir", cache, *files])
        assert ("", "", 0) == (report, errors, status)
