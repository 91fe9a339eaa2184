"""Token prices as the offer holds them: a dated price snapshot, a usage mix, service tiers.

Prices are per million tokens. A budget buys ``floor(money / blended price)``
tokens (a budget is never overspent); tokens cost their blended price rounded
to the currency's minor unit, half up. The catalogs of many models' prices
are :mod:`tokencomp.reference.pricing`'s.
"""

from __future__ import annotations

import datetime
import decimal
import enum
from decimal import ROUND_HALF_UP, Decimal
from typing import ClassVar

import attrs

from ..errors import CurrencyMismatchError, Problem, RuleViolation
from .arguments import ROUTE, check_arguments
from .money import Money, exact_product, in_context, minor_unit

__all__ = ["MILLION", "PriceTier", "ServiceTier", "TokenPrice", "UsageMix"]

MILLION = Decimal(1_000_000)


# A context that never rounds a sum of bounded figures (nor lets the caller's context round it).
_EXACT = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


def _share_problems(name: str, value: Decimal | None) -> list[Problem]:
    if value is not None and (value.is_signed() or value > 1):
        return [Problem(f"/{name}", "share-out-of-range", f"{name} share {value} must be between 0 and 1")]
    return []


@attrs.frozen
class UsageMix:
    """How a budget's tokens split between input, output and cached input.

    Attributes:
        input: Share of input (prompt) tokens, 0 to 1.
        output: Share of output (completion) tokens, 0 to 1.
        cached_input: Share of cached input tokens, 0 to 1; absent counts as 0.

    >>> from decimal import Decimal
    >>> from tokencomp import UsageMix
    >>> UsageMix(Decimal("0.75"), Decimal("0.25"))
    UsageMix(input=Decimal('0.75'), output=Decimal('0.25'), cached_input=None)
    """

    input: Decimal
    output: Decimal
    cached_input: Decimal | None = None

    @in_context
    def __attrs_post_init__(self) -> None:
        if not ROUTE.trusted:
            check_arguments(self)
        problems = [
            *_share_problems("input", self.input),
            *_share_problems("output", self.output),
            *_share_problems("cached_input", self.cached_input),
        ]
        RuleViolation.raise_for(problems or self._beyond_schema())

    def _beyond_schema(self) -> list[Problem]:
        """The rule offer-v1's schema cannot state: the shares (each from 0 to 1) sum to exactly 1."""
        # Summed exactly, whatever the caller's context: at 28 digits, 0.50000000000000000000000000001 + 0.5
        # would round to 1. The shares are checked first (by the schema or the constructor): their digits are bounded.
        # The context's own methods need no switch of the thread's context (a third of this check's time).
        total = _EXACT.add(_EXACT.add(self.input, self.output), self.cached_input or 0)
        if total == 1:
            return []
        return [Problem("", "shares-do-not-sum-to-one", f"usage shares must sum to 1, they sum to {total}")]


def _negative_prices(prices: object, names: tuple[str, ...]) -> list[Problem]:
    return [
        Problem(f"/{name}", "negative-price", f"{name} must not be negative")
        for name in names
        if getattr(prices, name) is not None and getattr(prices, name).is_signed()
    ]


def _price_problems(price: TokenPrice) -> list[Problem]:
    problems = _negative_prices(price, ("input_per_million", "output_per_million", "cached_input_per_million"))
    try:
        minor_unit(price.currency)
    except LookupError as exc:
        problems.append(Problem("/currency", "unknown-currency", str(exc)))
    for name in ("provider", "model"):
        if not getattr(price, name):
            problems.append(Problem(f"/{name}", "empty-string", f"{name} must not be empty"))
    return problems


@attrs.frozen
class TokenPrice:
    """A dated snapshot of one model's token prices, per million tokens.

    Attributes:
        provider: Who sells the tokens, such as ``"anthropic"``.
        model: The model's name, such as ``"claude-sonnet-4-5"``.
        currency: The currency the prices are in.
        input_per_million: Price of a million input tokens.
        output_per_million: Price of a million output tokens.
        as_of: The date the prices were true.
        cached_input_per_million: Price of a million cached input tokens, if sold.
        source: Where the prices were read, for provenance.

    >>> import datetime
    >>> from decimal import Decimal
    >>> from tokencomp import TokenPrice, UsageMix
    >>> price = TokenPrice("openai", "gpt-4o", "USD", Decimal("2.50"), Decimal("10.00"),
    ...                    datetime.date(2025, 9, 1))
    >>> price.blended(UsageMix(Decimal("0.8"), Decimal("0.2")))
    Money(amount=Decimal('4.000'), currency='USD')
    """

    provider: str
    model: str
    currency: str
    input_per_million: Decimal
    output_per_million: Decimal
    as_of: datetime.date
    cached_input_per_million: Decimal | None = None
    source: str | None = None

    #: A price keeps every digit its source gave (a catalog's come from binary floats); inside a
    #: token budget, it is held to the contract's digits like every figure of an offer (tokencomp.model.arguments).
    SOURCE_DIGITS: ClassVar[bool] = True

    #: offer-v1's schema states every rule of this class: the trusted route (:mod:`tokencomp.codec.build`) runs none.
    _beyond_schema = None

    def __attrs_post_init__(self) -> None:
        if not ROUTE.trusted:
            check_arguments(self)
        problems = _price_problems(self)
        RuleViolation.raise_for(problems)

    @in_context
    def blended(self, mix: UsageMix) -> Money:
        """Return the price of a million tokens used in the proportions of *mix*.

        Raises:
            ValueError: *mix* has cached input but this snapshot has no cached price.
        """
        return Money(self.blended_amount(mix), self.currency)

    def blended_amount(self, mix: UsageMix) -> Decimal:
        """:meth:`blended`'s amount, without making a Money; inside tokencomp's decimal context, as :meth:`blended`.

        Raises:
            RuleViolation: *mix* has cached input but this snapshot has no cached
                price (``cached-share-without-price``, a ValueError).
        """
        if mix.cached_input and self.cached_input_per_million is None:
            message = f"{self.model} has no cached input price, but the usage mix has cached input"
            raise RuleViolation([Problem("/usage_mix/cached_input", "cached-share-without-price", message)])
        per_million = mix.input * self.input_per_million + mix.output * self.output_per_million
        if mix.cached_input:
            per_million += mix.cached_input * (self.cached_input_per_million or 0)
        return per_million

    def tokens_for(self, budget: Money, mix: UsageMix) -> int:
        """Return how many whole tokens *budget* buys at *mix*, rounding down.

        Raises:
            CurrencyMismatchError: *budget* is not in the price's currency.
            RuleViolation: The blended price is zero, so any budget buys
                unlimited tokens (``zero-blended-price``, a ValueError).

        >>> import datetime
        >>> from decimal import Decimal
        >>> from tokencomp import Money, TokenPrice, UsageMix
        >>> price = TokenPrice("anthropic", "claude-sonnet-4-5", "USD", Decimal("3.00"),
        ...                    Decimal("15.00"), datetime.date(2026, 3, 1), Decimal("0.30"))
        >>> mix = UsageMix(Decimal("0.6"), Decimal("0.2"), Decimal("0.2"))
        >>> price.tokens_for(Money("48000.00", "USD"), mix)
        9876543209
        """
        if budget.currency != self.currency:
            raise CurrencyMismatchError(budget.currency, self.currency)
        return self.tokens_for_ratio(*budget.amount.as_integer_ratio(), mix)

    @in_context
    def tokens_for_ratio(self, numerator: int, denominator: int, mix: UsageMix) -> int:
        """Return how many whole tokens an exact budget of *numerator* / *denominator* buys at *mix*, rounding down.

        For a budget converted from another currency and not yet rounded,
        as :func:`~tokencomp.summarize` has it.

        Raises:
            RuleViolation: The blended price is zero, so any budget buys
                unlimited tokens (``zero-blended-price``, a ValueError).
        """
        per_million = self.blended_amount(mix)
        if per_million == 0:
            message = f"{self.model} has a blended price of zero at this usage mix: a budget buys unlimited tokens"
            raise RuleViolation([Problem("/pricing", "zero-blended-price", message)])
        price_numerator, price_denominator = per_million.as_integer_ratio()
        # Floor of the exact quotient: a rounded quotient could round up onto a whole token not paid for.
        return numerator * 1_000_000 * price_denominator // (denominator * price_numerator)

    @in_context
    def cost_of(self, tokens: int, mix: UsageMix, *, rounded: bool = True) -> Money:
        """Return what *tokens* cost at *mix*, rounded half up to the minor unit.

        Args:
            rounded: ``False`` keeps every digit, for callers that convert
                currency before rounding once.

        >>> import datetime
        >>> from decimal import Decimal
        >>> from tokencomp import TokenPrice, UsageMix
        >>> price = TokenPrice("openai", "gpt-4o", "USD", Decimal("2.50"), Decimal("10.00"),
        ...                    datetime.date(2025, 9, 1))
        >>> price.cost_of(3_000_000_000, UsageMix(Decimal("0.8"), Decimal("0.2")))
        Money(amount=Decimal('12000.00'), currency='USD')
        """
        exact = Money(self.cost_amount(tokens, mix), self.currency)
        return exact.rounded(ROUND_HALF_UP) if rounded else exact

    def cost_amount(self, tokens: int, mix: UsageMix) -> Decimal:
        """What *tokens* cost at *mix*, every digit kept, without making a Money; inside tokencomp's decimal context."""
        return exact_product(self.blended_amount(mix), Decimal(tokens)) / MILLION  # a millionth is exact


class ServiceTier(enum.Enum):
    """How fast a provider serves a request, which it prices apart.

    ``batch`` is an asynchronous batch (LiteLLM's ``_batches`` prices), ``flex``
    a slower, cheaper lane, ``priority`` a faster, dearer one.

    >>> from tokencomp import ServiceTier
    >>> ServiceTier("batch")
    <ServiceTier.BATCH: 'batch'>
    """

    STANDARD = "standard"
    BATCH = "batch"
    FLEX = "flex"
    PRIORITY = "priority"


def _tier_problems(tier: PriceTier) -> list[Problem]:
    problems = _negative_prices(tier, _TIER_PRICES)
    if not tier.model:
        problems.append(Problem("/model", "empty-string", "model must not be empty"))
    if tier.above_input_tokens < 0:
        problems.append(Problem("/above_input_tokens", "below-minimum", "above_input_tokens must be 0 or more"))
    return problems


@attrs.frozen
class PriceTier:
    """A model's prices for one service tier above one input threshold, per million tokens.

    Providers charge more for long requests: once a request's input exceeds
    the threshold, the whole request is priced at the higher tier (Google's
    Gemini pricing page: "prompts longer than 200k tokens"; LiteLLM's map
    names these prices ``*_above_200k_tokens``). A price absent here is not
    sold at this tier. The standard tier from the first token is the model's
    :class:`TokenPrice`; a tier of it here only adds what that lacks (the
    price of cache writes).

    Attributes:
        model: The model's name, as in the catalog's prices.
        service_tier: The service tier.
        above_input_tokens: The threshold: these prices apply to requests
            whose input tokens exceed it; 0 from the first token.
        input_per_million: Price of a million input tokens.
        output_per_million: Price of a million output tokens.
        cached_input_per_million: Price of a million cached input tokens (cache reads).
        cache_write_per_million: Price of a million input tokens written to the cache.

    >>> from tokencomp import ServiceTier, default_prices
    >>> tier = default_prices().tier("gemini-2.5-pro", ServiceTier.STANDARD, 200_000)
    >>> tier.input_per_million, tier.output_per_million
    (Decimal('2.5'), Decimal('15'))
    """

    #: The prices keep their source's digits, as a :class:`TokenPrice` does.
    SOURCE_DIGITS: ClassVar[bool] = True
    model: str
    service_tier: ServiceTier
    above_input_tokens: int
    input_per_million: Decimal | None = None
    output_per_million: Decimal | None = None
    cached_input_per_million: Decimal | None = None
    cache_write_per_million: Decimal | None = None

    def __attrs_post_init__(self) -> None:
        if not ROUTE.trusted:
            check_arguments(self)
        RuleViolation.raise_for(_tier_problems(self))


_TIER_PRICES = ("input_per_million", "output_per_million", "cached_input_per_million", "cache_write_per_million")
