"""Token prices: a dated price snapshot, a usage mix, and tokens <-> money.

Prices are per million tokens. A budget buys ``floor(money / blended price)``
tokens (a budget is never overspent); tokens cost their blended price rounded
to the currency's minor unit, half up.
"""

from __future__ import annotations

import datetime
import decimal
from decimal import ROUND_HALF_UP, Decimal

import attrs

from .errors import CurrencyMismatchError, Problem, RuleViolation
from .money import CONTEXT, Money, minor_unit

__all__ = ["MILLION", "TokenPrice", "UsageMix"]

MILLION = Decimal(1_000_000)


def _share_problems(name: str, value: Decimal | None) -> list[Problem]:
    if value is not None and not Decimal(0) <= value <= Decimal(1):
        return [Problem(f"/{name}", "share-out-of-range", f"{name} share {value} must be between 0 and 1")]
    return []


@attrs.frozen
class UsageMix:
    """How a budget's tokens split between input, output and cached input.

    Attributes:
        input: Share of input (prompt) tokens, 0 to 1.
        output: Share of output (completion) tokens, 0 to 1.
        cached_input: Share of cached input tokens, 0 to 1; absent counts as 0.

    >>> UsageMix(Decimal("0.75"), Decimal("0.25"))
    UsageMix(input=Decimal('0.75'), output=Decimal('0.25'), cached_input=None)
    """

    input: Decimal
    output: Decimal
    cached_input: Decimal | None = None

    def __attrs_post_init__(self) -> None:
        problems = [
            *_share_problems("input", self.input),
            *_share_problems("output", self.output),
            *_share_problems("cached_input", self.cached_input),
        ]
        total = self.input + self.output + (self.cached_input or 0)
        if not problems and total != 1:
            problems.append(Problem("", "shares-do-not-sum-to-one", f"usage shares must sum to 1, they sum to {total}"))
        if problems:
            raise RuleViolation(problems)


def _price_problems(price: TokenPrice) -> list[Problem]:
    problems = []
    for name in ("input_per_million", "output_per_million", "cached_input_per_million"):
        value = getattr(price, name)
        if value is not None and value < 0:
            problems.append(Problem(f"/{name}", "negative-price", f"{name} must not be negative"))
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

    def __attrs_post_init__(self) -> None:
        problems = _price_problems(self)
        if problems:
            raise RuleViolation(problems)

    def blended(self, mix: UsageMix) -> Money:
        """Return the price of a million tokens used in the proportions of *mix*.

        Raises:
            ValueError: *mix* has cached input but this snapshot has no cached price.
        """
        if mix.cached_input and self.cached_input_per_million is None:
            msg = f"{self.model} has no cached input price, but the usage mix has cached input"
            raise ValueError(msg)
        with decimal.localcontext(CONTEXT):
            per_million = mix.input * self.input_per_million + mix.output * self.output_per_million
            if mix.cached_input:
                per_million += mix.cached_input * (self.cached_input_per_million or 0)
        return Money(per_million, self.currency)

    def tokens_for(self, budget: Money, mix: UsageMix) -> int:
        """Return how many whole tokens *budget* buys at *mix*, rounding down.

        Raises:
            CurrencyMismatchError: *budget* is not in the price's currency.
            ValueError: The blended price is zero, so any budget buys unlimited tokens.

        >>> price = TokenPrice("anthropic", "claude-sonnet-4-5", "USD", Decimal("3.00"),
        ...                    Decimal("15.00"), datetime.date(2026, 3, 1), Decimal("0.30"))
        >>> mix = UsageMix(Decimal("0.6"), Decimal("0.2"), Decimal("0.2"))
        >>> price.tokens_for(Money("48000.00", "USD"), mix)
        9876543209
        """
        if budget.currency != self.currency:
            raise CurrencyMismatchError(budget.currency, self.currency)
        per_million = self.blended(mix)
        if per_million.amount == 0:
            msg = f"{self.model} has a blended price of zero: a budget buys unlimited tokens"
            raise ValueError(msg)
        with decimal.localcontext(CONTEXT):
            tokens = budget.amount * MILLION / per_million.amount
        return int(tokens.to_integral_value(rounding=decimal.ROUND_FLOOR))

    def cost_of(self, tokens: int, mix: UsageMix, *, rounded: bool = True) -> Money:
        """Return what *tokens* cost at *mix*, rounded half up to the minor unit.

        Args:
            rounded: ``False`` keeps every digit, for callers that convert
                currency before rounding once.

        >>> price = TokenPrice("openai", "gpt-4o", "USD", Decimal("2.50"), Decimal("10.00"),
        ...                    datetime.date(2025, 9, 1))
        >>> price.cost_of(3_000_000_000, UsageMix(Decimal("0.8"), Decimal("0.2")))
        Money(amount=Decimal('12000.00'), currency='USD')
        """
        cost = self.blended(mix) * tokens
        with decimal.localcontext(CONTEXT):
            exact = Money(cost.amount / MILLION, self.currency)
        return exact.rounded(ROUND_HALF_UP) if rounded else exact
