"""Commands about pay transparency (EU Directive 2023/970): pay-gap and pay-info."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator

from .._internal.escaping import json_text
from ..codec.sources import RejectedRecord
from ..errors import InvalidPolicyError, SourceError
from ..transparency.figures import pay_gap
from ..transparency.html import pay_gap_html
from ..transparency.policy import PayPolicy, read_policy
from ..transparency.report import PayGapReport
from ..transparency.request import pay_info
from ..transparency.text import pay_gap_csv, pay_gap_text, pay_info_text
from ..transparency.workforce import Worker, read_workforce
from ._common import (
    EXIT_OK,
    UsageError,
    _Commands,
    _complain,
    _currency,
    _date,
    _locale,
    _positive_int,
    _rates_option,
    _with_progress,
)
from ._inputs import _open, _rates, _read_at_most

#: The largest policy file read: a policy is a few hundred bytes.
POLICY_MAX_BYTES = 1 << 20

#: The formats of ``pay-gap``: each renders a report for the command's arguments (``--locale`` for text).
#: Another format is one more entry (the HTML report adds its own).
PAY_GAP_FORMATS: dict[str, Callable[[PayGapReport, argparse.Namespace], str]] = {
    "text": lambda report, args: pay_gap_text(report, args.locale or "en_US"),
    "json": lambda report, args: json_text(report.to_json(), indent=2),
    "csv": lambda report, args: pay_gap_csv(report).removesuffix("\r\n"),
    "html": lambda report, args: pay_gap_html(report, args.locale or "en_US").removesuffix("\n"),
}


def _workforce(path: str) -> Iterator[Worker | RejectedRecord]:
    """The workers of *path* (``-``: standard input), read a chunk at a time, with progress on a terminal."""
    with _open(path) as stream:
        try:
            yield from _with_progress(read_workforce(stream, path), path, " workers")
        except SourceError as exc:  # not a workforce file at all: a wrong file
            raise UsageError(f"{path}: {exc}") from None
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None


def _policy(path: str | None) -> PayPolicy | None:
    """The policy of ``--policy FILE``; a file that cannot be read or is not a policy is misuse (exit 2)."""
    if path is None:
        return None
    data = _read_at_most(path, POLICY_MAX_BYTES)
    if len(data) > POLICY_MAX_BYTES:
        raise UsageError(f"{path}: not a pay policy: more than {POLICY_MAX_BYTES:,} bytes")
    try:
        return read_policy(data, source=path)
    except InvalidPolicyError as exc:
        raise UsageError(f"{path}: {exc}") from None


def _said_left_out(left_out: int, path: str) -> None:
    if left_out:
        _complain(f"tokencomp: {path}: {left_out:,} line{'s' if left_out > 1 else ''} left out of every figure")


def _pay_gap(args: argparse.Namespace) -> int:
    report = pay_gap(
        _workforce(args.workforce),
        currency=args.currency,
        reference_date=args.reference_date,
        min_group=args.min_group,
        policy=_policy(args.policy),
        rates=_rates(args.rates),
    )
    print(PAY_GAP_FORMATS[args.format](report, args))
    _said_left_out(len(report.left_out) + report.more_left_out, args.workforce)
    return EXIT_OK


def _pay_info(args: argparse.Namespace) -> int:
    info = pay_info(
        _workforce(args.workforce),
        args.employee,
        currency=args.currency,
        reference_date=args.reference_date,
        min_group=args.min_group,
        policy=_policy(args.policy),
        rates=_rates(args.rates),
    )
    print(json_text(info.to_json(), indent=2) if args.format == "json" else pay_info_text(info, args.locale or "en_US"))
    _said_left_out(len(info.left_out) + info.more_left_out, args.workforce)
    return EXIT_OK


def _report_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "workforce", metavar="WORKFORCE", help="a workforce file (JSON Lines, workforce-v1); - for stdin"
    )
    command.add_argument("--currency", type=_currency, required=True, help="the currency of every figure, such as EUR")
    command.add_argument(
        "--reference-date", type=_date, required=True, metavar="DATE",
        help="the date of the packages and of the exchange rates, such as 2026-12-31",
    )  # fmt: skip
    command.add_argument(
        "--min-group", type=_positive_int, default=5, metavar="N",
        help="a category with fewer than N women or men shows its counts alone (default: 5)",
    )  # fmt: skip
    command.add_argument(
        "--policy", metavar="FILE",
        help="a pay classification policy (JSON; see the pay transparency docs); default: the EU table",
    )  # fmt: skip
    command.add_argument("--locale", type=_locale, help="locale of the text and the HTML page, such as de_DE")
    _rates_option(command)


def add_pay_gap(commands: _Commands) -> None:
    command = commands.add_parser(
        "pay-gap",
        help="the gender pay gap of a workforce (EU Directive 2023/970, Art. 9): figures (a) to (g)",
        description="The gender pay gap of a workforce file, on gross hourly pay, as EU Directive 2023/970 "
        "(Art. 9) asks: mean and median gaps, complementary pay, quartile bands and the gap per category, with "
        "the joint pay assessment (Art. 10). A bad line is reported and left out, never fatal.",
    )
    _report_options(command)
    command.add_argument("--format", choices=tuple(PAY_GAP_FORMATS), default="text")
    command.set_defaults(run=_pay_gap)


def add_pay_info(commands: _Commands) -> None:
    command = commands.add_parser(
        "pay-info",
        help="a worker's request for information (EU Directive 2023/970, Art. 7)",
        description="One worker's pay level, annual and hourly, basic and complementary, and the mean pay "
        "levels of the women and men in their category (not shown below --min-group of either).",
    )
    _report_options(command)
    command.add_argument("--employee", required=True, metavar="ID", help="the worker's employee_id")
    command.add_argument("--format", choices=("text", "json"), default="text")
    command.set_defaults(run=_pay_info)
