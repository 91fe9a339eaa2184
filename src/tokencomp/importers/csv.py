"""Offers as spreadsheet rows: CSV whose header names the contract's fields by dot path.

The columns are generated from the model (:func:`csv_columns`), not
written by hand: one a leaf of the offer document, named by its path with
dots (``salary.rate.amount``, ``bonus.target_percent``,
``token_budget.vests``); equity grants by their place (``equity.0.units``,
``equity.1.units``, ...); metadata by its key (``metadata.hris_id``).

Reading (:func:`read_csv`): one offer a row; an empty cell is a key left
out (so a CSV cannot hold an empty string); ``true`` / ``false`` (any case)
are booleans; whole numbers are numbers where the contract has an integer;
every other cell is a string, as the contract writes decimals. A missing
``schema_version`` is ``"1"``. Columns named ``summary.…`` (what
:func:`csv_row` adds with a summary) are figures, not fields, and are
skipped. A row that is not a valid offer is rejected with every problem,
each with its pointer and its column; a column the contract does not have
rejects the whole file.

Writing (:func:`csv_row`, :func:`write_csv`): the same columns, so a file
written here reads back as the same offers, plus, when asked, the
summary's annual figures (``summary.currency``,
``summary.annual.total_compensation``, ``summary.annual.fully_loaded_cost``,
``summary.annual.token_share``, ...).

A CSV is text too, read in terminals and editors as well as spreadsheets: a
cell (a column name too) with right-to-left text or a bidi control is
written in a first-strong isolate, U+2068 … U+2069, so it cannot reorder the
cells beside it, and reading takes a cell wholly in one such isolate as the
value inside it; a line or paragraph separator (U+2028, U+2029), a line
break to some readers, is written as U+FFFD (:func:`tokencomp._internal.escaping.isolated`).
:func:`csv_changes` names the strings that do not read back the same.
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import re
import types
import typing
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

import attrs

from .._internal.escaping import isolated, neutralised, unisolated, unneutralised
from ..codec.converter import MAX_INTEGER_TEXT, unstructure
from ..codec.sources import text_problems
from ..errors import Problem, RecordRejectedError, SourceError, close_matches, escape_pointer_token
from ..model.offer import SCHEMA_VERSION, Offer
from ..reports.summary import AnnualFigures, Summary
from . import ImportResult, import_records

__all__ = [
    "SUMMARY_COLUMNS",
    "columns_for",
    "csv_changes",
    "csv_columns",
    "csv_document",
    "csv_header",
    "csv_records",
    "csv_row",
    "csv_losses",
    "explain",
    "read_csv",
    "write_csv",
]

#: The columns a summary adds, its currency and every annual figure.
SUMMARY_COLUMNS = ("summary.currency", *(f"summary.annual.{f.name}" for f in attrs.fields(AnnualFigures)))
#: The lists of an offer, each a column an item and a field: ``equity.0.units``, ``allowances.1.name``.
LISTS = ("equity", "one_time", "allowances", "benefits")
_GRANT = re.compile(r"^(equity|one_time|allowances|benefits)\.([0-9]+)\.(.+)$")


def _inner(hint: Any) -> Any:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        (inner,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return inner
    return hint


def _leaves(cls: type, prefix: str) -> Iterator[tuple[str, Any]]:
    hints = typing.get_type_hints(cls)
    for field in attrs.fields(cls):
        if not field.init:
            continue
        path, hint = prefix + field.metadata.get("json", field.name), _inner(hints[field.name])
        if typing.get_origin(hint) is tuple and path.count(".0.") >= 1:
            continue  # a list within a list's item (a grant's segments, tranches): no column; csv_losses names it
        if typing.get_origin(hint) is tuple:
            yield from _leaves(typing.get_args(hint)[0], f"{path}.0.")
        elif typing.get_origin(hint) is dict:
            continue  # metadata: a column a key, named by the data
        elif attrs.has(hint):
            yield from _leaves(hint, f"{path}.")
        else:
            yield path, hint


@functools.cache
def _types() -> dict[str, Any]:
    """Each column of an offer with one grant, and the type the model has there."""
    return dict(_leaves(Offer, ""))


def csv_columns(grants: int = 1, metadata: Sequence[str] = (), *, items: dict[str, int] | None = None) -> list[str]:
    """Return the CSV columns of offers with up to *grants* equity grants and the *metadata* keys, in order.

    *items* gives how many of each version 1.1 list (``one_time``, ``allowances``, ``benefits``) the
    columns hold; one of each by default.

    >>> from tokencomp import csv_columns
    >>> columns = csv_columns()
    >>> columns[:5], len(columns)
    (['id', 'effective_date', 'currency', 'salary.rate.amount', 'salary.rate.currency'], 87)
    >>> [c for c in csv_columns(grants=2, metadata=["hris_id"]) if c.endswith(".units") or "hris" in c]
    ['equity.0.units', 'equity.1.units', 'metadata.hris_id']
    """
    counts = dict.fromkeys(LISTS, 1) | (items or {}) | {"equity": grants}
    columns: list[str] = []
    for column in _types():
        name = column.partition(".")[0]
        if name in LISTS and column.startswith(f"{name}.0."):
            if not any(c.startswith(f"{name}.") for c in columns):
                item = [c.removeprefix(f"{name}.0.") for c in _types() if c.startswith(f"{name}.0.")]
                columns += [f"{name}.{n}.{leaf}" for n in range(counts[name]) for leaf in item]
        else:
            columns.append(column)
    return columns + [f"metadata.{key}" for key in metadata]


def _type_of(column: str) -> Any:
    """The model's type at *column*; ``str`` for metadata; None for a summary figure.

    Raises:
        SourceError: The contract has no such column.
    """
    if column.startswith("metadata."):
        return str
    if column in SUMMARY_COLUMNS:
        return None
    grant = _GRANT.fullmatch(column)
    known = f"{grant.group(1)}.0.{grant.group(3)}" if grant else column
    if known in _types():
        return _types()[known]
    near = close_matches(column, csv_columns(), n=1)
    hint = f"did you mean {near[0]!r}? " if near else ""
    raise SourceError(
        f"unknown column {column!r}: {hint}columns name the contract's fields by dot path, "
        "such as salary.rate.amount (tokencomp.importers.csv.csv_columns() lists them)"
    )


def _cell(text: str, hint: Any, column: str) -> Any:
    text = unisolated(unneutralised(text))  # what csv_row neutralised and isolated
    if hint is bool and text.casefold() in ("true", "false"):
        return text.casefold() == "true"
    if hint is int and re.fullmatch(r"-?[0-9]+", text):
        # Counted before it is converted, as a JSON document's numbers are (parse_json).
        if len(text) > MAX_INTEGER_TEXT:
            raise RecordRejectedError(
                f"column {column}: a number of {len(text.lstrip('-')):,} digits; no figure has more than "
                f"{MAX_INTEGER_TEXT:,}"
            )
        return int(text)
    return text  # anything else as written: validation says what is wrong with it, at its column


def _pointer(column: str) -> str:
    if column.startswith("metadata."):
        return "/metadata/" + escape_pointer_token(column.removeprefix("metadata."))
    return "".join(f"/{escape_pointer_token(part)}" for part in column.split("."))


def csv_document(row: dict[str, str], *, effective_date: datetime.date | None = None) -> dict[str, Any]:
    """Return the offer-v1 document of one CSV row (columns to cells), not yet validated.

    >>> csv_document({"id": "e1", "salary.rate.amount": "185000.00", "salary.rate.currency": "USD",
    ...               "token_budget.vests": "false", "bonus.target_percent": ""})
    {'schema_version': '1', 'id': 'e1', 'salary': {'rate': {'amount': '185000.00', 'currency': 'USD'}}, \
'token_budget': {'vests': False}}
    """
    document: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    lists: dict[str, dict[int, dict[str, Any]]] = {}
    for column, text in row.items():
        hint = _type_of(column)
        if text == "" or hint is None:
            continue
        value = _cell(text, hint, column)
        if column.startswith("metadata."):
            document.setdefault("metadata", {})[column.removeprefix("metadata.")] = value
            continue
        grant = _GRANT.fullmatch(column)
        node, path = (
            (lists.setdefault(grant.group(1), {}).setdefault(int(grant.group(2)), {}), grant.group(3))
            if grant
            else (document, column)
        )
        *parents, leaf = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    for name, items in lists.items():
        document[name] = [items[n] for n in sorted(items)]
    if "effective_date" not in document and effective_date is not None:
        document["effective_date"] = effective_date.isoformat()
    return document


def csv_records(lines: Iterable[str]) -> Iterator[tuple[int, int, dict[str, str] | RecordRejectedError]]:
    """Yield (index, line, row) for each row of CSV text given line by line; the header is checked first.

    A row is one line (no offer field holds a line break), so a quote that
    does not close, or a row of more or fewer cells than columns, is that
    row's :class:`~tokencomp.errors.RecordRejectedError`, yielded in its
    place: the rows after it are read as they are. Lines end in LF, CR LF or CR.

    Raises:
        SourceError: The file has no header, a column the contract does not have, or a column twice.

    >>> list(csv_records(["id,salary.period\\n", "e1,year\\n"]))
    [(0, 2, {'id': 'e1', 'salary.period': 'year'})]
    """
    numbered = ((number, line.rstrip("\r\n")) for number, line in enumerate(lines, 1))
    first = next(numbered, None)
    if first is None or not first[1].strip():
        raise SourceError("the CSV is empty: its first line names the columns, such as id,salary.rate.amount")
    try:
        header = next(csv.reader([first[1].removeprefix("\ufeff")], strict=True))
    except csv.Error as exc:
        raise SourceError(f"the header is not CSV that can be read: {exc}") from None
    header = [unisolated(column) for column in header]  # what csv_header isolated
    for column in header:
        _type_of(column)
    twice = sorted({c for c in header if header.count(c) > 1})
    if twice:
        raise SourceError(f"the column {twice[0]!r} is named twice: name each field once")
    for index, (number, text) in enumerate(numbered):
        if text.strip():
            yield index, number, _row(number, text, header)


def _row(number: int, text: str, header: list[str]) -> dict[str, str] | RecordRejectedError:
    """One line's cells by column, or why the line is no row: bytes not UTF-8, a quote not closed, a cell short."""
    for problem in text_problems(text):
        return RecordRejectedError(f"line {number}: {problem.message}")
    try:
        cells = next(csv.reader([text], strict=True))
    except csv.Error as exc:
        return RecordRejectedError(f"line {number} is not CSV that can be read: {exc}")
    if len(cells) != len(header):
        return RecordRejectedError(f"{len(cells)} cells in a row of {len(header)} columns")
    return dict(zip(header, cells, strict=True))


def explain(problem: Problem) -> str:
    """Say *problem* of a row's document with the column it is about, when it is about one cell.

    >>> explain(Problem("/salary/rate/amount", "not-positive", "a salary rate must be above zero"))
    'column salary.rate.amount: a salary rate must be above zero'
    >>> explain(Problem("/bonus", "one-of", "give target_percent or target"))
    '/bonus: give target_percent or target'
    """
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in problem.pointer.split("/")[1:]]
    column = ".".join(tokens) if tokens[:1] != ["metadata"] else "metadata." + "/".join(tokens[1:])
    try:
        is_cell = bool(tokens) and _type_of(column) is not None
    except SourceError:
        is_cell = False
    where = f"column {column}" if is_cell else (problem.pointer or "the row")
    return f"{where}: {problem.message}"


def read_csv(source: str | Iterable[str], *, effective_date: datetime.date | None = None) -> ImportResult:
    """Import the offers of CSV text (or its lines), one offer a row.

    *effective_date* is the date of rows that give none. A rejected row's
    reason names the column of each problem (:func:`explain`).

    Raises:
        SourceError: The header names a column the contract does not have.

    >>> from tokencomp import read_csv
    >>> result = read_csv('''id,effective_date,currency,salary.rate.amount,salary.rate.currency,salary.period
    ... e1,2026-04-01,USD,185000.00,USD,year
    ... e2,2026-04-01,USD,0,USD,year
    ... ''')
    >>> [o.id for o in result.offers], [(r.line, r.reason) for r in result.rejected]
    (['e1'], [(3, 'column salary.rate.amount: a salary rate must be above zero')])
    """
    lines = io.StringIO(source, newline="") if isinstance(source, str) else source
    convert = functools.partial(csv_document, effective_date=effective_date)
    return ImportResult.collect(import_records(csv_records(lines), convert, explain=explain))


def _flat(value: Any, path: str, into: dict[str, str | None]) -> None:
    if value in ({}, []):
        into[path] = None  # nothing a cell can hold: csv_losses names it
    elif isinstance(value, dict):
        for key, item in value.items():
            _flat(item, f"{path}.{key}" if path else key, into)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _flat(item, f"{path}.{index}", into)
    elif isinstance(value, bool):
        into[path] = "true" if value else "false"
    else:
        into[path] = str(value)


def csv_losses(offer: Offer) -> list[str]:
    """The pointers of what a CSV cannot hold of *offer*: empty strings, arrays and objects, which read back
    as keys left out (a cell is empty or there is no cell), and a grant's vesting segments or explicit
    tranches (version 1.1), lists within a list that have no columns.

    >>> from tokencomp import Money, Role, Salary, SalaryPeriod
    >>> csv_losses(Offer("e1", datetime.date(2026, 4, 1), "USD", Salary(Money("1", "USD"), SalaryPeriod.YEAR),
    ...                  role=Role(title=""), equity=()))
    ['/role/title', '/equity']
    """
    return empty_values(offer) + grant_lists(offer)


def empty_values(offer: Offer) -> list[str]:
    """The pointers of *offer*'s empty strings, arrays and objects, which a CSV reads back as keys left out."""
    cells: dict[str, str | None] = {}
    _flat(unstructure(offer), "", cells)
    return [_pointer(column) for column, text in cells.items() if not text]


def grant_lists(offer: Offer) -> list[str]:
    """The pointers of *offer*'s grants' vesting segments and explicit tranches: lists within a list, no columns."""
    return [
        f"/equity/{index}/vesting/{name}"
        for index, grant in enumerate(offer.grants)
        for name in ("segments", "tranches")
        if getattr(grant.vesting, name) is not None
    ]


def csv_changes(offer: Offer) -> list[str]:
    """The pointers of the strings of *offer* a CSV does not hold as they are, which read back changed.

    A line or paragraph separator (U+2028, U+2029) is written as U+FFFD, and
    so is a U+2069 that closes no isolate; an isolate left open is closed
    (:func:`tokencomp._internal.escaping.isolated`). A metadata key is named by its
    pointer too.

    >>> from tokencomp import Money, Role, Salary, SalaryPeriod
    >>> csv_changes(Offer("e1", datetime.date(2026, 4, 1), "USD", Salary(Money("1", "USD"), SalaryPeriod.YEAR),
    ...                   role=Role(title="Staff\\u2028Engineer"), metadata={"\\u202ename": "\\u202bדנה"}))
    ['/role/title']
    """
    cells: dict[str, str | None] = {}
    _flat(unstructure(offer), "", cells)
    return [
        _pointer(column)
        for column, text in cells.items()
        if unisolated(isolated(column)) != column or (text and unisolated(isolated(text)) != text)
    ]


def csv_header(columns: Sequence[str]) -> list[str]:
    """Return the header row of *columns*: a metadata key with right-to-left text or a bidi control isolated.

    >>> csv_header(["id", "metadata.\\u202ename"]) == ["id", "\\u2068metadata.\\u202ename\\u2069"]
    True
    """
    return [isolated(column) for column in columns]


def csv_row(offer: Offer, columns: Sequence[str], summary: Summary | None = None, *, raw: bool = False) -> list[str]:
    """Return *offer* as a row of *columns*; with *summary*, its figures in the ``summary.…`` columns.

    A cell with right-to-left text or a bidi control is isolated, a line or
    paragraph separator written as U+FFFD (:func:`csv_changes` names them). A cell a spreadsheet would run
    as a formula is neutralised (:func:`tokencomp._internal.escaping.neutralised`) unless *raw*; :func:`read_csv`
    reads it back exactly.

    >>> from tokencomp import Money, Salary, SalaryPeriod
    >>> offer = Offer("e1", datetime.date(2026, 4, 1), "USD", Salary(Money("185000.0", "USD"), SalaryPeriod.YEAR))
    >>> csv_row(offer, csv_columns())[:6]
    ['e1', '2026-04-01', 'USD', '185000.0', 'USD', 'year']
    """
    cells: dict[str, str | None] = {}
    _flat(unstructure(offer), "", cells)
    if summary is not None:
        cells["summary.currency"] = summary.currency
        for field in attrs.fields(AnnualFigures):
            figure = getattr(summary.annual, field.name)
            cells[f"summary.annual.{field.name}"] = "" if figure is None else format(figure, "f")
    row = [isolated(cells.get(column) or "") for column in columns]
    return row if raw else [neutralised(cell) for cell in row]


def columns_for(offers: Iterable[Offer], *, with_summary: bool = False) -> list[str]:
    """The columns that hold every field of *offers*: as many grants (and one-time payments, allowances,
    benefits) as the most has, each metadata key once.

    >>> from tokencomp import Money, Salary, SalaryPeriod
    >>> offer = Offer("e1", datetime.date(2026, 4, 1), "USD", Salary(Money("1", "USD"), SalaryPeriod.YEAR),
    ...               metadata={"hris_id": "7"})
    >>> columns = columns_for([offer], with_summary=True)
    >>> columns[columns.index("metadata.hris_id"):][:3]
    ['metadata.hris_id', 'summary.currency', 'summary.annual.salary']
    """
    grants, keys, items = 0, dict[str, None](), dict.fromkeys(LISTS[1:], 0)
    for offer in offers:
        grants = max(grants, len(offer.grants))
        for name in items:
            items[name] = max(items[name], len(getattr(offer, name) or ()))
        keys |= dict.fromkeys(offer.metadata or {})
    columns = csv_columns(grants, list(keys), items=items)
    return columns + (list(SUMMARY_COLUMNS) if with_summary else [])


def write_csv(
    offers: Sequence[Offer], out: IO[str], summaries: Sequence[Summary] | None = None, *, raw: bool = False
) -> None:
    """Write *offers* as CSV to *out*: the header, then a row an offer (with their *summaries*, when given).

    >>> import datetime
    >>> import io
    >>> from tokencomp import Money, Offer, Salary, SalaryPeriod, read_csv, write_csv
    >>> offer = Offer("e1", datetime.date(2026, 4, 1), "USD", Salary(Money("185000.0", "USD"), SalaryPeriod.YEAR))
    >>> out = io.StringIO()
    >>> write_csv([offer], out)
    >>> [o.salary.rate for o in read_csv(out.getvalue()).offers]
    [Money(amount=Decimal('185000.0'), currency='USD')]
    """
    columns = columns_for(offers, with_summary=summaries is not None)
    writer = csv.writer(out)  # RFC 4180: "\r\n" ends a row, so a "\r" or "\n" in a cell is quoted
    writer.writerow(csv_header(columns))
    for index, offer in enumerate(offers):
        writer.writerow(csv_row(offer, columns, None if summaries is None else summaries[index], raw=raw))
