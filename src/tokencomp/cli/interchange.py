"""Commands that move offers between tokencomp and other systems: import, export-csv, export-ocf."""

from __future__ import annotations

import argparse
import csv
import datetime
import functools
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from .._internal.escaping import json_text, plain
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
    csv_records,
    csv_row,
    empty_values,
    explain,
    grant_lists,
)
from ..importers.finch import SHAPE as FINCH_SHAPE
from ..importers.finch import finch_document
from ..importers.jsonstream import json_records
from ..importers.merge import SHAPE as MERGE_SHAPE
from ..importers.merge import merge_document
from ..model.offer import Offer
from ..ocf import OcfIssuer, ocf_package, read_ocf, write_ocf
from ..reports.summary import summarize
from ._common import EXIT_INVALID, EXIT_OK, UsageError, _Commands, _complain, _date, _positive_int
from ._inputs import _invalid, _open, _text_lines
from .documents import _as_lines, _documents

#: Where each JSON source keeps its records.
_RECORDS_KEY = {"merge": "results", "finch": "responses"}


_CONVERTERS = {"merge": merge_document, "finch": finch_document}


_SHAPES = {"merge": MERGE_SHAPE, "finch": FINCH_SHAPE}


def _import(args: argparse.Namespace) -> int:
    if args.source == "ocf":
        return _import_ocf(args)
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


def _import_ocf(args: argparse.Namespace) -> int:
    try:
        result = read_ocf(args.file)
    except SourceError as exc:
        raise UsageError(str(exc)) from None
    for rejected in result.rejected:
        _complain(f"tokencomp: {rejected.where}: rejected: {rejected.reason}")
    documents = [holder.document() for holder in result.holders]
    if args.format == "json":
        print(json_text(documents, indent=2))
    else:
        for document in documents:
            print(json_text(document))
    return EXIT_INVALID if result.rejected else EXIT_OK


def _export_ocf(args: argparse.Namespace) -> int:
    offers: list[Offer] = []
    invalid = False
    for path in args.files:
        for _, line, report in _documents(path, _as_lines(path, args.lines), DEFAULT_MAX_BYTES):
            if report.document is None:  # an invalid offer's
                invalid = True
                place = f"{path}:{line}" if line is not None else path
                _complain(f"tokencomp: {_invalid(place, 'offer', b'', report.problems)}")
                continue
            offers.append(report.document)
    issuer = OcfIssuer(args.issuer_name, args.issuer_formed, args.issuer_country)
    package = ocf_package(offers, issuer, generated_at=args.generated_at)
    for refused in package.refused:
        _complain(f"tokencomp: {refused}")
    if invalid or package.refused:
        return EXIT_INVALID  # a cap table is one whole: one that leaves out some offers is not written
    try:
        written = write_ocf(package, Path(args.out))
    except OSError as exc:
        raise UsageError(f"{args.out}: cannot write the package: {exc}") from None
    issuances = sum(1 for t in package.transactions if t["object_type"] == "TX_EQUITY_COMPENSATION_ISSUANCE")
    print(plain(f"{written[-1]}: {len(package.stakeholders)} stakeholders, {issuances} issuances, "
                f"{len(package.vesting_terms)} vesting terms"))  # fmt: skip
    for note in package.notes:  # the report: what OCF has no field for
        print(plain(f"note: {note}"))
    return EXIT_OK


def _country(text: str) -> str:
    if len(text) != 2 or not text.isascii() or not text.isalpha():
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO 3166-1 alpha-2 country code such as US")
    return text.upper()


def _moment(text: str) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date and time such as 2026-12-05T14:00:00Z") from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r} has no offset: add Z or +01:00")
    return moment


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
        empty, nested = empty_values(report.document), grant_lists(report.document)
        if empty:
            status = EXIT_INVALID
            _complain(f"tokencomp: {place}: CSV cannot hold an empty string, array or object ({', '.join(empty)}): "
                      "it reads back as a key left out")  # fmt: skip
        if nested:
            status = EXIT_INVALID
            _complain(f"tokencomp: {place}: CSV has no columns for a grant's vesting segments or explicit tranches "
                      f"({', '.join(nested)}): the row leaves them out; export this offer as JSON, or its equity "
                      "with export-ocf")  # fmt: skip
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
        help="offers from an HR system's data: Merge, Finch or a CSV spreadsheet; grants from an OCF package",
        description="Read Merge HRIS Employment objects, Finch /employer/employment responses or a CSV whose "
        "header names the contract's fields by dot path, and print the valid offers as JSON lines; or read an Open "
        "Cap Format package (--from ocf, its folder) and print each stakeholder's grants as a JSON line. Each "
        "rejected record goes to standard error with its index or line and why. Exit status 0 when every record "
        "was imported, 1 when some were rejected, 2 when the file cannot be read.",
    )
    import_cmd.add_argument(
        "file", metavar="FILE", help="the source's file (JSON, or CSV with --from csv), or -; with --from ocf, the "
        "package's folder or manifest"
    )  # fmt: skip
    import_cmd.add_argument("--from", dest="source", required=True, choices=("merge", "finch", "csv", "ocf"))
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


def add_export_ocf(commands: _Commands) -> None:
    export_ocf_cmd = commands.add_parser(
        "export-ocf",
        help="offers' equity grants as an Open Cap Format (OCF) package",
        description="Write the equity grants of offers (.json documents or .jsonl files) as an Open Cap Format "
        "package in a folder: a manifest, a stakeholder per offer (identified by the offer's id only), a stock "
        "class and plan, vesting terms and one equity compensation issuance per grant. What OCF has no field for "
        "goes into the issuance's comments and is said in the report printed after the package's path. The package "
        "is written whole or not at all. Exit status 0 when it was written, 1 when an offer was invalid or a grant "
        "cannot be written exactly (nothing is written), 2 when a file cannot be read or written.",
    )
    export_ocf_cmd.add_argument("files", metavar="OFFER", nargs="+", help="a .json offer or a .jsonl file of offers")
    export_ocf_cmd.add_argument("--out", required=True, metavar="DIR", help="the package's folder (made if missing)")
    export_ocf_cmd.add_argument("--lines", action="store_true", help="read files not named .jsonl as JSON Lines")
    export_ocf_cmd.add_argument("--issuer-name", metavar="NAME", help="the company's legal name (OCF requires one)")
    export_ocf_cmd.add_argument("--issuer-formed", type=_date, metavar="DATE", help="the company's formation date")
    export_ocf_cmd.add_argument("--issuer-country", type=_country, metavar="CC", help="its country of formation")
    export_ocf_cmd.add_argument(
        "--generated-at", type=_moment, metavar="TIME", help="the manifest's generated_at (default: now), for "
        "a package that is the same byte for byte each time"
    )  # fmt: skip
    export_ocf_cmd.set_defaults(run=_export_ocf)
