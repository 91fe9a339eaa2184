"""Gateway exports: a budget as LiteLLM's or OpenRouter's limits, in US dollars, as JSON ready to send."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import attrs
import pytest

from tokencomp import (
    BudgetPeriod,
    Money,
    Offer,
    Rollover,
    RuleViolation,
    Salary,
    SalaryPeriod,
    TokenBudget,
    default_rates,
)
from tokencomp.budget.gateways import Gateway, gateway_limits
from tokencomp.budget.ledger import ledger_for
from tokencomp.budget.usage import UsageRecord

D = datetime.date


def offer(amount: str = "1000.00", currency: str = "USD", period: BudgetPeriod = BudgetPeriod.MONTH) -> Offer:
    budget = TokenBudget(rollover=Rollover.FULL, allowance=Money(amount, currency), period=period)
    salary = Salary(Money("90000.00", currency), SalaryPeriod.YEAR)
    return Offer("o-1", D(2026, 1, 1), currency, salary, token_budget=budget, metadata={"person": "ada"})


class TestLiteLLM:
    """user_id, max_budget and budget_duration for the user; the soft budget on the person's key."""

    def test_monthly(self) -> None:
        """1,000.00 USD a month: 1000.00 and 1mo for ada; the soft budget of 800.00 on her key; numbers in the JSON."""
        limits = gateway_limits(offer(), Gateway.LITELLM)
        assert {"user_id": "ada", "max_budget": 1000.00, "budget_duration": "1mo"} == json.loads(limits.json())
        assert '"max_budget": 1000.00' in limits.json()
        assert {"key_alias": "ada-token-budget", "user_id": "ada", "max_budget": Decimal("1000.00"),
                "soft_budget": Decimal("800.00"), "budget_duration": "1mo"} == limits.key_limits  # fmt: skip

    def test_no_soft_budget_in_the_user_body(self) -> None:
        """LiteLLM's user models have no soft_budget: it is never in the user body, only in the key's."""
        limits = gateway_limits(offer(), Gateway.LITELLM)
        assert ("soft_budget" in limits.key_limits, "soft_budget" in limits.limits) == (True, False)

    def test_with_notes_carries_the_key_body(self) -> None:
        """--format json: the key body with the soft budget beside the user body."""
        wrapped = json.loads(gateway_limits(offer(), Gateway.LITELLM).json(with_notes=True))
        assert (800.00, "1mo") == (wrapped["key_limits"]["soft_budget"], wrapped["key_limits"]["budget_duration"])

    @pytest.mark.parametrize(
        ("effective", "expected"),
        [(D(2026, 1, 1), "365d"), (D(2027, 3, 1), "366d"), (D(2028, 2, 29), "366d"), (D(2028, 3, 1), "365d")],
    )
    def test_yearly_in_days(self, effective: datetime.date, expected: str) -> None:
        """A yearly budget lasts the days of the year it starts: LiteLLM refuses "12mo" and has no year unit."""
        yearly = attrs.evolve(offer("12000.00", period=BudgetPeriod.YEAR), effective_date=effective)
        limits = gateway_limits(yearly, Gateway.LITELLM, soft_share=Decimal("0.5"))
        assert (expected, expected) == (limits.limits["budget_duration"], limits.key_limits["budget_duration"])
        assert Decimal("6000.00") == limits.key_limits["soft_budget"]

    def test_converted_at_the_dated_rate(self) -> None:
        """1,000.00 EUR is converted to USD at the ECB rate of the date asked for, and the notes say which."""
        limits = gateway_limits(offer(currency="EUR"), Gateway.LITELLM, on=D(2026, 3, 20))
        expected, rate = default_rates().convert(Money("1000.00", "EUR"), "USD", D(2026, 3, 20))
        assert (expected.rounded(), rate) == (limits.amount, limits.fx)
        assert any(f"ECB rate of {rate.date}" in note for note in limits.notes)

    def test_soft_share_out_of_range(self) -> None:
        """A soft share above 1 is refused."""
        with pytest.raises(RuleViolation, match="soft share"):
            gateway_limits(offer(), Gateway.LITELLM, soft_share=Decimal("1.5"))


class TestOpenRouter:
    """limit and limit_reset."""

    def test_monthly(self) -> None:
        """A monthly budget resets monthly."""
        assert {"name": "ada", "limit": Decimal("1000.00"), "limit_reset": "monthly"} == gateway_limits(
            offer(), Gateway.OPENROUTER
        ).limits

    def test_only_documented_fields(self) -> None:
        """Every field is one of OpenRouter's "Update an API key" body (PATCH /api/v1/keys/{hash}, its API
        reference, https://openrouter.ai/docs/api/api-reference/api-keys/update-keys: name, disabled, limit,
        limit_reset of daily, weekly or monthly, include_byok_in_limit), each of its documented type."""
        documented = {"name", "disabled", "limit", "limit_reset", "include_byok_in_limit"}
        for period in BudgetPeriod:
            body = json.loads(gateway_limits(offer(period=period), Gateway.OPENROUTER).json())
            assert set() == set(body) - documented
            assert (str, float, "monthly") == (type(body["name"]), type(body["limit"]), body["limit_reset"])

    def test_yearly_as_its_monthly_equivalent(self) -> None:
        """10,000.00 a year cannot reset yearly: 833.33 a month, said in the notes."""
        limits = gateway_limits(offer("10000.00", period=BudgetPeriod.YEAR), Gateway.OPENROUTER)
        assert (Decimal("833.33"), True) == (limits.limits["limit"], "monthly equivalent" in limits.notes[0])

    def test_yearly_ledger_period_refused(self) -> None:
        """A yearly ledger period's available amount cannot be enforced by a monthly reset."""
        yearly = offer("10000.00", period=BudgetPeriod.YEAR)
        period = ledger_for(yearly, [], as_of=D(2026, 5, 1)).periods[-1]
        with pytest.raises(RuleViolation, match="not yearly"):
            gateway_limits(yearly, Gateway.OPENROUTER, period=period)


class TestWithTheLedger:
    """With a ledger's open period, the available amount (allowance + carried in) is exported."""

    def test_available(self) -> None:
        """200.00 used of January's 1,000.00 rolls 800.00 into February: 1,800.00, reconcile for the periods after."""
        ledger = ledger_for(offer(), [UsageRecord(D(2026, 1, 9), "ada", "m", cost=Money("200", "USD"))],
                            as_of=D(2026, 2, 10))  # fmt: skip
        limits = gateway_limits(offer(), Gateway.LITELLM, period=ledger.periods[-1])
        assert (Decimal("1800.00"), True) == (limits.limits["max_budget"], "tokencomp reconcile" in limits.notes[0])
