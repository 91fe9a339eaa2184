"""Commands about the token budget over time: ledger, leaderboard, export-budget, reconcile."""

from __future__ import annotations

import argparse

from .._internal.escaping import plain
from ..budget.gateways import DEFAULT_SOFT_SHARE, Gateway, exact_json, gateway_limits
from ..budget.leaderboard import leaderboard_for, parse_period
from ..budget.ledger import ValueAt, ledger_for
from ..budget.reconcile import DEFAULT_ALERT_SHARES, read_gateway_accounts, reconcile
from ..codec.converter import dumps
from ..reports.reconcile_text import reconcile_text
from ..reports.texts import leaderboard_text, ledger_svg, ledger_text
from ._common import (
    EXIT_OK,
    UsageError,
    _checked,
    _Commands,
    _complain,
    _date,
    _locale,
    _rates_option,
    _share,
    _usage_option,
    _value_at_option,
)
from ._inputs import RATES_MAX_BYTES, _from_the_start, _offer_from, _offers_after_usage, _rates, _read, _usage


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
    """Each person's gateway update now (tokencomp.budget.reconcile): JSON ready to send, or text with the changes."""
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


def add_ledger(commands: _Commands) -> None:
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


def add_leaderboard(commands: _Commands) -> None:
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


def add_export_budget(commands: _Commands) -> None:
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


def add_reconcile(commands: _Commands) -> None:
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
