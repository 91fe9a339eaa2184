"""Price catalogs: many models' token prices from one dated source, and tokens <-> money across currencies.

The prices an offer holds (:class:`~tokencomp.model.prices.TokenPrice`, a usage mix)
are :mod:`tokencomp.model.prices`'; this module reads LiteLLM's price map, keeps the
embedded snapshot (and the data folder's newer map), and converts a budget
into tokens and tokens into money in another currency.
"""

from __future__ import annotations

import datetime
import functools
import importlib.resources
import json
import re
from collections.abc import Iterator, Mapping
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, ClassVar

import attrs

from ..errors import DataFileError, UnknownModelError, close_matches
from ..model.arguments import ROUTE, check_arguments
from ..model.money import Money, in_context
from ..model.prices import PriceTier, ServiceTier, TokenPrice, UsageMix
from .datadir import PRICE_FILE, DataSource, data_dir, data_files, read_data_file
from .fx import FxRate, RateTable
from .rate_files import default_rates

__all__ = [
    "LITELLM_TIER_KEY",
    "QUOTE_TIER",
    "LiteLLMImport",
    "PriceCatalog",
    "TokenQuote",
    "cost_of_tokens",
    "default_prices",
    "litellm_tier_key",
    "price_sources",
    "read_litellm",
    "tokens_for_budget",
]


@attrs.frozen
class PriceCatalog:
    """Token prices for many models, from one dated source.

    Attributes:
        source: Where the prices were read.
        as_of: The date the prices were true.
        prices: One price snapshot a model, each carrying the same date and source:
            its standard prices from the first token.
        tiers: Every other price the source gives: service tiers, prices above
            an input threshold, cache writes (:class:`~tokencomp.model.prices.PriceTier`).
        notes: Where the catalog's sources disagree, and what each gave
            alone: the embedded snapshot is built from two published maps
            (see ``tokencomp/data/README.md``) and lists every difference
            between them here rather than picking one silently.

    >>> from tokencomp import default_prices
    >>> catalog = default_prices()
    >>> catalog.price("claude-sonnet-4-5").input_per_million
    Decimal('3')
    >>> catalog.price("claude-sonet-4-5")
    Traceback (most recent call last):
    ...
    tokencomp.errors.UnknownModelError: no prices for model 'claude-sonet-4-5'; did you mean claude-sonnet-4-5, ...?
    """

    source: str
    as_of: datetime.date
    prices: tuple[TokenPrice, ...]
    tiers: tuple[PriceTier, ...] | None = None
    notes: tuple[str, ...] | None = None
    #: The prices keep their source's digits, as a :class:`~tokencomp.model.prices.TokenPrice` does.
    SOURCE_DIGITS: ClassVar[bool] = True
    _by_model: dict[str, TokenPrice] = attrs.field(init=False, repr=False, eq=False)
    _by_folded_model: dict[str, TokenPrice] = attrs.field(init=False, repr=False, eq=False)
    _tiers: dict[tuple[str, ServiceTier, int], PriceTier] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        if not ROUTE.trusted:
            check_arguments(self)
        object.__setattr__(self, "_by_model", {price.model: price for price in self.prices})
        folded: dict[str, TokenPrice] = {}
        for price in self.prices:
            folded.setdefault(price.model.casefold(), price)
        object.__setattr__(self, "_by_folded_model", folded)
        tiers = {(tier.model, tier.service_tier, tier.above_input_tokens): tier for tier in self.tiers or ()}
        object.__setattr__(self, "_tiers", tiers)

    def __len__(self) -> int:
        return len(self.prices)

    def __iter__(self) -> Iterator[TokenPrice]:
        return iter(self.prices)

    def price(self, model: str) -> TokenPrice:
        """Return the prices of *model*, its name matched without regard to case.

        Raises:
            UnknownModelError: The catalog has no such model; it names the closest ones.

        >>> from tokencomp import default_prices
        >>> default_prices().price("GPT-4o").model
        'gpt-4o'
        """
        found = self._by_model.get(model) or self._by_folded_model.get(model.casefold())
        if found is None:
            raise UnknownModelError(model, close_matches(model, self._by_model))
        return found

    def thresholds(self, model: str) -> list[int]:
        """Return the input thresholds above which *model* is priced apart, in any service tier, lowest first.

        >>> from tokencomp import default_prices
        >>> default_prices().thresholds("gemini-2.5-pro"), default_prices().thresholds("gpt-4o")
        ([200000], [])
        """
        name = self.price(model).model
        return sorted({above for (tiered, _, above) in self._tiers if tiered == name and above > 0})

    def tier(self, model: str, service_tier: ServiceTier | str, above_input_tokens: int = 0) -> PriceTier:
        """Return *model*'s prices at *service_tier* above *above_input_tokens* input tokens.

        The standard tier from the first token is the model's
        :class:`~tokencomp.model.prices.TokenPrice` (with the cache-write price a tier row adds); any
        other is the row the source gave, or a tier with no prices at all.

        >>> from tokencomp import default_prices
        >>> default_prices().tier("gemini-2.5-pro", "batch").input_per_million
        Decimal('0.625')
        """
        price = self.price(model)
        service_tier = ServiceTier(service_tier)
        found = self._tiers.get((price.model, service_tier, above_input_tokens))
        if service_tier is ServiceTier.STANDARD and above_input_tokens == 0:
            return PriceTier(
                price.model,
                service_tier,
                0,
                price.input_per_million,
                price.output_per_million,
                price.cached_input_per_million,
                found.cache_write_per_million if found else None,
            )
        return found or PriceTier(price.model, service_tier, above_input_tokens)

    def providers(self) -> list[str]:
        """Return the providers of the catalog's models, sorted.

        >>> from tokencomp import default_prices
        >>> "anthropic" in default_prices().providers()
        True
        """
        return sorted({price.provider for price in self.prices})


@attrs.frozen
class LiteLLMImport:
    """What :func:`read_litellm` made of a LiteLLM price map.

    Attributes:
        catalog: Every entry with an input and an output price above zero.
        unpriced: Every other entry, with the reason it has no price here
            (no price given, a zero price, not a price entry); never priced at 0.

    >>> import datetime
    >>> from tokencomp import read_litellm
    >>> imported = read_litellm(b'''{"m": {"input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05},
    ...                              "free": {"input_cost_per_token": 0, "output_cost_per_token": 0}}''',
    ...                           as_of=datetime.date(2026, 11, 22), source="example")
    >>> len(imported.catalog), dict(imported.unpriced)
    (1, {'free': 'input_cost_per_token is zero'})
    """

    catalog: PriceCatalog
    unpriced: Mapping[str, str]


_LITELLM_PROVIDERS = {"gemini": "google", "vertex_ai-language-models": "google"}


def _per_million(per_token: object) -> Decimal | None:
    """An exact price a million tokens from LiteLLM's price a token, written without an exponent."""
    if per_token is None:
        return None
    if isinstance(per_token, bool) or not isinstance(per_token, Decimal | int):
        msg = f"a price must be a number, not {per_token!r}"
        raise ValueError(msg)
    return Decimal(format(Decimal(per_token).scaleb(6), "f"))


def read_litellm(data: bytes | str, *, as_of: datetime.date, source: str) -> LiteLLMImport:
    """Read LiteLLM's ``model_prices_and_context_window.json``, exactly.

    The file gives prices a token as JSON numbers such as ``3e-06``; they are
    read as decimals from their text (never through a binary float) and
    multiplied by a million exactly. The file has no dates, so *as_of* says
    when its prices were true. Entries without an input or output price, or
    with a price of zero, are listed in :attr:`LiteLLMImport.unpriced` with
    the reason, never priced at zero.

    Raises:
        ValueError: The text is not a JSON object.

    >>> import datetime
    >>> from tokencomp import read_litellm
    >>> price = read_litellm(b'{"m": {"input_cost_per_token": 1.1e-06, "output_cost_per_token": 3.3e-05}}',
    ...                      as_of=datetime.date(2026, 11, 22), source="example").catalog.price("m")
    >>> price.input_per_million, price.output_per_million
    (Decimal('1.1'), Decimal('33'))
    """
    try:
        entries = json.loads(data, parse_float=Decimal)
    except ValueError as exc:
        msg = f"not a LiteLLM price map: {exc}"
        raise ValueError(msg) from None
    if not isinstance(entries, dict):
        msg = "a LiteLLM price map is a JSON object of models"
        raise ValueError(msg)
    prices, tiers, unpriced = [], [], {}
    for model, entry in entries.items():
        reason = _litellm_unpriced(entry)
        if reason:
            unpriced[model] = reason
            continue
        tiers.extend(_litellm_tiers(model, entry))
        provider = str(entry.get("litellm_provider", "unknown"))
        prices.append(
            TokenPrice(
                provider=_LITELLM_PROVIDERS.get(provider, provider),
                model=model,
                currency="USD",
                input_per_million=_per_million(entry["input_cost_per_token"]),  # type: ignore[arg-type]
                output_per_million=_per_million(entry["output_cost_per_token"]),  # type: ignore[arg-type]
                as_of=as_of,
                cached_input_per_million=_per_million(entry.get("cache_read_input_token_cost")),
                source=source,
            )
        )
    return LiteLLMImport(PriceCatalog(source, as_of, tuple(prices), tuple(tiers) or None), unpriced)


#: LiteLLM's names of a price a token, by the PriceTier field each fills.
_LITELLM_KINDS = {
    "input_cost_per_token": "input_per_million",
    "output_cost_per_token": "output_per_million",
    "cache_read_input_token_cost": "cached_input_per_million",
    "cache_creation_input_token_cost": "cache_write_per_million",
}
_LITELLM_SERVICE_TIERS = {"": ServiceTier.STANDARD, "_batches": ServiceTier.BATCH, "_flex": ServiceTier.FLEX}
_LITELLM_SERVICE_TIERS["_priority"] = ServiceTier.PRIORITY
#: The form of a tiered price's key, a kind, an input threshold in thousands of tokens, a service tier. Other variants
#: (cache writes kept an hour or 12, "ultrafast", "decisions", audio and image tokens) are not kept.
LITELLM_TIER_KEY = re.compile(
    r"(?P<kind>input_cost_per_token|output_cost_per_token|cache_read_input_token_cost|cache_creation_input_token_cost)"
    r"(?:_above_(?P<thousands>[0-9]+)k_tokens)?(?P<service>_batches|_flex|_priority)?"
)


def litellm_tier_key(key: str) -> tuple[str, ServiceTier, int] | None:
    """Return the :class:`~tokencomp.model.prices.PriceTier` field, service tier and threshold a LiteLLM key prices.

    ``None`` for a key that prices none of them.

    >>> litellm_tier_key("output_cost_per_token_above_200k_tokens_priority")
    ('output_per_million', <ServiceTier.PRIORITY: 'priority'>, 200000)
    >>> litellm_tier_key("cache_creation_input_token_cost_above_1hr") is None
    True
    """
    match = LITELLM_TIER_KEY.fullmatch(key)
    if match is None:
        return None
    above = int(match["thousands"]) * 1000 if match["thousands"] else 0
    return _LITELLM_KINDS[match["kind"]], _LITELLM_SERVICE_TIERS[match["service"] or ""], above


def _litellm_tiers(model: str, entry: dict[str, Any]) -> list[PriceTier]:
    """Every tiered price of one entry but the standard ones from the first token, which its TokenPrice holds."""
    rows: dict[tuple[ServiceTier, int], dict[str, Decimal | None]] = {}
    for key, value in entry.items():
        found = litellm_tier_key(key)
        if found is None or isinstance(value, bool) or not isinstance(value, Decimal | int) or value < 0:
            continue
        field, service_tier, above = found
        if (service_tier, above) == (ServiceTier.STANDARD, 0) and field != "cache_write_per_million":
            continue
        rows.setdefault((service_tier, above), {})[field] = _per_million(value)
    return [PriceTier(model, tier, above, **figures) for (tier, above), figures in rows.items()]


def _litellm_unpriced(entry: Any) -> str | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("input_cost_per_token", 0), Decimal | int):
        return "not a price entry"
    for key in ("input_cost_per_token", "output_cost_per_token"):
        if key not in entry:
            return f"no {key}"
        if isinstance(entry[key], bool) or not isinstance(entry[key], Decimal | int) or entry[key] < 0:
            return f"{key} is not a price: {entry[key]!r}"
        if entry[key] == 0:
            return f"{key} is zero"
    cached = entry.get("cache_read_input_token_cost")
    if cached is not None and (isinstance(cached, bool) or not isinstance(cached, Decimal | int) or cached < 0):
        return f"cache_read_input_token_cost is not a price: {cached!r}"
    return None


@functools.cache
def _embedded_prices() -> PriceCatalog:
    # Built by the public constructors, which read decimal strings and dates as the codec does:
    # the price reader does not need the offer's codec (nor import it, which made a circle).
    data = json.loads((importlib.resources.files("tokencomp") / "data" / "prices-litellm.json").read_bytes())
    tiers, notes = data.get("tiers"), data.get("notes")
    return PriceCatalog(
        data["source"],
        data["as_of"],
        tuple(TokenPrice(**price) for price in data["prices"]),
        None if tiers is None else tuple(PriceTier(**tier) for tier in tiers),
        None if notes is None else tuple(notes),
    )


@functools.cache
def _folder_prices(folder: Path | None) -> tuple[Path, PriceCatalog] | None:
    if folder is None or not (files := data_files(folder, (PRICE_FILE,))):
        return None
    data, saved = read_data_file(files[0])
    try:
        imported = read_litellm(data, as_of=saved, source=f"LiteLLM {PRICE_FILE}, {files[0]}, saved {saved}")
    except ValueError as exc:
        raise DataFileError(files[0], str(exc)) from None
    return files[0], imported.catalog


def price_sources() -> tuple[DataSource, ...]:
    """Describe the catalogs :func:`default_prices` is made of: the embedded one, then the data folder's map.

    Raises:
        DataFileError: ``TOKENCOMP_DATA_DIR`` names a price map that cannot be read.

    >>> from tokencomp import price_sources
    >>> [(source.path, source.count, source.last) for source in price_sources()][:1]
    [(None, 38, datetime.date(2026, 11, 22))]
    """
    newer = _folder_prices(data_dir())
    catalogs = [(None, _embedded_prices()), *([newer] if newer else [])]
    return tuple(
        DataSource("token prices", path, catalog.source, catalog.as_of, catalog.as_of, catalog.as_of, len(catalog))
        for path, catalog in catalogs
    )


def _tiers_by_model(catalog: PriceCatalog) -> dict[str, list[PriceTier]]:
    by_model: dict[str, list[PriceTier]] = {}
    for tier in catalog.tiers or ():
        by_model.setdefault(tier.model, []).append(tier)
    return by_model


@functools.cache
def _default_prices(folder: Path | None) -> PriceCatalog:
    embedded, found_in_folder = _embedded_prices(), _folder_prices(folder)
    if found_in_folder is None:
        return embedded
    newer = found_in_folder[1]
    # The map's price wins for each embedded model it prices (Google's under LiteLLM's "gemini/" name);
    # every other model of the map is added under LiteLLM's own name.
    # Its tiers come with its prices: a model's tiers are all from the file that gave its price.
    by_model, kept = {price.model: price for price in newer}, []
    embedded_tiers, newer_tiers = _tiers_by_model(embedded), _tiers_by_model(newer)
    tiers: list[PriceTier] = []
    for price in embedded:
        found = by_model.get(price.model) or by_model.get(f"gemini/{price.model}")
        kept.append(price if found is None else attrs.evolve(found, model=price.model))
        tiered = embedded_tiers.get(price.model, []) if found is None else newer_tiers.get(found.model, [])
        tiers.extend(attrs.evolve(tier, model=price.model) for tier in tiered)
    names = {price.model for price in kept}
    added = [price for price in newer if price.model not in names]
    tiers.extend(tier for price in added for tier in newer_tiers.get(price.model, []))
    return PriceCatalog(
        f"{newer.source}; {embedded.source}",
        max(newer.as_of, embedded.as_of),
        (*kept, *added),
        tuple(tiers) or None,
        embedded.notes,  # they say how the embedded snapshot was made; the map's own prices carry none
    )


def default_prices() -> PriceCatalog:
    """Return the token prices in use: the embedded catalog, under a newer LiteLLM map of the data folder.

    The embedded catalog holds the main current models, derived from
    LiteLLM's price map (see ``tokencomp/data/README.md``). When the
    environment variable ``TOKENCOMP_DATA_DIR`` names a folder holding
    LiteLLM's ``model_prices_and_context_window.json``, its prices win for
    every model it prices, dated by the day the file was saved, and its other
    models are added. Read once per process for each folder named.

    Raises:
        DataFileError: The data folder's price map cannot be read.

    >>> from tokencomp import default_prices
    >>> default_prices().price("gpt-4o").as_of
    datetime.date(2026, 11, 22)
    """
    return _default_prices(data_dir())


#: The tier every budget <-> tokens conversion assumes, as its quote says.
QUOTE_TIER = "standard, below any long-context threshold"


@attrs.frozen
class TokenQuote:
    """Tokens and money, converted one into the other, with everything used.

    Attributes:
        tokens: Whole tokens.
        cost: What the tokens cost, or the budget that buys them.
        price: The price snapshot used (with its date and source).
        usage_mix: The usage mix used.
        blended_per_million: The blended price of a million tokens, in the price's currency.
        fx: The exchange rate used, when the money is in another currency than the price.
        tier: The price tier the blended price assumes: always the standard
            service tier below any long-context threshold, since a budget is
            spent over many requests of unknown size (price one request with
            :func:`~tokencomp.reference.request_price.price_request`).

    >>> from decimal import Decimal
    >>> from tokencomp import UsageMix, cost_of_tokens, default_prices
    >>> quote = cost_of_tokens(1_000_000, default_prices().price("gpt-4o"), UsageMix(Decimal("1"), Decimal("0")))
    >>> quote.cost, quote.price.as_of, quote.fx
    (Money(amount=Decimal('2.50'), currency='USD'), datetime.date(2026, 11, 22), None)
    >>> quote.tier
    'standard, below any long-context threshold'
    """

    tokens: int
    cost: Money
    price: TokenPrice
    usage_mix: UsageMix
    blended_per_million: Money
    fx: FxRate | None = None
    tier: str = QUOTE_TIER


@in_context
def tokens_for_budget(
    budget: Money,
    price: TokenPrice,
    mix: UsageMix,
    *,
    on: datetime.date | None = None,
    rates: RateTable | None = None,
    max_age_days: int | None = None,
) -> TokenQuote:
    """Return how many whole tokens *budget* buys, converting currency first if needed.

    The budget is converted exactly into the price's currency (rates of *on*,
    by default the price's own date), then divided by the blended price and
    rounded down: a budget is never overspent.

    Raises:
        RateNotFoundError: No rate for the conversion, or (with *max_age_days*)
            the rate is more than that many days older than *on*.

    >>> from decimal import Decimal
    >>> from tokencomp import Money, UsageMix, default_prices, tokens_for_budget
    >>> quote = tokens_for_budget(Money("10000", "EUR"), default_prices().price("gpt-4o"),
    ...                           UsageMix(Decimal("0.75"), Decimal("0.25")))
    >>> quote.tokens, quote.fx.date, quote.fx.to_per_base
    (2553600000, datetime.date(2026, 10, 30), Decimal('1.1172'))
    """
    fx = None
    if budget.currency == price.currency:
        tokens = price.tokens_for(budget, mix)
    else:
        in_price_currency, fx = (rates or default_rates()).convert_exact(
            budget, price.currency, on or price.as_of, max_age_days=max_age_days
        )
        tokens = price.tokens_for_ratio(*in_price_currency.as_integer_ratio(), mix)  # exact, floored once
    return TokenQuote(tokens, budget, price, mix, price.blended(mix), fx)


@in_context
def cost_of_tokens(
    tokens: int,
    price: TokenPrice,
    mix: UsageMix,
    currency: str | None = None,
    *,
    on: datetime.date | None = None,
    rates: RateTable | None = None,
    max_age_days: int | None = None,
) -> TokenQuote:
    """Return what *tokens* cost in *currency* (the price's by default), rounded once, half up.

    The cost is converted exactly (rates of *on*, by default the price's own
    date) and only then rounded to the currency's minor unit.

    Raises:
        RateNotFoundError: No rate for the conversion, or (with *max_age_days*)
            the rate is more than that many days older than *on*.

    >>> from decimal import Decimal
    >>> from tokencomp import UsageMix, cost_of_tokens, default_prices
    >>> quote = cost_of_tokens(3_000_000_000, default_prices().price("gpt-4o"),
    ...                        UsageMix(Decimal("0.8"), Decimal("0.2")), "EUR")
    >>> quote.cost, quote.fx.date
    (Money(amount=Decimal('10741.14'), currency='EUR'), datetime.date(2026, 10, 30))
    """
    cost = price.cost_of(tokens, mix, rounded=False).rounded(ROUND_HALF_UP)
    fx = None
    if currency is not None and currency != price.currency:
        exact = price.cost_of(tokens, mix, rounded=False)
        cost, fx = (rates or default_rates()).convert(exact, currency, on or price.as_of, max_age_days=max_age_days)
    return TokenQuote(tokens, cost, price, mix, price.blended(mix), fx)
