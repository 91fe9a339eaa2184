"""The hostile documents of tests/data/hostile replay with their documented outcome, through every entry point.

The table of ``tests/data/hostile/README.md`` is the expectation: each file,
what it triggered before issue #16, and its outcome now.
"""

from __future__ import annotations

import importlib.resources
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from tokencomp import SourceError, load_offer, summarize, validate, validate_posting
from tokencomp.budget.usage import UsageRecord, read_usage
from tokencomp.cli import main
from tokencomp.codec.sources import RejectedRecord
from tokencomp.importers.merge import read_merge

from .fuzz import Checker

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
EXAMPLES = importlib.resources.files("tokencomp") / "data" / "examples"
P75 = EXAMPLES / "p75-engineer.json"
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


MERGE_RECORD = (
    '{"id": "e1", "pay_rate": 100000, "pay_period": "YEAR", "pay_currency": "USD", "effective_date": "2026-01-01"}'
)
SPEND = '{"startTime": "2026-03-02", "user": "example-p75", "model": "gpt-4o", "prompt_tokens": 10, '


class TestReaders:
    """The readers of other systems' files (issues #27, #32, #28 items 4 and 5): from the command line as the
    issues tried them, no traceback, one verdict with the API, a wrong file refused as such."""

    @pytest.fixture
    def files(self, tmp_path: Path) -> dict[str, str]:
        contents = {
            "deep.json": "[" * 100_000 + "]" * 100_000,
            "deep-object.json": '{"results": ' + "[" * 100_000 + "]" * 100_000 + "}",
            "twice.json": '{"results": [], "results": [' + MERGE_RECORD + "]}",
            "nan.json": '{"results": [' + MERGE_RECORD + '], "next": NaN}',
            "snan.json": '{"results": [' + MERGE_RECORD.replace("100000", '"sNaN"') + ", " + MERGE_RECORD + "]}",
            "offers.json": "[" + (EXAMPLES / "p75-engineer.json").read_text() + "]",
            "offer.json": (EXAMPLES / "p75-engineer.json").read_text(),
            "offers.csv": "id,salary.rate.amount\ne1,100\n",
            "digits.csv": "date,person,model,input_tokens,output_tokens\n2026-03-02,example-p75,gpt-4o,"
            + "9" * 5000
            + ",1\n2026-03-03,example-p75,gpt-4o,1000,10\n",
            "huge.json": f'[{SPEND}"completion_tokens": 1, "spend": 1e308}}, {SPEND}"completion_tokens": {10**30}}},'
            f' {SPEND}"completion_tokens": 5, "spend": 0.25}}]',
            "far.csv": "date,person,model,input_tokens,output_tokens,cost,currency\n"
            "9999-12-31,example-p75,gpt-4o,1,1,1.00,USD\n2026-03-03,example-p75,gpt-4o,1,1,1.00,USD\n",
        }
        for name, text in contents.items():
            (tmp_path / name).write_text(text)
        return {name: str(tmp_path / name) for name in contents}

    def run(self, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
        status = main(list(args))
        out, err = capsys.readouterr()
        assert [] == [word for word in ("Traceback", "RecursionError", "int_max_str_digits") if word in err]
        return status, out, err

    @pytest.mark.parametrize(
        "command",
        [
            ["import", "--from", "merge", "{deep.json}"],
            ["import", "--from", "finch", "{deep.json}"],
            ["import", "--from", "merge", "{deep-object.json}"],
            ["ledger", str(P75), "--usage", "{deep.json}"],
            ["leaderboard", str(P75), "--period", "2026-03", "--usage", "{deep.json}"],
            ["export-budget", str(P75), "--gateway", "litellm", "--as-of", "2026-03-31", "--usage", "{deep.json}"],
        ],
    )
    def test_nested_100000_levels(
        self, capsys: pytest.CaptureFixture[str], files: dict[str, str], command: list[str]
    ) -> None:
        """JSON nested 100,000 levels deep: refused in one line, no RecursionError, in all the commands."""
        status, _, err = self.run(capsys, *[files.get(a.strip("{}"), a) for a in command])
        assert status in (1, 2)
        assert "nests more than 32 levels" in err
        assert 1 == len(err.splitlines())

    def test_a_5000_digit_token_count(self, capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
        """The 5,000-digit line is listed, the next line counted: exit 0."""
        status, out, err = self.run(capsys, "ledger", str(P75), "--as-of", "2026-03-31", "--usage", files["digits.csv"])
        assert (0, "") == (status, err)
        assert "line 2: /input_tokens: input_tokens has 5,000 digits" in out

    def test_spend_1e308_and_10e30(self, capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
        """The two huge entries are listed by index; the third is counted."""
        status, out, _ = self.run(capsys, "ledger", str(P75), "--as-of", "2026-03-31", "--usage", files["huge.json"],
                                  "--format", "json")  # fmt: skip
        ledger = json.loads(out)
        assert 0 == status
        assert ([0, 1], 1) == ([r["index"] for r in ledger["rejected"]], sum(p["records"] for p in ledger["periods"]))

    def test_9999_12_31(self, capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
        """A line dated 9999-12-31 is rejected; the ledger ends with its last record, not in 9999."""
        status, out, _ = self.run(capsys, "ledger", str(P75), "--usage", files["far.csv"], "--format", "json")
        ledger = json.loads(out)
        assert (0, 1, ["date-out-of-range"]) == (
            status, len(ledger["periods"]), [p["code"] for r in ledger["rejected"] for p in r["problems"]]
        )  # fmt: skip

    def test_results_twice(self, capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
        """A Merge response with results twice: refused by the CLI (exit 2) and by read_merge(), naming the key."""
        status, _, err = self.run(capsys, "import", "--from", "merge", files["twice.json"])
        assert (2, True) == (status, "'results' appears more than once" in err)
        with pytest.raises(SourceError, match="'results' appears more than once"):
            read_merge(Path(files["twice.json"]).read_text())

    def test_nan_beside_the_records(self, capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
        """A top-level NaN in a Merge file: refused by both."""
        status, _, err = self.run(capsys, "import", "--from", "merge", files["nan.json"])
        assert (2, True) == (status, "NaN is not allowed" in err)
        with pytest.raises(SourceError, match="NaN is not allowed"):
            read_merge(Path(files["nan.json"]).read_bytes())

    def test_snan_pay_rate(self, capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
        """pay_rate "sNaN" is one rejected record in both, never decimal.InvalidOperation."""
        status, out, err = self.run(capsys, "import", "--from", "merge", files["snan.json"])
        assert (1, 1, ["record 0"]) == (status, len(out.splitlines()), re.findall(r"record \d+", err))
        result = read_merge(Path(files["snan.json"]).read_text())
        assert ([0], 1) == ([r.index for r in result.rejected], len(result.offers))
        assert "is not a finite number" in result.rejected[0].reason

    @pytest.mark.parametrize(
        ("command", "words"),
        [
            (["import", "--from", "merge", "{offers.json}"], "this is not a Merge employments response: its first "
             "record is an offer document"),
            (["import", "--from", "finch", "{offers.json}"], "this is not a Finch employment response"),
            (["ledger", str(P75), "--usage", "{offer.json}"], "this is not a LiteLLM spend log: its first line"),
            (["ledger", str(P75), "--usage", "{offers.csv}"], "this is not a usage CSV: its header has no date"),
            (["leaderboard", str(P75), "--period", "2026", "--usage", "{offers.json}"], "this is not a LiteLLM"),
        ],
    )  # fmt: skip
    def test_a_wrong_file(
        self, capsys: pytest.CaptureFixture[str], files: dict[str, str], command: list[str], words: str
    ) -> None:
        """A file that is not the format asked for: exit 2, one line saying what was expected, no stray '/:'."""
        status, out, err = self.run(capsys, *[files.get(a.strip("{}"), a) for a in command])
        assert (2, "", 1) == (status, out, len(err.splitlines()))
        assert words in err
        assert "/:" not in err


READERS = HOSTILE / "readers"
READER_ROW = re.compile(
    r"^\| `(?P<file>[^`]+)` \|.*\| (?:counted (?P<counted>\d+), rejected (?P<rejected>\d+) (?P<code>\S+)"
    r"|refused (?P<words>.+)) \|$"
)


def reader_outcomes() -> dict[str, re.Match[str]]:
    """The outcome column of the readers' table, by file."""
    rows = (READER_ROW.match(line) for line in (READERS / "README.md").read_text().splitlines())
    return {row["file"]: row for row in rows if row}


READER_OUTCOMES = reader_outcomes()


class TestReaderFiles:
    """The hostile files of tests/data/hostile/readers replay with their documented outcome, API and CLI alike."""

    def test_every_file_is_documented(self) -> None:
        """The table names every file of the folder, and no other."""
        assert sorted(p.name for p in READERS.iterdir() if p.name != "README.md") == sorted(READER_OUTCOMES)

    @pytest.mark.parametrize("name", sorted(READER_OUTCOMES))
    def test_outcome(self, capsys: pytest.CaptureFixture[str], name: str) -> None:
        """Counted and rejected as documented, the first rejection's code; or refused with the words; CLI alike."""
        row, path = READER_OUTCOMES[name], READERS / name
        merge = name.startswith("merge-")
        command = ["import", "--from", "merge", str(path)] if merge else ["ledger", str(P75), "--usage", str(path)]
        status = main([*command, *([] if merge else ["--as-of", "2026-03-31"])])
        _, err = capsys.readouterr()
        assert "Traceback" not in err
        if row["words"]:
            with pytest.raises(SourceError, match=re.escape(row["words"])):
                read_merge(path.read_bytes()) if merge else list(read_usage(path.read_bytes(), name))
            assert (2, 1) == (status, len(err.splitlines()))
            return
        if merge:
            result = read_merge(path.read_bytes())
            counted, rejected = len(result.offers), [[p.code for p in r.problems] for r in result.rejected]
        else:
            items = list(read_usage(path.read_bytes(), name))
            counted = sum(isinstance(item, UsageRecord) for item in items)
            rejected = [[p.code for p in r.problems] for r in items if isinstance(r, RejectedRecord)]
        assert (int(row["counted"]), int(row["rejected"])) == (counted, len(rejected))
        if row["code"] != "-":
            assert row["code"] in rejected[0]
        assert (1 if merge and rejected else 0) == status
