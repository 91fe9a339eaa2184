"""tests/data: excerpts of the published files that never drift from them, each named in its README."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

from .reference import DATA, ECB_DAILY, ECB_HISTORY, LITELLM, SPEC_EXAMPLES, load_script


def as_written(data: bytes) -> Any:
    """JSON with every number kept as its text, so that 1e-06 and 0.000001 differ as they do on the page."""
    return json.loads(data, parse_float=str, parse_int=str)


def cut_script() -> ModuleType:
    return load_script("cut_test_data")


def excerpt_files() -> dict[str, bytes]:
    return {
        path.relative_to(DATA).as_posix(): path.read_bytes()
        for path in sorted(DATA.rglob("*"))
        # hostile/ holds documents made to break things (its own README), not excerpts of published files;
        # iso4217/ is copied from a PyPI package (the README says which), not cut from the shared folder;
        # ocf/ is copied from the Open Cap Format's repository at a pinned commit (its own README says which);
        # workforce/ is a workforce made by hand, its figures worked out in tests/test_pay_gap.py.
        if path.is_file()
        and path.name != "README.md"
        and not path.relative_to(DATA).as_posix().startswith(("hostile/", "iso4217/", "ocf/", "workforce/"))
    }


class TestExcerptsAsPublished:
    def test_ecb_history_rows(self, published: Path) -> None:
        """The excerpt's header and every row are the published history's, character for character, in its order."""
        header, *rows = ECB_HISTORY.excerpt.read_text(encoding="utf-8").splitlines()
        published_header, *published_rows = (published / ECB_HISTORY.published).read_text(encoding="utf-8").splitlines()
        by_date = {row[:10]: row for row in published_rows}
        assert published_header == header
        assert [by_date[row[:10]] for row in rows] == rows
        assert sorted(rows, key=published_rows.index) == rows

    def test_ecb_daily_file(self, published: Path) -> None:
        """The daily file is copied whole."""
        assert (published / ECB_DAILY.published).read_bytes() == ECB_DAILY.excerpt.read_bytes()

    def test_litellm_entries(self, published: Path) -> None:
        """Every entry of the excerpt is the published map's, every figure as written."""
        whole = as_written((published / LITELLM.published).read_bytes())
        excerpt = as_written(LITELLM.excerpt.read_bytes())
        assert {model: whole[model] for model in excerpt} == excerpt
        assert 43 == len(excerpt)

    def test_spec_examples(self, published: Path) -> None:
        """The contract's example documents are copied whole: the same files, byte for byte."""
        folder = published / SPEC_EXAMPLES.published
        expected = {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.glob("*/*.json")}
        copied = SPEC_EXAMPLES.excerpt
        assert expected == {path.relative_to(copied).as_posix(): path.read_bytes() for path in copied.glob("*/*.json")}

    def test_cut_script_gives_the_committed_files(self, published: Path) -> None:
        """scripts/cut_test_data.py cuts exactly tests/data's files from the published ones, and no other."""
        assert cut_script().cut(published) == excerpt_files()


class TestReadme:
    def test_every_file_is_named_with_its_source(self) -> None:
        """tests/data/README.md names every file (the spec examples by their folder) and where it came from."""
        readme = (DATA / "README.md").read_text(encoding="utf-8")
        for name in excerpt_files():
            shown = "spec-examples/" if name.startswith("spec-examples/") else name
            assert f"`{shown}`" in readme, name
        for source in (
            "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.csv",
            "https://www.ecb.europa.eu/stats/eurofxref/eurofxref.csv",
            "model_prices_and_context_window.json",
            "scripts/cut_test_data.py",
        ):
            assert source in readme
