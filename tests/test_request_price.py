"""The price of one request: long-context thresholds, service tiers, cache reads and writes, exactly."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tokencomp import Money, PriceNotFoundError, UnknownModelError, price_request
from tokencomp.model.prices import MILLION, ServiceTier
from tokencomp.reference.pricing import default_prices

D = Decimal


class TestThreshold:
    def test_the_issue_figure(self) -> None:
        """250,000 input + 10,000 output tokens of gemini-2.5-pro cost 0.775 USD (not 0.41), unrounded."""
        request = price_request("gemini-2.5-pro", input_tokens=250_000, output_tokens=10_000)
        assert Money("0.775", "USD") == request.cost
        assert "0.775" == str(request.cost.amount)
        assert ("standard, above 200,000 input tokens", 200_000) == (request.tier, request.prices.above_input_tokens)

    def test_at_the_threshold_is_not_above_it(self) -> None:
        """200,000 input tokens is not above 200k: the base prices, 1.25 and 10 a million."""
        request = price_request("gemini-2.5-pro", input_tokens=200_000, output_tokens=10_000)
        assert (Money("0.35", "USD"), "standard") == (request.cost, request.tier)

    def test_cached_and_written_input_count_towards_the_threshold(self) -> None:
        """The prompt is fresh, cached and cache-written input: 150k + 60k cached exceeds 200k."""
        request = price_request("gemini-2.5-pro", input_tokens=150_000, output_tokens=0, cached_input_tokens=60_000)
        assert Money("0.39", "USD") == request.cost  # 150k at 2.50 + 60k at 0.25

    @given(
        st.integers(0, 2_000_000), st.integers(0, 200_000), st.integers(0, 500_000), st.sampled_from(list(ServiceTier))
    )
    def test_the_whole_request_at_one_tier(self, fresh: int, output: int, cached: int, tier: ServiceTier) -> None:
        """Every token is priced at the one tier the request's input falls in, whenever that tier prices it."""
        catalog = default_prices()
        prompt = fresh + cached
        above = 200_000 if prompt > 200_000 else 0
        prices = catalog.tier("gemini-2.5-pro", tier, above)
        try:
            request = price_request(
                "gemini-2.5-pro",
                input_tokens=fresh,
                output_tokens=output,
                cached_input_tokens=cached,
                service_tier=tier,
            )
        except PriceNotFoundError:
            assert None in (prices.input_per_million, prices.output_per_million, prices.cached_input_per_million)
            return
        expected = (
            fresh * (prices.input_per_million or 0)
            + output * (prices.output_per_million or 0)
            + cached * (prices.cached_input_per_million or 0)
        ) / MILLION
        assert expected == request.cost.amount
        assert prices == request.prices


class TestServiceTiers:
    @pytest.mark.parametrize(
        ("expected", "tier"),
        [("0.775", "standard"), ("0.3875", "batch"), ("0.3875", "flex"), ("1.395", "priority")],
    )
    def test_gemini_long_request_by_tier(self, expected: str, tier: str) -> None:
        """batch and flex halve the long-context prices (1.25 and 7.50); priority is 4.50 and 27 a million."""
        request = price_request("gemini-2.5-pro", input_tokens=250_000, output_tokens=10_000, service_tier=tier)
        assert Money(expected, "USD") == request.cost

    def test_cache_writes(self) -> None:
        """claude-sonnet-4-5: 3 input, 15 output, 0.30 cache read, 3.75 cache write a million."""
        request = price_request(
            "claude-sonnet-4-5",
            input_tokens=1_000,
            output_tokens=200,
            cached_input_tokens=5_000,
            cache_write_tokens=3_000,
        )
        assert Money("0.01875", "USD") == request.cost


class TestLongContext:
    """The long-context prices the two maps give between them (issue #30)."""

    def test_claude_sonnet_4_5_above_200k(self) -> None:
        """300,000 input + 10,000 output tokens: 6 and 22.50 a million above 200k, as Anthropic and genai-prices
        charge (LiteLLM's direct entry lacks the tier): 2.025, not 1.05 at the flat 3 and 15."""
        request = price_request("claude-sonnet-4-5", input_tokens=300_000, output_tokens=10_000)
        assert (Money("2.025", "USD"), D("0.6")) == (request.cost, request.prices.cached_input_per_million)

    @pytest.mark.parametrize(
        ("model", "expected"),
        [("gemini-2.5-pro", ("1.25", "7.5", "0.25")), ("gemini-3.1-pro-preview", ("2", "9", "0.4"))],
    )
    def test_gemini_pro_flex_above_200k(self, model: str, expected: tuple[str, str, str]) -> None:
        """The two Gemini Pro models have a flex tier above 200k: their batch prices there, as the notes say."""
        tier = default_prices().tier(model, ServiceTier.FLEX, 200_000)
        assert tuple(D(x) for x in expected) == (
            tier.input_per_million, tier.output_per_million, tier.cached_input_per_million
        )  # fmt: skip
        assert any(n.startswith(f"{model} flex above 200,000") and "derived" in n for n in default_prices().notes or ())

    def test_claude_sonnet_4_present(self) -> None:
        """claude-sonnet-4 is priced (by genai-prices; LiteLLM's map has no direct entry): 3 and 15 a million."""
        price = default_prices().price("claude-sonnet-4")
        assert (D("3"), D("15"), D("0.3")) == (
            price.input_per_million, price.output_per_million, price.cached_input_per_million
        )  # fmt: skip


class TestRefusals:
    def test_a_tier_without_a_price(self) -> None:
        """gpt-5.4 has no priority price above 272k (neither map gives one): an error that says so, never a lower
        price."""
        with pytest.raises(PriceNotFoundError) as raised:
            price_request("gpt-5.4", input_tokens=300_000, output_tokens=1, service_tier="priority")
        assert "no price for input tokens at the priority tier above 272,000 input tokens" in str(raised.value)

    def test_cache_writes_without_a_price(self) -> None:
        """Google sells no cache writes by the token: asking for them is refused."""
        with pytest.raises(PriceNotFoundError, match="no price for cache writes at the standard tier"):
            price_request("gemini-2.5-pro", input_tokens=1, output_tokens=1, cache_write_tokens=1)

    def test_prices_dated_after_the_date_asked_for(self) -> None:
        """The catalog has no older prices: a date before them is refused."""
        with pytest.raises(PriceNotFoundError, match="its prices are of 2026-11-22, after 2026-01-01"):
            price_request("gpt-4o", input_tokens=1, output_tokens=1, as_of=datetime.date(2026, 1, 1))

    @pytest.mark.parametrize("count", [-1, True, D(1)])
    def test_token_counts(self, count: object) -> None:
        """A token count is a whole number, 0 or more."""
        with pytest.raises(ValueError, match="must be a whole number of tokens"):
            price_request("gpt-4o", input_tokens=count, output_tokens=1)  # type: ignore[arg-type]

    def test_unknown_model(self) -> None:
        """An unknown model names the closest ones."""
        with pytest.raises(UnknownModelError, match="did you mean gpt-4o"):
            price_request("gpt-4", input_tokens=1, output_tokens=1)
