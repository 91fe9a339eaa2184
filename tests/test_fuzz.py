"""The fuzzer of tests/fuzz.py in the normal test run, and the fuzzer's own checks.

The normal run checks a few thousand seeded mutations of the examples and a
few hundred documents generated from the schemas. The long run::

    TOKENCOMP_FUZZ=1000000 python -m pytest tests/test_fuzz.py

checks that many in as many processes as there are cores (or run
``python -m tests.fuzz --documents 1000000 --seed 16 --jobs 2`` for a
report with the rate and every finding). The readers' fuzzer (Merge, Finch,
CSV imports, usage files) runs a few hundred files here; its long run::

    TOKENCOMP_FUZZ_READERS=600000 python -m pytest tests/test_fuzz.py -k Reader

or ``python -m tests.fuzz_readers --inputs 600000 --seed 16`` for a report.
"""

from __future__ import annotations

import functools
import json
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from tokencomp.codec.schema import SCHEMAS
from tokencomp.codec.sources import RejectedRecord

from . import fuzz, fuzz_readers
from .fuzz import Checker, Finding, generate, run, shrink, summary_lines
from .schema_strategy import from_schema

SCALE = int(os.environ.get("TOKENCOMP_FUZZ", "0"))
SEED = int(os.environ.get("TOKENCOMP_FUZZ_SEED", "16"))
DOCUMENTS = SCALE or 1200
FROM_SCHEMA = settings(
    max_examples=max(SCALE // 20, 30), deadline=None, database=None, suppress_health_check=list(HealthCheck)
)


@functools.cache
def schema_checker() -> Checker:
    """One checker for every generated document: it loads rates, prices and locales once."""
    return Checker(cli_every=0)


def described(findings: list[tuple[Any, Finding]]) -> list[str]:
    return [f"document {case.index}: {finding.kind} in {finding.call}: {finding.detail}" for case, finding in findings]


class TestMutatedExamples:
    """Seeded mutations of the example offers and postings: no crash, no hang, one verdict, round trips."""

    def test_no_findings(self) -> None:
        """Every document of the seeded run passes every check (documents named by --seed and --show)."""
        if SCALE:
            totals = run(DOCUMENTS, SEED, os.cpu_count() or 1, report=lambda line: None)
            assert [] == [
                f"{index}: {finding.kind} {finding.call}: {finding.detail}" for index, finding in totals.findings
            ]
            print("\n".join(summary_lines(totals, SEED)))
            return
        checker = Checker()
        for index in range(DOCUMENTS):
            checker.check(generate(SEED, index))
        assert [] == described(checker.findings)
        # The run reaches what it is meant to: valid documents, refused ones, and the command line.
        assert checker.counts["valid"] > DOCUMENTS // 20
        assert checker.counts["through the command line"] > 0


class TestSchemaGenerated:
    """Documents generated from the exported schemas, most breaking a cross-field rule."""

    @FROM_SCHEMA
    @given(from_schema(SCHEMAS["offer-v1"]()))
    def test_offers(self, document: Any) -> None:
        """An offer from the schema passes every check."""
        assert [] == [
            finding.signature() for finding in Checker(cli_every=0).check_bytes(json.dumps(document).encode())
        ]

    @FROM_SCHEMA
    @given(from_schema(SCHEMAS["job-posting-v1"]()))
    def test_postings(self, document: Any) -> None:
        """A posting from the schema passes every check."""
        data = json.dumps(document).encode()
        assert [] == [finding.signature() for finding in schema_checker().check_bytes(data, "posting")]


class TestFuzzer:
    """The fuzzer itself: documents reproducible from the seed, checks that notice what they should."""

    def test_same_seed_same_documents(self) -> None:
        """Document N of seed S is the same bytes every time, so a finding is reproduced from two numbers."""
        assert [generate(SEED, index).data for index in range(50)] == [
            generate(SEED, index).data for index in range(50)
        ]
        assert generate(SEED, 1).data != generate(SEED + 1, 1).data

    def test_mutations_reach_the_limits(self) -> None:
        """The mutations cover what the contract's limits are about: encodings, nesting, grants, surrogates."""
        done = " ".join(what for index in range(1000) for what in generate(SEED, index).mutations)
        for expected in ("utf-16", "latin-1", "cesu-8", "nested", "grants", "metadata", "boundary value", "raw"):
            assert expected in done

    def test_an_unexpected_exception_is_a_finding(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """An exception that is not the library's, from any call, is reported with the call's name."""

        def broken(*args: Any, **kwargs: Any) -> None:
            raise ZeroDivisionError("boom")

        monkeypatch.setattr(fuzz, "summarize", broken)
        valid = (fuzz.SPEC_EXAMPLES / "valid" / "tunguz-p75.json").read_bytes()
        assert [Finding("crash", "summarize", "ZeroDivisionError: boom")] == Checker(cli_every=0).check_bytes(valid)

    def test_a_slow_call_is_a_finding(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A call over the time bound is reported, however it ends."""
        valid = (fuzz.SPEC_EXAMPLES / "valid" / "tunguz-p75.json").read_bytes()
        findings = Checker(bound=0.0, cli_every=0).check_bytes(valid)
        assert "slow" == findings[0].kind

    def test_disagreement_is_a_finding(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A fast path that accepts what the full validation refuses is reported."""
        valid = (fuzz.SPEC_EXAMPLES / "valid" / "tunguz-p75.json").read_bytes()
        monkeypatch.setattr(fuzz, "_fast_offer", lambda data, limit: None)
        assert "disagreement" == Checker(cli_every=0).check_bytes(valid)[0].kind

    def test_shrink(self) -> None:
        """The shrinker keeps only what the failure needs."""
        document = json.loads((fuzz.SPEC_EXAMPLES / "valid" / "london-staff-engineer.json").read_bytes())
        document["equity"][0]["units"] = 10**30
        shrunk = shrink(json.dumps(document).encode(), lambda data: b"1" + b"0" * 30 in data)
        assert {"equity": [{"units": 10**30}]} == json.loads(shrunk)


READER_INPUTS = int(os.environ.get("TOKENCOMP_FUZZ_READERS", "0")) or 600


class TestReaderFuzz:
    """The readers' fuzzer (tests/fuzz_readers.py): Merge, Finch, CSV imports, usage CSV, spend logs."""

    def test_no_findings(self) -> None:
        """Every input of the seeded run: no crash, no hang, no traceback, one verdict, one bad record isolated."""
        checker = fuzz_readers.ReaderChecker(cli_every=10)
        for index in range(READER_INPUTS):
            checker.check(fuzz_readers.generate_file(SEED, index))
        assert [] == [
            f"input {case.index} ({case.reader}): {f.kind} {f.call}: {f.detail}" for case, f in checker.findings
        ]
        # The run reaches what it is meant to: every reader, isolation checked, files refused, the command line.
        assert all(checker.counts[reader] >= READER_INPUTS // 7 for reader in fuzz_readers.READERS)
        assert checker.counts["isolated"] > READER_INPUTS // 2
        assert checker.counts["refused whole"] > 0
        assert checker.counts["through the command line"] > 0

    def test_same_seed_same_files(self) -> None:
        """Input N of seed S is the same bytes every time."""
        assert [fuzz_readers.generate_file(SEED, n).data for n in range(30)] == [
            fuzz_readers.generate_file(SEED, n).data for n in range(30)
        ]

    def test_a_lost_record_is_a_finding(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A reader that drops the record after a bad one is caught by the isolation check."""
        real = fuzz_readers.read_usage

        def drops_one(data: Any, source: Any = None) -> Any:
            items = list(real(data, source))
            return items[:-1] if any(isinstance(i, RejectedRecord) for i in items) else items

        monkeypatch.setattr(fuzz_readers, "read_usage", drops_one)
        checker = fuzz_readers.ReaderChecker(cli_every=0)
        for index in range(60):
            checker.check(fuzz_readers.generate_file(SEED, index))
        assert "isolation" in {finding.kind for _, finding in checker.findings}

    def test_an_unexpected_exception_is_a_finding(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """An exception that is not the library's is reported with the reader's name."""

        def broken(*args: Any, **kwargs: Any) -> None:
            raise ZeroDivisionError("boom")

        monkeypatch.setattr(fuzz_readers, "read_merge", broken)
        checker = fuzz_readers.ReaderChecker(cli_every=0)
        assert Finding("crash", "read merge", "ZeroDivisionError: boom") in checker.check(
            fuzz_readers.generate_file(SEED, 0)
        )
