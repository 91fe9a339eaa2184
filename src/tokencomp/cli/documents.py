"""Commands that check documents and describe their form: validate, schema."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import attrs

from .._internal.escaping import json_text, plain
from .._internal.files import write_text
from ..codec.bulk import is_document, read_lines, validate_many
from ..codec.bulk import too_large as too_large_problem
from ..codec.openapi import OPENAPI_FILE, openapi_json
from ..codec.schema import SCHEMAS, schema_json, write_schemas
from ..codec.validation import (
    DEFAULT_MAX_BYTES,
    ValidationReport,
    validate,
    validate_posting,
)
from ..errors import (
    Problem,
    SourceError,
)
from ._common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    _Commands,
    _complain,
    _not_one_of,
    _positive_int,
    _with_progress,
)
from ._inputs import _open, _read_at_most

LINES_SUFFIXES = (".jsonl", ".ndjson")


def _as_lines(path: str, lines: bool) -> bool:
    """Whether *path* is read as JSON Lines: by its name (.jsonl, .ndjson) or when --lines says so; else it is one
    document. One rule for every command that reads offers (validate, export-csv)."""
    return path.endswith(LINES_SUFFIXES) or lines


def _documents(
    path: str, as_lines: bool, max_bytes: int, kind: str = "offer", jobs: int = 1
) -> Iterator[tuple[int, int | None, ValidationReport]]:
    """Yield (index, line, report) for each document of *path*: one document, or JSON Lines a line at a time.

    *kind* is ``"offer"`` or ``"posting"``. With *jobs* above 1, the lines of JSON Lines are checked by
    :func:`~tokencomp.codec.bulk.validate_many` across processes (verdicts and problems, no documents); else each
    report is :func:`validate`'s own, its document too (export-csv reads them).
    """
    check = validate_posting if kind == "posting" else validate
    if path != "-" and not as_lines:
        try:
            size = Path(path).stat().st_size
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
        if size > max_bytes:
            too_large = Problem("", "too-large", f"the document is {size:,} bytes; the most read is {max_bytes:,}")
            yield 0, None, ValidationReport((too_large,))
            return
    if not as_lines:
        data = _read_at_most(path, max_bytes)
        if len(data) > max_bytes:
            yield 0, None, ValidationReport((too_large_problem(max_bytes),))
            return
        report = check(data, max_bytes=max_bytes)
        yield 0, None, report if path.endswith(".json") else _with_lines_hint(report)
        return
    try:
        with _open(path) as stream:
            if jobs > 1:
                source: IO[bytes] | str = stream if path == "-" else path
                checked = validate_many(source, jobs=jobs, kind=kind, max_bytes=max_bytes)  # type: ignore[arg-type]
                for index, (number, report) in enumerate(checked):
                    yield index, number, report
                return
            lines = (item for item in read_lines(stream, max_bytes) if is_document(item[1]))
            for index, (number, line) in enumerate(lines):
                if line is None:
                    yield index, number, ValidationReport((too_large_problem(max_bytes, "line"),))
                else:
                    yield index, number, check(line, max_bytes=max_bytes)
    except SourceError as exc:
        raise UsageError(str(exc)) from None


def _with_lines_hint(report: ValidationReport) -> ValidationReport:
    """*report*, with a hint to give --lines when it says the text holds more than one JSON value."""
    first = report.problems[0] if report.problems else None
    if first is None or first.code != "invalid-json" or "after the end of the first JSON value" not in first.message:
        return report
    hint = "; give --lines to read it as JSON Lines, one document a line (or name the file .jsonl)"
    return ValidationReport((attrs.evolve(first, message=first.message + hint),))


def _validate(args: argparse.Namespace) -> int:
    kind = "posting" if args.posting else "offer"
    status = EXIT_OK
    valid = invalid = unreadable = 0
    for path in args.files:
        as_lines = _as_lines(path, args.lines)
        try:
            for index, line, report in _with_progress(
                _documents(path, as_lines, args.max_bytes, kind, args.jobs), path
            ):
                status = max(status, EXIT_OK if report.valid else EXIT_INVALID)
                valid, invalid = valid + report.valid, invalid + (not report.valid)
                if not args.quiet and not (args.only_invalid and report.valid):
                    print(_report_line(path, index, line, report, args.format))
        except UsageError as exc:
            _complain(f"tokencomp: error: {exc}")
            status, unreadable = EXIT_USAGE, unreadable + 1
    if args.format == "text":
        print(_totals(valid, invalid, unreadable))
    return status


def _count(number: int, noun: str) -> str:
    """*number* and *noun*, plural unless one: ``1 problem``, ``3 documents``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _totals(valid: int, invalid: int, unreadable: int) -> str:
    """The last line of a text report, such as ``3 documents: 2 valid, 1 invalid``."""
    line = f"{_count(valid + invalid, 'document')}: {valid} valid, {invalid} invalid"
    if unreadable:
        line += f"; {unreadable} file{' was' if unreadable == 1 else 's were'} not read"
    return line


def _report_line(path: str, index: int, line: int | None, report: ValidationReport, form: str) -> str:
    if form == "json":
        record: dict[str, Any] = {"source": path, "index": index}
        if line is not None:
            record["line"] = line
        record |= {
            "valid": report.valid,
            "errors": [{"pointer": p.pointer, "code": p.code, "message": p.message} for p in report.problems],
        }
        return json_text(record)
    where = plain(f"{path}:{line}" if line is not None else path)
    if report.valid:
        return f"{where}: valid"
    details = "".join(f"\n  {plain(p.pointer or '/')}: {plain(p.message)} [{p.code}]" for p in report.problems)
    return f"{where}: invalid, {_count(len(report.problems), 'problem')}{details}"


def _schema(args: argparse.Namespace) -> int:
    if args.openapi:
        return _openapi(args)
    names = [args.name] if args.name else list(SCHEMAS)
    unknown = [n for n in names if n not in SCHEMAS]
    if unknown:
        raise _not_one_of("schema", unknown[0], list(SCHEMAS))
    if args.out is None:
        print(schema_json(names[0]), end="")
        return EXIT_OK
    if not args.out.strip():
        raise UsageError("--out needs a folder: '' names none (give . for this one)")
    try:
        written = write_schemas(Path(args.out), names)
    except OSError as exc:
        raise UsageError(f"cannot write to {args.out}: {exc.strerror or exc}") from None
    print("\n".join(str(path) for path in written))
    return EXIT_OK


def _openapi(args: argparse.Namespace) -> int:
    if args.name:
        raise UsageError("--openapi holds every schema: give no NAME with it")
    if args.out is None:
        print(openapi_json(), end="")
        return EXIT_OK
    if not args.out.strip():
        raise UsageError("--out needs a folder: '' names none (give . for this one)")
    path = Path(args.out) / OPENAPI_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text(path, openapi_json())
    except OSError as exc:
        raise UsageError(f"cannot write to {args.out}: {exc.strerror or exc}") from None
    print(path)
    return EXIT_OK


def add_validate(commands: _Commands) -> None:
    validate_cmd = commands.add_parser(
        "validate",
        help="validate offer documents and report every problem",
        description="Validate offers: .json documents, .jsonl files of documents, or - for standard input. "
        "Text output ends with the totals. "
        "Exit status 0 when all are valid, 1 when any is not, 2 when a file cannot be read.",
    )
    validate_cmd.add_argument("files", metavar="FILE", nargs="+", help="a .json or .jsonl file, or -")
    validate_cmd.add_argument("--format", choices=("text", "json"), default="text", help="json: one line a document")
    validate_cmd.add_argument(
        "--lines", action="store_true", help="read standard input (or a file not named .jsonl) as JSON Lines"
    )
    validate_cmd.add_argument(
        "--max-bytes",
        type=_positive_int,
        default=DEFAULT_MAX_BYTES,
        help="largest document read (default: %(default)s)",
    )
    validate_cmd.add_argument("--quiet", action="store_true", help="print only the totals; the exit status says it")
    validate_cmd.add_argument("--only-invalid", action="store_true", help="report only the documents not valid")
    validate_cmd.add_argument("--posting", action="store_true", help="the documents are job postings, not offers")
    validate_cmd.add_argument(
        "--jobs",
        type=_positive_int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="processes that check JSON Lines, in chunks, in the file's order (default: all cores, %(default)s)",
    )
    validate_cmd.set_defaults(run=_validate)


def add_schema(commands: _Commands) -> None:
    schema_cmd = commands.add_parser("schema", help="print or write the JSON Schemas (draft 2020-12)")
    schema_cmd.add_argument("name", nargs="?", metavar="NAME", help=f"one of: {', '.join(SCHEMAS)}")
    schema_cmd.add_argument("--out", metavar="DIR", help="write NAME.json files into DIR instead of printing")
    schema_cmd.add_argument(
        "--openapi",
        action="store_true",
        help=f"an OpenAPI 3.1 document whose components hold every schema (written as {OPENAPI_FILE} with --out)",
    )
    schema_cmd.set_defaults(run=_schema)
