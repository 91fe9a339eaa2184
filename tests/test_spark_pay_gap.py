"""tokencomp.spark.pay_gap: a DataFrame of workers gives the report the command line gives for the same lines.

Like tests/test_spark.py, these need PySpark and Java 17; they are skipped
without them, and fail instead in the ``spark`` tox env.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tokencomp import read_policy
from tokencomp._internal.escaping import json_text
from tokencomp.cli import main
from tokencomp.errors import ColumnError, UnknownCurrencyError

from .test_pay_gap_html import worker, workforce
from .test_spark import spark_bridge

pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")

SMALL = Path(__file__).resolve().parent / "data" / "workforce" / "small.jsonl"


@pytest.fixture(scope="module")
def bridge() -> ModuleType:
    """tokencomp.spark, as tests/test_spark.py has it: a skip or, in the spark env, a failure without it."""
    return spark_bridge()


@pytest.fixture
def spark(bridge: ModuleType) -> Any:
    return bridge.local_session()  # Spark's active session: one for this file and tests/test_spark.py


def sample() -> list[str]:
    """The hand-made small workforce and the HTML tests' one, with every kind of bad row the reader meets.

    A blank line, one that is not JSON, one with a bad gender, a repeated
    employee_id (the later one is left out), and a worker paid in a currency (ARS)
    without a rate on the reference date.
    """
    lines = SMALL.read_text(encoding="utf-8").splitlines() + workforce().splitlines()
    lines.insert(3, "")
    lines.insert(9, "not json")
    lines.append(lines[0])  # F1 again
    unrated = json.loads(worker("ar1", "male", "Support", "41000.00"))
    unrated["offer"]["currency"] = "ARS"  # the ECB publishes no rate for the peso
    unrated["offer"]["salary"]["rate"]["currency"] = "ARS"
    lines.append(json.dumps(unrated))
    return lines


def command_line(lines: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str], *options: str) -> Any:
    path = tmp_path / "workforce.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert 0 == main(["pay-gap", str(path), "--currency", "EUR", "--reference-date", "2026-12-31",
                      "--format", "json", *options])  # fmt: skip
    return json.loads(capsys.readouterr().out)


def left_out_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[int]:
    """The line numbers the command line leaves out of the file :func:`command_line` wrote (its CSV's rows)."""
    path = tmp_path / "workforce.jsonl"
    assert 0 == main(["pay-gap", str(path), "--currency", "EUR", "--reference-date", "2026-12-31", "--format", "csv"])
    rows = capsys.readouterr().out.splitlines()
    return [int(row.split(",")[1]) for row in rows if row.startswith("left_out,")]


class TestSameAsTheCommandLine:
    """Every figure, count and reason of the Spark report is the command line's for the same lines."""

    def test_a_dataframe_of_lines(
        self, spark: Any, bridge: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A DataFrame made of the lines (two partitions): the same JSON report, and the same lines left out."""
        lines = sample()
        expected = command_line(lines, tmp_path, capsys)
        df = spark.createDataFrame([(line,) for line in lines], "worker string")
        assert 2 == df.rdd.getNumPartitions()  # the driver takes the rows back in order, across partitions
        report = bridge.pay_gap(df, currency="EUR", reference_date="2026-12-31")
        assert expected == json.loads(json_text(report.to_json()))
        # Not JSON, a bad gender, a repeated id, no rate for ARS: the sample holds each kind.
        codes = [p.code for r in report.left_out for p in r.problems]
        assert {"invalid-json", "unknown-gender", "duplicate-employee-id", "pay-not-computed"} <= set(codes)
        assert left_out_lines(tmp_path, capsys) == [r.index + 1 for r in report.left_out if r.index is not None]

    def test_read_as_text(
        self, spark: Any, bridge: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file read with spark.read.text gives the command line's report, and row index + 1 is its line number."""
        lines = sample()
        expected = command_line(lines, tmp_path, capsys)
        df = spark.read.text(str(tmp_path / "workforce.jsonl")).withColumnRenamed("value", "worker")
        report = bridge.pay_gap(df, currency="EUR", reference_date="2026-12-31")
        assert expected == json.loads(json_text(report.to_json()))
        assert left_out_lines(tmp_path, capsys) == [r.index + 1 for r in report.left_out if r.index is not None]

    def test_another_currency_policy_and_min_group(
        self, spark: Any, bridge: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """In pounds, with a policy file and a smaller min_group, the figures are still the command line's."""
        lines = sample()
        policy_file = tmp_path / "policy.json"
        policy_file.write_text('{"policy_version": "1", "name": "Tools are pay", "classes": '
                               '{"token_budget": "complementary", "benefits": "left_out"}}')  # fmt: skip
        path = tmp_path / "workforce.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        assert 0 == main(["pay-gap", str(path), "--currency", "GBP", "--reference-date", "2026-04-01",
                          "--format", "json", "--min-group", "2", "--policy", str(policy_file)])  # fmt: skip
        expected = json.loads(capsys.readouterr().out)
        df = spark.createDataFrame([(line.encode(),) for line in lines], "worker binary")
        report = bridge.pay_gap(df, currency="GBP", reference_date="2026-04-01", min_group=2,
                                policy=read_policy(policy_file.read_bytes(), source=str(policy_file)))  # fmt: skip
        assert expected == json.loads(json_text(report.to_json()))

    def test_a_null_row_is_left_out(self, spark: Any, bridge: ModuleType) -> None:
        """A null document is a row without a worker: left out with null-document, the rest counted."""
        lines: list[str | None] = [*SMALL.read_text(encoding="utf-8").splitlines(), None]
        df = spark.createDataFrame([(line,) for line in lines], "worker string")
        report = bridge.pay_gap(df, currency="EUR", reference_date="2026-12-31")
        assert [("index 17", ["null-document"])] == [(r.where, [p.code for p in r.problems]) for r in report.left_out]
        assert (15, 2) == (report.female + report.male, report.other)


class TestMisuse:
    """A wrong column or currency is said at once, before Spark runs anything."""

    def test_missing_column(self, spark: Any, bridge: ModuleType) -> None:
        """The column must be there; the error names the columns there are."""
        with pytest.raises(ColumnError, match="there is no column 'worker'; the columns are: value"):
            bridge.pay_gap(spark.createDataFrame([("{}",)], ["value"]), currency="EUR", reference_date="2026-12-31")

    def test_column_of_another_type(self, spark: Any, bridge: ModuleType) -> None:
        """A column of numbers is not a column of worker documents."""
        with pytest.raises(
            ColumnError, match="column 'worker' is bigint; workers are read from a string or binary column"
        ):
            bridge.pay_gap(spark.createDataFrame([(1,)], ["worker"]), currency="EUR", reference_date="2026-12-31")

    def test_unknown_currency(self, spark: Any, bridge: ModuleType) -> None:
        """A currency that is not ISO 4217 is refused with the library's error."""
        with pytest.raises(UnknownCurrencyError):
            bridge.pay_gap(spark.createDataFrame([("{}",)], ["worker"]), currency="eur", reference_date="2026-12-31")
