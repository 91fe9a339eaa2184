"""The argument parser, assembled from the commands' modules in the order ``--help`` lists them."""

from __future__ import annotations

import argparse

from .. import __version__
from ._common import _Parser
from .budget import add_export_budget, add_leaderboard, add_ledger, add_reconcile
from .documents import add_schema, add_validate
from .interchange import add_export_csv, add_export_ocf, add_import
from .money import add_convert, add_data, add_models, add_price
from .offers import add_compare, add_examples, add_leave, add_posting, add_statement, add_summarize
from .transparency import add_pay_gap, add_pay_info


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tokencomp",
        description="Offers with salary, bonus, equity and an AI token budget: summarize, validate, convert.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_summarize(commands)
    add_compare(commands)
    add_posting(commands)
    add_statement(commands)
    add_convert(commands)
    add_price(commands)
    add_validate(commands)
    add_ledger(commands)
    add_leave(commands)
    add_leaderboard(commands)
    add_export_budget(commands)
    add_reconcile(commands)
    add_pay_gap(commands)
    add_pay_info(commands)
    add_schema(commands)
    add_import(commands)
    add_export_csv(commands)
    add_export_ocf(commands)
    add_examples(commands)
    add_models(commands)
    add_data(commands)
    return parser
