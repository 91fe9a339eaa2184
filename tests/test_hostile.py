"""The hostile documents of tests/data/hostile replay with their documented outcome, through every entry point.

The table of ``tests/data/hostile/README.md`` is the expectation: each file,
what it triggered before issue #16, and its outcome now.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from tokencomp import load_offer, summarize, validate, validate_posting

from .fuzz import Checker

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
ROW = re.compile(r"^\| `(?P<file>[^`]+)` \|.*\| (?P<outcome>valid|refused \S+ \S+) \|$")


def documented() -> dict[str, str]:
    """The outcome column of the README's table, by file."""
    rows = (ROW.match(line) for line in (HOSTILE / "README.md").read_text().splitlines())
    return {row["file"]: row["outcome"] for row in rows if row}


OUTCOMES = documented()


def problems_of(name: str) -> list[tuple[str, str]]:
    data = (HOSTILE / name).read_bytes()
    report = (validate_posting if name.endswith(".posting.json") else validate)(data)
    return [(problem.pointer, problem.code) for problem in report.problems]


class TestHostileDocuments:
    """Each reproducer gets its documented verdict, and nothing else goes wrong on any path."""

    def test_every_file_is_documented(self) -> None:
        """The table names every file of the folder, and no other."""
        assert sorted(path.name for path in HOSTILE.glob("*.json")) == sorted(OUTCOMES)

    @pytest.mark.parametrize("name", sorted(OUTCOMES))
    def test_outcome(self, name: str) -> None:
        """Valid documents are valid; refused ones carry the documented problem at the documented pointer."""
        outcome = OUTCOMES[name]
        if outcome == "valid":
            assert [] == problems_of(name)
        else:
            _, pointer, code = outcome.split()
            assert (pointer.strip('"'), code) in problems_of(name)

    @pytest.mark.parametrize("name", sorted(OUTCOMES))
    def test_every_path(self, name: str) -> None:
        """No crash, no call over the time bound, one verdict on every path, the CLI included; valid ones round-trip."""
        kind = "posting" if name.endswith(".posting.json") else "offer"
        checker = Checker(cli_every=1)
        assert [] == [finding.signature() for finding in checker.check_bytes((HOSTILE / name).read_bytes(), kind)]


class TestBeyondAFile:
    """Reproducers that are figures, or too large to keep as a file."""

    def test_half_cent_tie(self) -> None:
        """3 × 77,852.135 USD over 36 months is 77,852.135 a year: one rounding, half up."""
        offer = load_offer((HOSTILE / "equity-half-cent-tie.json").read_bytes())
        assert Decimal("77852.14") == summarize(offer).annual.equity

    def test_empty_grants_within_a_mebibyte(self) -> None:
        """349,000 empty grants fit in 1 MiB; refused at /equity in bounded time (it took 114 s and 3 GB)."""
        base = (HOSTILE / "equity-101-empty-grants.json").read_text()
        data = re.sub(r'"equity": \[[^\]]*\]', '"equity": [' + ",".join(["{}"] * 349_000) + "]", base).encode()
        assert len(data) < 1024 * 1024
        report = validate(data)
        assert "/equity" in [problem.pointer for problem in report.problems]
        # Bounded work, said without a clock: only the first grants are explained.
        assert all(p.pointer == "/equity" or int(p.pointer.split("/")[2]) <= 100 for p in report.problems)

    def test_many_metadata_keys_within_a_mebibyte(self) -> None:
        """70,000 metadata keys fit in 1 MiB; refused at /metadata in bounded time (the schema layer took 18 s)."""
        base = (HOSTILE / "metadata-101-keys.json").read_text()
        keys = ",".join(f'"{number}":""' for number in range(70_000))
        data = re.sub(r'"metadata": \{[^}]*\}', '"metadata": {' + keys + "}", base).encode()
        assert len(data) < 1024 * 1024
        report = validate(data)
        assert [("/metadata", "too-many-keys")] == [(problem.pointer, problem.code) for problem in report.problems]

    def test_many_unknown_keys_within_a_mebibyte(self) -> None:
        """90,000 unknown keys fit in 1 MiB; each is reported, in bounded time (a guess for each took 12 s)."""
        base = (HOSTILE / "metadata-101-keys.json").read_text()
        data = base.replace('"id": "x"', '"id": "x",' + ",".join(f'"{n}":0' for n in range(90_000)), 1).encode()
        assert len(data) < 1024 * 1024
        report = validate(data)
        assert 90_000 == sum(problem.code == "unknown-key" for problem in report.problems)
        # Bounded work, said without a clock: a guess ("did you mean") for the first 100 keys only.
        assert sum("did you mean" in problem.message for problem in report.problems) <= 100
