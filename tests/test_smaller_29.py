"""The smaller points of issue #29, item 7: misuse is exit 2, str(Money), one rule for what is a document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import tokencomp
from tokencomp import Money
from tokencomp.cli import main

P75 = Path(tokencomp.__file__).parent / "data" / "examples" / "p75-engineer.json"
LINE = json.dumps(json.loads(P75.read_bytes()))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        status = main(list(args))
    except SystemExit as exc:  # the argument parser's misuse errors
        status = int(exc.code or 0)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def usage(tmp_path: Path) -> Path:
    path = tmp_path / "usage.csv"
    path.write_text(
        "date,person,model,input_tokens,output_tokens,cost,currency\n2026-05-06,example-p75,gpt-4o,1,1,1.00,USD\n"
    )
    return path


class TestMisuseIsExit2:
    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["export-budget", str(P75), "--gateway", "litellm", "--soft-share", "1.5"], "not a share from 0 to 1"),
            (["export-budget", str(P75), "--gateway", "litellm", "--soft-share", "-0.1"], "below zero"),
            (
                ["ledger", str(P75), "--usage", "{usage}", "--terminated", "2025-01-01"],
                "--terminated 2025-01-01 is before",
            ),
            (["ledger", str(P75), "--usage", "{usage}", "--as-of", "2025-01-01"], "--as-of 2025-01-01 is before"),
            (
                ["export-budget", str(P75), "--gateway", "litellm", "--as-of", "2025-01-01"],
                "--as-of 2025-01-01 is before",
            ),
        ],
    )
    def test_one_line_and_exit_2(
        self, capsys: pytest.CaptureFixture[str], usage: Path, args: list[str], message: str
    ) -> None:
        """An option out of its range is misuse, as the README says: exit 2, one line."""
        status, out, err = run(capsys, *[arg.format(usage=usage) for arg in args])
        assert (2, "") == (status, out)
        assert message in err
        assert 1 == len(err.strip().splitlines())


class TestStrOfMoney:
    @pytest.mark.parametrize(
        ("money", "text"),
        [
            (Money("375000.00", "USD"), "USD 375,000.00"),
            (Money("1234567.891", "BHD"), "BHD 1,234,567.891"),
            (Money("-5", "JPY"), "JPY -5"),
            (Money("0.000000000001", "EUR"), "EUR 0.000000000001"),
        ],
    )
    def test_readable_with_every_digit(self, money: Money, text: str) -> None:
        """str(Money) is the code and the amount with every digit, not the repr."""
        assert text == str(money)
        assert repr(money) != str(money)


class TestOneRuleForDocuments:
    """validate and export-csv split a file into documents by one rule: .jsonl/.ndjson or --lines, else one."""

    @pytest.mark.parametrize("name", ["offers.txt", "offers.data", "offers"])
    def test_two_lines_in_a_file_of_another_name(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
    ) -> None:
        """Without --lines both read one document (invalid, saying to give --lines); with it, both read two."""
        path = tmp_path / name
        path.write_text(LINE + "\n" + LINE + "\n")
        validated = run(capsys, "validate", str(path))
        exported = run(capsys, "export-csv", str(path))
        assert (1, 1) == (validated[0], exported[0])
        assert "give --lines" in validated[1]
        assert "give --lines" in exported[2]
        validated = run(capsys, "validate", "--lines", str(path))
        exported = run(capsys, "export-csv", "--lines", str(path))
        assert (0, 0) == (validated[0], exported[0])
        assert "2 documents: 2 valid, 0 invalid" in validated[1]
        assert 3 == len(exported[1].splitlines())  # the header and two rows

    def test_one_pretty_printed_document(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A pretty-printed offer in a .txt file is one valid document to both, not 29 bad lines to one of them."""
        path = tmp_path / "offer.txt"
        path.write_text(json.dumps(json.loads(LINE), indent=2))
        assert 0 == run(capsys, "validate", str(path))[0]
        status, out, err = run(capsys, "export-csv", str(path))
        assert (0, "", 2) == (status, err, len(out.splitlines()))
