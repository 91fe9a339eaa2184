"""The ``tokencomp`` command line.

Exit status: 0 on success, 1 when a document is not a valid offer (or
posting) or a figure cannot be worked out from it (such as a missing exchange
rate), 2 when a file cannot be read or the command is misused. A file that
was read but holds no JSON document (empty, CSV, not JSON) is an invalid
document: 1. When the reader of the output goes away (``| head``), the
command stops quietly with the status of a process ended by SIGPIPE (141).
Errors are one line on standard error, never a traceback.

Inputs are read at most their limit + 1 bytes (``--max-bytes``, 1 MiB by
default, for documents and each JSON Lines line; :data:`RATES_MAX_BYTES` for
``--rates``), so memory follows the limits, not the input. Text that quotes
data (ids, titles, file names, model names) shows control and bidi
characters as U+FFFD (:func:`tokencomp.escaping.plain`).
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import contextlib
import csv
import datetime
import functools
import importlib.resources
import io
import itertools
import os
import signal
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, NoReturn, TypeVar

import attrs

from . import __version__
from .advisories import AdvisoryPolicy
from .codec import dumps, parse_json, unstructure
from .compare import compare, comparison_text
from .datadir import DATA_DIR_VARIABLE, PRICE_FILE, RATE_FILES, DataSource, data_dir
from .errors import (
    DataFileError,
    InvalidDocumentError,
    InvalidOfferError,
    InvalidPostingError,
    Problem,
    SourceError,
    TokencompError,
    UnknownModelError,
    close_matches,
)
from .escaping import json_text, plain
from .estimates import tokens_per_working_day, words_for_tokens
from .files import write_text
from .fx import FxRate, RateTable, default_rates, rate_sources, read_ecb
from .gateways import DEFAULT_SOFT_SHARE, Gateway, gateway_limits
from .importers import Rejected, import_records
from .importers.csv import columns_for, csv_document, csv_losses, csv_records, csv_row, explain
from .importers.finch import SHAPE as FINCH_SHAPE
from .importers.finch import finch_document
from .importers.jsonstream import json_records
from .importers.merge import SHAPE as MERGE_SHAPE
from .importers.merge import merge_document
from .leaderboard import leaderboard_for, leaderboard_text, parse_period
from .ledger import ValueAt, ledger_for, ledger_svg, ledger_text
from .limits import MAX_FRACTION_DIGITS, decimal_problems
from .money import Money, in_context, minor_unit, to_decimal
from .offer import Offer
from .openapi import OPENAPI_FILE, openapi_json
from .posting import JobPosting, jsonld_text
from .pricing import (
    ServiceTier,
    TokenPrice,
    UsageMix,
    cost_of_tokens,
    default_prices,
    price_sources,
    tokens_for_budget,
)
from .render import parse_locale, posting_text, statement_html, statement_text, summary_text
from .request_price import price_request
from .schema import SCHEMAS, schema_json, write_schemas
from .sources import check_encoding
from .summary import summarize
from .usage import RejectedRecord, UsageRecord, read_usage
from .validation import (
    DEFAULT_MAX_BYTES,
    ValidationReport,
    load_offer,
    load_posting,
    validate,
    validate_posting,
)
from .wording import format_amount, format_money, format_rate, rate_dates

__all__ = ["main"]

T = TypeVar("T")

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
#: The status of a process ended by SIGPIPE, as a shell reports it: the reader went away.
EXIT_PIPE_CLOSED = 128 + getattr(signal, "SIGPIPE", 13)


class UsageError(Exception):
    """The command was misused or a file could not be read: exit status 2."""


class _InvalidDocumentLine(Exception):
    """A document is not a valid offer or posting, said in the one line printed: exit status 1.

    The library's :class:`~tokencomp.errors.InvalidDocumentError` carries the
    problems; this carries what the command line makes of them.
    """


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on standard error, as every other error is."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, plain(f"{self.prog}: error: {message} (see {self.prog} --help)") + "\n")


def _examples(kind: str = "examples") -> dict[str, importlib.resources.abc.Traversable]:
    """The bundled documents of one *kind*: ``examples`` (offers) or ``postings``."""
    folder = importlib.resources.files("tokencomp") / "data" / kind
    return {f.name.removesuffix(".json"): f for f in folder.iterdir() if f.name.endswith(".json")}


def _example(name: str, kind: str = "examples") -> bytes:
    examples = _examples(kind)
    if name not in examples:
        other = "postings" if kind == "examples" else "examples"
        if name in _examples(other):
            command = "posting" if other == "postings" else "summarize"
            raise UsageError(f"{name!r} is a bundled {_BUNDLED[other]}: use it with tokencomp {command} --example")
        raise _not_one_of("example", name, sorted(examples))
    return examples[name].read_bytes()


_BUNDLED = {"examples": "offer", "postings": "posting"}


def _not_one_of(what: str, name: str, choices: Sequence[str]) -> UsageError:
    """The error for a *name* that is none of *choices*: the closest one, and the list."""
    near = close_matches(name, choices, n=1)
    hint = f"did you mean {near[0]!r}? " if near else ""
    return UsageError(f"no {what} {name!r}; {hint}there are: {', '.join(choices)}")


#: The largest exchange-rate file read with --rates: the ECB's whole history since 1999, as XML, is about 6 MB.
RATES_MAX_BYTES = 32 * 1024 * 1024


def _open(path: str) -> contextlib.AbstractContextManager[IO[bytes]]:
    """*path* opened for reading bytes (``-``: standard input, left open for a later ``-``)."""
    if path == "-":
        return contextlib.nullcontext(sys.stdin.buffer)
    try:
        return Path(path).open("rb")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None


def _read_at_most(path: str, limit: int) -> bytes:
    """The bytes of *path*, at most *limit* + 1 of them: more than *limit* says the input is too large.

    Every command reads its inputs through this (or :func:`_lines`), so memory is bounded by the
    limit, never by the input: a 1 GB file or ``/dev/zero`` costs *limit* + 1 bytes.
    """
    with _open(path) as stream:
        try:
            return stream.read(limit + 1)
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None


def _too_large(limit: int, what: str = "document") -> Problem:
    return Problem("", "too-large", f"the {what} is more than {limit:,} bytes; the most read is {limit:,}")


def _read(path: str, limit: int = DEFAULT_MAX_BYTES, kind: str = "offer") -> bytes:
    """The bytes of *path* (``-``: standard input); more than *limit* is an invalid *kind* of document (exit 1)."""
    data = _read_at_most(path, limit)
    if len(data) > limit:
        raise _InvalidDocumentLine(f"{path}: invalid {kind}, {_too_large(limit).message}")
    return data


def _lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Each line of *stream* and its number, without its line break; None for a line of more than *limit* bytes.

    A line is read at most *limit* + 2 bytes at a time (its line break may be two): the rest of a
    longer line is passed over a piece at a time, never held whole.
    """
    number = 0
    while line := stream.readline(limit + 2):
        number += 1
        if not line.endswith(b"\n") and len(line) == limit + 2:
            while (rest := stream.readline(limit + 2)) and not rest.endswith(b"\n"):
                pass
            yield number, None
            continue
        line = line.rstrip(b"\r\n")
        yield number, None if len(line) > limit else line


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date such as 2026-04-01") from None


def _amount(text: str) -> Decimal:
    try:
        return to_decimal(text)
    except (ValueError, TypeError):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a decimal amount such as 12000 or 1250.50 (no thousands separators)"
        ) from None


def _positive_amount(text: str) -> Decimal:
    amount = _amount(text)
    if amount <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be more than zero")
    return amount


def _whole_number(text: str, minimum: int, wanted: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = minimum - 1
    if number < minimum:
        raise argparse.ArgumentTypeError(f"{text!r} is not {wanted}")
    return number


def _days(text: str) -> int:
    return _whole_number(text, 0, "a number of days such as 7")


def _policy(args: argparse.Namespace) -> AdvisoryPolicy | None:
    return None if args.stale_rates_after is None else AdvisoryPolicy(max_rate_age_days=args.stale_rates_after)


def _positive_int(text: str) -> int:
    return _whole_number(text, 1, "a whole number above zero")


def _tokens(text: str) -> int:
    return _whole_number(text, 0, "a whole number of tokens, 0 or more")


def _checked(check: Callable[[str], object], errors: type[Exception]) -> Callable[[str], str]:
    """An argument type that keeps the text as given once *check* accepts it, and says *check*'s error if not."""

    def argument(text: str) -> str:
        try:
            check(text)
        except errors as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
        return text

    return argument


_locale = _checked(parse_locale, ValueError)
_currency = _checked(minor_unit, LookupError)


def _code(text: str) -> str:
    """A currency code given as a positional word, where argparse cannot check it."""
    try:
        minor_unit(text)
    except LookupError as exc:
        raise UsageError(str(exc)) from None
    return text


def _rates(path: str) -> RateTable:
    data = _read_at_most(path, RATES_MAX_BYTES)
    if len(data) > RATES_MAX_BYTES:
        raise UsageError(f"{path} is more than {RATES_MAX_BYTES:,} bytes, the most read of an exchange-rate file")
    try:
        return read_ecb(data, source=path)
    except (UnicodeDecodeError, ValueError) as exc:
        raise UsageError(f"{path} is not an ECB reference-rate file (CSV or XML): {exc}") from None


SHARE_PLACES = Decimal(1).scaleb(-MAX_FRACTION_DIGITS)


@in_context
def _mix(text: str) -> UsageMix:
    """input:output[:cached_input] as ratios, such as 3:1 or 0.6:0.2:0.2."""
    try:
        ratios = [to_decimal(part) for part in text.split(":")]
    except (ValueError, TypeError):
        ratios = []
    if len(ratios) not in (2, 3) or any(r < 0 for r in ratios) or sum(ratios) == 0:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a usage mix: give input:output or input:output:cached_input ratios, such as 3:1"
        )
    total = sum(ratios)
    shares = [r / total for r in ratios[:-1]]
    # To the contract's 12 places, as a document's shares are (offer-v1 limits).
    shares = [share.quantize(SHARE_PLACES) if decimal_problems(share) else share for share in shares]
    shares.append(Decimal(1) - sum(shares, Decimal(0)))  # the last share takes the rest: they sum to exactly 1
    return UsageMix(*shares)


def _price(args: argparse.Namespace) -> TokenPrice:
    if args.model and args.prices:
        raise UsageError("give --model or --prices, not both")
    if args.model:
        try:
            return default_prices().price(args.model)
        except UnknownModelError as exc:
            raise UsageError(f"{exc} ('tokencomp models' lists every model)") from None
    if not args.prices:
        raise UsageError("converting tokens needs prices: give --model NAME or --prices INPUT OUTPUT [CACHED]")
    if len(args.prices) not in (2, 3):
        raise UsageError("--prices takes INPUT OUTPUT [CACHED_INPUT], each a price a million tokens")
    figures = [to_decimal(p) for p in args.prices]
    return TokenPrice(
        "explicit", "explicit", args.price_currency, figures[0], figures[1],
        # Prices given now are dated now (or --as-of), never by the newest date of the rate table.
        args.as_of or datetime.date.today(), figures[2] if len(figures) == 3 else None, "command line",
    )  # fmt: skip


def _convert(args: argparse.Namespace) -> int:
    source, target = args.unit.upper(), args.to.upper()
    rates = _rates(args.rates) if args.rates else default_rates()
    amount = to_decimal(args.amount)
    result: dict[str, Any]
    if source != "TOKENS" and target != "TOKENS":
        on = args.as_of or datetime.date.today()  # the date asked for: --max-age counts from it
        exact, fx = rates.convert(Money(amount, _code(source)), _code(target), on, max_age_days=args.max_age)
        result = {"from": unstructure(Money(amount, source)), "to": unstructure(exact.rounded()),
                  "exact": str(exact.amount), "as_of": str(on), "fx": unstructure(fx)}  # fmt: skip
        text = f"{format_money(amount, source)} = {format_money(exact.rounded().amount, target)} ({_fx_text(fx, on)})"
    elif args.mix is None:
        _price(args)  # a missing price is named first: the model is the first thing to choose
        raise UsageError("converting tokens needs --mix, such as 3:1 (input:output) or 6:2:2 (with cached input)")
    elif target == "TOKENS":
        quote = tokens_for_budget(
            Money(amount, _code(source)), _price(args), args.mix, on=args.as_of, rates=rates, max_age_days=args.max_age
        )
        result, text = unstructure(quote), f"{format_money(amount, source)} buys {format_amount(quote.tokens)} tokens"
    else:
        if amount != amount.to_integral_value() or amount < 0:
            raise UsageError(f"{args.amount} is not a whole number of tokens")
        quote = cost_of_tokens(
            int(amount), _price(args), args.mix, _code(target), on=args.as_of, rates=rates, max_age_days=args.max_age
        )
        result = unstructure(quote)
        text = f"{format_amount(quote.tokens)} tokens cost {format_money(quote.cost.amount, target)}"
    if "price" in result:
        price = quote.price
        text += (
            f" of {plain(price.model)} ({plain(price.provider)}) at a blended "
            f"{format_money(quote.blended_per_million.amount, price.currency)} a million tokens ({quote.tier}); "
            f"prices as of {price.as_of}, {plain(str(price.source))}"
        )
        if quote.fx is not None:
            text += f"; {_fx_text(quote.fx, args.as_of or price.as_of)}"
        result["estimates"] = {"words": str(words_for_tokens(quote.tokens))}
        if args.per:
            per_year = quote.tokens * (12 if args.per == "month" else 1)
            result["estimates"]["tokens_per_working_day"] = str(tokens_per_working_day(per_year))
        text += "".join(f"\n  {value}" for value in result["estimates"].values())
    print(json_text(result, indent=2) if args.format == "json" else text)
    return EXIT_OK


def _price_one_request(args: argparse.Namespace) -> int:
    try:
        request = price_request(
            args.model, input_tokens=args.input, output_tokens=args.output, cached_input_tokens=args.cached,
            cache_write_tokens=args.cache_write, service_tier=args.service_tier, as_of=args.as_of,
        )  # fmt: skip
    except UnknownModelError as exc:
        raise UsageError(f"{exc} ('tokencomp models' lists every model)") from None
    prices = unstructure(request.prices)
    del prices["model"]
    if args.format == "json":
        result = {"model": request.model, "cost": unstructure(request.cost), "tier": request.tier, "prices": prices,
                  "as_of": str(request.as_of), "source": request.source}  # fmt: skip
        print(json_text(result, indent=2))
        return EXIT_OK
    counts = (("input", request.input_tokens), ("output", request.output_tokens),
              ("cached input", request.cached_input_tokens), ("cache write", request.cache_write_tokens))  # fmt: skip
    used = [(name, count) for name, count in counts if count]
    tokens = " + ".join(f"{format_amount(count)} {name}" for name, count in used) or "no"
    per_million = ", ".join(
        f"{name} {prices[field]}" for name, field in (("input", "input_per_million"), ("output", "output_per_million"),
        ("cached input", "cached_input_per_million"), ("cache write", "cache_write_per_million")) if field in prices
    )  # fmt: skip
    print(
        f"{plain(request.model)}: {tokens} tokens cost {request.cost.amount} {request.cost.currency}, exactly "
        f"({request.tier} tier; a million tokens: {per_million} {request.cost.currency}); "
        f"prices as of {request.as_of}, {plain(request.source)}"
    )
    return EXIT_OK


def _fx_text(fx: FxRate, asked: datetime.date) -> str:
    source = plain(fx.source)
    return f"1 {fx.from_currency} = {format_rate(fx.rate)} {fx.to_currency}, {rate_dates([fx], asked)}; {source}"


#: How many problems an error line names before it points to ``tokencomp validate`` for the rest.
PROBLEMS_SHOWN = 3

# What each kind of document is called, how to validate it, and what to do with it.
_KINDS = {
    "offer": ("offer-v1", "tokencomp validate", "summarize, statement or compare"),
    "posting": ("job-posting-v1", "tokencomp validate --posting", "posting"),
}


def _kind_of(data: bytes) -> str | None:
    """The kind of document *data* looks like, from the keys only one kind requires; None when unclear."""
    try:
        document = parse_json(data)
    except InvalidDocumentError:
        return None
    if not isinstance(document, dict):
        return None
    required = {kind: set(SCHEMAS[schema]()["required"]) for kind, (schema, *_) in _KINDS.items()}
    shared = set.intersection(*required.values())
    found = {kind: len((keys - shared) & document.keys()) for kind, keys in required.items()}
    likely = [kind for kind, count in found.items() if count >= 2 and sum(found.values()) == count]
    return likely[0] if likely else None


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _invalid(where: str, kind: str, data: bytes, problems: Sequence[Problem]) -> _InvalidDocumentLine:
    """One line that says why *data* is not a valid *kind*: another kind of document, or its first problems."""
    validate_command = _KINDS[kind][1]
    other = _kind_of(data)
    if other is not None and other != kind:
        return _InvalidDocumentLine(
            f"{where}: this looks like {_a(other)}, not {_a(kind)}: use tokencomp {_KINDS[other][2]} with it"
        )
    shown = "; ".join(f"{p.pointer or '/'}: {p.message}" for p in problems[:PROBLEMS_SHOWN])
    rest = f"; … run `{validate_command} {where}` for all {len(problems)}" if len(problems) > PROBLEMS_SHOWN else ""
    count = f"{len(problems)} problems: " if len(problems) > 1 else ""
    return _InvalidDocumentLine(f"{where}: invalid {kind}, {count}{shown}{rest}")


def _offer_in(data: bytes, where: str) -> Offer:
    try:
        return load_offer(data)
    except InvalidOfferError as exc:
        raise _invalid(where, "offer", data, exc.problems) from None


def _offer_from(path: str) -> Offer:
    return _offer_in(_read(path), path)


def _posting_in(data: bytes, where: str) -> JobPosting:
    try:
        return load_posting(data)
    except InvalidPostingError as exc:
        raise _invalid(where, "posting", data, exc.problems) from None


def _one_of(file: str | None, example: str | None) -> None:
    if (file is None) == (example is None):
        raise UsageError("give a FILE, or --example NAME for a bundled example")


def _offer_of(file: str | None, example: str | None) -> Offer:
    """The offer of a command's FILE or --example NAME, exactly one of them given."""
    _one_of(file, example)
    return _offer_in(_example(example), example) if example is not None else _offer_from(str(file))


def _summarize(args: argparse.Namespace) -> int:
    offer = _offer_of(args.file, args.example)
    locale = parse_locale(args.locale) if args.locale else None
    rates = _rates(args.rates) if args.rates else None
    baseline = None
    if args.baseline_spend is not None:
        baseline = Money(args.baseline_spend, args.currency or offer.currency)
    summary = summarize(
        offer, currency=args.currency, as_of=args.as_of, rates=rates, baseline_spend=baseline,
        policy=_policy(args), max_age_days=args.max_age,
    )  # fmt: skip
    print(dumps(summary, indent=2) if args.format == "json" else summary_text(summary, locale or "en_US"))
    return EXIT_OK


LINES_SUFFIXES = (".jsonl", ".ndjson")


def _documents(
    path: str,
    as_lines: bool,
    max_bytes: int,
    check: Callable[..., ValidationReport] = validate,
    workers: _Workers | None = None,
) -> Iterator[tuple[int, int | None, ValidationReport]]:
    """Yield (index, line, report) for each document of *path*, reading JSON Lines one line at a time.

    *check* validates one document: :func:`validate` for offers, :func:`validate_posting` for postings.
    With *workers*, the lines of JSON Lines are checked in chunks by their processes, in the file's order.
    """
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
            yield 0, None, ValidationReport((_too_large(max_bytes),))
            return
        report = check(data, max_bytes=max_bytes)
        yield 0, None, _with_lines_hint(report) if path == "-" else report
        return
    with _open(path) as stream:
        file_size = _file_size(stream)
        if workers is not None and file_size is not None and file_size > RANGE_BYTES:
            yield from workers.check_file(stream, path, file_size, check, max_bytes)
            return
        documents = _documents_in(_lines(stream, max_bytes))
        if workers is not None and file_size is None:
            yield from workers.check(_chunks(documents), check, max_bytes)
            return
        for index, number, line in documents:
            yield index, number, _check_line(check, max_bytes, line)


def _file_size(stream: IO[bytes]) -> int | None:
    """The size of *stream* when it is a regular file (whose workers can read their own ranges); else None."""
    try:
        status = os.fstat(stream.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        return None
    return status.st_size if stat.S_ISREG(status.st_mode) else None


def _documents_in(lines: Iterator[tuple[int, bytes | None]]) -> Iterator[tuple[int, int, bytes | None]]:
    """(index, line number, text) of each line of JSON Lines that is not blank; None for one too long."""
    index = 0
    for number, line in lines:
        if _is_document(line):
            # Without its line break a line is one line of text: its problems name a column,
            # and the report names the file's line.
            yield index, number, line
            index += 1


def _is_document(line: bytes | None) -> bool:
    """Whether a line of JSON Lines holds a document to check: any but a blank one (None: one too long)."""
    return line is None or bool(line.strip())


def _check_line(check: Callable[..., ValidationReport], max_bytes: int, line: bytes | None) -> ValidationReport:
    """The report of one line of JSON Lines (None: a line longer than *max_bytes*)."""
    if line is None:
        return ValidationReport((_too_large(max_bytes, "line"),))
    return check(line, max_bytes=max_bytes)


#: The most lines, and bytes, in one chunk of JSON Lines read from a pipe and sent to a worker process.
CHUNK_LINES, CHUNK_BYTES = 2000, 4 << 20
#: About how many bytes of a file each worker reads for itself at a time (a range ends with a line break).
RANGE_BYTES = 1 << 20
#: A file is read this many bytes at a time when looking for the line break that ends a range.
_SCAN_BYTES = 1 << 16
#: The report of every valid line, shared: a worker sends back only the problems of the others.
_VALID = ValidationReport(())


def _ranges(stream: IO[bytes], size: int) -> Iterator[tuple[int, int]]:
    """(start, length) of consecutive ranges of the first *size* bytes of *stream*, each ending with a line break.

    Each is about RANGE_BYTES long: it ends with the first line break from there (or at *size*),
    looked for a piece at a time, so a line of any length is never held whole.
    """
    start = 0
    while start < size:
        end = start + RANGE_BYTES
        while end < size:
            stream.seek(end)
            piece = stream.read(_SCAN_BYTES)
            if not piece:  # the end of the file, shorter now than *size*
                end = size
                break
            found = piece.find(b"\n")
            if found >= 0:
                end += found + 1
                break
            end += len(piece)
        end = min(end, size)
        yield start, end - start
        start = end


def _check_range(
    check: Callable[..., ValidationReport], max_bytes: int, path: str, start: int, length: int
) -> tuple[int, list[tuple[int, tuple[Problem, ...]]]]:
    """Check the documents in *length* bytes of *path* from *start* (in a worker process, which reads them itself).

    Returns the number of lines in the range and, for each document (line that is not blank), its
    line number in the range and its problems: no document or report is pickled back, so the
    command's process does next to nothing a line.
    """
    checked = []
    number = 0
    with Path(path).open("rb") as stream:
        stream.seek(start)
        end = start + length
        for number, line in _lines(stream, max_bytes):
            if _is_document(line):
                checked.append((number, _check_line(check, max_bytes, line).problems))
            if stream.tell() >= end:
                break
    return number, checked  # the last line's number is how many lines the range holds


def _chunks(lines: Iterator[tuple[int, int, bytes | None]]) -> Iterator[list[tuple[int, int, bytes | None]]]:
    """Group *lines* into chunks of at most CHUNK_LINES lines and about CHUNK_BYTES bytes."""
    chunk: list[tuple[int, int, bytes | None]] = []
    size = 0
    for item in lines:
        chunk.append(item)
        size += len(item[2] or b"")
        if len(chunk) >= CHUNK_LINES or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _check_chunk(
    check: Callable[..., ValidationReport], max_bytes: int, chunk: list[tuple[int, int, bytes | None]]
) -> list[tuple[int, int, ValidationReport]]:
    """Check each line of *chunk* (in a worker process): the reports' problems, without documents.

    The command reports verdicts and problems only; a document would be pickled back for nothing.
    """
    return [
        (index, number, ValidationReport(_check_line(check, max_bytes, line).problems)) for index, number, line in chunk
    ]


class _Workers:
    """Worker processes for validate --jobs, started only when a file has more than one chunk."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None

    def check(
        self,
        chunks: Iterator[list[tuple[int, int, bytes | None]]],
        check: Callable[..., ValidationReport],
        max_bytes: int,
    ) -> Iterator[tuple[int, int, ValidationReport]]:
        """Check *chunks* across the processes and yield their reports in the file's order.

        At most two chunks a process are read ahead, so memory stays bounded whatever the file's size.
        """
        first = next(chunks, [])
        second = next(chunks, None)
        if second is None:  # one chunk at most: not worth starting processes
            yield from _check_chunk(check, max_bytes, first)
            return
        pool = self._pool()
        submitted = (
            pool.submit(_check_chunk, check, max_bytes, chunk) for chunk in itertools.chain([first, second], chunks)
        )
        for reports in self._in_order(submitted):
            yield from reports

    def check_file(
        self, stream: IO[bytes], path: str, size: int, check: Callable[..., ValidationReport], max_bytes: int
    ) -> Iterator[tuple[int, int, ValidationReport]]:
        """Check the first *size* bytes of file *path* (open as *stream*) across the processes, each reading its ranges.

        Reports come in the file's order, numbered as :func:`_documents` numbers them.
        """
        pool, where = self._pool(), str(Path(path).absolute())
        submitted = (
            pool.submit(_check_range, check, max_bytes, where, start, length) for start, length in _ranges(stream, size)
        )
        index = line_base = 0
        try:
            for lines, checked in self._in_order(submitted):
                for number, problems in checked:
                    yield index, line_base + number, ValidationReport(problems) if problems else _VALID
                    index += 1
                line_base += lines
        except OSError as exc:  # the file went away, or cannot be read, while the workers read it
            raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None

    def _pool(self) -> concurrent.futures.ProcessPoolExecutor:
        if self.pool is None:
            self.pool = concurrent.futures.ProcessPoolExecutor(self.jobs)
        return self.pool

    def _in_order(self, submitted: Iterator[concurrent.futures.Future[T]]) -> Iterator[T]:
        """The results of *submitted*, in its order, with at most two a process submitted ahead (bounded memory)."""
        pending: collections.deque[concurrent.futures.Future[T]] = collections.deque()
        for future in submitted:
            pending.append(future)
            if len(pending) >= 2 * self.jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def _with_lines_hint(report: ValidationReport) -> ValidationReport:
    """*report*, with a hint to give --lines when it says the text holds more than one JSON value."""
    first = report.problems[0] if report.problems else None
    if first is None or first.code != "invalid-json" or "after the end of the first JSON value" not in first.message:
        return report
    hint = "; give --lines to read standard input as JSON Lines, one document a line"
    return ValidationReport((attrs.evolve(first, message=first.message + hint),))


def _with_progress(reports: Iterator[Any], label: str, unit: str = " docs") -> Iterator[Any]:
    """Show a progress display on a terminal when the optional tqdm is installed."""
    if not sys.stderr.isatty():
        return reports
    try:
        from tqdm import tqdm
    except ImportError:
        return reports
    return iter(tqdm(reports, desc=label, unit=unit, file=sys.stderr, leave=False))


def _validate(args: argparse.Namespace) -> int:
    check = validate_posting if args.posting else validate
    workers = _Workers(args.jobs) if args.jobs > 1 else None
    try:
        return _validate_files(args, check, workers)
    finally:
        if workers is not None:
            workers.close()


def _validate_files(args: argparse.Namespace, check: Callable[..., ValidationReport], workers: _Workers | None) -> int:
    status = EXIT_OK
    valid = invalid = unreadable = 0
    for path in args.files:
        as_lines = path.endswith(LINES_SUFFIXES) or (path == "-" and args.lines)
        try:
            for index, line, report in _with_progress(_documents(path, as_lines, args.max_bytes, check, workers), path):
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


def _usage(paths: Sequence[str]) -> Iterator[UsageRecord | RejectedRecord]:
    """The records of each usage file in turn, read a chunk at a time, with progress on a terminal."""
    for path in paths:
        with _open(path) as stream:
            try:
                yield from _with_progress(read_usage(stream, path), path, " records")
            except SourceError as exc:  # not a usage file at all: a wrong file, as for import
                raise UsageError(f"{path}: {exc}") from None


def _ledger(args: argparse.Namespace) -> int:
    offer = _offer_from(args.offer)
    ledger = ledger_for(
        offer, _usage(args.usage), terminated=args.terminated, as_of=args.as_of, value_at=ValueAt(args.value_at)
    )
    render = {"json": lambda: dumps(ledger, indent=2), "svg": lambda: ledger_svg(ledger, args.locale or "en_US")}
    print(render.get(args.format, lambda: ledger_text(ledger, args.locale or "en_US"))())
    return EXIT_OK


def _leaderboard(args: argparse.Namespace) -> int:
    offers = [_offer_from(path) for path in args.offers]
    board = leaderboard_for(offers, _usage(args.usage), args.period, value_at=ValueAt(args.value_at))
    print(dumps(board, indent=2) if args.format == "json" else leaderboard_text(board, args.locale or "en_US"))
    return EXIT_OK


def _export_budget(args: argparse.Namespace) -> int:
    offer = _offer_from(args.offer)
    period = None
    if args.usage:
        if args.as_of is None:
            raise UsageError("--usage needs --as-of: the day whose period the gateway is to enforce")
        period = ledger_for(offer, _usage(args.usage), as_of=args.as_of).periods[-1]
    limits = gateway_limits(offer, Gateway(args.gateway), soft_share=args.soft_share, period=period, on=args.as_of)
    print(limits.json(indent=2, with_notes=args.format == "json"))
    if args.format == "body":
        for note in limits.notes:
            _complain(f"tokencomp: note: {note}")
    return EXIT_OK


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
                if isinstance(outcome, Rejected):
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


def _text_lines(stream: IO[str], path: str, limit: int = DEFAULT_MAX_BYTES) -> Iterator[str]:
    """The lines of a text *stream*, each read at most *limit* + 1 characters: a longer one is the file's error."""
    while line := stream.readline(limit + 1):
        if len(line) > limit:
            raise UsageError(f"{path}: a line is more than {limit:,} characters, longer than any record: not read")
        yield line


def _record_place(args: argparse.Namespace, rejected: Rejected) -> str:
    if args.source == "csv":
        return f"{args.file}: line {rejected.line} (row {rejected.index + 1})"
    return f"{args.file}: record {rejected.index}, line {rejected.line}"


def _export_csv(args: argparse.Namespace) -> int:
    def read() -> Iterator[tuple[int, int | None, ValidationReport]]:
        return _documents(args.file, not args.file.endswith(".json"), DEFAULT_MAX_BYTES)

    if args.file == "-":
        kept = list(read())  # standard input cannot be read twice: keep its documents
        read = lambda: iter(kept)  # noqa: E731
    # The first reading finds the columns (the most grants, every metadata key), the second writes the
    # rows: a file is read twice, one document at a time, and never held whole.
    count = 0

    def offers() -> Iterator[Offer]:
        nonlocal count
        for _, _, report in read():
            if report.valid:
                count += 1
                yield report.document

    columns = columns_for(offers(), with_summary=args.with_summary)
    writer = csv.writer(sys.stdout)  # RFC 4180 rows: a "\r" or "\n" in a cell is quoted
    if count:  # no valid offer, no table: the errors say why
        writer.writerow(columns)
    status = EXIT_OK
    for _, line, report in read():
        place = f"{args.file}:{line}" if line is not None else args.file
        if not report.valid:
            status = EXIT_INVALID
            _complain(f"tokencomp: {_invalid(place, 'offer', b'', report.problems)}")
            continue
        lost = csv_losses(report.document)
        if lost:
            status = EXIT_INVALID
            _complain(f"tokencomp: {place}: CSV cannot hold an empty string, array or object ({', '.join(lost)}): "
                      "it reads back as a key left out")  # fmt: skip
        summary = None
        if args.with_summary:
            try:
                summary = summarize(report.document)
            except TokencompError as exc:
                status = EXIT_INVALID
                _complain(f"tokencomp: {place}: no summary figures: {exc}")
        writer.writerow(csv_row(report.document, columns, summary))
    return status


def _two_offers(files: list[str], examples: list[str]) -> tuple[Offer, Offer]:
    """Offers A and B: the files first, then the bundled examples, in the order given."""
    if len(files) + len(examples) != 2:
        raise UsageError("give two offers, A and B: two FILEs, a FILE and --example NAME, or --example twice")
    offers = [_offer_from(path) for path in files] + [_offer_in(_example(name), name) for name in examples]
    return offers[0], offers[1]


def _compare(args: argparse.Namespace) -> int:
    locale = parse_locale(args.locale) if args.locale else parse_locale("en_US")
    rates = _rates(args.rates) if args.rates else None
    a, b = _two_offers(args.files, args.example or [])
    result = compare(
        a, b, args.currency, args.as_of, rates, locale=locale, policy=_policy(args), max_age_days=args.max_age
    )
    if args.format == "json":
        print(dumps(result, indent=2))
        return EXIT_OK
    print(comparison_text(result, locale))
    return EXIT_OK


def _posting(args: argparse.Namespace) -> int:
    _one_of(args.file, args.example)
    if args.example is not None:
        posting = _posting_in(_example(args.example, "postings"), args.example)
    else:
        posting = _posting_in(_read(args.file, kind="posting"), args.file)
    if args.format == "jsonld":
        print(jsonld_text(posting))
        return EXIT_OK
    print(posting_text(posting))
    return EXIT_OK


def _statement(args: argparse.Namespace) -> int:
    offer = _offer_of(args.file, args.example)
    locale = parse_locale(args.locale) if args.locale else parse_locale("en_US")
    rates = _rates(args.rates) if args.rates else None
    summary = summarize(
        offer, currency=args.currency, as_of=args.as_of, rates=rates, policy=_policy(args), max_age_days=args.max_age
    )
    ledger = ledger_for(offer, _usage(args.usage)) if args.usage else None
    render = statement_html if args.format == "html" else statement_text
    page = render(offer, summary, locale, single_currency=args.currency is not None, ledger=ledger)
    print(page, end="" if args.format == "html" else "\n")
    return EXIT_OK


def _data(args: argparse.Namespace) -> int:
    today, folder = datetime.date.today(), data_dir()
    sources = (*rate_sources(), *price_sources())
    rates, prices = default_rates(), default_prices()
    if args.format == "json":
        record = {
            "today": str(today),
            "data_dir": None if folder is None else str(folder),
            "exchange_rates": {"first": str(rates.first_date), "last": str(rates.last_date),
                               "age_days": (today - rates.last_date).days},
            "token_prices": {"as_of": str(prices.as_of), "models": len(prices),
                             "age_days": (today - prices.as_of).days},
            "sources": [_source_record(source, today) for source in sources],
        }  # fmt: skip
        print(json_text(record, indent=2))
        return EXIT_OK
    lines = [f"Data folder: {folder} ({DATA_DIR_VARIABLE})" if folder else
             f"Data folder: none; set {DATA_DIR_VARIABLE} to a folder of newer published files"]  # fmt: skip
    if folder is not None and all(source.path is None for source in sources):
        lines.append(f"  it holds none of {', '.join(RATE_FILES)}, {PRICE_FILE}")
    lines += ["", f"Exchange rates in use: {rates.first_date} to {rates.last_date}, the newest "
              f"{_days_old((today - rates.last_date).days)}"]  # fmt: skip
    lines += [_source_line(source, today) for source in sources if source.kind == "exchange rates"]
    lines += ["", f"Token prices in use: {len(prices)} models, as of {prices.as_of}, "
              f"{_days_old((today - prices.as_of).days)}"]  # fmt: skip
    lines += [_source_line(source, today) for source in sources if source.kind == "token prices"]
    print("\n".join(lines))
    return EXIT_OK


def _source_record(source: DataSource, today: datetime.date) -> dict[str, Any]:
    return {"kind": source.kind, "path": None if source.path is None else str(source.path),
            "source": source.source, "first": str(source.first), "last": str(source.last),
            "retrieved": None if source.retrieved is None else str(source.retrieved), "count": source.count,
            "age_days": source.age_days(today)}  # fmt: skip


def _source_line(source: DataSource, today: datetime.date) -> str:
    where = "embedded" if source.path is None else str(source.path)
    span = str(source.first) if source.first == source.last else f"{source.first} to {source.last}"
    unit = ("date" if source.kind == "exchange rates" else "model") + ("" if source.count == 1 else "s")
    retrieved = f", retrieved {source.retrieved}" if source.retrieved else ""
    age = _days_old(source.age_days(today))
    return plain(f"  {where}: {span}, {source.count:,} {unit}{retrieved}, {age}; {source.source}")


def _days_old(days: int) -> str:
    return f"{days} day{'' if days == 1 else 's'} old"


def _list_examples(args: argparse.Namespace) -> int:
    offers, postings = _examples(), _examples("postings")
    if args.name is None:
        print("Offers (tokencomp summarize --example NAME):")
        print("\n".join(f"  {name}" for name in sorted(offers)))
        print("Job postings (tokencomp posting --example NAME):")
        print("\n".join(f"  {name}" for name in sorted(postings)))
        return EXIT_OK
    if args.name not in offers | postings:
        raise _not_one_of("example", args.name, sorted(offers | postings))
    data = _example(args.name, "postings" if args.name in postings else "examples")
    # Parse to be sure the bundled file is still a document, then print it as shipped.
    parse_json(data)
    print(data.decode("utf-8"), end="")
    return EXIT_OK


def _models(args: argparse.Namespace) -> int:
    catalog = default_prices()
    prices = list(catalog)
    if args.provider is not None:
        providers = catalog.providers()
        provider = {name.casefold(): name for name in providers}.get(args.provider.casefold())
        if provider is None:
            raise _not_one_of("provider", args.provider, providers)
        prices = [price for price in prices if price.provider == provider]
    if args.format == "json":
        listed = {"source": catalog.source, "as_of": catalog.as_of.isoformat(), "models": unstructure(prices)}
        print(json_text(listed, indent=2))
        return EXIT_OK
    lines = [f"Prices a million tokens, as of {catalog.as_of}, from {plain(catalog.source)}:", ""]
    lines.append(f"{'Model':<34}{'Provider':<12}{'Input':>10}{'Output':>10}{'Cached input':>14}  Currency")
    for price in prices:
        cached = "-" if price.cached_input_per_million is None else str(price.cached_input_per_million)
        lines.append(
            f"{plain(price.model):<34}{plain(price.provider):<12}{price.input_per_million!s:>10}"
            f"{price.output_per_million!s:>10}{cached:>14}  {price.currency}"
        )
    lines += ["", "Use one with: tokencomp convert AMOUNT CURRENCY --to tokens --model MODEL --mix 3:1"]
    print("\n".join(lines))
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tokencomp",
        description="Offers with salary, bonus, equity and an AI token budget: summarize, validate, convert.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    summarize_cmd = commands.add_parser(
        "summarize",
        help="annual and first-year figures of an offer",
        description="Annual and first-year figures of an offer, in one currency, with the rates used.",
    )
    summarize_cmd.add_argument("file", metavar="FILE", nargs="?", help="an offer document (.json), or - for stdin")
    summarize_cmd.add_argument("--example", metavar="NAME", help="summarize a bundled example (see 'examples')")
    summarize_cmd.add_argument("--currency", type=_currency, help="currency of the figures (default: the offer's)")
    summarize_cmd.add_argument("--as-of", type=_date, help="date of the exchange rates (default: effective_date)")
    summarize_cmd.add_argument(
        "--rates", metavar="FILE", help="ECB reference-rate CSV to use instead of the embedded one"
    )
    summarize_cmd.add_argument(
        "--locale", type=_locale, help="locale of the text table, such as de_DE (default: en_US)"
    )
    summarize_cmd.add_argument(
        "--baseline-spend",
        type=_positive_amount,
        metavar="AMOUNT",
        help="an annual inference spend, in the summary's currency, to measure the token budget against",
    )
    _rate_age_options(summarize_cmd)
    summarize_cmd.add_argument("--format", choices=("text", "json"), default="text")
    summarize_cmd.set_defaults(run=_summarize)

    compare_cmd = commands.add_parser(
        "compare",
        help="two offers side by side, in one currency",
        description="Every annual figure of offer A and offer B, and B less A, in one currency, with a plain "
        "verdict that separates the pay that compounds from the token budget.",
    )
    compare_cmd.add_argument(
        "files", metavar="FILE", nargs="*", help="offers A and B (.json, or - for stdin), or fewer with --example"
    )
    compare_cmd.add_argument(
        "--example", metavar="NAME", action="append", help="a bundled example offer as A or B (after any FILE)"
    )
    compare_cmd.add_argument("--currency", type=_currency, help="currency of the figures (default: A's)")
    compare_cmd.add_argument("--as-of", type=_date, help="date of the exchange rates (default: each effective_date)")
    compare_cmd.add_argument("--rates", metavar="FILE", help="ECB reference-rate file (CSV or XML) to use")
    compare_cmd.add_argument("--locale", type=_locale, help="locale of the text, such as de_DE (default: en_US)")
    _rate_age_options(compare_cmd)
    compare_cmd.add_argument("--format", choices=("text", "json"), default="text")
    compare_cmd.set_defaults(run=_compare)

    posting_cmd = commands.add_parser(
        "posting",
        help="a pay-transparency job posting as schema.org JSON-LD or text",
        description="Read a job-posting document (job-posting-v1) and print it as schema.org JobPosting "
        "JSON-LD, the token budget in jobBenefits, never in baseSalary.",
    )
    posting_cmd.add_argument("file", metavar="FILE", nargs="?", help="a job posting (.json), or - for stdin")
    posting_cmd.add_argument("--example", metavar="NAME", help="a bundled example posting (see 'examples')")
    posting_cmd.add_argument("--format", choices=("jsonld", "text"), default="jsonld")
    posting_cmd.set_defaults(run=_posting)

    statement_cmd = commands.add_parser(
        "statement",
        help="an offer as the person reads it: pay, vesting dates, token budget",
        description="A total-rewards statement: what is paid, what vests when, and the token budget as an "
        "allowance with its tokens a working day and the advisories; as text or one self-contained HTML page.",
    )
    statement_cmd.add_argument("file", metavar="FILE", nargs="?", help="an offer (.json), or - for stdin")
    statement_cmd.add_argument("--example", metavar="NAME", help="a bundled example offer (see 'examples')")
    statement_cmd.add_argument("--locale", type=_locale, help="locale of the figures and dates, such as en_GB")
    statement_cmd.add_argument("--currency", type=_currency, help="currency of the figures (default: the offer's)")
    statement_cmd.add_argument("--as-of", type=_date, help="date of the exchange rates (default: effective_date)")
    statement_cmd.add_argument("--rates", metavar="FILE", help="ECB reference-rate file (CSV or XML) to use")
    _rate_age_options(statement_cmd)
    _usage_option(statement_cmd, required=False)
    statement_cmd.add_argument("--format", choices=("text", "html"), default="text")
    statement_cmd.set_defaults(run=_statement)

    convert_cmd = commands.add_parser(
        "convert",
        help="money to tokens, tokens to money, or one currency to another, with provenance",
        description="Convert AMOUNT UNIT to another unit. A unit is an ISO 4217 currency code or 'tokens'. "
        "Examples: 100000 USD --to tokens --model gpt-4o --mix 3:1; 3000000000 tokens --to EUR --model gpt-4o "
        "--mix 4:1 --per month; 100 USD --to EUR --as-of 2026-04-01.",
    )
    convert_cmd.add_argument("amount", metavar="AMOUNT", type=_amount, help="a decimal number")
    convert_cmd.add_argument("unit", metavar="UNIT", help="a currency code, or tokens")
    convert_cmd.add_argument("--to", required=True, metavar="UNIT", help="a currency code, or tokens")
    convert_cmd.add_argument(
        "--model", help="a model of the embedded price catalog, such as claude-sonnet-4-5 (see 'models')"
    )
    convert_cmd.add_argument(
        "--prices", nargs="+", type=_amount, metavar="PRICE", help="INPUT OUTPUT [CACHED] a million tokens"
    )
    convert_cmd.add_argument("--price-currency", type=_currency, default="USD", help="currency of --prices")
    convert_cmd.add_argument("--mix", type=_mix, help="input:output[:cached_input] ratios, such as 3:1")
    convert_cmd.add_argument("--per", choices=("month", "year"), help="the amount is per month or per year")
    convert_cmd.add_argument(
        "--as-of",
        type=_date,
        help="date of the exchange rates (default: today for currencies, the price's date for tokens)",
    )
    convert_cmd.add_argument("--rates", metavar="FILE", help="ECB reference-rate file (CSV or XML) to use")
    _rate_age_options(convert_cmd, advisory=False)
    convert_cmd.add_argument("--format", choices=("text", "json"), default="text")
    convert_cmd.set_defaults(run=_convert)

    price_cmd = commands.add_parser(
        "price",
        help="the exact price of one request: its tokens at the model's service tier and long-context tier",
        description="Price one request of MODEL exactly. Once the request's input (fresh, cached and written to "
        "the cache) exceeds a threshold the model is priced at (such as 200k tokens for gemini-2.5-pro), the "
        "whole request is priced at the higher tier, as the providers state it. Example: gemini-2.5-pro "
        "--input 250000 --output 10000.",
    )
    price_cmd.add_argument("model", metavar="MODEL", help="a model of the price catalog (see 'models')")
    price_cmd.add_argument("--input", type=_tokens, required=True, metavar="N", help="input tokens, not cached")
    price_cmd.add_argument("--output", type=_tokens, required=True, metavar="N", help="output tokens")
    price_cmd.add_argument("--cached", type=_tokens, default=0, metavar="N", help="input tokens read from the cache")
    price_cmd.add_argument(
        "--cache-write", type=_tokens, default=0, metavar="N", help="input tokens written to the cache"
    )
    price_cmd.add_argument(
        "--service-tier", choices=[tier.value for tier in ServiceTier], default=ServiceTier.STANDARD.value
    )
    price_cmd.add_argument("--as-of", type=_date, help="refuse prices dated after this date")
    price_cmd.add_argument("--format", choices=("text", "json"), default="text")
    price_cmd.set_defaults(run=_price_one_request)

    validate_cmd = commands.add_parser(
        "validate",
        help="validate offer documents and report every problem",
        description="Validate offers: .json documents, .jsonl files of documents, or - for standard input. "
        "Text output ends with the totals. "
        "Exit status 0 when all are valid, 1 when any is not, 2 when a file cannot be read.",
    )
    validate_cmd.add_argument("files", metavar="FILE", nargs="+", help="a .json or .jsonl file, or -")
    validate_cmd.add_argument("--format", choices=("text", "json"), default="text", help="json: one line a document")
    validate_cmd.add_argument("--lines", action="store_true", help="read standard input as JSON Lines")
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

    ledger_cmd = commands.add_parser(
        "ledger",
        help="the token budget period by period: allowance, usage, rollover, forfeiture",
        description="The token budget of an offer over time, fed by usage files (a CSV with "
        "date,person,model,input_tokens,output_tokens, or LiteLLM spend logs as a JSON array or JSON Lines): "
        "one row a period, with proration, rollover, overspend and forfeiture; bad records are listed, "
        "never counted.",
    )
    ledger_cmd.add_argument("offer", metavar="OFFER", help="an offer document (.json)")
    _usage_option(ledger_cmd, required=True)
    ledger_cmd.add_argument("--terminated", type=_date, metavar="DATE", help="the last day of employment")
    ledger_cmd.add_argument("--as-of", type=_date, metavar="DATE", help="report up to this day, with a projection")
    _value_at_option(ledger_cmd)
    ledger_cmd.add_argument("--locale", type=_locale, help="locale of the text table, such as de_DE")
    ledger_cmd.add_argument(
        "--format", choices=("text", "json", "svg"), default="text", help="svg: a chart of available against used"
    )
    ledger_cmd.set_defaults(run=_ledger)

    leaderboard_cmd = commands.add_parser(
        "leaderboard",
        help="utilisation of the token budget per person for one period, highest first",
        description="Utilisation and spend per person for one period across many offers, highest first, "
        "with the fair-disclosure footnote: an allowance used is not pay earned.",
    )
    leaderboard_cmd.add_argument("offers", metavar="OFFER", nargs="+", help="offer documents (.json)")
    _usage_option(leaderboard_cmd, required=True)
    leaderboard_cmd.add_argument(
        "--period", type=_checked(parse_period, ValueError), required=True, help="YYYY-MM or YYYY"
    )
    _value_at_option(leaderboard_cmd)
    leaderboard_cmd.add_argument("--locale", type=_locale, help="locale of the text table, such as de_DE")
    leaderboard_cmd.add_argument("--format", choices=("text", "json"), default="text")
    leaderboard_cmd.set_defaults(run=_leaderboard)

    export_cmd = commands.add_parser(
        "export-budget",
        help="the token budget as a gateway's limits (LiteLLM, OpenRouter), as JSON ready to send",
        description="The token budget as the limits a gateway enforces, in US dollars (converted at the dated "
        "ECB rate, said on standard error). With --usage and --as-of, the period's available amount "
        "(allowance + carried in): export again each period.",
    )
    export_cmd.add_argument("offer", metavar="OFFER", help="an offer document (.json)")
    export_cmd.add_argument("--gateway", choices=[g.value for g in Gateway], required=True)
    export_cmd.add_argument(
        "--soft-share", type=_amount, default=DEFAULT_SOFT_SHARE, metavar="S",
        help="LiteLLM's soft_budget as a share of max_budget (default: %(default)s)",
    )  # fmt: skip
    _usage_option(export_cmd, required=False)
    export_cmd.add_argument("--as-of", type=_date, metavar="DATE", help="the day of the period and of the rate")
    export_cmd.add_argument(
        "--format", choices=("body", "json"), default="body",
        help="body: the request body alone, ready to send; json: with the gateway and the notes",
    )  # fmt: skip
    export_cmd.set_defaults(run=_export_budget)

    schema_cmd = commands.add_parser("schema", help="print or write the JSON Schemas (draft 2020-12)")
    schema_cmd.add_argument("name", nargs="?", metavar="NAME", help=f"one of: {', '.join(SCHEMAS)}")
    schema_cmd.add_argument("--out", metavar="DIR", help="write NAME.json files into DIR instead of printing")
    schema_cmd.add_argument(
        "--openapi",
        action="store_true",
        help=f"an OpenAPI 3.1 document whose components hold every schema (written as {OPENAPI_FILE} with --out)",
    )
    schema_cmd.set_defaults(run=_schema)

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

    export_csv_cmd = commands.add_parser(
        "export-csv",
        help="offers as CSV for a spreadsheet, the columns named by the contract's dot paths",
        description="Write offers (.jsonl, a .json document, or - for standard input) as CSV: a column a field, "
        "named by its dot path (salary.rate.amount), the same columns tokencomp import --from csv reads; with "
        "--with-summary, the summary's annual figures too.",
    )
    export_csv_cmd.add_argument("file", metavar="OFFERS", help="a .jsonl file of offers, a .json offer, or -")
    export_csv_cmd.add_argument(
        "--with-summary",
        action="store_true",
        help="add the annual figures: total compensation, fully loaded cost, token share, ...",
    )
    export_csv_cmd.set_defaults(run=_export_csv)

    examples_cmd = commands.add_parser("examples", help="list the bundled example offers and postings, or print one")
    examples_cmd.add_argument("name", nargs="?", metavar="NAME")
    examples_cmd.set_defaults(run=_list_examples)

    models_cmd = commands.add_parser(
        "models",
        help="list the embedded price catalog: each model's token prices and their date",
        description="The models of the embedded price catalog, with their prices a million tokens, "
        "the date the prices were true and where they come from. Model names match without regard to case.",
    )
    models_cmd.add_argument("--provider", help="only this provider's models, such as anthropic")
    models_cmd.add_argument("--format", choices=("text", "json"), default="text")
    models_cmd.set_defaults(run=_models)

    data_cmd = commands.add_parser(
        "data",
        help="which exchange rates and token prices are in use, and how old they are",
        description=f"List the reference data in use: the embedded snapshot and any newer published files in "
        f"the folder named by {DATA_DIR_VARIABLE} ({', '.join(RATE_FILES)}, {PRICE_FILE}), each with the dates "
        "it covers and its age in days.",
    )
    data_cmd.add_argument("--format", choices=("text", "json"), default="text")
    data_cmd.set_defaults(run=_data)
    return parser


def _usage_option(command: argparse.ArgumentParser, *, required: bool) -> None:
    command.add_argument(
        "--usage", nargs="+", metavar="FILE", required=required,
        help="usage files: CSV, or LiteLLM spend logs (JSON array or JSON Lines); - for stdin",
    )  # fmt: skip


def _value_at_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--value-at", choices=[v.value for v in ValueAt], default=ValueAt.RECORDED.value,
        help="recorded: each record's cost when it has one; snapshot: every record at the offer's price snapshot",
    )  # fmt: skip


def _rate_age_options(command: argparse.ArgumentParser, *, advisory: bool = True) -> None:
    command.add_argument(
        "--max-age",
        type=_days,
        metavar="DAYS",
        help="refuse (exit 1) exchange rates published more than DAYS before the as-of date",
    )
    if advisory:
        command.add_argument(
            "--stale-rates-after",
            type=_days,
            metavar="DAYS",
            help="the fx-stale advisory fires for rates more than DAYS older than the as-of date (default: 7)",
        )


def _complain(message: str) -> None:
    """Write *message* on standard error as one line: what it quotes from data cannot act on the terminal."""
    print(plain(message), file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (``sys.argv[1:]`` by default); return the exit status."""
    parser = _parser()
    try:
        try:
            args = parser.parse_args(argv)
        except SystemExit:
            sys.stdout.flush()  # --help has printed: a reader gone away is noticed here too, not as Python exits
            raise
        status: int = args.run(args)
        sys.stdout.flush()  # here, so that a reader gone away is noticed now, not as Python exits
    except UsageError as exc:
        _complain(f"tokencomp: error: {exc}")
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, and keep Python from complaining at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PIPE_CLOSED
    except _InvalidDocumentLine as exc:
        _complain(f"tokencomp: {exc}")
        return EXIT_INVALID
    except DataFileError as exc:
        _complain(f"tokencomp: error: {exc}")
        return EXIT_USAGE
    except InvalidDocumentError as exc:
        where = getattr(args, "file", None) or getattr(args, "example", None) or exc.kind
        _complain(f"tokencomp: {where}: {exc}")
        return EXIT_INVALID
    except (TokencompError, ValueError) as exc:
        _complain(f"tokencomp: error: {exc}")
        return EXIT_INVALID
    return status
