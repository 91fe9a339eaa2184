"""What every command shares: the errors that end one, exit statuses, the argument types and the
options several commands take.
"""

from __future__ import annotations

import argparse
import datetime
import re
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Any, NoReturn, TypeAlias

from .._internal.escaping import plain
from ..budget.ledger import ValueAt
from ..errors import close_matches
from ..model.limits import MAX_COUNT, MAX_INTEGER_DIGITS, decimal_text_problems
from ..model.money import minor_unit
from ..model.scalars import DECIMAL_PATTERN
from ..reports.advisories import AdvisoryPolicy
from ..reports.wording import parse_locale

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


def _not_one_of(what: str, name: str, choices: Sequence[str]) -> UsageError:
    """The error for a *name* that is none of *choices*: the closest one, and the list."""
    near = close_matches(name, choices, n=1)
    hint = f"did you mean {near[0]!r}? " if near else ""
    return UsageError(f"no {what} {name!r}; {hint}there are: {', '.join(choices)}")


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


def _rates_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--rates",
        metavar="FILE",
        action="append",
        help="exchange rates: an ECB reference-rate file (CSV or XML) in place of the embedded one, or a CSV of "
        "your own (date,base,quote,rate,source) for currencies the ECB does not publish; repeatable",
    )


def _with_progress(reports: Iterator[Any], label: str, unit: str = " docs") -> Iterator[Any]:
    """Show a progress display on a terminal when the optional tqdm is installed."""
    if not sys.stderr.isatty():
        return reports
    try:
        from tqdm import tqdm
    except ImportError:
        return reports
    return iter(tqdm(reports, desc=label, unit=unit, file=sys.stderr, leave=False))


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


#: The sub-parsers of the ``tokencomp`` parser, to which each command module adds its own.
_Commands: TypeAlias = "argparse._SubParsersAction[_Parser]"
