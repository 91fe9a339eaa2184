"""Token prices: the LiteLLM importer, the embedded catalog, and quotes across currencies."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tokencomp import Money, UnknownModelError
from tokencomp.model.prices import ServiceTier, TokenPrice, UsageMix
from tokencomp.reference.pricing import (
    PriceCatalog,
    cost_of_tokens,
    default_prices,
    litellm_tier_key,
    read_litellm,
    tokens_for_budget,
)

from .reference import LITELLM, VARIANTS, reference_file
from .strategies import decimals, usage_mixes

D = Decimal
RETRIEVED = datetime.date(2026, 11, 22)


@pytest.fixture(scope="module", params=VARIANTS)
def litellm(request: pytest.FixtureRequest) -> tuple[bytes, dict[str, object]]:
    """LiteLLM's price map: tests/data's excerpt, and the whole published map when it is at hand."""
    data = reference_file(request, LITELLM).read_bytes()
    return data, json.loads(data)


class TestLiteLLMImport:
    def test_whole_file(self, litellm: tuple[bytes, dict[str, object]]) -> None:
        """Every entry of the map is either priced or listed as unpriced with a reason."""
        data, raw = litellm
        imported = read_litellm(data, as_of=RETRIEVED, source="litellm")
        assert len(raw) == len(imported.catalog) + len(imported.unpriced)
        assert "input_cost_per_token is zero" == imported.unpriced["sample_spec"]
        assert all(reason for reason in imported.unpriced.values())

    def test_whole_published_map(self, published: Path) -> None:
        """The published map prices thousands of models."""
        data = (published / LITELLM.published).read_bytes()
        imported = read_litellm(data, as_of=RETRIEVED, source="litellm")
        assert len(json.loads(data)) == len(imported.catalog) + len(imported.unpriced)
        assert len(imported.catalog) > 3000

    def test_excerpt_awkward_entries(self) -> None:
        """The excerpt's awkward entries: four unpriced for their reasons, two priced exactly as written."""
        imported = read_litellm(LITELLM.excerpt.read_bytes(), as_of=RETRIEVED, source="litellm")
        assert {
            "sample_spec": "input_cost_per_token is zero",
            "1024-x-1024/50-steps/stability.stable-diffusion-xl-v1": "no input_cost_per_token",
            "azure/gpt-image-1": "no output_cost_per_token",
            "amazon.titan-embed-text-v1": "output_cost_per_token is zero",
        } == imported.unpriced
        assert 37 + 2 == len(imported.catalog)
        # 9.499999999999999e-07 is float noise in LiteLLM's text; it is read as written, not "repaired".
        noisy = imported.catalog.price("novita/moonshotai/kimi-k2.7-code")
        assert ("0.9499999999999999", "4", "0.19") == tuple(
            str(figure)
            for figure in (noisy.input_per_million, noisy.output_per_million, noisy.cached_input_per_million)
        )
        plain = imported.catalog.price("hostinger_router/gpt-5.2")  # written without an exponent: 0.0000021
        assert ("2.1", "16.8", "0.21") == tuple(
            str(figure)
            for figure in (plain.input_per_million, plain.output_per_million, plain.cached_input_per_million)
        )

    @pytest.mark.parametrize(
        ("model", "text_per_token", "per_million"),
        [
            ("gpt-4o", "2.5e-06", "2.5"),
            ("claude-sonnet-4-5", "3e-06", "3"),
            ("gemini/gemini-2.5-flash", "3e-07", "0.3"),
        ],
    )
    def test_known_prices_digit_for_digit(
        self, litellm: tuple[bytes, dict[str, object]], model: str, text_per_token: str, per_million: str
    ) -> None:
        """Prices are read from the JSON text (never a float) and scaled by a million exactly."""
        data, _ = litellm
        price = read_litellm(data, as_of=RETRIEVED, source="litellm").catalog.price(model)
        assert f'"input_cost_per_token": {text_per_token}' in data.decode()[data.decode().index(f'"{model}"') :][:3000]
        assert per_million == str(price.input_per_million)
        assert (RETRIEVED, "litellm", "USD") == (price.as_of, price.source, price.currency)

    def test_float_noise_never_appears(self) -> None:
        """0.1 + 0.2 style noise cannot occur: 1.1e-06 a token is exactly 1.1 a million."""
        text = b'{"m": {"input_cost_per_token": 1.1e-06, "output_cost_per_token": 3.3e-05, "litellm_provider": "x"}}'
        price = read_litellm(text, as_of=RETRIEVED, source="t").catalog.price("m")
        assert ("1.1", "33") == (str(price.input_per_million), str(price.output_per_million))

    @pytest.mark.parametrize(
        ("entry", "reason"),
        [
            ({"output_cost_per_token": 1e-6}, "no input_cost_per_token"),
            ({"input_cost_per_token": 1e-6}, "no output_cost_per_token"),
            ({"input_cost_per_token": 0, "output_cost_per_token": 1e-6}, "input_cost_per_token is zero"),
            ({"input_cost_per_token": 1e-6, "output_cost_per_token": 0.0}, "output_cost_per_token is zero"),
            ({"input_cost_per_token": "cheap", "output_cost_per_token": 1e-6}, "not a price entry"),
        ],
    )
    def test_unpriced_entries_are_reported(self, entry: dict[str, object], reason: str) -> None:
        """Missing and zero prices are reported with a reason, never priced at zero."""
        imported = read_litellm(json.dumps({"m": entry}), as_of=RETRIEVED, source="t")
        assert (0, {"m": reason}) == (len(imported.catalog), dict(imported.unpriced))

    def test_not_a_map(self) -> None:
        """Text that is not a JSON object is refused."""
        with pytest.raises(ValueError, match="LiteLLM"):
            read_litellm(b"[1]", as_of=RETRIEVED, source="t")
        with pytest.raises(ValueError, match="LiteLLM"):
            read_litellm(b"{", as_of=RETRIEVED, source="t")


#: The words the catalog's notes use for each price of a tier.
WORDS = {
    "input_per_million": "input",
    "output_per_million": "output",
    "cached_input_per_million": "cache read",
    "cache_write_per_million": "cache write",
}


def litellm_absent(catalog: PriceCatalog) -> set[str]:
    """The models the catalog's notes say LiteLLM's map lacks (priced by genai-prices alone)."""
    return {note.split(":")[0] for note in catalog.notes or () if "LiteLLM's map has no such model" in note}


class TestCatalog:
    def test_embedded_snapshot(self, litellm: tuple[bytes, dict[str, object]]) -> None:
        """The embedded catalog holds the main current models with LiteLLM's figures, dated and sourced."""
        catalog = default_prices()
        full = read_litellm(litellm[0], as_of=RETRIEVED, source="litellm").catalog
        providers = {price.provider for price in catalog}
        assert {"openai", "anthropic", "google"} == providers
        for price in catalog:
            assert (RETRIEVED, "USD") == (price.as_of, price.currency)
            assert ["LiteLLM", "genai-prices"] == [
                name for name in ("LiteLLM", "genai-prices") if name in str(price.source)
            ]
            if price.model in litellm_absent(catalog):
                continue
            original = full.price(price.model if price.provider != "google" else f"gemini/{price.model}")
            assert (original.input_per_million, original.output_per_million) == (
                price.input_per_million,
                price.output_per_million,
            )
        assert {"claude-sonnet-4"} == litellm_absent(catalog)

    def test_every_litellm_tier_kept_and_every_other_noted(self, litellm: tuple[bytes, dict[str, object]]) -> None:
        """Truth check: each catalog model's price at every service tier and threshold LiteLLM's map gives is
        LiteLLM's, a million times its price a token, exactly; each price the map does not give is named, with
        its figure, in the catalog's notes (given by genai-prices alone, or derived and said why)."""
        catalog = default_prices()
        entries = json.loads(litellm[0], parse_float=Decimal)
        notes = catalog.notes or ()
        checked = noted = 0
        for price in catalog:
            entry = entries.get(price.model if price.provider != "google" else f"gemini/{price.model}", {})
            expected = {}
            for key, value in entry.items():
                found = litellm_tier_key(key)
                if found is not None:
                    field, service_tier, above = found
                    expected[service_tier, above, field] = Decimal(value).scaleb(6)
            kept = {
                (service_tier, above, field): getattr(catalog.tier(price.model, service_tier, above), field)
                for service_tier in ServiceTier
                for above in [0, *catalog.thresholds(price.model)]
                for field in WORDS
            }  # fmt: skip
            kept = {key: value for key, value in kept.items() if value is not None}
            assert expected == {key: kept.get(key) for key in expected}, price.model
            for (service_tier, above, field), value in kept.items() - expected.items():
                where = service_tier.value + (f" above {above:,}" if above else "")
                said = [n for n in notes if n.startswith(f"{price.model} {where}: ") and f"{WORDS[field]} {value}" in n]
                assert said, (price.model, where, field, value)
                noted += 1
            checked += len(expected)
        assert (checked > 300, noted > 20) == (True, True)

    def test_long_context_prices(self) -> None:
        """gemini-2.5-pro above 200k input tokens: 2.50 input and 15 output a million, as Google states."""
        tier = default_prices().tier("gemini-2.5-pro", ServiceTier.STANDARD, 200_000)
        assert (D("2.5"), D("15"), D("0.25")) == (
            tier.input_per_million,
            tier.output_per_million,
            tier.cached_input_per_million,
        )
        assert [272_000] == default_prices().thresholds("gpt-5.4")

    def test_unknown_model_suggests(self) -> None:
        """A misspelt model name gets the closest names."""
        with pytest.raises(UnknownModelError) as info:
            default_prices().price("claude-sonet-4-5")
        assert "claude-sonnet-4-5" == info.value.suggestions[0]

    @pytest.mark.parametrize("name", ["GPT-4o", "gpt-4O", "Claude-Sonnet-4-5"])
    def test_names_match_in_any_case(self, name: str) -> None:
        """A model name is found whatever its letter case, and the catalog's own spelling comes back."""
        assert name.lower() == default_prices().price(name).model

    def test_case_does_not_hide_a_suggestion(self) -> None:
        """A misspelt name in capitals still gets the closest names, in the catalog's spelling."""
        with pytest.raises(UnknownModelError) as info:
            default_prices().price("CLAUDE-SONET-4-5")
        assert "claude-sonnet-4-5" == info.value.suggestions[0]

    def test_providers(self) -> None:
        """providers() names each provider once, sorted."""
        assert ["anthropic", "google", "openai"] == default_prices().providers()

    def test_catalog_round_trips(self) -> None:
        """A catalog is plain JSON in and out."""
        from tokencomp.codec.converter import make_converter

        converter = make_converter()
        catalog = default_prices()
        assert catalog == converter.structure(converter.unstructure(catalog), PriceCatalog)


PRICE = TokenPrice("openai", "gpt-4o", "USD", D("2.50"), D("10.00"), datetime.date(2025, 9, 1), source="test")


class TestQuotes:
    def test_tokens_for_a_budget_in_another_currency(self) -> None:
        """€10,000 becomes USD at the price's date's rate, then tokens, rounded down."""
        quote = tokens_for_budget(Money("10000", "EUR"), PRICE, UsageMix(D("0.75"), D("0.25")))
        assert quote.fx is not None
        assert (datetime.date(2025, 9, 1), D("1.1715")) == (quote.fx.date, quote.fx.to_per_base)
        by_hand = D(10000) * D("1.1715") / D("4.375") * 1_000_000
        assert int(by_hand) == quote.tokens

    def test_cost_in_another_currency_rounds_once(self) -> None:
        """3 billion tokens at $4 a million cost $12,000, converted to JPY and rounded once (0 digits)."""
        quote = cost_of_tokens(3_000_000_000, PRICE, UsageMix(D("0.8"), D("0.2")), "JPY", on=datetime.date(2026, 4, 1))
        assert quote.fx is not None
        assert Money((D(12000) / quote.fx.from_per_base * quote.fx.to_per_base).quantize(D(1)), "JPY") == quote.cost

    @given(decimals("0.01", "100000"), usage_mixes(cached=False))
    def test_budget_is_never_overspent(self, amount: Decimal, mix: UsageMix) -> None:
        """The tokens a budget buys never cost more than the budget, and one more token would."""
        budget = Money(amount, "USD")
        tokens = PRICE.tokens_for(budget, mix)
        assert PRICE.cost_of(tokens, mix, rounded=False).amount <= amount
        assert PRICE.cost_of(tokens + 1, mix, rounded=False).amount > amount

    @given(st.integers(0, 10**13), usage_mixes(cached=False))
    def test_cost_rounds_half_up_to_cents(self, tokens: int, mix: UsageMix) -> None:
        """cost_of is the exact cost rounded half up to the cent."""
        exact = PRICE.cost_of(tokens, mix, rounded=False)
        assert exact.rounded() == PRICE.cost_of(tokens, mix)
        assert abs(exact.amount - PRICE.cost_of(tokens, mix).amount) <= D("0.005")


class TestEmbeddedCatalogWithoutCodec:
    """The embedded catalog, built by the constructors (no codec import), is what the codec reads."""

    def test_same_catalog_as_the_codec(self) -> None:
        """Every price and every tier of the shipped file, as the codec would structure them."""
        import importlib.resources

        from tokencomp.codec.converter import make_converter, parse_json
        from tokencomp.reference.pricing import PriceCatalog, _embedded_prices

        data = (importlib.resources.files("tokencomp") / "data" / "prices-litellm.json").read_bytes()
        expected = make_converter().structure(parse_json(data), PriceCatalog)
        assert (expected, expected.tiers) == (_embedded_prices(), _embedded_prices().tiers)
