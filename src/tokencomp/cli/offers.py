"""Commands about one or two offers: summarize, compare, statement, leave, posting, examples."""

from __future__ import annotations

import argparse
from decimal import Decimal

from ..budget.ledger import ledger_for
from ..codec.converter import dumps, parse_json
from ..errors import RuleViolation
from ..model.money import Money
from ..model.offer import Offer
from ..reports.compare import compare, comparison_text
from ..reports.equity import check_multiples
from ..reports.jsonld import jsonld_text
from ..reports.leaving import leave, leaving_html, leaving_json, leaving_text
from ..reports.render import posting_text, statement_html, statement_text, summary_text
from ..reports.summary import summarize
from ..reports.wording import parse_locale
from ._common import (
    EXIT_OK,
    UsageError,
    _Commands,
    _currency,
    _date,
    _locale,
    _not_one_of,
    _policy,
    _positive_amount,
    _rate_age_options,
    _rates_option,
    _usage_option,
)
from ._inputs import (
    _example,
    _examples,
    _from_the_start,
    _offer_from,
    _offer_in,
    _offer_of,
    _offers_after_usage,
    _one_of,
    _posting_in,
    _rates,
    _read,
    _usage,
)


def _multiples(text: str) -> tuple[Decimal, ...]:
    """Share-price multiples, such as 0.5,1,2,5: decimals of 0 or more."""
    try:
        return check_multiples(text.split(","))
    except RuleViolation:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a list of multiples of 0 or more, such as 0.5,1,2,5"
        ) from None


def _summarize(args: argparse.Namespace) -> int:
    offer = _offer_of(args.file, args.example)
    locale = parse_locale(args.locale) if args.locale else None
    rates = _rates(args.rates)
    baseline = None
    if args.baseline_spend is not None:
        baseline = Money(args.baseline_spend, args.currency or offer.currency)
    summary = summarize(
        offer, currency=args.currency, as_of=args.as_of, rates=rates, baseline_spend=baseline,
        policy=_policy(args), max_age_days=args.max_age, share_price_multiples=args.share_price_multiples,
    )  # fmt: skip
    print(dumps(summary, indent=2) if args.format == "json" else summary_text(summary, locale or "en_US"))
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


def add_summarize(commands: _Commands) -> None:
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
    summarize_cmd.add_argument(
        "--share-price-multiples",
        type=_multiples,
        default=(),
        metavar="M,M,...",
        help="equity and total compensation at these multiples of every unit value, such as 0.5,1,2,5",
    )
    summarize_cmd.add_argument("--format", choices=("text", "json"), default="text")
    summarize_cmd.set_defaults(run=_summarize)


def add_compare(commands: _Commands) -> None:
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


def add_posting(commands: _Commands) -> None:
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


def add_statement(commands: _Commands) -> None:
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


def add_leave(commands: _Commands) -> None:
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


def add_examples(commands: _Commands) -> None:
    examples_cmd = commands.add_parser("examples", help="list the bundled example offers and postings, or print one")
    examples_cmd.add_argument("name", nargs="?", metavar="NAME")
    examples_cmd.set_defaults(run=_list_examples)
