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
``--rates``), so memory follows the limits, not the input. Messages that
quote data (file names, problems) show control and bidi characters as
U+FFFD (:func:`tokencomp.escaping.plain`); summaries, statements, ledgers and
leaderboards show a value isolated (:func:`tokencomp.escaping.isolated`).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime
import functools
import importlib.resources
import io
import os
import re
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, NoReturn, TypeVar

import attrs

from . import __version__
from .advisories import AdvisoryPolicy
from .bulk import is_document, read_lines, validate_many
from .bulk import too_large as too_large_problem
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
from .fx import FxRate, RateTable
from .gateways import DEFAULT_SOFT_SHARE, Gateway, exact_json, gateway_limits
from .importers import Rejected, import_records
from .importers.csv import columns_for, csv_changes, csv_document, csv_header, csv_losses, csv_records, csv_row, explain
from .importers.finch import SHAPE as FINCH_SHAPE
from .importers.finch import finch_document
from .importers.jsonstream import json_records
from .importers.merge import SHAPE as MERGE_SHAPE
from .importers.merge import merge_document
from .jsonld import jsonld_text
from .leaderboard import leaderboard_for, leaderboard_text, parse_period
from .leaving import leave, leaving_html, leaving_json, leaving_text
from .ledger import ValueAt, ledger_for, ledger_svg, ledger_text
from .limits import MAX_COUNT, MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS, decimal_problems, decimal_text_problems
from .money import Money, in_context, minor_unit, to_decimal
from .offer import Offer
from .openapi import OPENAPI_FILE, openapi_json
from .posting import JobPosting
from .prices import ServiceTier, TokenPrice, UsageMix
from .pricing import cost_of_tokens, default_prices, price_sources, tokens_for_budget
from .rate_files import OWN_RATE_FILES, RATES_CSV_COLUMNS, default_rates, rate_sources, read_ecb, read_rates_csv
from .reconcile import DEFAULT_ALERT_SHARES, read_gateway_accounts, reconcile
from .reconcile_text import reconcile_text
from .render import parse_locale, posting_text, statement_html, statement_text, summary_text
from .request_price import price_request
from .scalars import DECIMAL_PATTERN
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
#: Interrupted by Ctrl-C (SIGINT), as a shell reports a command it signals.
EXIT_INTERRUPTED = 128 + signal.SIGINT


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
        choice = _INVALID_CHOICE.search(message)
        if choice is not None:  # argparse before 3.14 suggests nothing for a misspelt command or choice
            near = close_matches(choice["given"], [c.strip(" '") for c in choice["choices"].split(",")], n=1)
            message += f"; did you mean {near[0]!r}?" if near else ""
        self.exit(EXIT_USAGE, plain(f"{self.prog}: error: {message} (see {self.prog} --help)") + "\n")

    def parse_args(self, args: Sequence[str] | None = None, namespace: Any = None) -> Any:  # type: ignore[override]
        """The arguments, or one line on a word not known that names the option meant (``--curency``)."""
        parsed, unknown = self.parse_known_args(args, namespace)
        if unknown:
            options = [*self._option_string_actions, *_command_options(self, getattr(parsed, "command", None))]
            meant = [
                near[0] for word in unknown if word.startswith("--")
                for near in [close_matches(word.partition("=")[0], options, n=1)] if near
            ]  # fmt: skip
            hint = f"; did you mean {', '.join(meant)}?" if meant else ""
            self.error(f"unrecognized arguments: {' '.join(unknown)}{hint}")
        return parsed


_INVALID_CHOICE = re.compile(r"invalid choice: '(?P<given>[^']*)' \(choose from (?P<choices>[^)]*)\)")


def _command_options(parser: argparse.ArgumentParser, command: str | None) -> list[str]:
    """The option strings of *parser*'s subcommand *command*."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and command in action.choices:
            return list(action.choices[command]._option_string_actions)
    return []


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


def _read(path: str, limit: int = DEFAULT_MAX_BYTES, kind: str = "offer") -> bytes:
    """The bytes of *path* (``-``: standard input); more than *limit* is an invalid *kind* of document (exit 1)."""
    data = _read_at_most(path, limit)
    if len(data) > limit:
        raise _InvalidDocumentLine(f"{path}: invalid {kind}, {too_large_problem(limit).message}")
    return data


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date such as 2026-04-01") from None


def _share(text: str) -> Decimal:
    """A share from 0 to 1, such as 0.8."""
    share = _amount(text)
    if not 0 <= share <= 1:
        raise argparse.ArgumentTypeError(f"{text} is not a share from 0 to 1, such as 0.8")
    return share


def _from_the_start(offer: Offer, **days: datetime.date | None) -> None:
    """Refuse, as misuse, a --terminated or --as-of before the offer's effective date (the ledger's start)."""
    for name, day in days.items():
        if day is not None and day < offer.effective_date:
            option = "--" + name.replace("_", "-")
            raise UsageError(f"{option} {day} is before the offer's effective date, {offer.effective_date}")


def _amount(text: str) -> Decimal:
    """A number of money or tokens on the command line, held to the rules of a document's figures.

    Checked on the text, before it becomes a number (offer-v1: "Limits"): a plain decimal, no
    exponent (``1e999999`` would take minutes to work with), at most 15 digits before the point
    and 12 after, and not below zero, which no amount of money or tokens a command takes can be.
    """
    if not _DECIMAL_TEXT.fullmatch(text):
        negative = _DECIMAL_TEXT.fullmatch(text.removeprefix("-")) is not None
        raise argparse.ArgumentTypeError(
            f"{text!r} is below zero: an amount of money or tokens cannot be negative"
            if negative
            else f"{text!r} is not a decimal amount such as 12000 or 1250.50 "
            "(digits and one point: no thousands separators, exponent, sign or spaces)"
        )
    digits = decimal_text_problems(text)
    if digits:
        raise argparse.ArgumentTypeError(f"{text!r}: {digits[0].message}")
    return Decimal(text)


#: A number as a document writes one (scalars.DECIMAL_PATTERN), less its sign: every amount given is 0 or more.
_DECIMAL_TEXT = re.compile(DECIMAL_PATTERN.removeprefix("^-?").removesuffix("$"))


def _positive_amount(text: str) -> Decimal:
    # "-5" is said to be not above zero, as "0" is.
    if (text.startswith("-") and _DECIMAL_TEXT.fullmatch(text[1:])) or _amount(text) <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be more than zero")
    return _amount(text)


def _whole_number(text: str, minimum: int, wanted: str) -> int:
    # Digits only, at most the contract's 15 (10^15 is MAX_COUNT's own 16): no sign, "_" or spaces, as int() takes.
    number = int(text) if text.isascii() and text.isdigit() and len(text) <= MAX_INTEGER_DIGITS + 1 else minimum - 1
    if number < minimum or number > MAX_COUNT:
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


def _rates(paths: Sequence[str] | None) -> RateTable | None:
    """The tables of ``--rates``: ECB files in place of the embedded ones, files of your own rates beside them."""
    if not paths:
        return None
    ecb, own = [], []
    for path in paths:
        data = _read_at_most(path, RATES_MAX_BYTES)
        if len(data) > RATES_MAX_BYTES:
            raise UsageError(f"{path} is more than {RATES_MAX_BYTES:,} bytes, the most read of an exchange-rate file")
        try:
            text = data.decode("utf-8-sig")
            header = [cell.strip().lower() for cell in text.lstrip().partition("\n")[0].split(",")]
            if header[:4] == list(RATES_CSV_COLUMNS[:4]):
                own.append(read_rates_csv(text, source=path))
            else:
                ecb.append(read_ecb(data, source=path))
        except (UnicodeDecodeError, ValueError) as exc:
            raise UsageError(
                f"{path} is neither an ECB reference-rate file (CSV or XML) nor a rates file with the header "
                f"{','.join(RATES_CSV_COLUMNS)}: {exc}"
            ) from None
    try:
        table = functools.reduce(RateTable.merge, ecb) if ecb else default_rates()
    except ValueError as exc:
        raise UsageError(f"the --rates files disagree: {exc}") from None
    return table.with_others(*own)


def _rates_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--rates",
        metavar="FILE",
        action="append",
        help="exchange rates: an ECB reference-rate file (CSV or XML) in place of the embedded one, or a CSV of "
        "your own (date,base,quote,rate,source) for currencies the ECB does not publish; repeatable",
    )


SHARE_PLACES = Decimal(1).scaleb(-MAX_FRACTION_DIGITS)


@in_context
def _mix(text: str) -> UsageMix:
    """input:output[:cached_input] as ratios, such as 3:1 or 0.6:0.2:0.2."""
    try:
        ratios = [_amount(part) for part in text.split(":")]
    except argparse.ArgumentTypeError:
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
    rates = _rates(args.rates) or default_rates()
    amount = to_decimal(args.amount)
    result: dict[str, Any]
    if source != "TOKENS" and target != "TOKENS":
        on = args.as_of or datetime.date.today()  # the date asked for: --max-age counts from it
        converted, fx = rates.convert(Money(amount, _code(source)), _code(target), on, max_age_days=args.max_age)
        unrounded = fx.apply(Money(amount, source)).amount
        result = {"from": unstructure(Money(amount, source)), "to": unstructure(converted),
                  "exact": str(unrounded), "as_of": str(on), "fx": unstructure(fx)}  # fmt: skip
        text = f"{format_money(amount, source)} = {format_money(converted.amount, target)} ({_fx_text(fx, on)})"
    elif args.mix is None:
        _price(args)  # a missing price is named first: the model is the first thing to choose
        raise UsageError("converting tokens needs --mix, such as 3:1 (input:output) or 6:2:2 (with cached input)")
    elif target == "TOKENS":
        quote = tokens_for_budget(
            Money(amount, _code(source)), _price(args), args.mix, on=args.as_of, rates=rates, max_age_days=args.max_age
        )
        result, text = unstructure(quote), f"{format_money(amount, source)} buys {format_amount(quote.tokens)} tokens"
    else:
        if amount != amount.to_integral_value() or amount > MAX_COUNT:
            raise UsageError(f"{args.amount} is not a whole number of tokens up to {MAX_COUNT:,} (offer-v1 limits)")
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
    if kind == "offer" and problems and problems[0].code == "invalid-json" and "looks like CSV" in problems[0].message:
        return _InvalidDocumentLine(
            f"{where}: {problems[0].message}; a spreadsheet of offers is read with tokencomp import --from csv {where}"
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
    rates = _rates(args.rates)
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


def _as_lines(path: str, lines: bool) -> bool:
    """Whether *path* is read as JSON Lines: by its name (.jsonl, .ndjson) or when --lines says so; else it is one
    document. One rule for every command that reads offers (validate, export-csv)."""
    return path.endswith(LINES_SUFFIXES) or lines


def _documents(
    path: str, as_lines: bool, max_bytes: int, kind: str = "offer", jobs: int = 1
) -> Iterator[tuple[int, int | None, ValidationReport]]:
    """Yield (index, line, report) for each document of *path*: one document, or JSON Lines a line at a time.

    *kind* is ``"offer"`` or ``"posting"``. With *jobs* above 1, the lines of JSON Lines are checked by
    :func:`~tokencomp.bulk.validate_many` across processes (verdicts and problems, no documents); else each
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


def _usage(paths: Sequence[str]) -> Iterator[UsageRecord | RejectedRecord]:
    """The records of each usage file in turn, read a chunk at a time, with progress on a terminal."""
    for path in paths:
        with _open(path) as stream:
            try:
                yield from _with_progress(read_usage(stream, path), path, " records")
            except SourceError as exc:  # not a usage file at all: a wrong file, as for import
                raise UsageError(f"{path}: {exc}") from None


def _offers_after_usage(
    args: argparse.Namespace, command: str, *, many: bool = False, usage_required: bool = True
) -> list[str]:
    """The command's OFFER files, also when typed after ``--usage FILE...``, which takes every file that follows it.

    ``ledger --usage usage.csv offer.json`` is read as it was meant: the files at the end of
    ``--usage`` that hold offer documents are the offers (one for *command*, all of them when *many*).
    """
    given = list(args.offers if many else filter(None, [args.offer]))
    usage = list(args.usage or [])
    while usage and (many or not given) and usage[-1] != "-" and _is_offer_file(usage[-1]):
        given.insert(0, usage.pop())
    usage_form = "--usage FILE..." if usage_required else "[--usage FILE...]"
    form = f"tokencomp {command} OFFER{'...' if many else ''} {usage_form}"
    if not given:
        none_is = f": none of {', '.join(usage)} is an offer document" if usage else ""
        raise UsageError(f"give the offer, as in {form}{none_is}")
    if usage_required and not usage:
        raise UsageError(f"give the usage files, as in {form}: {', '.join(given)} holds offers, not usage")
    args.usage = usage or None
    return given


def _is_offer_file(path: str) -> bool:
    return _kind_of(_read_at_most(path, DEFAULT_MAX_BYTES)) == "offer"


def _ledger(args: argparse.Namespace) -> int:
    (path,) = _offers_after_usage(args, "ledger")
    offer = _offer_from(path)
    _from_the_start(offer, terminated=args.terminated, as_of=args.as_of)
    ledger = ledger_for(
        offer,
        _usage(args.usage),
        terminated=args.terminated,
        as_of=args.as_of,
        value_at=ValueAt(args.value_at),
        rates=_rates(args.rates),
    )
    render = {"json": lambda: dumps(ledger, indent=2), "svg": lambda: ledger_svg(ledger, args.locale or "en_US")}
    print(render.get(args.format, lambda: ledger_text(ledger, args.locale or "en_US"))())
    return EXIT_OK


def _leave(args: argparse.Namespace) -> int:
    (path,) = _offers_after_usage(args, "leave", usage_required=False)
    offer = _offer_from(path)
    _from_the_start(offer, on=args.on)
    leaving = leave(offer, on=args.on, usage=_usage(args.usage or []), rates=_rates(args.rates))
    locale = args.locale or "en_US"
    render = {
        "json": lambda: dumps(leaving_json(leaving), indent=2),
        "html": lambda: leaving_html(leaving, locale),
    }
    print(render.get(args.format, lambda: leaving_text(leaving, locale))())
    return EXIT_OK


def _leaderboard(args: argparse.Namespace) -> int:
    offers = [_offer_from(path) for path in _offers_after_usage(args, "leaderboard", many=True)]
    board = leaderboard_for(
        offers, _usage(args.usage), args.period, value_at=ValueAt(args.value_at), rates=_rates(args.rates)
    )
    print(dumps(board, indent=2) if args.format == "json" else leaderboard_text(board, args.locale or "en_US"))
    return EXIT_OK


def _export_budget(args: argparse.Namespace) -> int:
    (path,) = _offers_after_usage(args, "export-budget", usage_required=False)
    offer = _offer_from(path)
    _from_the_start(offer, as_of=args.as_of)
    period = None
    rates = _rates(args.rates)
    if args.usage:
        if args.as_of is None:
            raise UsageError("--usage needs --as-of: the day whose period the gateway is to enforce")
        period = ledger_for(offer, _usage(args.usage), as_of=args.as_of, rates=rates).periods[-1]
    limits = gateway_limits(
        offer, Gateway(args.gateway), soft_share=args.soft_share, period=period, on=args.as_of, rates=rates
    )
    print(limits.json(indent=2, with_notes=args.format == "json"))
    if args.format == "body":
        for note in limits.notes:
            _complain(f"tokencomp: note: {note}")
    return EXIT_OK


def _reconcile(args: argparse.Namespace) -> int:
    """Each person's gateway update now (tokencomp.reconcile), as JSON ready to send or as text with the changes."""
    offers = [_offer_from(path) for path in _offers_after_usage(args, "reconcile", many=True)]
    for offer in offers:
        _from_the_start(offer, terminated=args.terminated, as_of=args.as_of)
    accounts = None
    if args.keys:
        accounts = read_gateway_accounts(_read(args.keys, RATES_MAX_BYTES, "gateway list"), plain(args.keys))
    updates = reconcile(
        offers, _usage(args.usage), as_of=args.as_of, gateway=Gateway(args.gateway), terminated=args.terminated,
        accounts=accounts, alert_shares=args.alert_at, value_at=ValueAt(args.value_at), rates=_rates(args.rates),
    )  # fmt: skip
    if args.format == "text":
        print(reconcile_text(updates))
    else:
        document = {"gateway": args.gateway, "as_of": str(args.as_of), "updates": [u.document() for u in updates]}
        print(exact_json(document, indent=2))
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


def _two_offers(files: list[str], examples: list[str]) -> tuple[Offer, Offer]:
    """Offers A and B: the files first, then the bundled examples, in the order given."""
    if len(files) + len(examples) != 2:
        raise UsageError("give two offers, A and B: two FILEs, a FILE and --example NAME, or --example twice")
    offers = [_offer_from(path) for path in files] + [_offer_in(_example(name), name) for name in examples]
    return offers[0], offers[1]


def _compare(args: argparse.Namespace) -> int:
    locale = parse_locale(args.locale) if args.locale else parse_locale("en_US")
    rates = _rates(args.rates)
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
    rates = _rates(args.rates)
    summary = summarize(
        offer, currency=args.currency, as_of=args.as_of, rates=rates, policy=_policy(args), max_age_days=args.max_age
    )
    ledger = ledger_for(offer, _usage(args.usage), rates=rates) if args.usage else None
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
        lines.append(f"  it holds none of {', '.join(RATE_FILES)}, {OWN_RATE_FILES}, {PRICE_FILE}")
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
    _rates_option(summarize_cmd)
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
    _rates_option(compare_cmd)
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
    _rates_option(statement_cmd)
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
    _rates_option(convert_cmd)
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

    ledger_cmd = commands.add_parser(
        "ledger",
        help="the token budget period by period: allowance, usage, rollover, forfeiture",
        description="The token budget of an offer over time, fed by usage files (a CSV with "
        "date,person,model,input_tokens,output_tokens, or LiteLLM spend logs as a JSON array or JSON Lines): "
        "one row a period, with proration, rollover, overspend and forfeiture; bad records are listed, "
        "never counted.",
    )
    ledger_cmd.add_argument("offer", metavar="OFFER", nargs="?", help="an offer document (.json)")
    _usage_option(ledger_cmd, required=True)
    ledger_cmd.add_argument("--terminated", type=_date, metavar="DATE", help="the last day of employment")
    ledger_cmd.add_argument("--as-of", type=_date, metavar="DATE", help="report up to this day, with a projection")
    _value_at_option(ledger_cmd)
    ledger_cmd.add_argument("--locale", type=_locale, help="locale of the text table, such as de_DE")
    ledger_cmd.add_argument(
        "--format", choices=("text", "json", "svg"), default="text", help="svg: a chart of available against used"
    )
    _rates_option(ledger_cmd)
    ledger_cmd.set_defaults(run=_ledger)

    leave_cmd = commands.add_parser(
        "leave",
        help="what leaving on a day keeps, forfeits and owes: equity, repayments, the token budget",
        description="What leaving an offer's job on a day keeps, forfeits and owes: each grant's units and "
        "value vested and forfeited, each repayment owed (offer-v1 1.1's rule, to the minor unit), and the "
        "token budget's unused allowance forfeited (an allowance of compute, not pay).",
    )
    leave_cmd.add_argument("offer", metavar="OFFER", nargs="?", help="an offer document (.json)")
    leave_cmd.add_argument("--on", type=_date, metavar="DATE", required=True, help="the last day of employment")
    _usage_option(leave_cmd, required=False)
    leave_cmd.add_argument("--locale", type=_locale, help="locale of the money in text and HTML, such as de_DE")
    leave_cmd.add_argument("--format", choices=("text", "json", "html"), default="text")
    _rates_option(leave_cmd)
    leave_cmd.set_defaults(run=_leave)

    leaderboard_cmd = commands.add_parser(
        "leaderboard",
        help="utilisation of the token budget per person for one period, highest first",
        description="Utilisation and spend per person for one period across many offers, highest first, "
        "with the fair-disclosure footnote: an allowance used is not pay earned.",
    )
    leaderboard_cmd.add_argument("offers", metavar="OFFER", nargs="*", help="offer documents (.json)")
    _usage_option(leaderboard_cmd, required=True)
    leaderboard_cmd.add_argument(
        "--period", type=_checked(parse_period, ValueError), required=True, help="YYYY-MM or YYYY"
    )
    _value_at_option(leaderboard_cmd)
    leaderboard_cmd.add_argument("--locale", type=_locale, help="locale of the text table, such as de_DE")
    leaderboard_cmd.add_argument("--format", choices=("text", "json"), default="text")
    _rates_option(leaderboard_cmd)
    leaderboard_cmd.set_defaults(run=_leaderboard)

    export_cmd = commands.add_parser(
        "export-budget",
        help="the token budget as a gateway's limits (LiteLLM, OpenRouter), as JSON ready to send",
        description="The token budget as the limits a gateway enforces, in US dollars (converted at the dated "
        "ECB rate, said on standard error). With --usage and --as-of, the period's available amount "
        "(allowance + carried in). For a first export: the periods after are tokencomp reconcile's.",
    )
    export_cmd.add_argument("offer", metavar="OFFER", nargs="?", help="an offer document (.json)")
    export_cmd.add_argument("--gateway", choices=[g.value for g in Gateway], required=True)
    export_cmd.add_argument(
        "--soft-share", type=_share, default=DEFAULT_SOFT_SHARE, metavar="S",
        help="LiteLLM's soft_budget as a share of max_budget (default: %(default)s)",
    )  # fmt: skip
    _usage_option(export_cmd, required=False)
    export_cmd.add_argument("--as-of", type=_date, metavar="DATE", help="the day of the period and of the rate")
    export_cmd.add_argument(
        "--format", choices=("body", "json"), default="body",
        help="body: the request body alone, ready to send; json: with the gateway and the notes",
    )  # fmt: skip
    _rates_option(export_cmd)
    export_cmd.set_defaults(run=_export_budget)

    reconcile_cmd = commands.add_parser(
        "reconcile",
        help="the gateway updates that make each person's limit the ledger's, now (run it each day or month)",
        description="For each offer's person, the LiteLLM /user/update or /key/update body (OpenRouter: the "
        "key's limit) that sets the limit to what the gateway has counted plus what the ledger's current period "
        "still allows, with no reset of the gateway's own. --keys: the gateway's key or user list, for its "
        "count and to write only what changes.",
    )
    reconcile_cmd.add_argument("offers", metavar="OFFER", nargs="*", help="offer documents (.json)")
    _usage_option(reconcile_cmd, required=True)
    reconcile_cmd.add_argument("--as-of", type=_date, metavar="DATE", required=True, help="today, for the ledger")
    reconcile_cmd.add_argument("--gateway", choices=[g.value for g in Gateway], required=True)
    reconcile_cmd.add_argument("--terminated", type=_date, metavar="DATE", help="the last day of employment")
    reconcile_cmd.add_argument(
        "--keys", metavar="FILE",
        help="the gateway's own list: LiteLLM /key/list, /user/list or /team/list, OpenRouter GET /api/v1/keys",
    )  # fmt: skip
    reconcile_cmd.add_argument(
        "--alert-at", type=_share, nargs="+", default=list(DEFAULT_ALERT_SHARES), metavar="S",
        help="shares of the period's available amount to alert at (default: 0.5 0.8 1)",
    )  # fmt: skip
    _value_at_option(reconcile_cmd)
    reconcile_cmd.add_argument(
        "--format", choices=("json", "text"), default="json",
        help="json: the bodies with their endpoints; text: each change, before → after, and why",
    )  # fmt: skip
    _rates_option(reconcile_cmd)
    reconcile_cmd.set_defaults(run=_reconcile)

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
    except KeyboardInterrupt:
        # Ctrl-C: one line and the shell's status for SIGINT; the workers (validate --jobs) were stopped on the way out.
        _complain("tokencomp: interrupted")
        return EXIT_INTERRUPTED
    return status
