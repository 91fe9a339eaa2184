"""Estimates from rules of thumb, labelled as such.

Nothing here is measured: a token is *about* three quarters of a word in
English prose, and a year has *about* 260 working days. Every result is an
:class:`Estimate` that carries the assumption it rests on, so that it is
never mistaken for a contractual figure.
"""

from __future__ import annotations

import decimal
import math
from decimal import Decimal
from fractions import Fraction

import attrs
from babel import Locale

from ..errors import CurrencyMismatchError
from ..model.money import Money, in_context
from .wording import format_amount

__all__ = [
    "SIGNIFICANT_FIGURES",
    "WORDS_PER_TOKEN",
    "WORKING_DAYS_PER_YEAR",
    "Estimate",
    "budget_days",
    "tokens_for_words",
    "tokens_per_working_day",
    "words_for_tokens",
]

#: About ¾ of an English word per token.
WORDS_PER_TOKEN = Decimal("0.75")
#: 52 weeks of 5 days.
WORKING_DAYS_PER_YEAR = 260
#: The digits a rule of thumb can claim. Words a token vary from about 0.6 to
#: 0.8 and working days from about 230 to 260, so the second digit is already soft.
SIGNIFICANT_FIGURES = 2


@attrs.frozen
class Estimate:
    """A figure worked out from a rule of thumb.

    Attributes:
        value: The figure the rule gives, every digit of it (for further
            arithmetic; say it with :attr:`about` or :meth:`text`).
        unit: What it counts, such as ``"tokens"``.
        assumption: The rule of thumb it rests on.

    >>> from tokencomp import tokens_for_words
    >>> estimate = tokens_for_words(1000)
    >>> estimate.value, estimate.about
    (1334, 1300)
    >>> str(estimate)
    'about 1,300 tokens (estimate: 0.75 words per token)'
    """

    value: int | Decimal
    unit: str
    assumption: str

    @property
    @in_context
    def about(self) -> int | Decimal:
        """The figure rounded to :data:`SIGNIFICANT_FIGURES`, half up: what an estimate can claim."""
        if not self.value:
            return self.value
        exact = Decimal(self.value)
        exponent = exact.adjusted() - SIGNIFICANT_FIGURES + 1
        rounded = exact.scaleb(-exponent).to_integral_value(rounding=decimal.ROUND_HALF_UP).scaleb(exponent)
        return int(rounded) if isinstance(self.value, int) else rounded

    @in_context
    def text(self, locale: Locale | str = "en_US") -> str:
        """Say the estimate for *locale*: "about" its rounded figure, its unit and its assumption.

        >>> from tokencomp import words_for_tokens
        >>> words_for_tokens(22_857_142_857).text("de_DE")
        'about 17.000.000.000 words (estimate: 0.75 words per token)'
        """
        return f"about {format_amount(self.about, locale)} {self.unit} (estimate: {self.assumption})"

    def __str__(self) -> str:
        return self.text()


def _positive(name: str, value: Decimal | int) -> None:
    if value <= 0:
        msg = f"{name} must be above zero, not {value}"
        raise ValueError(msg)


@in_context
def tokens_for_words(words: int, words_per_token: Decimal = WORDS_PER_TOKEN) -> Estimate:
    """Estimate the tokens *words* of text take, rounding up.

    >>> from tokencomp import tokens_for_words
    >>> tokens_for_words(750).value
    1000
    """
    _positive("words_per_token", words_per_token)
    tokens = math.ceil(words / Fraction(words_per_token))  # exact: a rounded quotient could land on a whole number
    return Estimate(tokens, "tokens", f"{words_per_token} words per token")


@in_context
def words_for_tokens(tokens: int, words_per_token: Decimal = WORDS_PER_TOKEN) -> Estimate:
    """Estimate the words of text *tokens* hold, rounding down.

    >>> from tokencomp import words_for_tokens
    >>> words_for_tokens(1_000_000).value
    750000
    """
    _positive("words_per_token", words_per_token)
    words = math.floor(tokens * Fraction(words_per_token))
    return Estimate(words, "words", f"{words_per_token} words per token")


@in_context
def tokens_per_working_day(tokens_per_year: int, working_days: int = WORKING_DAYS_PER_YEAR) -> Estimate:
    """Estimate the tokens a budget allows a working day, rounding down.

    >>> from tokencomp import tokens_per_working_day
    >>> tokens_per_working_day(36_000_000_000).value
    138461538
    """
    _positive("working_days", working_days)
    return Estimate(tokens_per_year // working_days, "tokens a working day", f"{working_days} working days a year")


@in_context
def budget_days(budget: Money, daily_burn: Money) -> Estimate:
    """Estimate how many whole days *budget* lasts when *daily_burn* is spent every day.

    >>> from tokencomp import Money, budget_days
    >>> budget_days(Money("100000", "USD"), Money("400", "USD")).value
    250
    """
    if budget.currency != daily_burn.currency:
        raise CurrencyMismatchError(budget.currency, daily_burn.currency)
    _positive("daily_burn", daily_burn.amount)
    days = math.floor(Fraction(budget.amount) / Fraction(daily_burn.amount))
    return Estimate(days, "days", f"{daily_burn.amount} {daily_burn.currency} spent every day")
