"""Commands that move offers between tokencomp and other systems: import, export-csv."""

from __future__ import annotations

import argparse
import csv
import functools
import io
import sys
from collections.abc import Iterator

from ..codec.converter import dumps
from ..codec.sources import RejectedRecord, check_encoding
from ..codec.validation import (
    DEFAULT_MAX_BYTES,
    ValidationReport,
)
from ..errors import (
    SourceError,
    TokencompError,
)
from ..importers import import_records
from ..importers.csv import (
    columns_for,
    csv_changes,
    csv_document,
    csv_header,
    csv_losses,
    csv_records,
    csv_row,
    explain,
)
from ..importers.finch import SHAPE as FINCH_SHAPE
from ..importers.finch import finch_document
from ..importers.jsonstream import json_records
from ..importers.merge import SHAPE as MERGE_SHAPE
from ..importers.merge import merge_document
from ..model.offer import Offer
from ..reports.summary import summarize
from ._common import EXIT_INVALID, EXIT_OK, UsageError, _Commands, _complain, _date, _positive_int
from ._inputs import _invalid, _open, _text_lines
from .documents import _as_lines, _documents

#: Where each JSON source keeps its records.
_RECORDS_KEY = {"merge": "results", "finch": "responses"}


_CONVERTERS = {"merge": merge_document, "finch": finch_document}


_SHAPES = {"merge": MERGE_SHAPE, "finch": FINCH_SHAPE}


def _import(args: argparse.Namespace) -> int:
    status = EXIT_OK
    stream: io.TextIOWrapper | None = None
    with _open(args.file) as binary:
        try:
            if args.source == "csv":
                check_encoding(binary.peek(4)[:4] if isinstance(binary, io.BufferedReader) else b"")
                # utf-8-sig: a spreadsheet's byte order mark is not part of the first column's name.
                # A byte that is not UTF-8 is kept as a stand-in, to reject its own row alone.
                stream = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="surrogateescape", newline="")
                convert = functools.partial(csv_document, effective_date=args.effective_date)
                outcomes = import_records(csv_records(_text_lines(stream, args.file)), convert, explain=explain)
            else:
                options = {"effective_date": args.effective_date, "days_per_year": args.days_per_year}
                convert = functools.partial(_CONVERTERS[args.source], **options)
                records = json_records(binary, _RECORDS_KEY[args.source])
                outcomes = import_records(records, convert, parse=True, shape=_SHAPES[args.source])
            written = 0
            for outcome in outcomes:
                if isinstance(outcome, RejectedRecord):
                    status = EXIT_INVALID
                    _complain(f"tokencomp: {_record_place(args, outcome)}: rejected: {outcome.reason}")
                    continue
                if args.format == "json":
                    print("[" if written == 0 else ",")
                print(dumps(outcome))
                written += 1
        except SourceError as exc:
            raise UsageError(f"{args.file}: {exc}") from None
        except UnicodeDecodeError:
            raise UsageError(f"{args.file}: not UTF-8 text") from None
        except csv.Error as exc:
            raise UsageError(f"{args.file}: not CSV that can be read: {exc}") from None
        finally:
            if stream is not None:
                stream.detach()  # the binary stream is closed by its own context (stdin is left open)
    if args.format == "json":
        print("[]" if written == 0 else "]")
    return status


def _record_place(args: argparse.Namespace, rejected: RejectedRecord) -> str:
    if args.source == "csv":
        row = "" if rejected.index is None else f" (row {rejected.index + 1})"  # an importer always gives it
        return f"{args.file}: line {rejected.line}{row}"
    return f"{args.file}: record {rejected.index}, line {rejected.line}"


def _export_csv(args: argparse.Namespace) -> int:
    def read() -> Iterator[tuple[int, int | None, ValidationReport]]:
        return _documents(args.file, _as_lines(args.file, args.lines), DEFAULT_MAX_BYTES)

    if args.file == "-":
        kept = list(read())  # standard input cannot be read twice: keep its documents
        read = lambda: iter(kept)  # noqa: E731
    # The first reading finds the columns (the most grants, every metadata key), the second writes the
    # rows: a file is read twice, one document at a time, and never held whole.
    count = 0

    def offers() -> Iterator[Offer]:
        nonlocal count
        for _, _, report in read():
            if report.document is not None:  # a valid offer's
                count += 1
                yield report.document

    columns = columns_for(offers(), with_summary=args.with_summary)
    writer = csv.writer(sys.stdout)  # RFC 4180 rows: a "\r" or "\n" in a cell is quoted
    if count:  # no valid offer, no table: the errors say why
        writer.writerow(csv_header(columns))
    status = EXIT_OK
    for _, line, report in read():
        place = f"{args.file}:{line}" if line is not None else args.file
        if report.document is None:  # an invalid offer's
            status = EXIT_INVALID
            _complain(f"tokencomp: {_invalid(place, 'offer', b'', report.problems)}")
            continue
        lost = csv_losses(report.document)
        if lost:
            status = EXIT_INVALID
            _complain(f"tokencomp: {place}: CSV cannot hold an empty string, array or object ({', '.join(lost)}): "
                      "it reads back as a key left out")  # fmt: skip
        changed = csv_changes(report.document)
        if changed:
            status = EXIT_INVALID
            _complain(f"tokencomp: {place}: CSV shows a line or paragraph separator (U+2028, U+2029) or an unmatched "
                      f"bidi isolate as U+FFFD ({', '.join(changed)}): it reads back changed")  # fmt: skip
        summary = None
        if args.with_summary:
            try:
                summary = summarize(report.document)
            except TokencompError as exc:
                status = EXIT_INVALID
                _complain(f"tokencomp: {place}: no summary figures: {exc}")
        writer.writerow(csv_row(report.document, columns, summary, raw=args.raw))
    return status


def add_import(commands: _Commands) -> None:
    import_cmd = commands.add_parser(
        "import",
        help="offers from an HR system's data: Merge, Finch or a CSV spreadsheet",
        description="Read Merge HRIS Employment objects, Finch /employer/employment responses or a CSV whose "
        "header names the contract's fields by dot path, and print the valid offers as JSON lines. Each rejected "
        "record goes to standard error with its index or line and why. Exit status 0 when every record was "
        "imported, 1 when some were rejected, 2 when the file cannot be read.",
    )
    import_cmd.add_argument("file", metavar="FILE", help="the source's file (JSON, or CSV with --from csv), or -")
    import_cmd.add_argument("--from", dest="source", required=True, choices=("merge", "finch", "csv"))
    import_cmd.add_argument(
        "--effective-date", type=_date, metavar="DATE", help="the effective date of records that give none"
    )
    import_cmd.add_argument(
        "--days-per-year", type=_positive_int, metavar="DAYS", help="days paid a year, to import day rates"
    )
    import_cmd.add_argument(
        "--format", choices=("jsonl", "json"), default="jsonl", help="jsonl: an offer a line; json: one array"
    )
    import_cmd.set_defaults(run=_import)


def add_export_csv(commands: _Commands) -> None:
    export_csv_cmd = commands.add_parser(
        "export-csv",
        help="offers as CSV for a spreadsheet, the columns named by the contract's dot paths",
        description="Write offers (.jsonl, a .json document, or - for standard input, JSON Lines with --lines) as "
        "CSV: a column a field, "
        "named by its dot path (salary.rate.amount), the same columns tokencomp import --from csv reads; with "
        "--with-summary, the summary's annual figures too.",
    )
    export_csv_cmd.add_argument("file", metavar="OFFERS", help="a .jsonl file of offers, a .json offer, or -")
    export_csv_cmd.add_argument(
        "--lines", action="store_true", help="read standard input (or a file not named .jsonl) as JSON Lines"
    )
    export_csv_cmd.add_argument(
        "--with-summary",
        action="store_true",
        help="add the annual figures: total compensation, fully loaded cost, token share, ...",
    )
    export_csv_cmd.add_argument(
        "--raw",
        action="store_true",
        help="write cells as they are, without neutralising those a spreadsheet would run as formulas "
        "(=, +, -, @, tab, carriage return first): for programs, never for spreadsheets",
    )
    export_csv_cmd.set_defaults(run=_export_csv)
