"""The hostile documents of tests/data/hostile replay with their documented outcome, through every entry point.

The table of ``tests/data/hostile/README.md`` is the expectation: each file,
what it triggered before issue #16, and its outcome now.
"""

from __future__ import annotations

import re
import time
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
PENDING = pytest.mark.xfail(strict=True, reason="fixed by #16 limits and one verdict (1, 2, 8) - pending merge")
# Reproducers whose fix is on another branch of #16, not yet merged.
PENDING_OUTCOME = {
    "allowance-100000-digits.json",
    "amount-13-decimals.json",
    "amount-16-digits.json",
    "amount-47-digits.json",
    "cesu-8-surrogate.json",
    "control-characters-in-id.json",
    "duration-10e9-months.json",
    "duration-4299-digits.json",
    "duration-601-months.json",
    "effective-date-1899-12-31.json",
    "effective-date-2200-01-01.json",
    "effective-date-9999-12-31.json",
    "equity-101-empty-grants.json",
    "equity-101-grants.json",
    "escaped-lone-surrogate.json",
    "fund-currency-usn.json",
    "id-1001-characters.json",
    "metadata-101-keys.json",
    "nesting-33.json",
    "rollover-cap-without-capped.json",
    "salary-47-digits.posting.json",
    "tokens-10e30.json",
    "units-10e15-plus-1.json",
    "units-10e30.json",
    "utf-16-be-bom.json",
    "utf-16-le.json",
}
PENDING_PATHS = {
    "budget-without-vests.json",
    "cesu-8-surrogate.json",
    "utf-16-be-bom.json",
    "utf-16-le.json",
    "without-schema-version.json",
}


def cases(pending: set[str]) -> list[object]:
    return [pytest.param(name, marks=PENDING) if name in pending else name for name in sorted(OUTCOMES)]


def problems_of(name: str) -> list[tuple[str, str]]:
    data = (HOSTILE / name).read_bytes()
    report = (validate_posting if name.endswith(".posting.json") else validate)(data)
    return [(problem.pointer, problem.code) for problem in report.problems]


class TestHostileDocuments:
    """Each reproducer gets its documented verdict, and nothing else goes wrong on any path."""

    def test_every_file_is_documented(self) -> None:
        """The table names every file of the folder, and no other."""
        assert sorted(path.name for path in HOSTILE.glob("*.json")) == sorted(OUTCOMES)

    @pytest.mark.parametrize("name", cases(PENDING_OUTCOME))
    def test_outcome(self, name: str) -> None:
        """Valid documents are valid; refused ones carry the documented problem at the documented pointer."""
        outcome = OUTCOMES[name]
        if outcome == "valid":
            assert [] == problems_of(name)
        else:
            _, pointer, code = outcome.split()
            assert (pointer.strip('"'), code) in problems_of(name)

    @pytest.mark.parametrize("name", cases(PENDING_PATHS))
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

    @PENDING
    def test_empty_grants_within_a_mebibyte(self) -> None:
        """349,000 empty grants fit in 1 MiB; refused at /equity in bounded time (it took 114 s and 3 GB)."""
        base = (HOSTILE / "equity-101-empty-grants.json").read_text()
        data = re.sub(r'"equity": \[[^\]]*\]', '"equity": [' + ", ".join(["{}"] * 349_000) + "]", base).encode()
        assert len(data) < 1024 * 1024
        start = time.perf_counter()
        report = validate(data)
        assert time.perf_counter() - start < 5.0
        assert "/equity" in [problem.pointer for problem in report.problems]
