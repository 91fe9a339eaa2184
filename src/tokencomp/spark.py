"""Validate and summarize offers held in a Spark DataFrame, in Arrow batches.

The bridge between tokencomp and Apache Spark, installed with the ``spark``
extra (``python -m pip install 'tokencomp[spark]'``; PySpark 4 needs Java 17
or later). Nothing else in tokencomp imports it.

Each function adds columns to a DataFrame whose *column* holds one offer
document a row, as JSON text (a string or binary column). The work runs on
the executors with :meth:`~pyspark.sql.DataFrame.mapInArrow`: each Python
worker takes a batch of rows as Arrow arrays, runs :func:`tokencomp.validate`
(and :func:`tokencomp.summarize`) on each document and hands the new columns
back as Arrow arrays, so every row gets exactly the verdict, problems and
figures the library and the command line give it. The exchange rates and
token prices are the package's own data files, inside the wheel: whatever
installs tokencomp on the executors installs them too.

Money stays exact in the engine: summary figures are ``DecimalType`` columns
rounded to the currency's minor unit. A column of one type has one scale, so

- with ``currency="JPY"`` (or any code) every summary is in that currency and
  its money fields have its minor unit as scale (``DecimalType(38, 0)`` for
  JPY, ``DecimalType(38, 3)`` for BHD);
- without a currency each row is summarized in its offer's own currency, and
  the money fields have the largest minor unit of any currency,
  :data:`MIXED_SCALE` (3); the row's ``summary.currency`` and
  ``summary.minor_unit`` say which currency and how many of those places
  count (a JPY figure is ``120000.0000``, the same number as ``120000``).

Exchange rates and token prices are not money rounded to a minor unit: they
stay decimal strings, with every digit, as in the summary's JSON.
"""

from __future__ import annotations

import datetime
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

import attrs

from .codec.converter import unstructure
from .codec.sources import RejectedRecord
from .codec.validation import validate
from .errors import ColumnError, ExtraNotInstalledError, Problem, RateNotFoundError, TokencompError
from .model.money import currency_codes, minor_unit
from .reference.fx import FxRate
from .reports.summary import AnnualFigures, FirstYearFigures, summarize
from .transparency.figures import WorkerPay, check_report_arguments, each_pay, pay_gap_of
from .transparency.policy import PayPolicy
from .transparency.report import PayGapReport
from .transparency.workforce import Gender, read_workforce

try:
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql.pandas.types import to_arrow_type
    from pyspark.sql.types import (
        ArrayType,
        BinaryType,
        BooleanType,
        DateType,
        DecimalType,
        IntegerType,
        LongType,
        MapType,
        StringType,
        StructField,
        StructType,
    )
except ImportError:
    raise ExtraNotInstalledError("spark", "pyspark (with pyarrow)", "tokencomp.spark") from None

__all__ = [
    "MIXED_SCALE",
    "PROBLEM_TYPE",
    "WORKER_PAY_TYPE",
    "local_session",
    "pay_gap",
    "summarize_offers",
    "summary_json",
    "summary_type",
    "validate_offers",
    "worker_pays",
]

#: The scale of the money fields when each row keeps its offer's currency:
#: the largest ISO 4217 minor unit (3, for BHD, KWD, ...; the fund codes CLF and
#: UYW, with 4, are not currencies), so every currency's figures fit exactly.
MIXED_SCALE = max(minor_unit(code) for code in currency_codes())

#: Spark's widest decimal: 38 digits in all, the scale's included.
PRECISION = 38

#: A problem as a Spark struct: the fields of :class:`tokencomp.Problem`.
PROBLEM_TYPE = StructType(
    [
        StructField("pointer", StringType(), nullable=False),
        StructField("code", StringType(), nullable=False),
        StructField("message", StringType(), nullable=False),
    ]
)

#: The problem of a row whose offer column is null.
NULL_DOCUMENT = Problem("", "null-document", "the offer column of this row is null: there is no document")

#: Ratios are rounded to four places (offer-v1).
RATIO_SCALE = 4

_RATIOS = frozenset({"token_share", "token_to_salary"})


def _figures_type(cls: type[Any], scale: int) -> StructType:
    return StructType(
        [
            StructField(field.name, DecimalType(PRECISION, RATIO_SCALE if field.name in _RATIOS else scale))
            for field in attrs.fields(cls)
        ]
    )


def summary_type(scale: int) -> StructType:
    """The Spark type of the ``summary`` column, with money fields of *scale* decimal places.

    The fields are named as in the summary's JSON (``tokencomp summarize
    --format json``); money figures are ``DecimalType(38, scale)``, ratios
    ``DecimalType(38, 4)``, dates ``DateType``, and rates and prices decimal
    strings, exact.

    >>> summary_type(0)["annual"].dataType["salary"].dataType
    DecimalType(38,0)
    >>> summary_type(3)["annual"].dataType["token_share"].dataType
    DecimalType(38,4)
    """
    text = StringType()
    money = DecimalType(PRECISION, scale)
    return StructType(
        [
            StructField("offer_id", text, nullable=False),
            StructField("currency", text, nullable=False),
            StructField("minor_unit", IntegerType(), nullable=False),
            StructField("as_of", DateType(), nullable=False),
            StructField("annual", _figures_type(AnnualFigures, scale), nullable=False),
            StructField("first_year", _figures_type(FirstYearFigures, scale), nullable=False),
            StructField(
                "fx",
                ArrayType(
                    StructType(
                        [
                            StructField("from", text),
                            StructField("to", text),
                            StructField("rate", text),
                            StructField("date", DateType()),
                            StructField("source", text),
                            StructField("base", text),
                            StructField("from_per_base", text),
                            StructField("to_per_base", text),
                        ]
                    )
                ),
                nullable=False,
            ),
            StructField(
                "advisories",
                ArrayType(
                    StructType(
                        [
                            StructField("code", text),
                            StructField("figure", text),
                            StructField("threshold", text),
                            StructField("message", text),
                        ]
                    )
                ),
                nullable=False,
            ),
            StructField("tokens_per_year", LongType()),
            StructField(
                "pricing",
                StructType(
                    [
                        StructField("provider", text),
                        StructField("model", text),
                        StructField("currency", text),
                        StructField("input_per_million", text),
                        StructField("output_per_million", text),
                        StructField("as_of", DateType()),
                        StructField("cached_input_per_million", text),
                        StructField("source", text),
                    ]
                ),
            ),
            StructField(
                "equity_by_year",
                ArrayType(StructType([StructField("year", IntegerType()), StructField("equity", money)])),
            ),
            StructField(
                "grants",
                ArrayType(
                    StructType(
                        [
                            StructField("instrument", text),
                            StructField("kind", text),
                            StructField("units", LongType()),
                            StructField("units_bought", LongType()),
                            StructField("value_basis", text),
                            StructField("value_as_of", DateType()),
                            StructField("cost_to_exercise", money),
                            StructField("max_units", LongType()),
                        ]
                    )
                ),
            ),
        ]
    )


def local_session(cores: int = 2, name: str = "tokencomp") -> SparkSession:
    """A quiet Spark session in local mode, for tests, benchmarks and trying things out.

    It runs on this machine only: the driver binds to the loopback address,
    the web UI is off, Spark logs only errors, and the Python workers run
    the interpreter that calls this (unless ``PYSPARK_PYTHON`` says
    otherwise). An active session is returned as it is.

    >>> spark = local_session()
    >>> spark.sparkContext.master
    'local[2]'
    """
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    # Without it Spark looks up this machine's network address to bind its block manager to.
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName(name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", str(cores))
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def _text_column(df: DataFrame, column: str, adds: Iterable[str], documents: str = "offers") -> None:
    """Check that *column* holds JSON text (of *documents*) and that the columns to add are not there yet."""
    fields = {field.name: field.dataType for field in df.schema.fields}
    if column not in fields:
        raise ColumnError(column, f"there is no column {column!r}; the columns are: {', '.join(fields) or 'none'}")
    if not isinstance(fields[column], StringType | BinaryType):
        raise ColumnError(
            column,
            f"column {column!r} is {fields[column].simpleString()}; {documents} are read from a string or binary "
            "column of JSON text, one document a row",
        )
    for name in adds:
        if name in fields:
            raise ColumnError(name, f"the DataFrame already has a column {name!r}: drop or rename it first")


def _problem_rows(problems: Iterable[Problem]) -> list[dict[str, str]]:
    return [{"pointer": p.pointer, "code": p.code, "message": p.message} for p in problems]


def _with_columns(
    df: DataFrame, column: str, added: list[StructField], rows_of: Callable[[Any], tuple[Any, ...]]
) -> DataFrame:
    """*df* with the *added* columns, worked out by *rows_of* from each row's document, in Arrow batches."""
    _text_column(df, column, (field.name for field in added))
    arrow_types = [pa.field(f.name, to_arrow_type(f.dataType), nullable=f.nullable) for f in added]

    def batches(inputs: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in inputs:
            results = [rows_of(document) for document in batch.column(column).to_pylist()]
            new = [
                pa.array([result[index] for result in results], type=field.type)
                for index, field in enumerate(arrow_types)
            ]
            yield pa.RecordBatch.from_arrays([*batch.columns, *new], schema=pa.schema([*batch.schema, *arrow_types]))

    return df.mapInArrow(batches, StructType([*df.schema.fields, *added]))


def _verdict(document: str | bytes | None) -> tuple[bool, list[dict[str, str]]]:
    if document is None:
        return False, _problem_rows([NULL_DOCUMENT])
    report = validate(document)
    return report.valid, _problem_rows(report.problems)


def validate_offers(df: DataFrame, column: str = "offer") -> DataFrame:
    """Add ``valid`` (boolean) and ``problems`` (an array of ``pointer``, ``code``, ``message``) to *df*.

    Each row's document in *column* (JSON text, string or binary) gets the
    verdict and problems of :func:`tokencomp.validate`; a null document is
    invalid, with the problem ``null-document``.

    Raises:
        ColumnError: *column* is missing or not text, or *df* already has
            a ``valid`` or ``problems`` column.

    >>> spark = local_session()
    >>> rows = [('{"schema_version": "1"}',), ("not json",)]
    >>> checked = validate_offers(spark.createDataFrame(rows, ["offer"]))
    >>> [(row.valid, [p.code for p in row.problems][:2]) for row in checked.collect()]
    [(False, ['missing-key', 'missing-key']), (False, ['invalid-json'])]
    """
    added = [
        StructField("valid", BooleanType(), nullable=False),
        StructField("problems", ArrayType(PROBLEM_TYPE, containsNull=False), nullable=False),
    ]
    return _with_columns(df, column, added, _verdict)


def _fits(figures: dict[str, Decimal | None], scale: int) -> bool:
    limit = Decimal(10) ** (PRECISION - scale)
    return all(value is None or abs(value) < limit for value in figures.values())


def _summary_row(document: Any, currency: str | None, as_of: datetime.date | None, scale: int) -> tuple[Any, ...]:
    """The summary of one document as Spark values, or ``None`` and the problems that say why not."""
    if document is None:
        return None, _problem_rows([NULL_DOCUMENT])
    report = validate(document)
    if report.document is None:  # invalid
        return None, _problem_rows(report.problems)
    try:
        # The summary's JSON, as the command line writes it, so names and values are the same.
        data = unstructure(summarize(report.document, currency=currency, as_of=as_of))
    except TokencompError as exc:
        code = "rate-not-found" if isinstance(exc, RateNotFoundError) else "cannot-summarize"
        return None, _problem_rows([Problem("", code, str(exc))])
    for block in ("annual", "first_year"):
        data[block] = {name: None if value is None else Decimal(value) for name, value in data[block].items()}
        if not _fits(data[block], scale):
            reason = f"a {block} figure has more than the {PRECISION - scale} digits before the point Spark can hold"
            return None, _problem_rows([Problem(f"/{block}", "out-of-range", reason)])
    tokens = data.get("tokens_per_year")
    if tokens is not None and not -(2**63) <= tokens < 2**63:
        return None, _problem_rows([Problem("/tokens_per_year", "out-of-range", "more tokens than a long holds")])
    data["as_of"] = datetime.date.fromisoformat(data["as_of"])
    for rate in data["fx"]:
        rate["date"] = datetime.date.fromisoformat(rate["date"])
    for advisory in data["advisories"]:
        for key in ("figure", "threshold"):
            advisory[key] = None if advisory[key] is None else str(advisory[key])
    # Version 1.1's equity figures: money as Decimals, dates as dates (summarize_offers asks for no scenarios).
    for year in data.get("equity_by_year") or ():
        year["equity"] = Decimal(year["equity"])
    for grant in data.get("grants") or ():
        if "cost_to_exercise" in grant:
            grant["cost_to_exercise"] = Decimal(grant["cost_to_exercise"])
        if "value_as_of" in grant:
            grant["value_as_of"] = datetime.date.fromisoformat(grant["value_as_of"])
    pricing = data.get("pricing")
    if pricing is not None:
        pricing["as_of"] = datetime.date.fromisoformat(pricing["as_of"])
    return data, []


def _as_json(value: Any, scale: int) -> Any:
    if isinstance(value, dict):
        return {
            key: _as_json(item, RATIO_SCALE if key in _RATIOS else scale)
            for key, item in value.items()
            if item is not None
        }
    if isinstance(value, list):
        return [_as_json(item, scale) for item in value]
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal(1).scaleb(-scale)))
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def summary_json(summary: Any) -> dict[str, Any]:
    """A row's ``summary`` struct as the summary's JSON (``tokencomp summarize --format json``), without nulls.

    Money figures are written at the minor unit of the summary's currency
    (the struct may hold more places, :data:`MIXED_SCALE`), ratios at four
    places, dates in ISO form: the text the command line writes, so rows can
    be compared with it or exported as it.

    >>> import importlib.resources
    >>> text = (importlib.resources.files("tokencomp") / "data" / "examples" / "p75-engineer.json").read_text()
    >>> row = summarize_offers(local_session().createDataFrame([(text,)], ["offer"])).first()
    >>> row.summary.annual.salary, summary_json(row.summary)["annual"]["salary"]
    (Decimal('375000.000'), '375000.00')
    """
    data = summary.asDict(True) if hasattr(summary, "asDict") else summary
    result: dict[str, Any] = _as_json(data, data["minor_unit"])
    return result


def summarize_offers(
    df: DataFrame, column: str = "offer", currency: str | None = None, as_of: datetime.date | None = None
) -> DataFrame:
    """Add ``summary`` (a struct named as the summary's JSON) and ``summary_problems`` to *df*.

    Each valid document in *column* gets the figures of
    :func:`tokencomp.summarize` in *currency* (each offer's own by default)
    at the rates of *as_of* (each offer's effective date by default); money
    fields are ``DecimalType(38, s)``, with s the minor unit of *currency*,
    or :data:`MIXED_SCALE` without one. A row without a summary (null) says
    why in ``summary_problems``: the document's problems when it is invalid
    (or ``null-document``), ``rate-not-found`` when a rate is missing, or
    ``out-of-range`` when a figure does not fit a Spark decimal. Rows with a
    summary have no problems.

    Raises:
        ColumnError: *column* is missing or not text, or *df* already has
            a ``summary`` or ``summary_problems`` column.
        UnknownCurrencyError: *currency* is not an ISO 4217 code.

    >>> import importlib.resources
    >>> text = (importlib.resources.files("tokencomp") / "data" / "examples" / "p75-engineer.json").read_text()
    >>> spark = local_session()
    >>> row = summarize_offers(spark.createDataFrame([(text,)], ["offer"]), currency="JPY").first()
    >>> row.summary.currency, row.summary.annual.salary, row.summary.annual.token_share
    ('JPY', Decimal('58491105'), Decimal('0.2105'))
    """
    scale = MIXED_SCALE if currency is None else minor_unit(currency)
    added = [
        StructField("summary", summary_type(scale)),
        StructField("summary_problems", ArrayType(PROBLEM_TYPE, containsNull=False), nullable=False),
    ]
    return _with_columns(df, column, added, lambda document: _summary_row(document, currency, as_of, scale))


# --- Pay transparency: the pay-gap report of a DataFrame of workers (issue #25) ---------------------------------
#
# The executors do what costs: parse each worker's line, validate its offer, summarize and classify it
# (tokencomp.transparency.figures.worker_pay). What comes back to the driver is what the figures need of a
# worker, a few short strings, and the driver adds them up with the very code pay_gap uses, in row order,
# so that a repeated employee_id is refused where the command line refuses it (pay_gap_of: pay_gap's own tally).

#: What the executors hand back for each row: its kind (``worker``, ``rejected`` or ``blank``), the worker's
#: pay (exact decimal strings) or why the row was left out.
WORKER_PAY_TYPE = StructType(
    [
        StructField("kind", StringType(), nullable=False),
        StructField("employee_id", StringType()),
        StructField("gender", StringType()),
        StructField("category", StringType()),
        StructField("hours_per_week", StringType()),
        StructField("basic", StringType()),
        StructField("complementary", StringType()),
        # The exchange rates the worker's pay was converted at, each with every field as text (exact).
        StructField("fx", ArrayType(MapType(StringType(), StringType()), containsNull=False)),
        StructField("problems", ArrayType(PROBLEM_TYPE, containsNull=False)),
        StructField("reason", StringType()),
    ]
)

#: The problem of a row whose worker column is null.
NULL_WORKER = Problem("", "null-document", "the worker column of this row is null: there is no document")


def _worker_pay_row(
    document: str | bytes | None, currency: str, reference_date: datetime.date, policy: PayPolicy
) -> dict[str, Any]:
    """One row's worker as the figures need it, or why it is left out: what ``pay-gap`` makes of a line."""
    if document is None:
        return {"kind": "rejected", "problems": _problem_rows([NULL_WORKER]), "reason": NULL_WORKER.message}
    found = list(read_workforce(document))
    if not found:
        return {"kind": "blank"}  # a blank line, which the command line passes over
    if len(found) > 1:
        problem = Problem("", "several-lines", "a row holds one worker document on one line; this one has several")
        return {"kind": "rejected", "problems": _problem_rows([problem]), "reason": problem.message}
    (pay,) = each_pay(found, currency=currency, reference_date=reference_date, policy=policy, rates=None)
    if isinstance(pay, RejectedRecord):
        return {"kind": "rejected", "problems": _problem_rows(pay.problems), "reason": pay.reason}
    return {
        "kind": "worker",
        "employee_id": pay.employee_id,
        "gender": pay.gender.value,
        "category": pay.category,
        "hours_per_week": str(pay.hours_per_week),
        "basic": str(pay.basic),
        "complementary": str(pay.complementary),
        "fx": [{field.name: str(getattr(rate, field.name)) for field in attrs.fields(FxRate)} for rate in pay.fx],
    }


def _fx_rate(fields: dict[str, str]) -> FxRate:
    """A rate back from its fields as text: the decimals and the date exact, as the executor had them."""
    decimals = {name: Decimal(fields[name]) for name in ("rate", "from_per_base", "to_per_base")}
    return FxRate(
        from_currency=fields["from_currency"],
        to_currency=fields["to_currency"],
        date=datetime.date.fromisoformat(fields["date"]),
        source=fields["source"],
        base=fields["base"],
        **decimals,
    )


def worker_pays(
    df: DataFrame,
    *,
    currency: str,
    reference_date: datetime.date | str,
    policy: PayPolicy | None = None,
    column: str = "worker",
) -> DataFrame:
    """A DataFrame of what each row of *df* brings to the pay-gap figures (:data:`WORKER_PAY_TYPE`), in order.

    Each row's document in *column* (a line of a workforce file, JSON text,
    string or binary) is read as ``tokencomp pay-gap`` reads a line, its pay
    worked out in *currency* at *reference_date* under *policy*; a row that
    cannot be is ``rejected`` with every problem. Only *column* goes to the
    Python workers. This is the executors' half of :func:`pay_gap`.

    Raises:
        ColumnError: *column* is missing or not text.
        UnknownCurrencyError: *currency* is not an ISO 4217 code.
    """
    on, policy = check_report_arguments(currency, reference_date, 5, policy)
    _text_column(df, column, (), documents="workers")
    schema = pa.schema([pa.field(f.name, to_arrow_type(f.dataType), nullable=f.nullable) for f in WORKER_PAY_TYPE])
    chosen = policy

    def batches(inputs: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in inputs:
            rows = [_worker_pay_row(d, currency, on, chosen) for d in batch.column(column).to_pylist()]
            yield pa.RecordBatch.from_pylist(rows, schema=schema)

    return df.select(column).mapInArrow(batches, WORKER_PAY_TYPE)


def pay_gap(
    df: DataFrame,
    *,
    currency: str,
    reference_date: datetime.date | str,
    min_group: int = 5,
    policy: PayPolicy | None = None,
    column: str = "worker",
) -> PayGapReport:
    """The gender pay gap of the workers in *df*: the report ``tokencomp pay-gap`` gives for the same lines.

    *df* has one worker document a row in *column* (JSON text: a line of a
    workforce file, as ``spark.read.text`` reads one, with the column renamed).
    The executors read, validate, summarize and classify each row
    (:func:`worker_pays`); the driver takes back a few strings a worker, in
    the DataFrame's order, and works out the figures exactly as
    :func:`tokencomp.pay_gap` does, so a repeated ``employee_id`` is left
    out where the command line leaves it out. A row left out is a
    :class:`~tokencomp.RejectedRecord` whose ``index`` is its place in *df*
    from 0 (a line's number less one, for a file read whole by
    ``spark.read.text``). The driver holds what the command line holds: one
    entry a worker, not its document.

    Raises:
        ColumnError: *column* is missing or not text.
        UnknownCurrencyError: *currency* is not an ISO 4217 code.
        RuleViolation: An argument is of a wrong type, or *min_group* is below 1.

    >>> import importlib.resources
    >>> line = ('{"schema_version": "1", "employee_id": "%s", "gender": "%s", "category": "A", '
    ...         '"hours_per_week": "40", "offer": {"schema_version": "1", "id": "o", "effective_date": '
    ...         '"2026-01-01", "currency": "EUR", "salary": {"rate": {"amount": "%s", "currency": "EUR"}, '
    ...         '"period": "year"}}}')
    >>> rows = [(line % ("f1", "female", "45000.00"),), (line % ("m1", "male", "50000.00"),), ("not json",)]
    >>> report = pay_gap(local_session().createDataFrame(rows, ["worker"]), currency="EUR",
    ...                  reference_date="2026-12-31")
    >>> report.mean_gap, report.female, report.male, [r.where for r in report.left_out]
    (Decimal('10.00'), 1, 1, ['index 2'])
    """
    on, policy = check_report_arguments(currency, reference_date, min_group, policy)
    rows = worker_pays(df, currency=currency, reference_date=on, policy=policy, column=column)
    return pay_gap_of(_in_order(rows), currency=currency, reference_date=on, min_group=min_group, policy=policy)


def _in_order(rows: DataFrame) -> Iterator[WorkerPay | RejectedRecord]:
    """The rows of :func:`worker_pays` on the driver, in order: a repeated ``employee_id`` left out there."""
    seen: dict[str, int] = {}
    for index, row in enumerate(rows.toLocalIterator()):
        if row.kind == "blank":
            continue
        if row.kind == "rejected":
            problems = tuple(Problem(p.pointer, p.code, p.message) for p in row.problems)
            yield RejectedRecord(problems, index=index, reason=row.reason)
            continue
        earlier = seen.get(row.employee_id)
        if earlier is not None:
            message = f"{row.employee_id!r} is the employee_id of index {earlier} too: each worker's is unique"
            yield RejectedRecord((Problem("/employee_id", "duplicate-employee-id", message),), index=index)
            continue
        seen[row.employee_id] = index
        yield WorkerPay(row.employee_id, Gender(row.gender), row.category, Decimal(row.hours_per_week),
                        Decimal(row.basic), Decimal(row.complementary), tuple(_fx_rate(f) for f in row.fx))  # fmt: skip
