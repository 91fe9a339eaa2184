"""The install instructions work before a release: from a clone, with the package index kept for later."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
#: The README and every hand-written page of the docs (the schema pages' tables are generated).
PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
CONSOLE_BLOCK = re.compile(r"^```console\n(.*?)^```", re.MULTILINE | re.DOTALL)
#: Installing the package (or an extra of it) from the package index, where no release is yet.
FROM_THE_INDEX = re.compile(r"pip install ['\"]?tokencomp\b")


def commands(path: Path) -> list[str]:
    """The lines of the page's console blocks, in order, without a ``$`` prompt."""
    text = path.read_text(encoding="utf-8")
    lines = [line for block in CONSOLE_BLOCK.findall(text) for line in block.splitlines()]
    return [line.removeprefix("$ ").strip() for line in lines if line.strip()]


class TestInstallInstructions:
    """What a new user is told to run to install tokencomp."""

    @pytest.mark.parametrize("name", ["README.md", "docs/index.md"])
    def test_the_first_install_is_from_a_clone(self, name: str) -> None:
        """The first install command of the README and of the docs' front page installs a clone, after cloning it."""
        lines = commands(REPO / name)
        first = next(index for index, line in enumerate(lines) if "pip install" in line)
        assert re.search(r"pip install \.(\s|$)", lines[first]), lines[first]
        assert any(line.startswith("git clone ") for line in lines[:first])

    def test_no_page_runs_an_install_from_the_index(self) -> None:
        """No console block runs ``pip install tokencomp``, which finds nothing until a release exists."""
        runs = [f"{path.name}: {line}" for path in PAGES for line in commands(path) if FROM_THE_INDEX.search(line)]
        assert [] == runs

    def test_the_index_line_says_it_waits_for_a_release(self) -> None:
        """Where a page names ``pip install tokencomp`` for later, the same paragraph says it needs a release."""
        unlabelled = [
            f"{path.name}: {paragraph}"
            for path in PAGES
            for paragraph in re.split(r"\n\s*\n", path.read_text(encoding="utf-8"))
            if FROM_THE_INDEX.search(paragraph) and "release" not in paragraph
        ]
        named = [path.name for path in PAGES if FROM_THE_INDEX.search(path.read_text(encoding="utf-8"))]
        assert [] == unlabelled
        assert {"README.md", "index.md"} <= set(named)
