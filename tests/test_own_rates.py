"""Your own dated rates for the currencies the ECB does not publish (issue #29, item 2)."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from tokencomp import Money, RateNotFoundError, default_rates, loads, read_rates_csv, summarize
from tokencomp.cli import main

D = datetime.date
EXAMPLES = Path(__file__).resolve().parent.parent / "src" / "tokencomp" / "data" / "examples"
OWN = (
    "date,base,quote,rate,source\n"
    "2026-02-27,USD,AED,3.6725,Central Bank of the UAE (USD peg)\n"
    "2026-02-27,USD,SAR,3.75,Saudi Central Bank (USD peg)\n"
    "2026-02-27,USD,NGN,1530.50,Central Bank of Nigeria\n"
)


def offer_in(currency: str, salary: str, budget: str) -> bytes:
    """The p75 example paid in *currency*, with its token budget in it; equity none, so USD appears nowhere."""
    document = json.loads((EXAMPLES / "p75-engineer.json").read_bytes())
    document["currency"] = currency
    document["salary"]["rate"] = {"amount": salary, "currency": currency}
    document["token_budget"]["allowance"] = {"amount": budget, "currency": "USD"}
    return json.dumps(document).encode()


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "own-rates.csv").write_text(OWN)
    (tmp_path / "aed.json").write_bytes(offer_in("AED", "1377187.50", "100000.00"))
    (tmp_path / "usage.csv").write_text(
        "date,person,model,input_tokens,output_tokens,cost,currency\n2026-03-06,example-p75,gpt-4o,1000,100,10.00,USD\n"
    )
    return tmp_path


class TestReading:
    """read_rates_csv: one base a file, exact decimals, every problem named by its line."""

    def test_rates_and_their_sources(self) -> None:
        """Each rate is the decimal written; each rate used names its row's source and the file."""
        table = read_rates_csv(OWN, source="own.csv")
        used = table.rate("NGN", "SAR", "2026-03-01")
        assert (Decimal("1530.50"), Decimal("3.75"), D(2026, 2, 27)) == (
            used.from_per_base,
            used.to_per_base,
            used.date,
        )
        assert "Central Bank of Nigeria (own.csv); Saudi Central Bank (USD peg) (own.csv)" == used.source

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("day,from,to,rate\n", "line 1: a rates file starts with the header date,base,quote,rate,source"),
            ("date,base,quote,rate\n", "the file has no rates under its header"),
            ("date,base,quote,rate\n2026-02-30,USD,AED,3.67\n", "line 2: '2026-02-30' is not a date"),
            ("date,base,quote,rate\n2026-02-27,USD,XYZ,3.67\n", "line 2: 'XYZ' is not an ISO 4217 currency code"),
            ("date,base,quote,rate\n2026-02-27,USD,AED,3.6e0\n", "is not a decimal number such as 3.6725"),
            ("date,base,quote,rate\n2026-02-27,USD,AED,-3.67\n", "is not a decimal number"),
            ("date,base,quote,rate\n2026-02-27,USD,AED,0\n", "is not above zero"),
            ("date,base,quote,rate\n2026-02-27,USD,AED,1234567890123456\n", "more than 15 digits"),
            ("date,base,quote,rate\n2026-02-27,USD,AED,3.67\n2026-02-27,EUR,SAR,4.1\n", "line 3: base EUR"),
            ("date,base,quote,rate\n2026-02-27,USD,AED,3.67\n2026-02-27,USD,AED,3.68\n", "line 3: 2026-02-27 USD/AED"),
            ("date,base,quote,rate\n2026-02-27,USD,AED\n", "line 2: 3 fields, where the header has 4"),
        ],
    )
    def test_problems(self, text: str, message: str) -> None:
        """A file that cannot be read is refused whole, naming the line and what is wrong."""
        with pytest.raises(ValueError, match=re.escape(message)):
            read_rates_csv(text, source="own.csv")


class TestWithTheEcbRates:
    """The ECB's rates answer what they can; your table answers the rest, whole."""

    def test_summary_in_a_currency_the_ecb_does_not_publish(self) -> None:
        """An AED offer with a USD token budget: 100,000.00 USD at 3.6725 is 367,250.00 AED, with its source."""
        rates = default_rates().with_others(read_rates_csv(OWN, source="own.csv"))
        summary = summarize(loads(offer_in("AED", "1377187.50", "100000.00")), rates=rates)
        assert Money("367250.00", "AED").amount == summary.annual.token_budget
        assert ["Central Bank of the UAE (USD peg) (own.csv)"] == [rate.source for rate in summary.fx]

    def test_the_ecb_answers_first(self) -> None:
        """A pair both can answer is the ECB's."""
        rates = default_rates().with_others(read_rates_csv(OWN + "2026-02-27,USD,EUR,0.5,mine\n", source="own.csv"))
        assert "European Central Bank" in rates.rate("USD", "EUR", "2026-03-02").source

    def test_the_error_names_the_way(self) -> None:
        """Without a table of its own, a currency the ECB never publishes says how to bring its rates."""
        with pytest.raises(RateNotFoundError, match="have none for AED; bring your own dated rates for it: a CSV"):
            default_rates().rate("USD", "AED", "2026-03-02")

    def test_no_older_rate_from_another_table(self) -> None:
        """A date before the file's first is an error, never another table's figure."""
        rates = default_rates().with_others(read_rates_csv(OWN, source="own.csv"))
        with pytest.raises(RateNotFoundError):
            rates.rate("USD", "AED", "2026-02-26")


class TestCommandLine:
    """summarize, ledger and convert with --rates FILE, and the data folder."""

    def test_summarize(self, files: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """summarize shows the file's source and date with the rate."""
        assert 0 == main(["summarize", str(files / "aed.json"), "--rates", str(files / "own-rates.csv")])
        out = capsys.readouterr().out.replace("\xa0", " ")
        assert "AED 367,250.00" in out
        assert "Central Bank of the UAE (USD peg)" in out

    def test_summarize_without_the_file(self, files: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Without it, exit 1 and one line that names the way."""
        assert 1 == main(["summarize", str(files / "aed.json")])
        assert "bring your own dated rates" in capsys.readouterr().err

    def test_ledger(self, files: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A USD budget fed in USD, reported... and an AED budget's ledger converts USD usage at the file's rate."""
        document = json.loads((files / "aed.json").read_bytes())
        document["token_budget"]["allowance"] = {"amount": "367250.00", "currency": "AED"}
        (files / "aed.json").write_text(json.dumps(document))
        command = ["ledger", str(files / "aed.json"), "--usage", str(files / "usage.csv"), "--as-of", "2026-03-31"]
        assert 0 == main([*command, "--rates", str(files / "own-rates.csv"), "--format", "json"])
        ledger = json.loads(capsys.readouterr().out)
        assert "36.73" == ledger["periods"][0]["used"]["amount"]  # 10.00 USD × 3.6725, half up
        assert ["Central Bank of the UAE (USD peg) (" + str(files / "own-rates.csv") + ")"] == [
            rate["source"] for rate in ledger["fx"]
        ]

    @pytest.mark.parametrize(("target", "expected"), [("SAR", "SAR 3,750.00"), ("NGN", "NGN 1,530,500.00")])
    def test_convert(self, files: Path, target: str, expected: str, capsys: pytest.CaptureFixture[str]) -> None:
        """convert takes the file's rates, and says whose."""
        command = ["convert", "1000", "USD", "--to", target, "--as-of", "2026-03-02"]
        assert 0 == main([*command, "--rates", str(files / "own-rates.csv")])
        out = capsys.readouterr().out.replace("\xa0", " ")
        assert expected in out
        assert "own-rates.csv" in out

    def test_the_data_folder(
        self, files: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """own-rates*.csv in TOKENCOMP_DATA_DIR joins the default rates of every command, and `data` lists it."""
        monkeypatch.setenv("TOKENCOMP_DATA_DIR", str(files))
        assert 0 == main(["summarize", str(files / "aed.json")])
        assert "AED 367,250.00" in capsys.readouterr().out.replace("\xa0", " ")
        assert 0 == main(["data"])
        assert str(files / "own-rates.csv") in capsys.readouterr().out.replace("\xa0", " ")

    def test_a_file_that_is_neither(self, files: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A --rates file in neither format is misuse: exit 2, one line naming both formats."""
        (files / "bad.csv").write_text("date,base,quote,rate\n2026-02-27,USD,AED,x\n")
        assert 2 == main(["summarize", str(files / "aed.json"), "--rates", str(files / "bad.csv")])
        err = capsys.readouterr().err
        assert "neither an ECB reference-rate file" in err
        assert "line 2" in err
        assert 1 == len(err.splitlines())
