"""Summaries: the seeds' figures, multi-currency figures by hand, and the rounding rules."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from tokencomp import (
    Money,
    Offer,
    RateNotFoundError,
    RateTable,
    TokenPrice,
    UsageMix,
    load_offer,
    loads,
    summarize,
    unstructure,
)
from tokencomp.errors import RuleViolation
from tokencomp.reports.render import summary_text

from .reference import SPEC_EXAMPLES, version_1
from .strategies import offers
from .test_codec import P75, with_change

D = Decimal
EXAMPLES = Path(__file__).resolve().parent.parent / "src" / "tokencomp" / "data" / "examples"
CENT = D("0.01")


def summary_of(document: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    result: dict[str, Any] = unstructure(summarize(loads(json.dumps(document)), **kwargs))
    return result


class TestSeeds:
    def test_p75_engineer(self) -> None:
        """$375,000 salary + $100,000 tokens costs $475,000; tokens are just over 20 %."""
        annual = summary_of(P75)["annual"]
        assert ("475000.00", "0.2105", "375000.00") == (
            annual["fully_loaded_cost"],
            annual["token_share"],
            annual["total_compensation"],
        )

    def test_half_of_salary(self) -> None:
        """Tokens worth half of a $500,000 salary are $250,000, ratio 0.5000."""
        document = with_change("/salary/rate/amount", "500000.00")
        document["token_budget"] = {
            "percent_of_salary": "50",
            "period": "year",
            "rollover": "none",
            "vests": False,
            "portable": False,
        }
        annual = summary_of(document)["annual"]
        assert ("250000.00", "0.5000") == (annual["token_budget"], annual["token_to_salary"])

    def test_spec_examples(self) -> None:
        """Every valid spec example summarizes to every figure it lists."""
        paths = version_1(sorted((SPEC_EXAMPLES.excerpt / "valid").glob("*.summary.json")))
        assert 5 == len(paths)
        for path in paths:
            expected = json.loads(path.read_text())
            offer = loads(path.with_name(path.name.replace(".summary", "")).read_bytes())
            actual = unstructure(summarize(offer))
            for block in ("annual", "first_year"):
                assert expected[block] == {k: actual[block][k] for k in expected[block]}, path.name
            assert expected.get("tokens_per_year") == actual.get("tokens_per_year"), path.name

    @pytest.mark.parametrize(
        "name",
        [
            "berlin-sales-ote-v1.1",
            "sde-backweighted-v1.1",
        ],
    )
    def test_version_1_1_examples(self, name: str) -> None:
        """The contract's version 1.1 examples summarize to every figure they list (strict: passes only when built)."""
        expected = json.loads((SPEC_EXAMPLES.excerpt / "valid" / f"{name}.summary.json").read_text())
        actual = unstructure(summarize(loads((SPEC_EXAMPLES.excerpt / "valid" / f"{name}.json").read_bytes())))
        for block in ("annual", "first_year"):
            assert expected[block] == {k: actual[block][k] for k in expected[block]}
        if "equity_by_year" in expected:
            assert expected["equity_by_year"] == actual["equity_by_year"]


RATES = RateTable(
    "EUR",
    {
        datetime.date(2026, 1, 2): {"USD": D("1.1000"), "GBP": D("0.85000"), "JPY": D("170.00")},
        datetime.date(2026, 4, 1): {"USD": D("1.1605"), "GBP": D("0.87113"), "JPY": D("186.75")},
    },
    "test rates",
)


class TestMultiCurrency:
    def london(self) -> dict[str, Any]:
        document = with_change("/salary/rate", {"amount": "120000.00", "currency": "GBP"})
        document["currency"] = "GBP"
        document["effective_date"] = "2026-04-01"
        document["bonus"] = {"target_percent": "10", "sign_on": {"amount": "20000.00", "currency": "GBP"}}
        document["equity"] = [
            {
                "instrument": "rsu",
                "units": 2000,
                "unit_value": {"amount": "50.00", "currency": "USD"},
                "vesting": {
                    "start_date": "2026-04-01",
                    "duration_months": 48,
                    "cliff_months": 12,
                    "frequency": "quarterly",
                },
            }
        ]
        document["token_budget"]["allowance"] = {"amount": "4000.00", "currency": "USD"}
        document["token_budget"]["period"] = "month"
        return document

    def test_in_gbp_by_hand(self) -> None:
        """USD equity and budget converted at 0.87113 / 1.1605, each rounded once."""
        summary = summary_of(self.london(), rates=RATES)
        usd_to_gbp = D("0.87113") / D("1.1605")
        equity = (D(25000) * usd_to_gbp).quantize(CENT, ROUND_HALF_UP)
        budget = (D(48000) * usd_to_gbp).quantize(CENT, ROUND_HALF_UP)
        assert (str(equity), str(budget)) == ("18766.26", "36031.23")
        annual = summary["annual"]
        assert [str(equity), str(budget), str(D(132000) + equity + budget)] == [
            annual["equity"],
            annual["token_budget"],
            annual["fully_loaded_cost"],
        ]
        assert [{"from": "USD", "to": "GBP", "date": "2026-04-01", "source": "test rates"}] == [
            {k: r[k] for k in ("from", "to", "date", "source")} for r in summary["fx"]
        ]

    def test_in_jpy_on_an_earlier_date(self) -> None:
        """--currency JPY --as-of a date between publications: zero decimals, the earlier date's rates."""
        summary = summary_of(self.london(), currency="JPY", as_of=datetime.date(2026, 3, 31), rates=RATES)
        salary = (D(120000) / D("0.85000") * D("170.00")).quantize(D(1), ROUND_HALF_UP)
        assert (str(salary), "24000000") == (summary["annual"]["salary"], summary["annual"]["salary"])
        assert {"2026-01-02"} == {r["date"] for r in summary["fx"]}
        assert {("GBP", "JPY"), ("USD", "JPY")} == {(r["from"], r["to"]) for r in summary["fx"]}

    def test_missing_rate_is_an_error(self) -> None:
        """An as-of date before the rates begin is an error, not a guess."""
        with pytest.raises(RateNotFoundError):
            summary_of(self.london(), as_of=datetime.date(2025, 1, 1), rates=RATES)


class TestFirstYear:
    def test_cliff_after_the_first_anniversary_vests_nothing(self) -> None:
        """A grant whose cliff falls a day after the anniversary adds nothing to the first year."""
        document = TestMultiCurrency().london()
        document["equity"][0]["vesting"]["start_date"] = "2026-04-02"
        first = summary_of(document, rates=RATES)["first_year"]
        assert "0.00" == first["equity"]
        assert first["cash"] == "152000.00"

    def test_sign_on_and_cliff(self) -> None:
        """First-year cash adds the sign-on; equity is the 500 units vested at the cliff."""
        summary = summary_of(TestMultiCurrency().london(), rates=RATES)
        assert ("152000.00", "18766.26") == (summary["first_year"]["cash"], summary["first_year"]["equity"])


def with_grant(start: str, cliff: int, frequency: str, units: int = 4000) -> dict[str, Any]:
    """P75 (effective 2026-03-01) with one RSU grant of *units* at $12.00 vesting over 48 months from *start*."""
    document = with_change("/equity", [])
    document["equity"] = [
        {
            "instrument": "rsu",
            "units": units,
            "unit_value": {"amount": "12.00", "currency": "USD"},
            "vesting": {"start_date": start, "duration_months": 48, "cliff_months": cliff, "frequency": frequency},
        }
    ]
    return document


class TestFirstYearCountsOnlyVestingAfterTheEffectiveDate:
    """offer-v1 (2026-11-23): the first year counts units vesting after effective_date, through its anniversary."""

    def test_refresh_grant_started_two_years_earlier(self) -> None:
        """A grant vesting yearly since 2024-03-01 adds one year's 1,000 units ($12,000), not the three ($36,000)."""
        summary = summary_of(with_grant("2024-03-01", 12, "annually"))
        assert ("12000.00", "12000.00") == (summary["first_year"]["equity"], summary["annual"]["equity"])

    def test_cliff_before_the_effective_date(self) -> None:
        """A one-year cliff that fell on 2025-06-01 counts only the quarters after 2026-03-01: 4 × 250 units."""
        first = summary_of(with_grant("2024-06-01", 12, "quarterly"))["first_year"]
        # Quarters vest on 06-01, 09-01, 12-01 and 03-01: 2026-06-01 through 2027-03-01 are in the first year.
        assert "12000.00" == first["equity"]
        assert D(first["cash"]) + D("12000.00") == D(first["total_compensation"])

    def test_an_event_on_the_effective_date_is_not_counted(self) -> None:
        """Units vesting on 2026-03-01 itself (monthly from 2025-03-01, no cliff) belong to the year before."""
        # 48 units a month: 12 events after 2026-03-01 through 2027-03-01, not 13.
        first = summary_of(with_grant("2025-03-01", 0, "monthly", units=48 * 48))["first_year"]
        assert str(12 * 48 * D("12.00")) == first["equity"]

    def test_an_event_on_the_anniversary_is_counted(self) -> None:
        """A one-year cliff starting on the effective date vests on 2027-03-01, the anniversary, and counts."""
        first = summary_of(with_grant("2026-03-01", 12, "annually"))["first_year"]
        assert "12000.00" == first["equity"]

    def test_a_grant_fully_vested_before_the_offer_adds_nothing(self) -> None:
        """A schedule that ended before the effective date adds nothing to the first year."""
        first = summary_of(with_grant("2021-01-01", 12, "annually"))["first_year"]
        assert "0.00" == first["equity"]


class TestRoundingRules:
    @given(offers)
    def test_totals_add_up(self, offer: Offer) -> None:
        """Totals are sums of rounded figures, each at the currency's minor unit, ratios at four places."""
        summary = summarize(offer)
        a, f = summary.annual, summary.first_year
        exponent = -summary.minor_unit
        for value in (a.salary, a.bonus, a.equity, a.token_budget, f.sign_on, f.equity):
            assert value.as_tuple().exponent == exponent
        assert a.cash == a.salary + a.bonus
        assert a.total_compensation == a.cash + a.equity
        assert a.fully_loaded_cost == a.total_compensation + a.token_budget
        assert f.fully_loaded_cost == f.salary + f.bonus + f.sign_on + f.equity + f.token_budget
        if a.token_share is not None:
            assert a.token_share == (a.token_budget / a.fully_loaded_cost).quantize(D("0.0001"), ROUND_HALF_UP)


class TestFiguresAsMoney:
    """A summary's figures go back to Money in the summary's currency, ready for tokens_for_budget."""

    def test_in_the_summary_currency(self) -> None:
        """The London offer summarized in JPY gives its token budget as JPY Money, digits unchanged."""
        summary = summarize(loads(json.dumps(TestMultiCurrency().london())), currency="JPY", rates=RATES)
        budget = summary.as_money(summary.annual.token_budget)
        assert ("JPY", summary.annual.token_budget) == (budget.currency, budget.amount)

    def test_feeds_tokens_for_budget(self) -> None:
        """The annual budget as Money buys the same tokens the summary reports for its own pricing."""
        from tokencomp import tokens_for_budget

        offer = loads((EXAMPLES / "london-staff-engineer.json").read_bytes())
        summary = summarize(offer, currency="USD")
        budget = offer.token_budget
        assert budget is not None
        assert budget.pricing is not None
        assert budget.usage_mix is not None
        quote = tokens_for_budget(summary.as_money(summary.annual.token_budget), budget.pricing, budget.usage_mix)
        assert summary.tokens_per_year == quote.tokens


def test_module_entry_point() -> None:
    """python -m tokencomp runs the same command line."""
    result = subprocess.run(
        [sys.executable, "-m", "tokencomp", "summarize", "--example", "p75-engineer", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "475000.00" == json.loads(result.stdout)["annual"]["fully_loaded_cost"]


class TestSummaryText:
    """The summary as a table: token-budget lines only with a budget, every figure for the locale."""

    def test_no_budget_no_budget_lines(self) -> None:
        """An offer without a token budget has no budget row, ratios or footnote."""
        document = {key: value for key, value in P75.items() if key != "token_budget"}
        text = summary_text(summarize(loads(json.dumps(document))))
        assert "Token budget" not in text
        assert "*" not in text
        assert "Fully loaded cost                $375,000.00       $375,000.00" in text

    def test_budget_lines_with_a_budget(self) -> None:
        """With a budget: its row (starred), both ratios and the footnote."""
        text = summary_text(summarize(loads(json.dumps(P75))))
        for line in ("Token budget *", "Token budget share of fully loaded cost: 21.05%", "* The token budget is"):
            assert line in text

    def test_rates_in_the_locale(self) -> None:
        """Under de_DE the rate and its legs through EUR are German numbers."""
        offer = loads((EXAMPLES / "london-staff-engineer.json").read_bytes())
        text = summary_text(summarize(offer), "de_DE")
        assert "  1 USD = 0,750651 GBP am 2026-04-01 (über EUR: 1,1605 USD, 0,87113 GBP); " in text
        assert "Tokens pro Jahr: 9.876.543.209 (" in text


class TestZeroTokenPrice:
    """A valid offer whose budget's token price is zero: every figure, no token count, an advisory."""

    OFFER = Path(__file__).resolve().parent / "data" / "hostile" / "token-price-zero.json"

    def test_summarizes_without_a_token_count(self) -> None:
        """A budget in money at a price of zero buys any number of tokens: none is given, and the advisory says why."""
        summary = summarize(load_offer(self.OFFER.read_bytes()))
        assert (None, Decimal("100000.00")) == (summary.tokens_per_year, summary.annual.token_budget)
        assert "token-price-zero" in [advisory.code for advisory in summary.advisories]

    def test_a_priced_budget_has_no_such_advisory(self) -> None:
        """Any price above zero gives a count and no advisory."""
        document = json.loads(self.OFFER.read_text())
        document["token_budget"]["pricing"]["output_per_million"] = "0.000000000001"
        summary = summarize(load_offer(json.dumps(document)))
        assert summary.tokens_per_year is not None
        assert "token-price-zero" not in [advisory.code for advisory in summary.advisories]

    def test_tokens_for_says_so_as_a_library_error(self) -> None:
        """Asked directly, the price refuses with the library's error (still a ValueError), not a bare one."""
        budget = load_offer(self.OFFER.read_bytes()).token_budget
        assert budget is not None
        assert budget.pricing is not None
        assert budget.usage_mix is not None
        with pytest.raises(RuleViolation) as caught:
            budget.pricing.tokens_for(Money("1.00", "USD"), budget.usage_mix)
        assert ["zero-blended-price"] == [problem.code for problem in caught.value.problems]
        assert isinstance(caught.value, ValueError)

    def test_a_cached_share_without_a_cached_price_is_a_library_error(self) -> None:
        """blended() with a mix the price cannot serve refuses with the library's error, as a budget's rules do."""
        price = TokenPrice("openai", "gpt-4o", "USD", Decimal("2.50"), Decimal("10.00"), datetime.date(2026, 1, 1))
        with pytest.raises(RuleViolation) as caught:
            price.blended(UsageMix(Decimal("0.5"), Decimal("0.25"), Decimal("0.25")))
        assert ["cached-share-without-price"] == [problem.code for problem in caught.value.problems]
