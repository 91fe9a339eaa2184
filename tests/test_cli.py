"""The command line: output, and every bad-input path as one line and an exit status."""

from __future__ import annotations

import datetime
import io
import json
import re
import sys
import types
from decimal import Decimal
from pathlib import Path

import pytest

from tokencomp.cli import main

from .test_codec import P75


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
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
        """de_DE shows 475.000,00 $, total compensation apart from fully loaded cost, and the caveat."""
        status, out, _ = run(capsys, "summarize", str(p75), "--locale", "de_DE")
        assert 0 == status
        # babel puts a no-break space between the figure and the sign, as CLDR says for German.
        assert re.search(r"\nFully loaded cost +475\.000,00\xa0\$ +475\.000,00\xa0\$\n", out)
        assert re.search(r"\nTotal compensation +375\.000,00\xa0\$ +375\.000,00\xa0\$\n", out)
        assert "does not vest, is not portable" in out
        assert "21,05%" in out

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
        assert (0, ["agent-contractor", "half-of-salary", "london-staff-engineer", "p75-engineer"]) == (
            status,
            out.split(),
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
            (["summarize", "{p75}", "--rates", "{p75}"], 2, "not an ECB reference-rate file"),
            (["summarize", "{p75}", "--locale", "xx_YY"], 1, "unknown locale"),
            (["summarize", "{p75}", "--as-of", "1990-01-01", "--currency", "EUR"], 1, "no exchange rate"),
            (["summarize", "{notjson}"], 2, "not valid JSON"),
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
        assert (0, f"{p75}: valid\n", "") == run(capsys, "validate", str(p75))

    def test_stdin(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
        """- reads one document from standard input, or JSON Lines with --lines."""
        text = json.dumps({**P75, "id": ""})
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
        status, out, _ = run(capsys, "validate", "-")
        assert (1, "-: invalid, 1 problem(s)") == (status, out.splitlines()[0])
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(f"{text}\n{json.dumps(P75)}\n".encode())))
        status, out, _ = run(capsys, "validate", "--lines", "--format", "json", "-")
        assert (1, [False, True]) == (status, [json.loads(line)["valid"] for line in out.splitlines()])

    def test_unreadable_file_exits_2(self, capsys: pytest.CaptureFixture[str], p75: Path) -> None:
        """A missing file is one line on stderr and exit 2; the other files are still validated."""
        status, out, err = run(capsys, "validate", "missing.json", str(p75), "missing.jsonl")
        assert (2, f"{p75}: valid\n") == (status, out)
        assert 2 == len(err.splitlines())
        assert "cannot read missing.json" in err

    def test_too_large_file_is_not_read(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A 50 MB file is refused from its size alone."""
        big = tmp_path / "big.json"
        with big.open("wb") as handle:
            handle.truncate(50_000_000)
        status, out, _ = run(capsys, "validate", "--format", "json", str(big))
        assert (1, "too-large") == (status, json.loads(out)["errors"][0]["code"])


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

    def test_text_groups_amounts(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The text output groups every amount and says estimates as "about" two figures."""
        status, out, _ = run(capsys, "convert", "100000", "USD", "--to", "tokens", "--model", "gpt-4o", "--mix", "3:1")
        assert 0 == status
        assert out.startswith("$100,000.00 buys 22,857,142,857 tokens of gpt-4o (openai) at a blended $4.375 a million")
        assert "  about 17,000,000,000 words (estimate: 0.75 words per token)" in out
        status, out, _ = run(capsys, "convert", "100000", "USD", "--to", "EUR", "--as-of", "2026-04-02")
        assert (0, True) == (status, out.startswith("$100,000.00 = €86,767.90 (1 USD = 0.867679 EUR, exchange rates of 2026-04-02;"))

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
            (["1", "USD", "--to", "tokens", "--model", "gpt-4"], "--mix"),
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

    def test_no_progress_when_not_a_terminal(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, p75: Path
    ) -> None:
        """Piped output gets no progress display, even with tqdm installed."""
        monkeypatch.setitem(sys.modules, "tqdm", types.SimpleNamespace(tqdm=lambda *a, **k: pytest.fail("used")))
        assert 0 == run(capsys, "validate", str(p75))[0]
