"""Advisories fire exactly at their thresholds; return on spend; comparisons."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tokencomp import (
    AdvisoryPolicy,
    BudgetPeriod,
    Money,
    Offer,
    Rollover,
    Salary,
    SalaryPeriod,
    TokenBudget,
    TokenPrice,
    UsageMix,
    compare,
    summarize,
)
from tokencomp.cli import main
from tokencomp.reports.compare import comparison_text

D = Decimal
DAY = datetime.date(2026, 3, 1)


def offer(salary: str, budget: TokenBudget | None) -> Offer:
    return Offer("x", DAY, "USD", Salary(Money(salary, "USD"), SalaryPeriod.YEAR), token_budget=budget)


def allowance(amount: str, **kwargs: Any) -> TokenBudget:
    return TokenBudget(rollover=Rollover.NONE, allowance=Money(amount, "USD"), period=BudgetPeriod.YEAR, **kwargs)


MIX = UsageMix(D("0.75"), D("0.25"))


def codes(an_offer: Offer, policy: AdvisoryPolicy | None = None) -> list[str]:
    return [a.code for a in summarize(an_offer, policy=policy).advisories if a.code != "no-usage-mix"]


class TestThresholds:
    @pytest.mark.parametrize(
        ("budget", "fires"),
        # salary 400,000: a fifth of the cost is reached at a budget of 100,000 (100 / 500 = 0.2)
        [("99999.99", False), ("100000.00", False), ("100000.01", True)],
    )
    def test_share_over_a_fifth(self, budget: str, fires: bool) -> None:
        """token-share-high fires above a fifth of the fully loaded cost, not at it."""
        assert fires == ("token-share-high" in codes(offer("400000.00", allowance(budget))))

    @pytest.mark.parametrize(("budget", "fires"), [("49999.99", False), ("50000.00", True), ("50000.01", True)])
    def test_half_of_salary(self, budget: str, fires: bool) -> None:
        """token-budget-half-salary fires at half of the salary and above."""
        assert fires == ("token-budget-half-salary" in codes(offer("100000.00", allowance(budget))))

    @pytest.mark.parametrize(
        ("budget", "expected"),
        [
            ("99999.99", "token-budget-half-salary"),
            ("100000.00", "token-budget-half-salary"),
            ("100000.01", "token-budget-above-salary"),
        ],
    )
    def test_above_salary(self, budget: str, expected: str) -> None:
        """token-budget-above-salary fires above the salary, and then replaces the half-salary one."""
        found = codes(offer("100000.00", allowance(budget)))
        assert expected in found
        assert 1 == len([c for c in found if c.startswith("token-budget-")])

    @pytest.mark.parametrize(("days", "fires"), [(179, False), (180, False), (181, True)])
    def test_stale_prices(self, days: int, fires: bool) -> None:
        """token-prices-stale fires when a budget in tokens has prices more than 180 days old."""
        price = TokenPrice("openai", "gpt-4o", "USD", D("2.5"), D("10"), DAY - datetime.timedelta(days=days))
        budget = TokenBudget(
            rollover=Rollover.NONE, tokens=1000, period=BudgetPeriod.YEAR, pricing=price, usage_mix=MIX
        )
        advisories = summarize(offer("100000.00", budget)).advisories
        assert fires == ("token-prices-stale" in [a.code for a in advisories])
        if fires:
            assert (181, 180) == (advisories[0].figure, advisories[0].threshold)

    def test_no_usage_mix(self) -> None:
        """A budget without a usage mix gets no-usage-mix; one with a mix does not; no budget, no advisory."""
        assert ["no-usage-mix"] == [a.code for a in summarize(offer("100000.00", allowance("1000"))).advisories]
        price = TokenPrice("openai", "gpt-4o", "USD", D("2.5"), D("10"), DAY)
        assert () == summarize(offer("100000.00", allowance("1000", pricing=price, usage_mix=MIX))).advisories
        assert () == summarize(offer("100000.00", None)).advisories

    def test_policy_changes_thresholds(self) -> None:
        """A caller's policy moves the threshold: 0.2105 is under a quarter."""
        p75 = offer("375000.00", allowance("100000.00"))
        assert ["token-share-high"] == codes(p75)
        assert [] == codes(p75, AdvisoryPolicy(max_token_share=D("0.25")))

    def test_figure_and_threshold_are_reported(self) -> None:
        """The advisory carries its figure and threshold, and they reach the JSON."""
        advisory = summarize(offer("375000.00", allowance("100000.00"))).advisories[0]
        assert ("token-share-high", D("0.2105"), D("0.2")) == (advisory.code, advisory.figure, advisory.threshold)
        assert "21.05%" in advisory.message


class TestReturnOnSpend:
    def test_eight_times(self) -> None:
        """$100,000 against a $12,000 baseline is 8.33×."""
        summary = summarize(offer("375000.00", allowance("100000.00")), baseline_spend=Money("12000", "USD"))
        assert summary.return_on_spend is not None
        assert D("8.33") == summary.return_on_spend.multiple

    def test_cli(self, capsys: pytest.CaptureFixture[str]) -> None:
        """summarize --baseline-spend 12000 reports 8.33 in JSON and text, with the advisories."""
        assert 0 == main(["summarize", "--example", "p75-engineer", "--baseline-spend", "12000", "--format", "json"])
        summary = json.loads(capsys.readouterr().out)
        assert "8.33" == summary["return_on_spend"]["multiple"]
        assert ["token-share-high", "no-usage-mix"] == [a["code"] for a in summary["advisories"]]
        assert 0 == main(["summarize", "--example", "p75-engineer", "--baseline-spend", "12000"])
        assert "8.33× the output" in capsys.readouterr().out

    def test_bad_baseline(self) -> None:
        """A zero baseline is an error, not an infinite multiple."""
        with pytest.raises(ValueError, match="above zero"):
            summarize(offer("1.00", allowance("1.00")), baseline_spend=Money("0", "USD"))


class TestCompare:
    A = offer("400000.00", None)
    B = offer("375000.00", allowance("100000.00"))

    def test_the_example(self) -> None:
        """B costs $75,000 more a year but pays $25,000 a year less that compounds."""
        result = compare(self.A, self.B)
        assert (D("75000.00"), D("-25000.00"), D("100000.00")) == (
            result.annual_difference["fully_loaded_cost"],
            result.annual_difference["total_compensation"],
            result.annual_difference["token_budget"],
        )
        assert result.verdict[0].startswith("B costs the employer $75,000.00 more a year, but pays $25,000.00")
        assert "less in compensation that compounds" in result.verdict[0]

    def test_the_other_way_round(self) -> None:
        """Swapped, A-as-B costs less and pays more, and has less token budget."""
        result = compare(self.B, self.A)
        assert "costs the employer $75,000.00 less a year, but pays $25,000.00 a year more" in result.verdict[0]
        assert result.verdict[1].startswith("B has $100,000.00 a year less token budget")

    def test_same(self) -> None:
        """Two equal offers: one sentence that says so."""
        assert 1 == len(compare(self.A, self.A).verdict)

    def test_in_one_currency_with_rates(self) -> None:
        """In EUR, both summaries record the rate they used."""
        result = compare(self.A, self.B, currency="EUR")
        assert "EUR" == result.currency
        assert [("USD", "EUR")] == [(r.from_currency, r.to_currency) for r in result.b.fx]
        assert "€" in result.verdict[0]

    def test_text_has_a_budget_row_only_with_a_budget(self) -> None:
        """Without a budget on either side there is no token-budget row; with one on either side, there is."""
        assert "Token budget" not in comparison_text(compare(self.A, self.A))
        row = [line for line in comparison_text(compare(self.A, self.B)).splitlines() if line.startswith("Token")]
        assert ["Token budget                       $0.00       $100,000.00       $100,000.00"] == row

    def test_text_for_a_locale(self) -> None:
        """In de_DE, the amounts, the labels and the rates used are German."""
        text = comparison_text(compare(self.A, self.B, currency="EUR"), "de_DE")
        assert "Token-Budget" in text
        assert "84.709,87\xa0€" in text
        assert "  1 USD = 0,847099 EUR am 2026-02-27" == text.splitlines()[-1]

    def test_cli(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """tokencomp compare A B prints the table and the verdict; JSON has the differences."""
        from tokencomp import dumps

        (tmp_path / "a.json").write_text(dumps(self.A))
        (tmp_path / "b.json").write_text(dumps(self.B))
        assert 0 == main(["compare", str(tmp_path / "a.json"), str(tmp_path / "b.json")])
        text = capsys.readouterr().out
        assert "Fully loaded cost" in text
        assert "B costs the employer $75,000.00 more a year" in text
        assert 0 == main(["compare", str(tmp_path / "a.json"), str(tmp_path / "b.json"), "--format", "json"])
        assert "75000.00" == json.loads(capsys.readouterr().out)["annual_difference"]["fully_loaded_cost"]
        assert 2 == main(["compare", str(tmp_path / "a.json"), "missing.json"])
