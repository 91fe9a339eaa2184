"""Stale exchange rates: the dates said in every header, the fx-stale advisory, and --max-age from the as-of date.

The embedded history ends on 2026-04-13 and the next embedded rates are of
2026-10-30 (the ECB's own history ends there in this snapshot), so an as-of
date in between uses rates of 2026-04-13, however far from it.
"""

from __future__ import annotations

import datetime
import importlib.resources
import json
from decimal import Decimal
from pathlib import Path

import pytest

from tokencomp import (
    AdvisoryPolicy,
    Money,
    Offer,
    RateNotFoundError,
    Salary,
    SalaryPeriod,
    UsageMix,
    compare,
    cost_of_tokens,
    default_prices,
    default_rates,
    dumps,
    loads,
    summarize,
    tokens_for_budget,
)
from tokencomp.cli import main
from tokencomp.reports.render import statement_html, statement_text, summary_text

from .test_cli import run

D = Decimal
EXAMPLES = importlib.resources.files("tokencomp") / "data" / "examples"
LONDON = loads((EXAMPLES / "london-staff-engineer.json").read_bytes())  # GBP, with USD equity and budget
LAST_OF_HISTORY = datetime.date(2026, 4, 13)


def days_after_history(days: int) -> datetime.date:
    return LAST_OF_HISTORY + datetime.timedelta(days=days)


def salary_only(currency: str = "USD") -> Offer:
    """An offer without a token budget, so that only the exchange rates can give an advisory."""
    return Offer("plain", datetime.date(2026, 3, 1), currency, Salary(Money("100000.00", currency), SalaryPeriod.YEAR))


@pytest.fixture
def london_file(tmp_path: Path) -> Path:
    path = tmp_path / "london.json"
    path.write_bytes((EXAMPLES / "london-staff-engineer.json").read_bytes())
    return path


class TestFxStaleAdvisory:
    @pytest.mark.parametrize(("days", "fires"), [(6, False), (7, False), (8, True)])
    def test_threshold_of_a_week(self, days: int, fires: bool) -> None:
        """fx-stale fires when the rate used is more than 7 days older than the date asked for, not at 7."""
        summary = summarize(salary_only(), currency="EUR", as_of=days_after_history(days))
        assert (LAST_OF_HISTORY, fires) == (summary.fx[0].date, "fx-stale" in [a.code for a in summary.advisories])

    @pytest.mark.parametrize(("days", "fires"), [(29, False), (30, False), (31, True)])
    def test_threshold_from_the_policy(self, days: int, fires: bool) -> None:
        """AdvisoryPolicy(max_rate_age_days=30) moves the threshold to 30 days."""
        policy = AdvisoryPolicy(max_rate_age_days=30)
        summary = summarize(salary_only(), currency="EUR", as_of=days_after_history(days), policy=policy)
        assert fires == ("fx-stale" in [a.code for a in summary.advisories])

    def test_the_gap_in_the_history(self) -> None:
        """A 2026-07-01 offer uses April's rates: fx-stale says 79 days, with both dates, beside the budget's."""
        summary = summarize(LONDON, as_of=datetime.date(2026, 7, 1))
        stale = [a for a in summary.advisories if a.code == "fx-stale"]
        assert [(79, 7)] == [(a.figure, a.threshold) for a in stale]
        assert "of 2026-04-13, 79 days before 2026-07-01" in stale[0].message
        assert "TOKENCOMP_DATA_DIR" in stale[0].message
        assert {"2026-04-13"} == {r["date"] for r in json.loads(dumps(summary))["fx"]}

    def test_fresh_rates_and_no_conversion_give_none(self) -> None:
        """Rates of the day asked for, or no conversion at all, never give fx-stale."""
        assert [] == [a for a in summarize(LONDON).advisories if a.code == "fx-stale"]
        assert () == summarize(salary_only(), as_of=datetime.date(2030, 1, 1)).advisories

    def test_cli_threshold(self, capsys: pytest.CaptureFixture[str], london_file: Path) -> None:
        """--stale-rates-after sets the threshold on the command line; 79 days is under 80."""
        common = ("summarize", str(london_file), "--as-of", "2026-07-01", "--format", "json")
        codes = [a["code"] for a in json.loads(run(capsys, *common)[1])["advisories"]]
        assert "fx-stale" in codes
        codes = [a["code"] for a in json.loads(run(capsys, *common, "--stale-rates-after", "80")[1])["advisories"]]
        assert "fx-stale" not in codes


class TestHeaders:
    def test_summary_says_the_date_used_and_the_date_asked(self) -> None:
        """2030-01-01 uses rates of 2026-10-30, and the header says both."""
        first = summary_text(summarize(LONDON, as_of=datetime.date(2030, 1, 1))).splitlines()[0]
        assert "Offer example-london: summary in GBP, exchange rates of 2026-10-30, asked for 2030-01-01" == first

    def test_summary_on_a_publication_day(self) -> None:
        """Rates of the very day asked for: the date once, no 'asked for'."""
        first = summary_text(summarize(LONDON)).splitlines()[0]
        assert "Offer example-london: summary in GBP, exchange rates of 2026-04-01" == first

    def test_summary_without_conversion(self) -> None:
        """No rate used: the header claims none."""
        first = summary_text(summarize(salary_only(), as_of=datetime.date(2030, 1, 1))).splitlines()[0]
        assert "Offer plain: summary in USD, as of 2030-01-01, no exchange rates needed" == first

    def test_statement_text_and_html(self) -> None:
        """The statement says the rates' date and the date asked for, and the fx-stale note, in text and HTML."""
        summary = summarize(LONDON, as_of=datetime.date(2026, 7, 1))
        line = "Figures in GBP at the exchange rates of 2026-04-13, asked for 2026-07-01."
        for render in (statement_text, statement_html):
            page = render(LONDON, summary, "en_GB")
            assert line in page
            assert 1 == page.count("79 days before 2026-07-01")

    def test_compare(self, capsys: pytest.CaptureFixture[str], tmp_path: Path, london_file: Path) -> None:
        """compare's text says the rates of A and of B, and the fx-stale advisory."""
        usd = tmp_path / "usd.json"
        usd.write_text(dumps(salary_only()))
        status, out, _ = run(capsys, "compare", str(usd), str(london_file), "--as-of", "2030-01-01")
        assert 0 == status
        assert (
            "\nA: as of 2030-01-01, no exchange rates needed; B: exchange rates of 2026-10-30, asked for 2030-01-01\n"
            in out
        )
        assert 1 == out.count("[fx-stale] The exchange rates used are of 2026-10-30, 1,159 days before 2030-01-01")
        status, out, _ = run(
            capsys, "compare", str(usd), str(london_file), "--as-of", "2030-01-01", "--currency", "EUR"
        )
        assert "\nA and B: exchange rates of 2026-10-30, asked for 2030-01-01\n" in out
        assert 1 == out.count("[fx-stale]")

    def test_convert(self, capsys: pytest.CaptureFixture[str]) -> None:
        """convert says the rate's date and the date asked for, in text and JSON."""
        status, out, _ = run(capsys, "convert", "100", "USD", "--to", "EUR", "--as-of", "2030-01-01")
        assert (0, True) == (status, "exchange rates of 2026-10-30, asked for 2030-01-01" in out)
        status, out, _ = run(
            capsys, "convert", "100", "USD", "--to", "EUR", "--as-of", "2030-01-01", "--format", "json"
        )
        result = json.loads(out)
        assert ("2030-01-01", "2026-10-30") == (result["as_of"], result["fx"]["date"])

    def test_each_rate_names_its_own_file(self) -> None:
        """A rate of 2026-10-30 comes from the daily file, one of April from the history."""
        assert default_rates().rate("USD", "GBP", "2030-01-01").source.endswith("eurofxref.csv (2026-10-30)")
        assert "eurofxref-hist.csv" in default_rates().rate("USD", "GBP", "2026-04-01").source


class TestMaxAgeApi:
    @pytest.mark.parametrize(("max_age", "refused"), [(78, True), (79, False)])
    def test_summarize(self, max_age: int, refused: bool) -> None:
        """max_age_days counts from the as-of date: 2026-07-01 needs 79 days to reach 2026-04-13."""
        if refused:
            with pytest.raises(RateNotFoundError, match="2026-04-13, 79 days before; the most allowed is 78"):
                summarize(LONDON, as_of=datetime.date(2026, 7, 1), max_age_days=max_age)
        else:
            assert (
                LAST_OF_HISTORY == summarize(LONDON, as_of=datetime.date(2026, 7, 1), max_age_days=max_age).fx[0].date
            )

    def test_only_needed_rates_count(self) -> None:
        """An offer that needs no conversion is never refused for old rates."""
        assert () == summarize(salary_only(), as_of=datetime.date(2030, 1, 1), max_age_days=0).fx

    def test_compare(self) -> None:
        """compare passes max_age_days to both summaries."""
        with pytest.raises(RateNotFoundError, match="1159 days before"):
            compare(salary_only(), LONDON, as_of=datetime.date(2030, 1, 1), max_age_days=7)

    def test_tokens(self) -> None:
        """tokens_for_budget and cost_of_tokens refuse an old rate too, counting from *on*."""
        price, mix = default_prices().price("gpt-4o"), UsageMix(D("0.75"), D("0.25"))
        with pytest.raises(RateNotFoundError, match="24 days before"):
            tokens_for_budget(Money("100", "EUR"), price, mix, on=datetime.date(2026, 11, 23), max_age_days=7)
        with pytest.raises(RateNotFoundError, match="23 days before"):
            cost_of_tokens(1_000_000, price, mix, "EUR", max_age_days=7)  # on the price's date, 2026-11-22
        quote = cost_of_tokens(1_000_000, price, mix, "EUR", max_age_days=23)
        assert quote.fx is not None
        assert datetime.date(2026, 10, 30) == quote.fx.date


class TestMaxAgeCli:
    @pytest.mark.parametrize(
        "command",
        [
            ["summarize", "{offer}", "--as-of", "2026-07-01"],
            ["compare", "{offer}", "{offer}", "--as-of", "2026-07-01"],
            ["statement", "{offer}", "--as-of", "2026-07-01"],
            ["statement", "{offer}", "--as-of", "2026-07-01", "--format", "html"],
            ["convert", "100", "USD", "--to", "GBP", "--as-of", "2026-07-01"],
            [
                "convert",
                "1000000",
                "tokens",
                "--to",
                "GBP",
                "--model",
                "gpt-4o",
                "--mix",
                "3:1",
                "--as-of",
                "2026-07-01",
            ],
        ],
    )
    def test_every_converting_command(
        self, capsys: pytest.CaptureFixture[str], london_file: Path, command: list[str]
    ) -> None:
        """--max-age 78 refuses 2026-04-13's rates for 2026-07-01 (exit 1, one line); --max-age 79 allows them."""
        args = [part.replace("{offer}", str(london_file)) for part in command]
        status, out, err = run(capsys, *args, "--max-age", "78")
        assert (1, "") == (status, out)
        assert 1 == len(err.splitlines())
        assert "the latest rates are from 2026-04-13, 79 days before; the most allowed is 78" in err
        assert 0 == run(capsys, *args, "--max-age", "79")[0]

    def test_convert_counts_from_today_not_from_the_newest_rates(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --as-of, convert asks for today: rates of 2026-10-30 are refused by --max-age 7."""
        today = datetime.date.today()
        status, _, err = run(capsys, "convert", "100", "USD", "--to", "EUR", "--max-age", "7")
        assert (1, True) == (status, f"{(today - datetime.date(2026, 10, 30)).days} days before" in err)

    def test_negative_days_are_misuse(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--max-age -1 is not a number of days: exit 2."""
        with pytest.raises(SystemExit) as info:
            main(["convert", "1", "USD", "--to", "EUR", "--max-age", "-1"])
        assert 2 == info.value.code
        assert "not a number of days" in capsys.readouterr().err
