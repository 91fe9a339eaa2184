"""Estimates: rules of thumb, each labelled with its assumption."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tokencomp import Money
from tokencomp.estimates import budget_days, tokens_for_words, tokens_per_working_day, words_for_tokens


class TestEstimates:
    def test_words_and_tokens(self) -> None:
        """¾ word a token: 750 words ≈ 1,000 tokens; 1,000 tokens ≈ 750 words; the ratio can be changed."""
        assert (1000, 750) == (tokens_for_words(750).value, words_for_tokens(1000).value)
        assert 1334 == tokens_for_words(1000).value  # rounds up: a partial token is still a token
        assert 500 == tokens_for_words(500, Decimal(1)).value
        assert "0.75 words per token" == tokens_for_words(1).assumption

    def test_tokens_per_working_day(self) -> None:
        """36 billion tokens a year over 260 working days is 138,461,538 a day (rounded down)."""
        estimate = tokens_per_working_day(36_000_000_000)
        assert (138_461_538, "260 working days a year") == (estimate.value, estimate.assumption)
        assert 150_000_000 == tokens_per_working_day(36_000_000_000, 240).value

    def test_budget_days(self) -> None:
        """$12,000 at a $40 daily burn lasts 300 days; the $100,000 budget at 8× that burn, 312."""
        assert 300 == budget_days(Money("12000", "USD"), Money("40", "USD")).value
        assert 312 == budget_days(Money("100000", "USD"), Money("320", "USD")).value

    def test_bad_arguments(self) -> None:
        """A zero burn, a zero ratio or mixed currencies are errors, not infinities."""
        with pytest.raises(ValueError, match="daily_burn"):
            budget_days(Money("1", "USD"), Money("0", "USD"))
        with pytest.raises(ValueError, match="words_per_token"):
            words_for_tokens(1, Decimal(0))
        with pytest.raises(ValueError, match="USD"):
            budget_days(Money("1", "USD"), Money("1", "EUR"))
