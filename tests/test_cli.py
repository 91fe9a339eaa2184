"""The command line: output, and every bad-input path as one line and an exit status."""

from __future__ import annotations

import argparse
import datetime
import importlib.resources
import io
import json
import os
import re
import subprocess
import sys
import types
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

import tokencomp
from tokencomp import default_prices
from tokencomp.cli import main
from tokencomp.cli._common import EXIT_PIPE_CLOSED
from tokencomp.cli.parser import _parser

from .test_codec import P75


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        status = main(list(args))
    except SystemExit as exc:  # the argument parser's misuse errors
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def p75(tmp_path: Path) -> Path:
    path = tmp_path / "p75.json"
    path.write_text(json.dumps(P75))
    return path


class TestSummarize:
    def test_json(self, capsys: pytest.CaptureFixture[str], p75: Path) -> None:
        """--format json prints the figures as decimal strings."""
        status, out, _ = run(capsys, "summarize", str(p75), "--format", "json")
        assert (0, "475000.00") == (status, json.loads(out)["annual"]["fully_loaded_cost"])

    def test_text_for_a_locale(self, capsys: pytest.CaptureFixture[str], p75: Path) -> None:
        """de_DE shows 475.000,00 $, total compensation apart from fully loaded cost, and the caveat, in German."""
        status, out, _ = run(capsys, "summarize", str(p75), "--locale", "de_DE")
        assert 0 == status
        # babel puts a no-break space between the figure and the sign, as CLDR says for German.
        assert re.search(r"\nVollkosten +475\.000,00\xa0\$ +475\.000,00\xa0\$\n", out)
        assert re.search(r"\nGesamtvergütung +375\.000,00\xa0\$ +375\.000,00\xa0\$\n", out)
        assert "Es wird nicht unverfallbar, kann nicht zu einem anderen Arbeitgeber mitgenommen werden" in out
        assert "21,05\xa0%" in out  # CLDR: a no-break space before the percent sign

    def test_other_currency_lists_the_rates(self, capsys: pytest.CaptureFixture[str], p75: Path) -> None:
        """--currency EUR converts with the embedded ECB rates and says which."""
        status, out, _ = run(capsys, "summarize", str(p75), "--currency", "EUR", "--format", "json")
        summary = json.loads(out)
        assert (0, "EUR") == (status, summary["currency"])
        assert [("USD", "EUR", "2026-02-27")] == [(r["from"], r["to"], r["date"]) for r in summary["fx"]]
        assert "European Central Bank" in summary["fx"][0]["source"]

    def test_rates_file(self, capsys: pytest.CaptureFixture[str], p75: Path, tmp_path: Path) -> None:
        """--rates reads an ECB CSV file and names it as the source."""
        rates = tmp_path / "rates.csv"
        rates.write_text("Date, USD, \n27 February 2026, 1.25, \n")
        status, out, _ = run(
            capsys, "summarize", str(p75), "--currency", "EUR", "--rates", str(rates), "--format", "json"
        )
        summary = json.loads(out)
        assert (0, "300000.00", str(rates)) == (status, summary["annual"]["salary"], summary["fx"][0]["source"])

    def test_stdin_and_examples(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
        """- reads standard input; --example reads a bundled offer; examples lists them."""
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(json.dumps(P75).encode())))
        assert 0 == run(capsys, "summarize", "-")[0]
        status, out, _ = run(capsys, "examples")
        offers = out.split("Job postings")[0]
        assert (0, ["agent-contractor", "half-of-salary", "london-staff-engineer", "p75-engineer"]) == (
            status,
            [line.strip() for line in offers.splitlines() if line.startswith("  ")],
        )
        status, out, _ = run(capsys, "summarize", "--example", "london-staff-engineer", "--format", "json")
        assert (0, "186797.49") == (status, json.loads(out)["annual"]["fully_loaded_cost"])
        status, out, _ = run(capsys, "examples", "p75-engineer")
        assert (0, "example-p75") == (status, json.loads(out)["id"])


class TestBadInput:
    @pytest.mark.parametrize(
        ("args", "status", "message"),
        [
            (["summarize", "missing.json"], 2, "cannot read missing.json"),
            (["summarize", "{bad}"], 1, "invalid offer"),
            (["summarize", "{p75}", "--rates", "missing.csv"], 2, "cannot read missing.csv"),
            (["summarize", "{p75}", "--rates", "{p75}"], 2, "neither an ECB reference-rate file"),
            (["summarize", "{p75}", "--locale", "xx_YY"], 2, "unknown locale"),
            (["summarize", "{p75}", "--as-of", "1990-01-01", "--currency", "EUR"], 1, "no exchange rate"),
            (["summarize", "{notjson}"], 1, "not valid JSON"),
            (["summarize", "--example", "nope"], 2, "no example 'nope'"),
            (["summarize"], 2, "give a FILE"),
            (["examples", "nope"], 2, "no example 'nope'"),
        ],
    )
    def test_one_line_no_traceback(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        p75: Path,
        args: list[str],
        status: int,
        message: str,
    ) -> None:
        """Each bad input gives one line on stderr starting with 'tokencomp' and the right status."""
        (tmp_path / "bad.json").write_text(json.dumps({**P75, "currency": "XYZ"}))
        (tmp_path / "notjson.json").write_text("{")
        paths = {"{p75}": str(p75), "{bad}": str(tmp_path / "bad.json"), "{notjson}": str(tmp_path / "notjson.json")}
        actual_status, out, err = run(capsys, *[paths.get(a, a) for a in args])
        assert (status, "") == (actual_status, out)
        assert err.startswith("tokencomp")
        assert message in err
        assert 1 == len(err.strip().splitlines())

    @pytest.mark.parametrize(
        "args", [["summarize", "x.json", "--currency", "XYZ"], ["summarize", "x.json", "--as-of", "2026-02-30"], []]
    )
    def test_usage_errors_exit_2(self, capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
        """Misuse of options exits 2 with argparse's message, never a traceback."""
        with pytest.raises(SystemExit) as info:
            main(args)
        assert 2 == info.value.code
        assert "Traceback" not in capsys.readouterr().err


class TestValidate:
    def test_json_lines_output(self, capsys: pytest.CaptureFixture[str], tmp_path: Path, p75: Path) -> None:
        """A .jsonl file: one report a document, a broken line named by its number, the rest still read."""
        lines = tmp_path / "offers.jsonl"
        bad = {**P75, "currency": "XYZ"}
        lines.write_text(f"{json.dumps(P75)}\n\n{{broken\n{json.dumps(bad)}\n")
        status, out, err = run(capsys, "validate", "--format", "json", str(p75), str(lines))
        reports = [json.loads(line) for line in out.splitlines()]
        assert (1, "") == (status, err)
        assert [
            (str(p75), 0, None, True),
            (str(lines), 0, 1, True),
            (str(lines), 1, 3, False),
            (str(lines), 2, 4, False),
        ] == [(r["source"], r["index"], r.get("line"), r["valid"]) for r in reports]
        assert [{"pointer": "/currency", "code": "unknown-currency"}] == [
            {k: e[k] for k in ("pointer", "code")} for e in reports[3]["errors"]
        ]
        assert "invalid-json" == reports[2]["errors"][0]["code"]

    def test_text_output_and_exit_zero(self, capsys: pytest.CaptureFixture[str], p75: Path) -> None:
        """All valid: exit 0 and one line each."""
        assert (0, f"{p75}: valid\n1 document: 1 valid, 0 invalid\n", "") == run(capsys, "validate", str(p75))

    def test_stdin(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
        """- reads one document from standard input, or JSON Lines with --lines."""
        text = json.dumps({**P75, "id": ""})
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
        status, out, _ = run(capsys, "validate", "-")
        assert (1, "-: invalid, 1 problem") == (status, out.splitlines()[0])
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(f"{text}\n{json.dumps(P75)}\n".encode())))
        status, out, _ = run(capsys, "validate", "--lines", "--format", "json", "-")
        assert (1, [False, True]) == (status, [json.loads(line)["valid"] for line in out.splitlines()])

    def test_problems_are_counted_in_words(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """One problem is "1 problem", two are "2 problems": never "problem(s)"."""
        two = tmp_path / "two.json"
        two.write_text(json.dumps({**P75, "id": "", "currency": "XXX"}))
        status, out, _ = run(capsys, "validate", str(two))
        assert (1, f"{two}: invalid, 2 problems") == (status, out.splitlines()[0])

    def test_unreadable_file_exits_2(self, capsys: pytest.CaptureFixture[str], p75: Path) -> None:
        """A missing file is one line on stderr and exit 2; the other files are still validated."""
        status, out, err = run(capsys, "validate", "missing.json", str(p75), "missing.jsonl")
        assert (2, f"{p75}: valid\n1 document: 1 valid, 0 invalid; 2 files were not read\n") == (status, out)
        assert 2 == len(err.splitlines())
        assert "cannot read missing.json" in err

    def test_too_large_file_is_not_read(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A 50 MB file is refused from its size alone."""
        big = tmp_path / "big.json"
        with big.open("wb") as handle:
            handle.truncate(50_000_000)
        status, out, _ = run(capsys, "validate", "--format", "json", str(big))
        assert (1, "too-large") == (status, json.loads(out)["errors"][0]["code"])


class TestValidateJobs:
    @pytest.fixture
    def mixed(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
        """JSON Lines of valid and invalid offers, blank lines and an oversized line, in small ranges and chunks."""
        monkeypatch.setattr("tokencomp.codec.bulk.CHUNK_LINES", 3)
        monkeypatch.setattr("tokencomp.codec.bulk.CHUNK_BYTES", 2000)
        monkeypatch.setattr("tokencomp.codec.bulk.RANGE_BYTES", 2000)
        monkeypatch.setattr("tokencomp.codec.bulk._SCAN_BYTES", 64)  # the oversized line takes many pieces to pass over
        lines = []
        for index in range(40):
            document = {**P75, "id": f"offer-{index}"}
            if index % 7 == 3:
                document["currency"] = "XYZ"
            lines.append(json.dumps(document))
            if index % 9 == 0:
                lines += ["", "  "]
        lines[17] = "{broken"
        lines[25] = json.dumps({**P75, "id": "x" * 5000})  # over --max-bytes 4000 below
        path = tmp_path / "offers.jsonl"
        path.write_text("\n".join(lines) + "\n")
        return path

    @pytest.mark.parametrize("form", ["text", "json"])
    def test_output_and_status_as_with_one_process(
        self, capsys: pytest.CaptureFixture[str], mixed: Path, p75: Path, form: str
    ) -> None:
        """--jobs 2 prints what --jobs 1 prints, in the file's order, with the same exit status."""
        args = ["validate", "--max-bytes", "4000", "--format", form, str(p75), str(mixed), "missing.jsonl"]
        one = run(capsys, *args, "--jobs", "1")
        assert one == run(capsys, *args, "--jobs", "2")
        assert 2 == one[0]  # a file not read outranks the invalid documents
        assert 1 == run(capsys, "validate", "--jobs", "2", str(mixed))[0]
        assert "too-large" in one[1]

    def test_standard_input_as_with_one_process(
        self, capsys: pytest.CaptureFixture[str], mixed: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A pipe, which no worker can read for itself, is read by the command and sent in chunks: the same output."""
        outputs = []
        for jobs in ("1", "2"):
            monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(mixed.read_bytes())))
            outputs.append(run(capsys, "validate", "--lines", "--max-bytes", "4000", "--jobs", jobs, "-"))
        assert outputs[0] == outputs[1]
        assert "-:18: invalid" in outputs[0][1]  # line 18 of the file is "{broken" (two blank lines before it)

    @pytest.mark.parametrize(
        "text",
        [b"", b"\n", b"a\nb\n", b"a\nb", b"x" * 5000 + b"\n" + b"y\n" * 3000, b"z" * 9000, b"\n" * 4001],
        ids=["empty", "one-break", "two-lines", "no-last-break", "long-line", "one-long-line", "blank-lines"],
    )
    def test_ranges_cover_the_file_at_line_breaks(self, text: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
        """Ranges follow one another over the whole file, each ending with a line break or at its end."""
        from tokencomp.codec.bulk import _ranges

        monkeypatch.setattr("tokencomp.codec.bulk.RANGE_BYTES", 2000)
        monkeypatch.setattr("tokencomp.codec.bulk._SCAN_BYTES", 64)
        ranges = list(_ranges(io.BytesIO(text), len(text)))
        assert text == b"".join(text[start : start + length] for start, length in ranges)
        assert all(length > 0 for _, length in ranges)
        assert all(text[start + length - 1 : start + length] == b"\n" for start, length in ranges[:-1])
        assert len(ranges) <= len(text) // 2000 + 1

    def test_ranges_of_a_file_shorter_than_its_size(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A file cut short after its size was read: the ranges still end at that size, and are few."""
        from tokencomp.codec.bulk import _ranges

        monkeypatch.setattr("tokencomp.codec.bulk.RANGE_BYTES", 2000)
        monkeypatch.setattr("tokencomp.codec.bulk._SCAN_BYTES", 64)
        assert [(0, 9000)] == list(_ranges(io.BytesIO(b"x" * 5000), 9000))

    def test_chunks_read_ahead_are_bounded(self) -> None:
        """At most two chunks a process are read ahead of the reports given out: memory stays bounded."""
        from tokencomp.codec.bulk import _Workers

        taken = 0

        def chunks() -> Any:
            nonlocal taken
            for start in range(0, 200, 2):
                taken += 1
                yield [(start + 1, json.dumps(P75).encode()), (start + 2, b"{")]

        workers = _Workers(2)
        try:
            reports = workers.check(chunks(), tokencomp.validate, 1 << 20)
            first = next(reports)
            assert (1, True) == (first[0], first[1].valid)
            assert taken <= 2 * 2 + 1
            assert [(i, i % 2 == 1) for i in range(2, 201)] == [(i, r.valid) for i, r in reports]
        finally:
            workers.close()

    def test_workers_send_back_no_documents(self) -> None:
        """A worker's reports carry the verdict and problems only: a document would be pickled for nothing."""
        from tokencomp.codec.bulk import _check_chunk

        lines = [json.dumps(P75).encode(), json.dumps({**P75, "currency": "XYZ"}).encode()]
        reports = [report for _, report in _check_chunk(tokencomp.validate, 4000, [(1, lines[0]), (2, lines[1])])]
        assert [(True, None), (False, None)] == [(report.valid, report.document) for report in reports]
        assert tokencomp.validate(lines[1]).problems == reports[1].problems

    def test_jobs_must_be_a_positive_number(self, capsys: pytest.CaptureFixture[str], p75: Path) -> None:
        """--jobs 0 is misuse: exit 2 and one line."""
        status, _, err = run(capsys, "validate", "--jobs", "0", str(p75))
        assert (2, 1) == (status, len(err.strip().splitlines()))


class TestSchemaCommand:
    def test_print_and_write(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """schema prints the offer schema, or writes every schema into --out."""
        status, out, _ = run(capsys, "schema", "offer-v1")
        assert (0, "https://tokencomp.dev/schemas/offer-v1.json") == (status, json.loads(out)["$id"])
        status, out, _ = run(capsys, "schema", "--out", str(tmp_path / "s"))
        assert (0, [str(tmp_path / "s" / f"{n}.json") for n in ("offer-v1", "job-posting-v1", "price-catalog-v1")]) == (
            status,
            out.split(),
        )

    def test_unknown_name(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown schema name lists the known ones, exit 2."""
        status, _, err = run(capsys, "schema", "nope")
        assert (2, True) == (status, "offer-v1" in err)


class TestConvert:
    def test_money_to_tokens(self, capsys: pytest.CaptureFixture[str]) -> None:
        """$100,000 a year on gpt-4o at 3:1 buys floor(100000 / 4.375 × 10⁶) tokens, with the price's provenance."""
        status, out, _ = run(
            capsys, "convert", "100000", "USD", "--to", "tokens", "--model", "gpt-4o", "--mix", "3:1",
            "--per", "year", "--format", "json",
        )  # fmt: skip
        result = json.loads(out)
        assert (0, 22_857_142_857) == (status, result["tokens"])
        assert ("2026-11-22", "4.375") == (result["price"]["as_of"], result["blended_per_million"]["amount"])
        assert "LiteLLM" in result["price"]["source"]
        assert "about 88,000,000 tokens a working day" in result["estimates"]["tokens_per_working_day"]
        assert "standard, below any long-context threshold" == result["tier"]

    def test_a_budget_says_the_tier_it_assumes(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A budget's blended price is the standard one from the first token, and the text says so."""
        status, out, _ = run(capsys, "convert", "100000", "USD", "--to", "tokens", "--model", "gpt-4o", "--mix", "3:1")
        assert (0, True) == (status, "a million tokens (standard, below any long-context threshold);" in out)

    def test_text_groups_amounts(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The text output groups every amount and says estimates as "about" two figures."""
        status, out, _ = run(capsys, "convert", "100000", "USD", "--to", "tokens", "--model", "gpt-4o", "--mix", "3:1")
        assert 0 == status
        assert out.startswith("$100,000.00 buys 22,857,142,857 tokens of gpt-4o (openai) at a blended $4.375 a million")
        assert "  about 17,000,000,000 words (estimate: 0.75 words per token)" in out
        status, out, _ = run(capsys, "convert", "100000", "USD", "--to", "EUR", "--as-of", "2026-04-02")
        assert (0, True) == (
            status,
            out.startswith("$100,000.00 = €86,767.90 (1 USD = 0.867679 EUR, exchange rates of 2026-04-02;"),
        )

    def test_command_line_prices_are_dated_by_themselves(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Prices typed on the command line are dated today (or --as-of), not by the rate table's newest date."""
        args = ["convert", "1000", "USD", "--to", "tokens", "--prices", "2.5", "10", "--mix", "3:1", "--format", "json"]
        status, out, _ = run(capsys, *args)
        assert (0, datetime.date.today().isoformat()) == (status, json.loads(out)["price"]["as_of"])
        status, out, _ = run(capsys, *args, "--as-of", "2026-04-02")
        assert (0, "2026-04-02") == (status, json.loads(out)["price"]["as_of"])

    def test_tokens_to_another_currency(self, capsys: pytest.CaptureFixture[str]) -> None:
        """3 billion tokens at a blended $4 cost $12,000, in EUR at the 2026-10-30 rate, rounded once."""
        status, out, _ = run(
            capsys, "convert", "3000000000", "tokens", "--to", "EUR", "--prices", "2.50", "10.00",
            "--mix", "4:1", "--as-of", "2026-10-30", "--format", "json",
        )  # fmt: skip
        result = json.loads(out)
        expected = (Decimal(12000) / Decimal("1.1172")).quantize(Decimal("0.01"))
        assert (0, str(expected)) == (status, result["cost"]["amount"])
        assert ("USD", "EUR", "2026-10-30") == (result["fx"]["from"], result["fx"]["to"], result["fx"]["date"])

    def test_currency_on_a_weekend(self, capsys: pytest.CaptureFixture[str]) -> None:
        """100 USD on Saturday 2026-04-04 uses Thursday's rate, 1.1525."""
        status, out, _ = run(
            capsys, "convert", "100", "USD", "--to", "EUR", "--as-of", "2026-04-04", "--format", "json"
        )
        result = json.loads(out)
        assert (0, str((Decimal(100) / Decimal("1.1525")).quantize(Decimal("0.01")))) == (
            status,
            result["to"]["amount"],
        )
        assert "2026-04-02" == result["fx"]["date"]

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["1", "USD", "--to", "tokens", "--mix", "3:1"], "--model NAME or --prices"),
            (["1", "USD", "--to", "tokens", "--model", "gpt-4o"], "--mix"),
            (["1", "USD", "--to", "tokens"], "needs prices: give --model NAME or --prices"),
            (["1", "USD", "--to", "tokens", "--model", "gpt-4", "--mix", "3:1"], "did you mean gpt-4o"),
            (["1.5", "tokens", "--to", "USD", "--model", "gpt-4o", "--mix", "3:1"], "whole number"),
            (["1", "USD", "--to", "XYZ"], "XYZ"),
            (["abc", "USD", "--to", "EUR"], "abc"),
            (["1", "USD", "--to", "EUR", "--as-of", "2026-06-01", "--max-age", "7"], "49 days before"),
        ],
    )
    def test_bad_input(self, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
        """Each mistake is one line naming it, exit 1 or 2."""
        status, out, err = run(capsys, "convert", *args)
        assert status in (1, 2)
        assert "" == out
        assert message in err
        assert 1 == len(err.strip().splitlines())

    def test_bad_mix_is_a_usage_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A mix that is not ratios is refused by the argument parser, exit 2."""
        with pytest.raises(SystemExit) as info:
            main(["convert", "1", "USD", "--to", "tokens", "--mix", "3-1"])
        assert 2 == info.value.code


class TestNumbersOnTheCommandLine:
    """A number typed on the command line is held to the rules of a document's figures, before any arithmetic."""

    @pytest.mark.parametrize(
        ("amount", "message"),
        [
            ("1e999999", "'1e999999' is not a decimal amount"),  # worked on until killed, before
            ("1e5", "'1e5' is not a decimal amount"),  # the contract has no exponents
            ("1E+2", "'1E+2' is not a decimal amount"),
            ("Infinity", "'Infinity' is not a decimal amount"),
            ("100,000", "'100,000' is not a decimal amount"),
            ("+5", "'+5' is not a decimal amount"),
            ("1234567890123456", "16 digits before the point and 0 after"),
            ("0.0000000000001", "1 digits before the point and 13 after"),
            ("-5", "'-5' is below zero: an amount of money or tokens cannot be negative"),
        ],
    )
    def test_refused_before_any_arithmetic(self, capsys: pytest.CaptureFixture[str], amount: str, message: str) -> None:
        """Exponents, separators, signs, too many digits and negative money: exit 2, one line that says which."""
        status, out, err = run(capsys, "convert", amount, "USD", "--to", "EUR")
        assert (2, "", 1) == (status, out, len(err.splitlines()))
        assert message in err

    def test_negative_tokens_are_negative_not_fractional(self, capsys: pytest.CaptureFixture[str]) -> None:
        """-3000 tokens is refused for being below zero, not for being "not a whole number"."""
        status, _, err = run(capsys, "convert", "-3000", "tokens", "--to", "EUR", "--model", "gpt-4o", "--mix", "3:1")
        assert (2, True, False) == (status, "below zero" in err, "whole number" in err)

    def test_money_to_tokens_is_never_negative(self, capsys: pytest.CaptureFixture[str]) -> None:
        """No negative money buys negative tokens: -5 USD is refused."""
        status, out, _ = run(capsys, "convert", "-5", "USD", "--to", "tokens", "--model", "gpt-4o", "--mix", "3:1")
        assert (2, "") == (status, out)

    @pytest.mark.parametrize(
        ("option", "value"),
        [("--prices", "1e9"), ("--prices", "-2"), ("--mix", "1e9:1"), ("--mix", "1:-2")],
    )
    def test_prices_and_mixes_too(self, capsys: pytest.CaptureFixture[str], option: str, value: str) -> None:
        """A price or a ratio of the mix is a number of the same kind: the same rules."""
        args = ["--prices", value, "10"] if option == "--prices" else ["--prices", "2", "10"]
        mix = value if option == "--mix" else "3:1"
        status, out, err = run(capsys, "convert", "100", "USD", "--to", "tokens", *args, "--mix", mix)
        assert (2, "", True) == (status, out, repr(value) in err)

    @pytest.mark.parametrize("count", ["1_000", "+5", " 5", "1" + "0" * 16, "٣"])
    def test_whole_numbers_are_digits(self, capsys: pytest.CaptureFixture[str], count: str) -> None:
        """A count of tokens is digits only, at most 10^15: not Python's int() spellings."""
        status, _, err = run(capsys, "price", "gpt-4o", "--input", count, "--output", "1")
        assert (2, True) == (status, "is not a whole number of tokens" in err)

    def test_the_largest_amount_answers(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The largest amount a document may hold converts to tokens and back, exactly."""
        status, out, _ = run(
            capsys, "convert", "999999999999999.999999999999", "USD", "--to", "tokens", "--prices", "4", "4",
            "--mix", "1:1", "--format", "json",
        )  # fmt: skip
        assert (0, 249_999_999_999_999_999_999) == (status, json.loads(out)["tokens"])


class TestProgress:
    def test_progress_on_a_terminal_with_tqdm(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """On a terminal, with the optional tqdm installed, validate wraps its documents in a progress bar."""
        wrapped: list[str] = []

        def fake_tqdm(iterable: object, desc: str, **_: object) -> object:
            wrapped.append(desc)
            return iterable

        monkeypatch.setitem(sys.modules, "tqdm", types.SimpleNamespace(tqdm=fake_tqdm))
        monkeypatch.setattr("sys.stderr.isatty", lambda: True)
        lines = tmp_path / "offers.jsonl"
        lines.write_text(json.dumps(P75) + "\n")
        assert 0 == run(capsys, "validate", str(lines))[0]
        assert [str(lines)] == wrapped

    def test_usage_files_show_progress(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, p75: Path, tmp_path: Path
    ) -> None:
        """On a terminal, ledger wraps each usage file's records in a progress bar counting records."""
        wrapped: list[tuple[str, object]] = []

        def fake_tqdm(iterable: object, desc: str, unit: str, **_: object) -> object:
            wrapped.append((desc, unit))
            return iterable

        monkeypatch.setitem(sys.modules, "tqdm", types.SimpleNamespace(tqdm=fake_tqdm))
        monkeypatch.setattr("sys.stderr.isatty", lambda: True)
        usage = tmp_path / "usage.csv"
        usage.write_text(USAGE_CSV)
        assert 0 == run(capsys, "ledger", str(p75), "--usage", str(usage), str(usage))[0]
        assert [(str(usage), " records")] * 2 == wrapped

    def test_no_progress_when_not_a_terminal(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, p75: Path
    ) -> None:
        """Piped output gets no progress display, even with tqdm installed."""
        monkeypatch.setitem(sys.modules, "tqdm", types.SimpleNamespace(tqdm=lambda *a, **k: pytest.fail("used")))
        assert 0 == run(capsys, "validate", str(p75))[0]


def bundled(kind: str, name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((importlib.resources.files("tokencomp") / "data" / kind / name).read_text())
    return document


#: Offers with six problems, and postings with many: error lines name a few and point to validate.
SIX_PROBLEMS = {**P75, "id": "", "currency": "usd", "effective_date": "2026-13-01", "x": 1, "y": 2, "z": 3}


@pytest.fixture
def files(tmp_path: Path, p75: Path) -> dict[str, str]:
    """Documents the tables below name in braces: {p75}, {bad}, {posting}, {many}, {empty}, {csv}, {notjson}."""
    contents = {
        "bad.json": json.dumps({**P75, "currency": "XYZ"}),
        "posting.json": json.dumps(bundled("postings", "staff-engineer.json")),
        "many.json": json.dumps(SIX_PROBLEMS),
        "empty.json": "",
        "offers.csv": "id,salary,currency\np75,375000.00,USD\n",
        "notjson.json": "{",
        "merge.json": '{"results": [{"id": "e1", "pay_rate": 185000.0, "pay_period": "YEAR", "pay_currency": "USD", '
        '"effective_date": "2026-04-01T00:00:00Z"}]}',
        "nullrate.json": '[{"id": "e2", "pay_rate": null, "pay_period": "YEAR", "pay_currency": "USD"}]',
        "usage.csv": USAGE_CSV,
        "notusage.csv": "id,salary,currency\np75,375000.00,USD\n",
        "p76.json": json.dumps({**P75, "id": "p76"}),
    }
    for name, text in contents.items():
        (tmp_path / name).write_text(text)
    paths = {f"{{{name.split('.')[0]}}}": str(tmp_path / name) for name in contents}
    return {**paths, "{csv}": str(tmp_path / "offers.csv"), "{p75}": str(p75), "{dir}": str(tmp_path)}


USAGE_CSV = """date,person,model,input_tokens,output_tokens,cost,currency
2026-03-02,p75,gpt-4o,1000,100,2500.00,USD
2026-03-03,p75,gpt-4o,1000,lots,,
2026-03-04,someone-else,gpt-4o,1000,100,1.00,USD
"""

SPEND_LOG = [
    {"request_id": "a", "startTime": "2026-04-01T08:00:00Z", "model": "gpt-4o", "user": "p75",
     "prompt_tokens": 1000, "completion_tokens": 100, "spend": "SPEND"},
    {"request_id": "b", "startTime": "2026-04-02T08:00:00Z", "model": "gpt-4o", "user": "p75",
     "prompt_tokens": 1000},
    {"request_id": "c", "startTime": "2026-04-03T08:00:00Z", "model": "gpt-4o", "user": "p75",
     "prompt_tokens": 2000000, "completion_tokens": 0, "spend": 0},
]  # fmt: skip


class TestLedgerCommands:
    """ledger, leaderboard and export-budget over usage files."""

    def test_ledger_json_reports_each_bad_record(
        self, capsys: pytest.CaptureFixture[str], files: dict[str, str], tmp_path: Path
    ) -> None:
        """A CSV and a LiteLLM log, one bad record each: both named (line 3, index 1), the others counted."""
        log = tmp_path / "spend.json"
        log.write_text(json.dumps(SPEND_LOG).replace('"SPEND"', "12.345678901234567890"))
        status, out, _ = run_with(
            capsys,
            files,
            ["ledger", "{p75}", "--usage", "{usage}", str(log), "--as-of", "2026-04-30", "--format", "json"],
        )
        ledger = json.loads(out)
        # 2,500.00 + 12.345678901234567890 + 2M gpt-4o input tokens at the catalog's 2.50 a million, rounded once.
        assert (0, "2517.35", 3) == (status, ledger["periods"][0]["used"]["amount"], ledger["periods"][0]["records"])
        assert [(files["{usage}"], 3, None), (str(log), None, 1)] == [
            (r["source"], r.get("line"), r.get("index")) for r in ledger["rejected"]
        ]
        assert ("p75", "USD", 1) == (ledger["person"], ledger["currency"], ledger["other_people"])

    def test_ledger_text_in_a_locale(self, capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
        """The text table is in the chosen locale and lists the rejected record by its line."""
        status, out, _ = run_with(capsys, files, ["ledger", "{p75}", "--usage", "{usage}", "--locale", "de_DE"])
        assert (0, True, True) == (status, "2.500,00\xa0$" in out, "usage.csv: line 3: /output_tokens" in out)

    def test_ledger_svg(self, capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
        """--format svg draws one available and one used bar a period, each with its figure."""
        status, out, _ = run_with(capsys, files, ["ledger", "{p75}", "--usage", "{usage}", "--format", "svg"])
        svg = ElementTree.fromstring(out)
        bars = [(rect.get("class"), rect.findtext("{http://www.w3.org/2000/svg}title")) for rect in svg.iter(
            "{http://www.w3.org/2000/svg}rect")]  # fmt: skip
        assert (0, [("available", "2026 available: $83,835.62"), ("used", "2026 used: $2,500.00")]) == (status, bars)

    def test_statement_with_usage(self, capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
        """statement --usage adds the budget over time: a chart in HTML, the ledger's table in text."""
        status, page, _ = run_with(capsys, files, ["statement", "{p75}", "--usage", "{usage}", "--format", "html"])
        chart = page.split("Your token budget over time</h2>", 1)[-1]
        assert (0, True, True) == (status, chart.startswith("<svg"), "2026 used: $2,500.00" in chart)
        status, text, _ = run_with(capsys, files, ["statement", "{p75}", "--usage", "{usage}"])
        assert (0, True) == (status, "Token budget ledger of p75" in text)

    def test_leaderboard_json(self, capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
        """The JSON board has the period and one row a person."""
        status, out, _ = run_with(
            capsys, files, ["leaderboard", "{p75}", "--usage", "{usage}", "--period", "2026-03", "--format", "json"]
        )
        board = json.loads(out)
        assert (0, "2026-03", ["p75"]) == (status, board["period"], [row["person"] for row in board["rows"]])
        assert "not pay earned" in board["footnote"]

    def test_export_with_the_ledger(self, capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
        """With --usage and --as-of, OpenRouter gets this month's available amount of a monthly budget."""
        monthly = json.loads(json.dumps(P75))
        monthly["token_budget"]["period"] = "month"
        monthly["token_budget"]["allowance"]["amount"] = "3000.00"
        path = Path(files["{dir}"]) / "monthly.json"
        path.write_text(json.dumps(monthly))
        status, out, err = run(
            capsys, "export-budget", str(path), "--gateway", "openrouter", "--usage", files["{usage}"], "--as-of",
            "2026-03-20",
        )  # fmt: skip
        assert (0, {"name": "p75", "limit": 3000.00, "limit_reset": "monthly"}) == (status, json.loads(out))
        assert "run tokencomp reconcile" in err


def run_with(capsys: pytest.CaptureFixture[str], files: dict[str, str], args: list[str]) -> tuple[int, str, str]:
    return run(capsys, *[files.get(a, a) for a in args])


WORKFORCE = str(Path(__file__).parent / "data" / "workforce" / "small.jsonl")

# Every command: what succeeds (0), what is not a valid document or cannot be worked out (1), and what
# is misuse or an unreadable file (2). The README's exit-status paragraph says the same.
EXIT_STATUS = [
    (["summarize", "{p75}"], 0, ""),
    (["summarize", "{bad}"], 1, "invalid offer"),
    (["summarize", "{p75}", "--currency", "EUR", "--as-of", "1990-01-01"], 1, "no exchange rate"),
    (["summarize", "missing.json"], 2, "cannot read missing.json"),
    (["summarize", "{p75}", "--locale", "xx_YY"], 2, "unknown locale 'xx_YY'"),
    (["summarize", "{p75}", "--baseline-spend", "0"], 2, "'0' must be more than zero"),
    (["summarize", "{p75}", "--baseline-spend", "-5"], 2, "'-5' must be more than zero"),
    (["summarize", "{p75}", "--currency", "usd"], 2, "did you mean 'USD'?"),
    (
        ["summarize", "--example", "staff-engineer"],
        2,
        "'staff-engineer' is a bundled posting: use it with tokencomp posting",
    ),
    (["validate", "{p75}"], 0, ""),
    (["validate", "{bad}"], 1, ""),
    (["validate", "missing.json"], 2, "cannot read missing.json"),
    (["validate", "{p75}", "--max-bytes", "-1"], 2, "'-1' is not a whole number above zero"),
    (["validate", "{p75}", "--max-bytes", "lots"], 2, "'lots' is not a whole number above zero"),
    (["validate", "{p75}", "--jobs", "0"], 2, "'0' is not a whole number above zero"),
    (["schema", "offer-v1"], 0, ""),
    (["schema", "nope"], 2, "no schema 'nope'"),
    (["schema", "offer"], 2, "did you mean 'offer-v1'?"),
    (["schema", "--out", "{p75}"], 2, "cannot write to"),
    (["schema", "--openapi"], 0, ""),
    (["schema", "offer-v1", "--openapi"], 2, "--openapi holds every schema"),
    (["import", "--from", "merge", "{merge}"], 0, ""),
    (["import", "--from", "merge", "{nullrate}"], 1, "rejected: pay_rate is null"),
    (["import", "--from", "finch", "{notjson}"], 2, "not valid JSON"),
    (["import", "--from", "csv", "{csv}"], 2, "unknown column 'salary'"),
    (["import", "--from", "merge", "missing.json"], 2, "cannot read missing.json"),
    (["import", "--from", "workday", "{merge}"], 2, "invalid choice"),
    (["export-csv", "{p75}"], 0, ""),
    (["export-csv", "{bad}"], 1, "invalid offer"),
    (["export-csv", "missing.jsonl"], 2, "cannot read missing.jsonl"),
    (["export-ocf", "{p75}", "--out", "{dir}"], 0, ""),
    (["export-ocf", "{bad}", "--out", "{dir}"], 1, "invalid offer"),
    (["export-ocf", "missing.json", "--out", "{dir}"], 2, "cannot read missing.json"),
    (["import", "--from", "ocf", "{dir}"], 2, "Manifest.ocf.json: cannot be read"),
    (["compare", "{p75}", "{p75}"], 0, ""),
    (["compare", "{p75}", "{bad}"], 1, "invalid offer"),
    (["compare", "{p75}"], 2, "give two offers"),
    (["compare", "{p75}", "{p75}", "--locale", "xx_YY"], 2, "unknown locale"),
    (["posting", "--example", "staff-engineer"], 0, ""),
    (["posting", "{p75}"], 1, "this looks like an offer, not a posting"),
    (["posting", "missing.json"], 2, "cannot read missing.json"),
    (["posting"], 2, "give a FILE, or --example NAME"),
    (["posting", "--example", "staff-enginer"], 2, "did you mean 'staff-engineer'?"),
    (["statement", "--example", "p75-engineer"], 0, ""),
    (["statement", "{bad}"], 1, "invalid offer"),
    (["statement", "{p75}", "--locale", "xx_YY"], 2, "unknown locale"),
    (["statement", "missing.json"], 2, "cannot read missing.json"),
    (["convert", "100", "USD", "--to", "EUR"], 0, ""),
    (["convert", "100", "USD", "--to", "EUR", "--as-of", "1990-01-01"], 1, "no exchange rate"),
    (["convert", "100,000", "USD", "--to", "EUR"], 2, "'100,000' is not a decimal amount"),
    (["convert", "1e999999", "USD", "--to", "EUR"], 2, "'1e999999' is not a decimal amount"),
    (["convert", "-5", "USD", "--to", "EUR"], 2, "'-5' is below zero"),
    (["convert", "100", "USD", "--to", "tokens", "--prices", "two", "ten", "--mix", "3:1"], 2, "'two'"),
    (["convert", "100", "USD", "--to", "tokens", "--model", "gpt-4", "--mix", "3:1"], 2, "did you mean gpt-4o"),
    (["convert", "100", "USD", "--to", "XYZ"], 2, "XYZ"),
    (["price", "gemini-2.5-pro", "--input", "250000", "--output", "10000"], 0, ""),
    (
        ["price", "gemini-2.5-pro", "--input", "1", "--output", "1", "--cache-write", "5"],
        1,
        "no price for cache writes",
    ),
    (["price", "gpt-4", "--input", "1", "--output", "1"], 2, "did you mean gpt-4o"),
    (["price", "gpt-4o", "--input", "-1", "--output", "1"], 2, "'-1' is not a whole number of tokens"),
    (["price", "gpt-4o", "--input", "1", "--output", "1", "--service-tier", "turbo"], 2, "invalid choice"),
    (["examples"], 0, ""),
    (["examples", "nope"], 2, "no example 'nope'"),
    (["examples", "staf-engineer"], 2, "did you mean 'staff-engineer'?"),
    (["models"], 0, ""),
    (["data"], 0, ""),
    (["data", "--format", "yaml"], 2, "invalid choice"),
    (["convert", "100", "USD", "--to", "EUR", "--max-age", "-1"], 2, "'-1' is not a number of days"),
    (["models", "--provider", "nope"], 2, "no provider 'nope'"),
    (["models", "--format", "yaml"], 2, "invalid choice"),
    (["ledger", "{p75}", "--usage", "{usage}"], 0, ""),
    (["ledger", "{bad}", "--usage", "{usage}"], 1, "invalid offer"),
    (["ledger", "{p75}", "--usage", "{notusage}"], 2, "is not a usage CSV"),
    (["ledger", "{p75}", "--usage", "{usage}", "--terminated", "2025-01-01"], 2, "before the offer's effective date"),
    (["ledger", "{p75}", "--usage", "missing.csv"], 2, "cannot read missing.csv"),
    (["ledger", "{p75}"], 2, "the following arguments are required: --usage"),
    (["ledger", "{p75}", "--usage", "{usage}", "--value-at", "list"], 2, "invalid choice"),
    (["leave", "{p75}", "--on", "2027-03-01", "--format", "json"], 0, ""),
    (["leave", "{bad}", "--on", "2027-03-01"], 1, "invalid offer"),
    (["leave", "{p75}", "--on", "2025-01-01"], 2, "before the offer's effective date"),
    (["leave", "{p75}"], 2, "the following arguments are required: --on"),
    (["leaderboard", "{p75}", "--usage", "{usage}", "--period", "2026-03"], 0, ""),
    (["leaderboard", "{p75}", "{bad}", "--usage", "{usage}", "--period", "2026-03"], 1, "invalid offer"),
    (["leaderboard", "{p75}", "--usage", "{usage}", "--period", "March"], 2, "is not a period such as 2026-03"),
    (["export-budget", "{p75}", "--gateway", "litellm"], 0, ""),
    (["export-budget", "{bad}", "--gateway", "litellm"], 1, "invalid offer"),
    (
        ["export-budget", "{p75}", "--gateway", "openrouter", "--usage", "{usage}", "--as-of", "2026-04-01"],
        1,
        "not yearly",
    ),
    (["export-budget", "{p75}", "--gateway", "litellm", "--usage", "{usage}"], 2, "--usage needs --as-of"),
    (["export-budget", "{p75}", "--gateway", "kong"], 2, "invalid choice"),
    (["reconcile", "{p75}", "--usage", "{usage}", "--as-of", "2026-04-01", "--gateway", "litellm"], 0, ""),
    (["reconcile", "{bad}", "--usage", "{usage}", "--as-of", "2026-04-01", "--gateway", "litellm"], 1, "invalid offer"),
    (["reconcile", "{p75}", "--usage", "{usage}", "--as-of", "2026-04-01", "--gateway", "openrouter"], 1, "yearly"),
    (["reconcile", "{p75}", "--usage", "{usage}", "--gateway", "litellm"], 2, "required: --as-of"),
    ([], 2, "the following arguments are required"),
    (["nope"], 2, "invalid choice"),
    (["pay-gap", WORKFORCE, "--currency", "EUR", "--reference-date", "2026-12-31", "--format", "csv"], 0, ""),
    (["pay-gap", WORKFORCE, "--currency", "EUR"], 2, "required: --reference-date"),
    (["pay-gap", "missing.jsonl", "--currency", "EUR", "--reference-date", "2026-12-31"], 2, "cannot read missing"),
    (["pay-info", WORKFORCE, "--employee", "F1", "--currency", "EUR", "--reference-date", "2026-12-31"], 0, ""),
    (
        ["pay-info", WORKFORCE, "--employee", "Z9", "--currency", "EUR", "--reference-date", "2026-12-31"],
        1,
        "no worker has the employee_id 'Z9'",
    ),
    (["pay-info", WORKFORCE, "--currency", "EUR", "--reference-date", "2026-12-31"], 2, "required: --employee"),
]


def subcommands() -> set[str]:
    (commands,) = [a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return set(commands.choices)


class TestUsageBeforeTheOffer:
    """``--usage FILE...`` takes every file after it: the offer typed after the usage files is still the offer."""

    @pytest.mark.parametrize(
        "args",
        [
            ["ledger", "--usage", "{usage}", "{p75}"],
            ["ledger", "{p75}", "--usage", "{usage}"],
            ["leaderboard", "--usage", "{usage}", "{p75}", "--period", "2026-03"],
            ["export-budget", "--gateway", "litellm", "--usage", "{usage}", "{p75}", "--as-of", "2026-04-01"],
        ],
    )
    def test_either_order(self, capsys: pytest.CaptureFixture[str], files: dict[str, str], args: list[str]) -> None:
        """The natural orders work, and give what the offer-first order gives."""
        status, out, err = run_with(capsys, files, args)
        assert (0, False) == (status, "error" in err)
        offer_first = [args[0], "{p75}", *[a for a in args[1:] if a != "{p75}"]]
        assert out == run_with(capsys, files, offer_first)[1]

    def test_leaderboard_takes_every_offer_at_the_end(
        self, capsys: pytest.CaptureFixture[str], files: dict[str, str]
    ) -> None:
        """Two offers after one usage file: both are offers (two people, one row each), the CSV the usage."""
        status, out, _ = run_with(capsys, files, ["leaderboard", "--usage", "{usage}", "{p75}", "{p76}",
                                                  "--period", "2026-03", "--format", "json"])  # fmt: skip
        assert (0, ["p75", "p76"]) == (status, sorted(row["person"] for row in json.loads(out)["rows"]))

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["ledger", "--usage", "{usage}"], "give the offer, as in tokencomp ledger OFFER --usage FILE..."),
            (["ledger", "--usage", "{p75}"], "give the usage files, as in tokencomp ledger OFFER --usage FILE..."),
            (["leaderboard", "--usage", "{usage}", "--period", "2026-03"], "give the offer"),
            (["export-budget", "--gateway", "litellm"], "give the offer, as in tokencomp export-budget OFFER [--usage"),
        ],
    )
    def test_says_what_is_missing(
        self, capsys: pytest.CaptureFixture[str], files: dict[str, str], args: list[str], message: str
    ) -> None:
        """No offer among the files, or no usage left once the offer is taken: exit 2, one line that says which."""
        status, out, err = run_with(capsys, files, args)
        assert (2, "", 1) == (status, out, len(err.splitlines()))
        assert message in err


class TestExitStatus:
    def test_the_table_covers_every_command(self) -> None:
        """Each command has a success and a misuse row; each that reads a document has a status-1 row."""
        commands = subcommands()
        named = [(args[0], code) for args, code, _ in EXIT_STATUS if args[:1] and args[0] in commands]
        rows = {status: {command for command, code in named if code == status} for status in (0, 1, 2)}
        # pay-gap reads many workers, never one document: a bad line is left out, never fatal (workforce-v1).
        no_document = {"schema", "examples", "models", "data", "pay-gap"}
        assert (commands, commands, commands - no_document) == (rows[0], rows[2], rows[1])

    @pytest.mark.parametrize(("args", "status", "message"), EXIT_STATUS)
    def test_status_and_one_line(
        self, capsys: pytest.CaptureFixture[str], files: dict[str, str], args: list[str], status: int, message: str
    ) -> None:
        """0 with output; 1 or 2 with nothing on stdout, and one line on stderr that says what is wrong."""
        actual, out, err = run_with(capsys, files, args)
        assert status == actual
        if status == 0:
            assert ("", True) == (err, bool(out))
        elif args[:1] != ["validate"]:  # validate reports invalid documents on stdout, by contract
            assert ("", 1) == (out, len(err.splitlines()))
            assert err.startswith("tokencomp")
        assert message in err
        assert "Traceback" not in err

    @pytest.mark.parametrize("command", ["summarize", "validate", "posting", "statement"])
    @pytest.mark.parametrize(
        ("document", "words"),
        [
            ("{empty}", "the document is empty"),
            ("{csv}", "this looks like CSV (comma-separated values), not JSON"),
            ("{notjson}", "not valid JSON"),
        ],
    )
    def test_a_file_that_holds_no_document(
        self, capsys: pytest.CaptureFixture[str], files: dict[str, str], command: str, document: str, words: str
    ) -> None:
        """An empty file, a CSV and text that is not JSON are invalid documents (1) in every command, in words."""
        status, out, err = run_with(capsys, files, [command, document])
        assert (1, True) == (status, words in out + err)


def tokencomp_command(*args: str) -> tuple[list[str], dict[str, str]]:
    """The command line and environment that run this tokencomp in a new process."""
    source = str(Path(tokencomp.__file__).resolve().parent.parent)
    path = os.pathsep.join([source, *filter(None, [os.environ.get("PYTHONPATH")])])
    return [sys.executable, "-m", "tokencomp", *args], {**os.environ, "PYTHONPATH": path}


class TestPipe:
    @pytest.mark.parametrize(
        "args",
        [["summarize", "--example", "p75-engineer"], ["validate", "{offers}"], ["schema", "offer-v1"], ["--help"]],
    )
    def test_reader_gone_before_the_output(self, tmp_path: Path, args: list[str]) -> None:
        """Output to a pipe whose reader has closed it ends quietly: no traceback, status 0 or SIGPIPE's 141."""
        (tmp_path / "offers.jsonl").write_text(json.dumps(P75) + "\n")
        command, env = tokencomp_command(*[a.replace("{offers}", str(tmp_path / "offers.jsonl")) for a in args])
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.close()  # long before the command has imported tokencomp and written anything
        err = process.stderr.read()
        assert (True, b"") == (process.wait(timeout=60) in (0, EXIT_PIPE_CLOSED), err)

    @pytest.mark.parametrize("args", [["summarize", "--example", "p75-engineer"], ["validate"], ["schema"]])
    def test_head_one(self, tmp_path: Path, args: list[str]) -> None:
        """`tokencomp ... | head -1` prints the first line, and tokencomp ends quietly, never with 1."""
        offers = tmp_path / "offers.jsonl"
        offers.write_text((json.dumps(P75) + "\n") * 3000)  # far more output than a pipe holds
        extra = [str(offers)] if args == ["validate"] else []
        command, env = tokencomp_command(*args, *extra)
        writer = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        assert writer.stdout is not None
        assert writer.stderr is not None
        head = subprocess.run(["head", "-1"], stdin=writer.stdout, capture_output=True, check=True)
        writer.stdout.close()
        err = writer.stderr.read()
        status = writer.wait(timeout=60)
        assert (True, b"") == (status in (0, EXIT_PIPE_CLOSED), err)
        assert 1 == len(head.stdout.splitlines())


class TestModels:
    def test_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        """models lists every model of the embedded catalog, with its prices and their date."""
        status, out, _ = run(capsys, "models")
        assert (0, True) == (status, "as of 2026-11-22" in out.splitlines()[0])
        row = next(line.split() for line in out.splitlines() if line.startswith("gpt-4o "))
        assert ["gpt-4o", "openai", "2.5", "10", "1.25", "USD"] == row
        assert len(default_prices()) == sum(line.split()[-1:] == ["USD"] for line in out.splitlines())

    def test_json_for_one_provider(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--provider (in any case) keeps one provider's models; --format json carries the date and source."""
        status, out, _ = run(capsys, "models", "--provider", "Anthropic", "--format", "json")
        listed = json.loads(out)
        assert (0, "2026-11-22", {"anthropic"}) == (status, listed["as_of"], {m["provider"] for m in listed["models"]})
        assert "claude-sonnet-4-5" in {m["model"] for m in listed["models"]}
        assert "LiteLLM" in listed["source"]

    def test_unknown_provider(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A misspelt provider is misuse, with the name meant."""
        status, _, err = run(capsys, "models", "--provider", "antropic")
        assert (2, True) == (status, "did you mean 'anthropic'?" in err)

    def test_convert_finds_a_model_in_capitals(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--model GPT-4O is gpt-4o."""
        status, out, _ = run(capsys, "convert", "100", "USD", "--to", "tokens", "--model", "GPT-4O", "--mix", "1:0")
        assert (0, "$100.00 buys 40,000,000 tokens") == (status, out.split(" of ")[0])


class TestMisspellings:
    """A misspelt option, command or choice is named with the one meant; a CSV of offers points to import."""

    @pytest.mark.parametrize(
        ("args", "meant"),
        [
            (
                ["summarize", "{p75}", "--curency", "EUR"],
                "unrecognized arguments: --curency EUR; did you mean --currency?",
            ),
            (["summarize", "{p75}", "--curency=EUR", "--fromat", "json"], "did you mean --currency, --format?"),
            (["sumarize", "{p75}"], "did you mean 'summarize'?"),
            (["summarize", "{p75}", "--format", "jsn"], "did you mean 'json'?"),
        ],
    )
    def test_did_you_mean(
        self, capsys: pytest.CaptureFixture[str], files: dict[str, str], args: list[str], meant: str
    ) -> None:
        """Exit 2, one line, the word meant."""
        status, out, err = run_with(capsys, files, args)
        assert (2, "", 1) == (status, out, len(err.splitlines()))
        assert meant in err

    def test_a_word_meaning_nothing_is_named_alone(self, capsys: pytest.CaptureFixture[str], p75: Path) -> None:
        """No option is near: no guess."""
        status, _, err = run(capsys, "summarize", str(p75), "--zzzzzz")
        assert (2, False) == (status, "did you mean" in err)

    def test_a_csv_of_offers_points_to_import(self, capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
        """summarize offers.csv says how a spreadsheet of offers is read."""
        status, _, err = run_with(capsys, files, ["summarize", "{csv}"])
        assert (1, True) == (status, f"tokencomp import --from csv {files['{csv}']}" in err)


class TestFindingThings:
    def test_examples_lists_postings(self, capsys: pytest.CaptureFixture[str]) -> None:
        """examples lists the bundled postings under their own heading, and prints one by name."""
        status, out, _ = run(capsys, "examples")
        assert (0, "  staff-engineer") == (status, out.split("Job postings")[1].splitlines()[1])
        status, out, _ = run(capsys, "examples", "staff-engineer")
        assert (0, "Staff Software Engineer") == (status, json.loads(out)["title"])

    def test_example_on_posting_statement_and_compare(self, capsys: pytest.CaptureFixture[str], p75: Path) -> None:
        """--example NAME works on posting, statement and compare as on summarize."""
        status, out, _ = run(capsys, "posting", "--example", "staff-engineer", "--format", "text")
        assert (0, "Staff Software Engineer at Example Robotics, Inc.") == (status, out.split(" (")[0])
        status, out, _ = run(capsys, "statement", "--example", "half-of-salary")
        assert (0, True) == (status, "(example-half-salary)" in out.splitlines()[0])
        status, out, _ = run(capsys, "compare", str(p75), "--example", "half-of-salary", "--format", "json")
        assert (0, ("p75", "example-half-salary")) == (
            status,
            (json.loads(out)["a"]["offer_id"], json.loads(out)["b"]["offer_id"]),
        )
        status, out, _ = run(
            capsys, "compare", "--example", "p75-engineer", "--example", "half-of-salary", "--format", "json"
        )
        assert (0, "example-p75") == (status, json.loads(out)["a"]["offer_id"])

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["posting", "{p75}"], "this looks like an offer, not a posting: use tokencomp summarize"),
            (["summarize", "{posting}"], "this looks like a posting, not an offer: use tokencomp posting"),
            (["statement", "{posting}"], "this looks like a posting, not an offer"),
            (["compare", "{p75}", "{posting}"], "this looks like a posting, not an offer"),
        ],
    )
    def test_the_other_kind_of_document(
        self, capsys: pytest.CaptureFixture[str], files: dict[str, str], args: list[str], message: str
    ) -> None:
        """An offer given as a posting (or the reverse) is named as such in a short line, not its every problem."""
        status, _, err = run_with(capsys, files, args)
        assert (1, True) == (status, message in err)
        assert len(err) < 200

    @pytest.mark.parametrize(
        ("args", "shown", "hint"),
        [
            (
                ["summarize", "{many}"],
                ["/currency", "/effective_date", "/id"],
                "run `tokencomp validate {many}` for all 6",
            ),
            (
                ["statement", "{many}"],
                ["/currency", "/effective_date", "/id"],
                "run `tokencomp validate {many}` for all 6",
            ),
            (
                ["compare", "{p75}", "{many}"],
                ["/currency", "/effective_date", "/id"],
                "run `tokencomp validate {many}` for all 6",
            ),
            (
                ["posting", "{unfinished}"],
                ["/date_posted", "/description", "/id"],
                "run `tokencomp validate --posting {unfinished}` for all 8",
            ),
        ],
    )
    def test_long_problem_lists_are_cut(
        self,
        capsys: pytest.CaptureFixture[str],
        files: dict[str, str],
        tmp_path: Path,
        args: list[str],
        shown: list[str],
        hint: str,
    ) -> None:
        """An error line names the first three problems, in pointer order, and says how to see them all."""
        (tmp_path / "unfinished.json").write_text('{"schema_version": "1"}')
        files = {**files, "{unfinished}": str(tmp_path / "unfinished.json")}
        status, _, err = run_with(capsys, files, args)
        assert (1, 1) == (status, len(err.splitlines()))
        for name, path in files.items():
            hint = hint.replace(name, path)
        assert err.rstrip("\n").endswith(f"; … {hint}")
        pointers = re.findall(r"(?:: |; )(/[a-z_]+):", err)
        assert shown == pointers

    def test_validate_posting(self, capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
        """validate --posting checks job postings."""
        status, out, _ = run_with(capsys, files, ["validate", "--posting", "{posting}", "{p75}"])
        assert (1, [True, False]) == (status, [": valid" in line for line in out.splitlines()[:2]])


class TestBulkValidate:
    @pytest.fixture
    def offers(self, tmp_path: Path) -> Path:
        """Three documents on lines 1, 3 and 4: valid, broken JSON, valid."""
        path = tmp_path / "offers.jsonl"
        path.write_text(f"{json.dumps(P75)}\n\n{{broken\n{json.dumps(P75)}\n")
        return path

    def test_totals_last(self, capsys: pytest.CaptureFixture[str], offers: Path) -> None:
        """Text output ends with the totals; the broken line is named by the file's own line number and column."""
        status, out, _ = run(capsys, "validate", str(offers))
        lines = out.splitlines()
        assert (1, "3 documents: 2 valid, 1 invalid") == (status, lines[-1])
        assert f"{offers}:3: invalid, 1 problem" in lines
        assert (
            "  /: not valid JSON: Expecting property name enclosed in double quotes at column 2 [invalid-json]" in lines
        )

    def test_quiet(self, capsys: pytest.CaptureFixture[str], offers: Path) -> None:
        """--quiet prints the totals only; the status says the rest."""
        assert (1, "3 documents: 2 valid, 1 invalid\n", "") == run(capsys, "validate", "--quiet", str(offers))

    def test_only_invalid(self, capsys: pytest.CaptureFixture[str], offers: Path) -> None:
        """--only-invalid leaves out the valid documents, in text and in JSON."""
        status, out, _ = run(capsys, "validate", "--only-invalid", str(offers))
        assert (1, [f"{offers}:3: invalid, 1 problem"]) == (
            status,
            [line for line in out.splitlines() if line.startswith(str(offers))],
        )
        status, out, _ = run(capsys, "validate", "--only-invalid", "--format", "json", str(offers))
        assert (1, [(2, False)]) == (
            status,
            [(json.loads(line)["line"] - 1, json.loads(line)["valid"]) for line in out.splitlines()],
        )

    def test_json_output_has_no_totals(self, capsys: pytest.CaptureFixture[str], offers: Path) -> None:
        """--format json stays one object a document, each with the contract's keys, and nothing else."""
        status, out, _ = run(capsys, "validate", "--format", "json", str(offers))
        records = [json.loads(line) for line in out.splitlines()]
        assert (1, [["source", "index", "line", "valid", "errors"]] * 3) == (status, [list(r) for r in records])

    def test_several_documents_on_standard_input(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Two documents on standard input without --lines: the problem says to give --lines."""
        text = f"{json.dumps(P75, indent=2)}\n{json.dumps(P75, indent=2)}\n"
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
        status, out, _ = run(capsys, "validate", "-")
        assert (1, True) == (status, "give --lines to read it as JSON Lines" in out)
        assert f"line {len(json.dumps(P75, indent=2).splitlines()) + 1}, column 1" in out


class TestPrice:
    def test_json_is_exact(self, capsys: pytest.CaptureFixture[str]) -> None:
        """250,000 in + 10,000 out of gemini-2.5-pro: 0.775 USD, unrounded, at the tier above 200k."""
        status, out, _ = run(
            capsys, "price", "gemini-2.5-pro", "--input", "250000", "--output", "10000", "--format", "json"
        )
        result = json.loads(out)
        assert (0, {"amount": "0.775", "currency": "USD"}) == (status, result["cost"])
        assert "standard, above 200,000 input tokens" == result["tier"]
        assert {"input_per_million": "2.5", "output_per_million": "15"}.items() <= result["prices"].items()

    def test_text_and_service_tier(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The text names the tokens, the exact cost and the tier; --service-tier batch halves the price."""
        status, out, _ = run(
            capsys, "price", "gemini-2.5-pro", "--input", "250000", "--output", "10000", "--service-tier", "batch"
        )
        assert (0, True) == (
            status,
            out.startswith("gemini-2.5-pro: 250,000 input + 10,000 output tokens cost 0.3875 USD, exactly (batch, "),
        )
