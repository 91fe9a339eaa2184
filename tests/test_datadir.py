"""The data folder (TOKENCOMP_DATA_DIR): newer published files over the embedded snapshot, and `tokencomp data`.

Every file is built here, small, in the ECB's and LiteLLM's published forms.
"""

from __future__ import annotations

import datetime
import importlib.resources
import io
import json
import os
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from tokencomp import DataFileError, Money, default_prices, default_rates, loads, price_request, summarize
from tokencomp.reference.datadir import DATA_DIR_VARIABLE

from .test_cli import run

D = Decimal
DAILY = "Date, USD, JPY, GBP, \n20 November 2026, 1.1500, 180.00, 0.85000, \n"
HISTORY = "Date,USD,JPY,GBP,\n2026-11-20,1.1500,180.00,0.85000,\n2026-11-19,1.1400,179.00,0.84000,\n"
XML = (
    '<?xml version="1.0" encoding="UTF-8"?><gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" '
    'xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref"><Cube><Cube time="2026-11-20">'
    '<Cube currency="USD" rate="1.1500"/><Cube currency="GBP" rate="0.85000"/></Cube></Cube></gesmes:Envelope>'
)
SAVED = datetime.date(2026, 11, 21)
EXAMPLES = importlib.resources.files("tokencomp") / "data" / "examples"


def zipped(name: str, text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, text)
    return buffer.getvalue()


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data folder, named by TOKENCOMP_DATA_DIR."""
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(data))
    return data


def put(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    noon = datetime.datetime.combine(SAVED, datetime.time(12), tzinfo=datetime.UTC).timestamp()
    os.utime(path, (noon, noon))
    return path


class TestRates:
    def test_a_newer_daily_file_wins_and_the_snapshot_fills(self, folder: Path) -> None:
        """A daily file of 2026-11-20 gives the newest rates; April's still come from the snapshot."""
        path = put(folder, "eurofxref.csv", DAILY)
        table = default_rates()
        assert datetime.date(2026, 11, 20) == table.last_date
        used = table.rate("USD", "GBP", "2026-11-23")
        assert (datetime.date(2026, 11, 20), True) == (used.date, str(path) in used.source)
        april = table.rate("EUR", "USD", "2026-04-01")
        assert (D("1.1605"), True) == (april.rate, "eurofxref-hist.csv (2015-01-02" in april.source)
        assert datetime.date(2026, 11, 22) == table.retrieved  # the later of the two retrievals

    def test_the_folder_wins_on_a_date_both_publish(self, folder: Path) -> None:
        """Where the folder and the snapshot both have 2026-10-30, the folder's figure is used."""
        put(folder, "eurofxref-hist.csv", "Date,USD,\n2026-10-30,1.2000,\n")
        assert D("1.2000") == default_rates().rate("EUR", "USD", "2026-10-30").rate
        assert D("1.1605") == default_rates().rate("EUR", "USD", "2026-04-01").rate

    def test_no_stale_advisory_with_newer_rates(self, folder: Path) -> None:
        """With rates of 2026-11-20, a summary asked for 2026-11-23 is 3 days off: no fx-stale."""
        put(folder, "eurofxref.csv", DAILY)
        offer = loads((EXAMPLES / "london-staff-engineer.json").read_bytes())
        summary = summarize(offer, as_of=datetime.date(2026, 11, 23))
        assert [datetime.date(2026, 11, 20)] == [rate.date for rate in summary.fx]
        assert "fx-stale" not in [a.code for a in summary.advisories]

    @pytest.mark.parametrize(
        ("name", "content"),
        [
            ("eurofxref-hist.csv", HISTORY),
            ("eurofxref-hist.zip", zipped("eurofxref-hist.csv", HISTORY)),
            ("eurofxref.zip", zipped("eurofxref.csv", DAILY)),
            ("eurofxref-daily.xml", XML),
            ("eurofxref-hist-90d.xml", XML),
        ],
    )
    def test_published_forms(self, folder: Path, name: str, content: str | bytes) -> None:
        """The history and daily files as CSV, as the ECB's .zip and as XML are all read."""
        put(folder, name, content)
        assert D("0.85000") == default_rates().rates[datetime.date(2026, 11, 20)]["GBP"]

    def test_read_once_for_each_folder(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """The tables are read once; unsetting the variable gives the snapshot back, setting it again the same table."""
        put(folder, "eurofxref.csv", DAILY)
        with_folder = default_rates()
        assert with_folder is default_rates()
        monkeypatch.delenv(DATA_DIR_VARIABLE)
        assert datetime.date(2026, 10, 30) == default_rates().last_date
        monkeypatch.setenv(DATA_DIR_VARIABLE, "")
        assert datetime.date(2026, 10, 30) == default_rates().last_date
        monkeypatch.setenv(DATA_DIR_VARIABLE, str(folder))
        assert with_folder is default_rates()

    def test_a_broken_file_is_named(self, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A file that is not the ECB's is an error naming it and its line; the command line exits 2."""
        path = put(folder, "eurofxref.csv", "Date, USD, \n20 November 2026, abc, \n")
        with pytest.raises(DataFileError, match="line 2") as info:
            default_rates()
        assert path == info.value.path
        status, out, err = run(capsys, "summarize", "--example", "london-staff-engineer")
        assert (2, "", 1) == (status, out, len(err.splitlines()))
        assert f"cannot use {path} (from TOKENCOMP_DATA_DIR)" in err

    def test_files_that_disagree(self, folder: Path) -> None:
        """Two files with different figures for one day are refused, naming both."""
        hist = put(folder, "eurofxref-hist.csv", HISTORY)
        daily = put(folder, "eurofxref.csv", DAILY.replace("1.1500", "1.1600"))
        with pytest.raises(DataFileError, match="disagree") as info:
            default_rates()
        assert str(hist) in str(info.value)
        assert str(daily) in str(info.value)

    def test_a_missing_folder(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A variable naming no folder is an error that says so, exit 2."""
        monkeypatch.setenv(DATA_DIR_VARIABLE, str(tmp_path / "nope"))
        with pytest.raises(DataFileError, match="no such folder"):
            default_rates()
        status, _, err = run(capsys, "data")
        assert (2, True) == (status, "no such folder" in err)


LITELLM = json.dumps(
    {
        "sample_spec": {"input_cost_per_token": "price a token"},
        "gpt-4o": {"input_cost_per_token": 3e-06, "output_cost_per_token": 1.2e-05, "litellm_provider": "openai"},
        "gemini/gemini-2.5-pro": {
            "input_cost_per_token": 1e-06,
            "output_cost_per_token": 8e-06,
            "litellm_provider": "gemini",
        },
        "my-new-model": {"input_cost_per_token": 5e-07, "output_cost_per_token": 2e-06, "litellm_provider": "acme"},
    }
)


class TestPrices:
    def test_a_newer_map_wins_for_the_models_it_prices(self, folder: Path) -> None:
        """The map's gpt-4o and gemini-2.5-pro replace the snapshot's, dated by the file; others stay."""
        path = put(folder, "model_prices_and_context_window.json", LITELLM)
        catalog = default_prices()
        gpt = catalog.price("gpt-4o")
        assert (D("3"), D("12"), SAVED, True) == (
            gpt.input_per_million,
            gpt.output_per_million,
            gpt.as_of,
            str(path) in (gpt.source or ""),
        )
        assert (D("1"), "google") == (
            catalog.price("gemini-2.5-pro").input_per_million,
            catalog.price("gemini-2.5-pro").provider,
        )
        assert D("0.5") == catalog.price("my-new-model").input_per_million
        assert datetime.date(2026, 11, 22) == catalog.price("claude-sonnet-4-5").as_of
        assert 38 + 2 == len(catalog)  # gemini/gemini-2.5-pro and my-new-model under LiteLLM's names

    def test_a_newer_map_brings_its_own_tiers(self, folder: Path) -> None:
        """A model's tiers come from the file that priced it: the map's, none of the snapshot's."""
        tiered = {
            "gemini/gemini-2.5-pro": {
                "input_cost_per_token": 1e-06,
                "output_cost_per_token": 8e-06,
                "input_cost_per_token_above_200k_tokens": 2e-06,
                "output_cost_per_token_above_200k_tokens": 1.2e-05,
                "litellm_provider": "gemini",
            },
            "gpt-4o": {"input_cost_per_token": 3e-06, "output_cost_per_token": 1.2e-05, "litellm_provider": "openai"},
        }
        put(folder, "model_prices_and_context_window.json", json.dumps(tiered))
        request = price_request("gemini-2.5-pro", input_tokens=250_000, output_tokens=10_000)
        assert (Money("0.62", "USD"), 200_000) == (request.cost, request.prices.above_input_tokens)
        assert None is default_prices().tier("gemini-2.5-pro", "batch").input_per_million
        assert None is default_prices().tier("gpt-4o", "batch").input_per_million  # the snapshot's batch price is gone
        assert D("3.75") == default_prices().tier("claude-sonnet-4-5", "standard").cache_write_per_million

    def test_a_broken_map_is_named(self, folder: Path) -> None:
        """A map that is not JSON is an error naming the file."""
        path = put(folder, "model_prices_and_context_window.json", "{not json")
        with pytest.raises(DataFileError, match="not a LiteLLM price map") as info:
            default_prices()
        assert path == info.value.path


class TestDataCommand:
    def test_the_snapshot_alone(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without a folder: the embedded files, their dates and their age in days from today."""
        today = datetime.date.today()
        status, out, _ = run(capsys, "data", "--format", "json")
        record = json.loads(out)
        assert (0, None) == (status, record["data_dir"])
        assert {
            "first": "2015-01-02",
            "last": "2026-10-30",
            "age_days": (today - datetime.date(2026, 10, 30)).days,
        } == record["exchange_rates"]
        assert {"as_of": "2026-11-22", "models": 38, "age_days": (today - datetime.date(2026, 11, 22)).days} == record[
            "token_prices"
        ]
        assert [
            ("exchange rates", None, "2026-04-13"),
            ("exchange rates", None, "2026-10-30"),
            ("token prices", None, "2026-11-22"),
        ] == [(s["kind"], s["path"], s["last"]) for s in record["sources"]]
        status, out, _ = run(capsys, "data")
        assert (0, True) == (status, "Data folder: none; set TOKENCOMP_DATA_DIR" in out)
        age = (today - datetime.date(2026, 10, 30)).days
        assert f"Exchange rates in use: 2015-01-02 to 2026-10-30, the newest {age} days old" in out

    def test_with_a_folder(self, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """With a folder: its files are listed with their paths, dates and ages, after the embedded ones."""
        today = datetime.date.today()
        rates = put(folder, "eurofxref.csv", DAILY)
        prices = put(folder, "model_prices_and_context_window.json", LITELLM)
        record = json.loads(run(capsys, "data", "--format", "json")[1])
        assert (str(folder), "2026-11-20") == (record["data_dir"], record["exchange_rates"]["last"])
        mine = [s for s in record["sources"] if s["path"] is not None]
        assert [
            (str(rates), "2026-11-20", "2026-11-21", 1, (today - datetime.date(2026, 11, 20)).days),
            (str(prices), "2026-11-21", "2026-11-21", 3, (today - SAVED).days),
        ] == [(s["path"], s["last"], s["retrieved"], s["count"], s["age_days"]) for s in mine]
        out = run(capsys, "data")[1]
        assert f"Data folder: {folder} (TOKENCOMP_DATA_DIR)" in out
        assert f"  {rates}: 2026-11-20, 1 date, retrieved 2026-11-21" in out

    def test_a_folder_without_known_files(self, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A folder with none of the published names says which names it looks for."""
        put(folder, "rates.csv", DAILY)
        out = run(capsys, "data")[1]
        assert "it holds none of eurofxref-hist.zip, eurofxref-hist.csv" in out
