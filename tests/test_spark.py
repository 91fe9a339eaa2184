"""The Spark bridge gives every row the verdict, problems and summary the library and the command line give it.

These tests need PySpark (the ``spark`` extra) and Java 17; without them
they are skipped and say why. The ``spark`` tox env sets
``TOKENCOMP_REQUIRE_SPARK=1``, which turns that skip into a failure, so the
env cannot pass without running them.
"""

from __future__ import annotations

import copy
import datetime
import importlib
import json
import os
import random
import shutil
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import tokencomp
from tokencomp.cli import main
from tokencomp.codec.converter import unstructure
from tokencomp.errors import ColumnError, ExtraNotInstalledError, UnknownCurrencyError

from .reference import version_1
from .test_differential import ODD_VALUES, paths

# PySpark's own advice about pandas 3 is not about tokencomp.
pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")

REQUIRED = os.environ.get("TOKENCOMP_REQUIRE_SPARK") == "1"
HERE = Path(__file__).resolve().parent
EXAMPLES = sorted((HERE.parent / "src" / "tokencomp" / "data" / "examples").glob("*.json"))
SPEC = HERE / "data" / "spec-examples"
SPEC_VALID = version_1(sorted(p for p in (SPEC / "valid").glob("*.json") if not p.name.endswith(".summary.json")))
SPEC_INVALID = sorted(p for p in (SPEC / "invalid").glob("*.json") if not p.name.endswith(".expected.json"))


def _missing() -> str | None:
    """Why the Spark tests cannot run here, or None when they can."""
    try:
        importlib.import_module("pyspark")
    except ImportError:
        return "PySpark is not installed: python -m pip install '.[spark]' (or run python -m tox -e spark)"
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        return "Spark needs Java 17 or later: install a JDK or set JAVA_HOME"
    return None


def spark_bridge() -> ModuleType:
    """The tokencomp.spark module; skips (or, in the spark env, fails) without PySpark and Java."""
    missing = _missing()
    if missing is not None:
        if REQUIRED:
            pytest.fail(f"TOKENCOMP_REQUIRE_SPARK=1 but {missing}")
        pytest.skip(missing)
    return importlib.import_module("tokencomp.spark")


@pytest.fixture(scope="module")
def bridge() -> ModuleType:
    """The tokencomp.spark module; skips (or, in the spark env, fails) without PySpark and Java."""
    return spark_bridge()


@pytest.fixture(scope="module")
def spark(bridge: ModuleType) -> Any:
    """A local[2] session, quiet and on the loopback address."""
    return bridge.local_session()


def mutated(count: int, seed: int = 12) -> list[str]:
    """Valid examples with one to three changes each (a key dropped or added, a value replaced)."""
    rnd = random.Random(seed)
    bases = [json.loads(path.read_text()) for path in EXAMPLES]
    found = []
    for _ in range(count):
        document = copy.deepcopy(rnd.choice(bases))
        for _ in range(rnd.randint(1, 3)):
            places = [p for p in paths(document) if p]
            if not places:
                break
            place = rnd.choice(places)
            parent = document
            for step in place[:-1]:
                parent = parent[step]
            if rnd.random() < 0.2 and isinstance(parent, dict):
                del parent[place[-1]]
            else:
                parent[place[-1]] = copy.deepcopy(rnd.choice(ODD_VALUES))
        found.append(json.dumps(document))
    return found


def offer_in(currency: str, salary: str, allowance: str) -> str:
    """The p75 example paid in *currency*, salary and token budget alike: no conversion needed."""
    document = json.loads((EXAMPLES[0].parent / "p75-engineer.json").read_text())
    document.update(id=f"in-{currency}", currency=currency)
    document["salary"]["rate"] = {"amount": salary, "currency": currency}
    document["token_budget"]["allowance"] = {"amount": allowance, "currency": currency}
    return json.dumps(document)


def jpy_offer() -> str:
    return offer_in("JPY", "12000000", "3000001")


def bhd_offer() -> str:
    return offer_in("BHD", "45000.505", "12000.125")


#: Contract 1.1's equity (a back-weighted RSU grant, a front-loaded PSU refresh): equity_by_year and grants.
SPEC_EQUITY_1_1 = [SPEC / "valid" / "sde-backweighted-v1.1.json"]


def equity_1_1_offer() -> str:
    """The 1.1 example with equity, its prices dated within the advisory's 180 days.

    (token-prices-stale's figure is a whole number of days, which the struct holds as text, as every
    advisory figure: the JSON's integer and the struct's string differ, a matter apart from equity.)
    """
    document = json.loads(SPEC_EQUITY_1_1[0].read_text())
    document["token_budget"]["pricing"]["as_of"] = "2026-09-01"
    return json.dumps(document)


VALID_TEXTS = [path.read_text() for path in EXAMPLES + SPEC_VALID] + [jpy_offer(), bhd_offer(), equity_1_1_offer()]
INVALID_TEXTS = [path.read_text() for path in SPEC_INVALID]
GARBAGE = ["", "not json", "[]", "null", "1e400", '{"schema_version": "1"', "id,currency\nx,USD", "{}" * 2]
COMPACT = [json.dumps(json.loads(path.read_text())) for path in EXAMPLES]
TEXTS: list[str | None] = [*VALID_TEXTS, *INVALID_TEXTS, *COMPACT, *mutated(120), *GARBAGE, None]


def without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [without_nulls(item) for item in value]
    return value


def expected_summary(text: str | bytes, currency: str | None = None) -> Any:
    """The summary's JSON from the library, or None when the document has none."""
    report = tokencomp.validate(text)
    if not report.valid:
        return None
    try:
        return without_nulls(unstructure(tokencomp.summarize(report.document, currency=currency)))
    except tokencomp.RateNotFoundError:
        return None


def problems_of(row: Any, name: str = "problems") -> list[tuple[str, str, str]]:
    return [(p.pointer, p.code, p.message) for p in row[name]]


@pytest.fixture(scope="module")
def checked(spark: Any, bridge: ModuleType) -> list[Any]:
    """Every sample text, validated and summarized in one Spark job, in input order."""
    df = spark.createDataFrame(list(enumerate(TEXTS)), "n int, offer string").repartition(2)
    return sorted(bridge.summarize_offers(bridge.validate_offers(df)).collect(), key=lambda row: row["n"])


class TestValidateOffers:
    """validate_offers: each row's verdict and problems are tokencomp.validate's."""

    def test_same_verdict_and_problems_as_the_library(self, checked: list[Any]) -> None:
        """Valid, invalid, mutated and garbage rows get exactly the library's problems, in its order."""
        assert len(TEXTS) == len(checked)
        for text, row in zip(TEXTS, checked, strict=True):
            if text is None:
                continue
            report = tokencomp.validate(text)
            assert (report.valid, [(p.pointer, p.code, p.message) for p in report.problems]) == (
                row.valid,
                problems_of(row),
            ), text

    def test_the_sample_holds_both_verdicts(self, checked: list[Any]) -> None:
        """The sample is not all of a kind: the valid examples and many mutations pass, the rest fail."""
        valid = sum(row.valid for row in checked)
        assert len(VALID_TEXTS) <= valid < len(checked) - len(INVALID_TEXTS) - len(GARBAGE)

    def test_same_as_the_command_line(self, checked: list[Any], tmp_path: Path, capsys: Any) -> None:
        """`tokencomp validate --format json` over the same lines gives each row's verdict and errors."""
        rows = zip(TEXTS, checked, strict=True)
        lines = [(text, row) for text, row in rows if text and text.strip() and "\n" not in text]
        assert len(lines) > 120
        path = tmp_path / "offers.jsonl"
        path.write_text("".join(text + "\n" for text, _ in lines))
        main(["validate", str(path), "--format", "json"])
        reports = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert len(lines) == len(reports)
        for (text, row), report in zip(lines, reports, strict=True):
            errors = [(e["pointer"], e["code"], e["message"]) for e in report["errors"]]
            assert (report["valid"], errors) == (row.valid, problems_of(row)), text

    def test_a_null_document_is_invalid(self, checked: list[Any]) -> None:
        """A null offer is a row without a document: invalid, with the problem null-document."""
        assert [(False, [("", "null-document")])] == [
            (row.valid, [(p.pointer, p.code) for p in row.problems]) for row in checked if row.offer is None
        ]

    def test_a_binary_column(self, spark: Any, bridge: ModuleType) -> None:
        """Bytes are read as the library reads them: a byte order mark is allowed, bytes that are not UTF-8 are not."""
        documents = [b"\xef\xbb\xbf" + VALID_TEXTS[0].encode(), b"\xff\xfe{}", INVALID_TEXTS[0].encode(), None]
        df = spark.createDataFrame([(d,) for d in documents], "offer binary")
        rows = bridge.validate_offers(df).collect()
        expected = [
            (r.valid, [(p.pointer, p.code, p.message) for p in r.problems])
            for r in [tokencomp.validate(d) for d in documents[:3]]
        ]
        assert [*expected, (False, [bridge.NULL_DOCUMENT.code])] == [
            (row.valid, problems_of(row)) for row in rows[:3]
        ] + [(rows[3].valid, [p.code for p in rows[3].problems])]
        assert [True, False, False] == [row.valid for row in rows[:3]]

    def test_other_columns_pass_through(self, spark: Any, bridge: ModuleType) -> None:
        """Every other column of the row comes back as it was, before the new ones."""
        df = spark.createDataFrame([(7, datetime.date(2026, 1, 2), VALID_TEXTS[1])], "n long, d date, offer string")
        row = bridge.validate_offers(df).first()
        assert ["n", "d", "offer", "valid", "problems"] == list(row.asDict())
        assert (7, datetime.date(2026, 1, 2), True, []) == (row.n, row.d, row.valid, row.problems)


class TestSummarizeOffers:
    """summarize_offers: each valid row's summary is tokencomp.summarize's, in exact decimals."""

    def test_same_summary_as_the_library(self, checked: list[Any], bridge: ModuleType) -> None:
        """Every figure, rate and advisory of every valid row, at the offer's minor unit, as in the JSON."""
        summarized = 0
        for text, row in zip(TEXTS, checked, strict=True):
            expected = None if text is None else expected_summary(text)
            got = None if row.summary is None else bridge.summary_json(row.summary)
            assert expected == got, text
            summarized += got is not None
        assert summarized >= len(VALID_TEXTS)

    def test_same_as_the_command_line(
        self, checked: list[Any], bridge: ModuleType, tmp_path: Path, capsys: Any
    ) -> None:
        """`tokencomp summarize --format json` of each valid example gives the row's summary."""
        for index, text in enumerate(VALID_TEXTS):
            path = tmp_path / f"{index}.json"
            path.write_text(text)
            assert 0 == main(["summarize", str(path), "--format", "json"])
            cli = without_nulls(json.loads(capsys.readouterr().out))
            summary = checked[index].summary
            assert cli == bridge.summary_json(summary)

    def test_invalid_rows_say_why(self, checked: list[Any]) -> None:
        """A row without a summary carries its document's problems; a row with one carries none."""
        for row in checked:
            if row.summary is None:
                assert row.summary_problems
                if not row.valid:
                    assert problems_of(row) == problems_of(row, "summary_problems")
            else:
                assert [] == row.summary_problems

    def test_money_is_decimal_at_the_minor_unit(self, spark: Any, bridge: ModuleType) -> None:
        """With a currency, money fields have its minor unit as scale: JPY 0, BHD 3, USD 2; ratios 4."""
        from pyspark.sql.types import DecimalType

        df = spark.createDataFrame([(VALID_TEXTS[0],)], ["offer"])
        for currency, scale in [("JPY", 0), ("BHD", 3), ("USD", 2)]:
            annual = bridge.summarize_offers(df, currency=currency).schema["summary"].dataType["annual"].dataType
            assert DecimalType(38, scale) == annual["fully_loaded_cost"].dataType
            assert DecimalType(38, 4) == annual["token_share"].dataType

    def test_a_jpy_and_a_bhd_offer_in_one_column(self, spark: Any, bridge: ModuleType) -> None:
        """Without a currency each row keeps its own, at scale 3; the figures are the library's exactly."""
        texts = [jpy_offer(), bhd_offer()]
        df = spark.createDataFrame([(t,) for t in texts], ["offer"])
        summarized = bridge.summarize_offers(df)
        assert (
            "decimal(38,3)"
            == summarized.schema["summary"].dataType["annual"].dataType["salary"].dataType.simpleString()
        )
        rows = summarized.collect()
        assert [("JPY", 0, Decimal("12000000")), ("BHD", 3, Decimal("45000.505"))] == [
            (r.summary.currency, r.summary.minor_unit, r.summary.annual.salary) for r in rows
        ]
        assert [expected_summary(t) for t in texts] == [bridge.summary_json(r.summary) for r in rows]
        assert {"12000000", "45000.505"} == {
            json.loads(tokencomp.dumps(tokencomp.summarize(tokencomp.loads(t))))["annual"]["salary"] for t in texts
        }

    def test_in_one_currency(self, spark: Any, bridge: ModuleType) -> None:
        """currency="JPY" converts every row at the offer's date; BHD, which the ECB does not publish, says so."""
        texts = [VALID_TEXTS[0], jpy_offer(), bhd_offer()]
        df = spark.createDataFrame([(t,) for t in texts], ["offer"])
        rows = bridge.summarize_offers(df, currency="JPY").collect()
        assert [expected_summary(t, "JPY") for t in texts[:2]] == [bridge.summary_json(r.summary) for r in rows[:2]]
        assert (None, ["rate-not-found"]) == (rows[2].summary, [p.code for p in rows[2].summary_problems])

    def test_as_of(self, spark: Any, bridge: ModuleType) -> None:
        """as_of picks the rates of that date for every row."""
        text = next(t for t in VALID_TEXTS if "GBP" in t and "USD" in t)
        on = datetime.date(2025, 6, 2)
        row = bridge.summarize_offers(spark.createDataFrame([(text,)], ["offer"]), as_of=on).first()
        offer = tokencomp.load_offer(text)
        expected = without_nulls(unstructure(tokencomp.summarize(offer, as_of=on)))
        assert expected == bridge.summary_json(row.summary)
        assert on == row.summary.as_of

    def test_a_figure_too_large_for_a_spark_decimal(self, spark: Any, bridge: ModuleType) -> None:
        """A valid offer whose figure has more than 38 digits gets no summary and says so, not a failed job."""
        document = json.loads((EXAMPLES[0].parent / "london-staff-engineer.json").read_text())
        vesting = {"start_date": "2026-04-01", "duration_months": 1, "cliff_months": 0, "frequency": "monthly"}
        value = {"amount": "999999999999999.99", "currency": "USD"}
        grant = {"instrument": "rsu", "units": 10**15, "unit_value": value, "vesting": vesting}
        text = json.dumps({**document, "equity": [grant] * 100})
        assert 38 < len(str(tokencomp.summarize(tokencomp.load_offer(text), currency="IDR").annual.equity))
        df = spark.createDataFrame([(text,), (VALID_TEXTS[0],)], ["offer"])
        rows = bridge.summarize_offers(df, currency="IDR").collect()
        assert [("/annual", "out-of-range")] == [(p.pointer, p.code) for p in rows[0].summary_problems]
        assert (None, True) == (rows[0].summary, rows[1].summary is not None)

    def test_field_names_are_the_summary_json_keys(self, bridge: ModuleType) -> None:
        """The summary struct has the keys of the summary's JSON, block by block, in the same order."""
        text = next(t for t in VALID_TEXTS if '"pricing"' in t and "GBP" in t)
        document = unstructure(tokencomp.summarize(tokencomp.load_offer(text)))
        struct = bridge.summary_type(2)
        assert list(document) == [f.name for f in struct.fields if f.name in document]
        assert {"tokens_per_year", "pricing"} <= set(document)
        for block in ("annual", "first_year", "pricing"):
            assert list(document[block]) == [f.name for f in struct[block].dataType.fields if f.name in document[block]]
        assert list(document["fx"][0]) == [f.name for f in struct["fx"].dataType.elementType.fields]
        advised = unstructure(
            tokencomp.summarize(tokencomp.load_offer((EXAMPLES[0].parent / "p75-engineer.json").read_bytes()))
        )
        assert list(advised["advisories"][0]) == [f.name for f in struct["advisories"].dataType.elementType.fields]
        equity = unstructure(tokencomp.summarize(tokencomp.load_offer(SPEC_EQUITY_1_1[0].read_bytes())))
        assert list(equity) == [f.name for f in struct.fields if f.name in equity]
        for block in ("equity_by_year", "grants"):
            names = [f.name for f in struct[block].dataType.elementType.fields]
            assert all(list(item) == [name for name in names if name in item] for item in equity[block])


class TestMisuse:
    """Mistakes are caught on the driver, before any work is done, with the library's errors."""

    def test_missing_column(self, spark: Any, bridge: ModuleType) -> None:
        """A column that is not there names the columns that are."""
        df = spark.createDataFrame([("{}",)], ["text"])
        with pytest.raises(ColumnError, match="there is no column 'offer'; the columns are: text"):
            bridge.validate_offers(df)

    def test_column_of_another_type(self, spark: Any, bridge: ModuleType) -> None:
        """A column of numbers is not JSON text."""
        df = spark.createDataFrame([(1,)], "offer int")
        with pytest.raises(ColumnError, match="column 'offer' is int; offers are read from a string or binary"):
            bridge.summarize_offers(df)

    def test_column_already_there(self, spark: Any, bridge: ModuleType) -> None:
        """Running validate_offers twice would hide the first results: it asks to drop or rename them."""
        df = bridge.validate_offers(spark.createDataFrame([("{}",)], ["offer"]))
        with pytest.raises(ColumnError, match="already has a column 'valid': drop or rename it first"):
            bridge.validate_offers(df)

    def test_unknown_currency(self, spark: Any, bridge: ModuleType) -> None:
        """A currency that is not ISO 4217 is refused at once, with a did-you-mean."""
        df = spark.createDataFrame([("{}",)], ["offer"])
        with pytest.raises(UnknownCurrencyError, match="did you mean 'JPY'"):
            bridge.summarize_offers(df, currency="jpy")


class TestWithoutPySpark:
    """Without the spark extra, importing tokencomp.spark says what to install."""

    @pytest.fixture
    def no_pyspark(self, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
        """PySpark hidden from imports, and tokencomp.spark not yet imported."""
        for name in [m for m in sys.modules if m.split(".")[0] == "pyspark"] or ["pyspark"]:
            monkeypatch.setitem(sys.modules, name, None)
        monkeypatch.delitem(sys.modules, "tokencomp.spark", raising=False)
        yield
        sys.modules.pop("tokencomp.spark", None)

    @pytest.mark.usefixtures("no_pyspark")
    def test_import_says_to_install_the_extra(self) -> None:
        """The error is the library's, an ImportError too, and names the extra and the pip command."""
        with pytest.raises(
            ExtraNotInstalledError, match=r"install the 'spark' extra \(python -m pip install 'tokencomp\[spark\]'"
        ):
            importlib.import_module("tokencomp.spark")

    def test_the_core_does_not_import_it(self) -> None:
        """Importing tokencomp and its command line does not import PySpark or the bridge."""
        import subprocess

        code = "import sys, tokencomp, tokencomp.cli; print(sorted(m for m in sys.modules if 'spark' in m))"
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={**os.environ}
        )
        assert "[]" == out.stdout.strip()
