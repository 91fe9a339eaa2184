"""The price of one request: its tokens at the model's service tier and long-context tier, exactly.

Providers price a request by its size: once its input exceeds a threshold
(200k tokens for Gemini 2.5 Pro, 272k for GPT-5.4), the *whole* request —
every input, cached, cache-write and output token — is priced at the higher
tier, as the providers state it (Google, "Gemini Developer API pricing":
"prompts > 200k tokens"; OpenAI's and Anthropic's pricing pages likewise
for their long-context prices). The input a threshold counts is the whole
prompt: fresh input, cached input and input written to the cache.

The cost is exact, never rounded: 250,000 input and 10,000 output tokens of
gemini-2.5-pro cost 0.775 USD. Budgets converted to tokens and back
(:func:`~tokencomp.reference.pricing.tokens_for_budget`) keep their blended price a
million tokens at the standard tier from the first token.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import attrs

from ..errors import PriceNotFoundError
from ..model.money import Money, in_context
from ..model.prices import MILLION, PriceTier, ServiceTier
from .pricing import PriceCatalog, default_prices

__all__ = ["RequestPrice", "price_request"]

#: What each kind of token is called, by the PriceTier field that prices it.
_KINDS = {
    "input_per_million": "input tokens",
    "output_per_million": "output tokens",
    "cached_input_per_million": "cached input tokens",
    "cache_write_per_million": "cache writes",
}


@attrs.frozen
class RequestPrice:
    """What one request costs, with the tier and the prices used.

    Attributes:
        model: The model, as the catalog names it.
        cost: The exact cost, in the prices' currency; never rounded.
        prices: The prices used, per million tokens: the tier the request falls in.
        input_tokens: Input tokens, not cached.
        output_tokens: Output tokens.
        cached_input_tokens: Input tokens read from the cache.
        cache_write_tokens: Input tokens written to the cache.
        as_of: The date the prices were true.
        source: Where the prices come from.

    >>> from tokencomp import price_request
    >>> price_request("gemini-2.5-pro", input_tokens=250_000, output_tokens=10_000).tier
    'standard, above 200,000 input tokens'
    """

    model: str
    cost: Money
    prices: PriceTier
    input_tokens: int
    output_tokens: int
    cached_input_tokens: int
    cache_write_tokens: int
    as_of: datetime.date
    source: str

    @property
    def tier(self) -> str:
        """The tier in words, the service tier and the threshold the request's input exceeds, if any."""
        above = self.prices.above_input_tokens
        return self.prices.service_tier.value + (f", above {above:,} input tokens" if above else "")


@in_context
def price_request(
    model: str,
    *,
    input_tokens: int,
    output_tokens: int,
    cached_input_tokens: int = 0,
    cache_write_tokens: int = 0,
    service_tier: ServiceTier | str = ServiceTier.STANDARD,
    as_of: datetime.date | None = None,
    catalog: PriceCatalog | None = None,
) -> RequestPrice:
    """Return the exact price of one request of *model* (the catalog in use by default).

    The request's input (fresh, cached and written to the cache) picks the
    highest threshold it exceeds, and the whole request is priced there.

    Raises:
        UnknownModelError: The catalog does not list *model*.
        PriceNotFoundError: The tier has no price for a kind of token the
            request uses, or the prices are dated after *as_of*.
        ValueError: A token count is negative, or the service tier unknown.

    >>> from tokencomp import price_request
    >>> long = price_request("gemini-2.5-pro", input_tokens=250_000, output_tokens=10_000)
    >>> long.cost, long.prices.input_per_million
    (Money(amount=Decimal('0.775'), currency='USD'), Decimal('2.5'))
    >>> price_request("gemini-2.5-pro", input_tokens=200_000, output_tokens=10_000).cost
    Money(amount=Decimal('0.35'), currency='USD')
    >>> price_request("gemini-2.5-pro", input_tokens=250_000, output_tokens=10_000, service_tier="batch").cost
    Money(amount=Decimal('0.3875'), currency='USD')
    """
    counts = {
        "input_per_million": input_tokens,
        "output_per_million": output_tokens,
        "cached_input_per_million": cached_input_tokens,
        "cache_write_per_million": cache_write_tokens,
    }
    for field, count in counts.items():
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            msg = f"{_KINDS[field]} must be a whole number of tokens, 0 or more, not {count!r}"
            raise ValueError(msg)
    catalog = catalog or default_prices()
    base = catalog.price(model)
    if as_of is not None and base.as_of > as_of:
        reason = f"its prices are of {base.as_of}, after {as_of}; the catalog has no older prices"
        raise PriceNotFoundError(base.model, reason)
    service_tier = ServiceTier(service_tier)
    prompt = input_tokens + cached_input_tokens + cache_write_tokens
    above = max((t for t in catalog.thresholds(base.model) if prompt > t), default=0)
    tier = catalog.tier(base.model, service_tier, above)
    where = f"the {service_tier.value} tier" + (f" above {above:,} input tokens" if above else "")
    where += f" in {base.source or catalog.source}"
    total = Decimal(0)
    for field, count in counts.items():
        per_million = getattr(tier, field)
        if count and per_million is None:
            raise PriceNotFoundError(base.model, f"no price for {_KINDS[field]} at {where}")
        if count:
            total += count * per_million / MILLION  # exact: a division by a power of ten
    return RequestPrice(
        base.model,
        Money(total, base.currency),
        tier,
        input_tokens,
        output_tokens,
        cached_input_tokens,
        cache_write_tokens,
        base.as_of,
        base.source or catalog.source,
    )
