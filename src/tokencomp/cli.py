"""The ``tokencomp`` command line.

Exit status: 0 on success, 1 when a document is not a valid offer or a
figure cannot be worked out from it (such as a missing exchange rate), 2 when
a file cannot be read or the command is misused. Errors are one line on
standard error, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.resources
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .codec import dumps, loads, parse_json
from .errors import InvalidOfferError, TokencompError
from .fx import RateTable, read_ecb_csv
from .money import minor_unit
from .render import parse_locale, summary_text
from .summary import summarize

__all__ = ["main"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """The command was misused or a file could not be read: exit status 2."""


def _examples() -> dict[str, importlib.resources.abc.Traversable]:
    folder = importlib.resources.files("tokencomp") / "data" / "examples"
    return {f.name.removesuffix(".json"): f for f in folder.iterdir() if f.name.endswith(".json")}


def _read(path: str) -> bytes:
    try:
        return sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date such as 2026-04-01") from None


def _currency(text: str) -> str:
    try:
        minor_unit(text)
    except LookupError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _rates(path: str) -> RateTable:
    try:
        return read_ecb_csv(_read(path).decode("utf-8"), source=path)
    except (UnicodeDecodeError, ValueError) as exc:
        raise UsageError(f"{path} is not an ECB reference-rate CSV file: {exc}") from None


def _summarize(args: argparse.Namespace) -> int:
    if (args.file is None) == (args.example is None):
        raise UsageError("give a FILE, or --example NAME for a bundled example")
    if args.example is not None:
        examples = _examples()
        if args.example not in examples:
            raise UsageError(f"no example {args.example!r}; there are: {', '.join(sorted(examples))}")
        data = examples[args.example].read_bytes()
    else:
        data = _read(args.file)
    locale = parse_locale(args.locale) if args.locale else None
    rates = _rates(args.rates) if args.rates else None
    try:
        offer = loads(data)
    except InvalidOfferError as exc:
        if exc.problems and exc.problems[0].code == "invalid-json":
            raise UsageError(f"{args.file}: {exc.problems[0].message}") from None
        raise
    summary = summarize(offer, currency=args.currency, as_of=args.as_of, rates=rates)
    print(dumps(summary, indent=2) if args.format == "json" else summary_text(summary, locale or "en_US"))
    return EXIT_OK


def _list_examples(args: argparse.Namespace) -> int:
    examples = _examples()
    if args.name is None:
        print("\n".join(sorted(examples)))
        return EXIT_OK
    if args.name not in examples:
        raise UsageError(f"no example {args.name!r}; there are: {', '.join(sorted(examples))}")
    # Parse to be sure the bundled file is still a document, then print it as shipped.
    parse_json(examples[args.name].read_bytes())
    print(examples[args.name].read_text(encoding="utf-8"), end="")
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
    summarize_cmd.add_argument("--locale", help="locale of the text table, such as de_DE (default: en_US)")
    summarize_cmd.add_argument("--format", choices=("text", "json"), default="text")
    summarize_cmd.set_defaults(run=_summarize)

    examples_cmd = commands.add_parser("examples", help="list the bundled example offers, or print one")
    examples_cmd.add_argument("name", nargs="?", metavar="NAME")
    examples_cmd.set_defaults(run=_list_examples)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (``sys.argv[1:]`` by default); return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.run(args)
    except UsageError as exc:
        print(f"tokencomp: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except InvalidOfferError as exc:
        where = args.file or args.example
        print(f"tokencomp: {where}: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except (TokencompError, ValueError) as exc:
        print(f"tokencomp: error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    return status
