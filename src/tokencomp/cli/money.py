"""Commands about money and prices: convert, price, models, data."""

from __future__ import annotations

import argparse
import datetime
from decimal import Decimal
from typing import Any

from .._internal.escaping import json_text, plain
from ..codec.converter import unstructure
from ..errors import UnknownModelError
from ..model.limits import MAX_COUNT, MAX_FRACTION_DIGITS, decimal_problems
from ..model.money import Money, in_context, to_decimal
from ..model.prices import ServiceTier, TokenPrice, UsageMix
from ..reference.datadir import DATA_DIR_VARIABLE, PRICE_FILE, RATE_FILES, DataSource, data_dir
from ..reference.fx import FxRate
from ..reference.pricing import cost_of_tokens, default_prices, price_sources, tokens_for_budget
from ..reference.rate_files import (
    OWN_RATE_FILES,
    default_rates,
    rate_sources,
)
from ..reference.request_price import price_request
from ..reports.estimates import tokens_per_working_day, words_for_tokens
from ..reports.wording import format_amount, format_money, format_rate, rate_dates
from ._common import (
    EXIT_OK,
    UsageError,
    _amount,
    _code,
    _Commands,
    _currency,
    _date,
    _not_one_of,
    _rate_age_options,
    _rates_option,
    _tokens,
)
from ._inputs import _rates

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


def add_convert(commands: _Commands) -> None:
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


def add_price(commands: _Commands) -> None:
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


def add_models(commands: _Commands) -> None:
    models_cmd = commands.add_parser(
        "models",
        help="list the embedded price catalog: each model's token prices and their date",
        description="The models of the embedded price catalog, with their prices a million tokens, "
        "the date the prices were true and where they come from. Model names match without regard to case.",
    )
    models_cmd.add_argument("--provider", help="only this provider's models, such as anthropic")
    models_cmd.add_argument("--format", choices=("text", "json"), default="text")
    models_cmd.set_defaults(run=_models)


def add_data(commands: _Commands) -> None:
    data_cmd = commands.add_parser(
        "data",
        help="which exchange rates and token prices are in use, and how old they are",
        description=f"List the reference data in use: the embedded snapshot and any newer published files in "
        f"the folder named by {DATA_DIR_VARIABLE} ({', '.join(RATE_FILES)}, {PRICE_FILE}), each with the dates "
        "it covers and its age in days.",
    )
    data_cmd.add_argument("--format", choices=("text", "json"), default="text")
    data_cmd.set_defaults(run=_data)
