"""Estimates: rules of thumb, each labelled with its assumption."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tokencomp import Money
from tokencomp.reports.estimates import (
    Estimate,
    budget_days,
    tokens_for_words,
    tokens_per_working_day,
    words_for_tokens,
)

D = Decimal


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

    def test_said_as_about_two_figures(self) -> None:
        """An estimate is said as "about" two significant figures, rounded half up; its value keeps every digit."""
        words = words_for_tokens(22_857_142_857)
        assert (17_142_857_142, 17_000_000_000) == (words.value, words.about)
        assert "about 17,000,000,000 words (estimate: 0.75 words per token)" == str(words)
        assert 140_000_000 == tokens_per_working_day(36_000_000_000).about
        assert (1300, 750_000, 0) == (tokens_for_words(1000).about, words_for_tokens(1_000_000).about,
                                      words_for_tokens(0).about)  # fmt: skip
        assert D("0.15") == Estimate(D("0.145"), "x", "y").about
        assert "about 1.300 tokens (estimate: 0.75 words per token)" == tokens_for_words(1000).text("de_DE")

    @given(st.integers(min_value=1, max_value=10**18))
    def test_about_is_close_and_short(self, value: int) -> None:
        """About has at most two significant figures and is within 5 % of the value."""
        about = Estimate(value, "tokens", "a rule").about
        assert isinstance(about, int)
        assert len(str(about).rstrip("0")) <= 2
        assert abs(about - value) * 20 <= value

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
