"""Gateway exports: a budget as LiteLLM's or OpenRouter's limits, in US dollars, as JSON ready to send."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

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
from tokencomp.gateways import Gateway, gateway_limits
from tokencomp.ledger import ledger_for
from tokencomp.usage import UsageRecord

D = datetime.date


def offer(amount: str = "1000.00", currency: str = "USD", period: BudgetPeriod = BudgetPeriod.MONTH) -> Offer:
    budget = TokenBudget(rollover=Rollover.FULL, allowance=Money(amount, currency), period=period)
    salary = Salary(Money("90000.00", currency), SalaryPeriod.YEAR)
    return Offer("o-1", D(2026, 1, 1), currency, salary, token_budget=budget, metadata={"person": "ada"})


class TestLiteLLM:
    """max_budget, soft_budget, budget_duration and user_id."""

    def test_monthly(self) -> None:
        """1,000.00 USD a month: 1000.00, a soft budget of 800.00, 1mo, for ada; numbers in the JSON."""
        limits = gateway_limits(offer(), Gateway.LITELLM)
        assert {"user_id": "ada", "max_budget": 1000.00, "soft_budget": 800.00, "budget_duration": "1mo"} == json.loads(
            limits.json()
        )
        assert '"max_budget": 1000.00' in limits.json()

    def test_yearly_and_soft_share(self) -> None:
        """A yearly budget lasts 12mo; --soft-share 0.5 halves it."""
        limits = gateway_limits(offer("12000.00", period=BudgetPeriod.YEAR), Gateway.LITELLM, soft_share=Decimal("0.5"))
        assert ("12mo", Decimal("6000.00")) == (limits.limits["budget_duration"], limits.limits["soft_budget"])

    def test_converted_at_the_dated_rate(self) -> None:
        """1,000.00 EUR is converted to USD at the ECB rate of the date asked for, and the notes say which."""
        limits = gateway_limits(offer(currency="EUR"), Gateway.LITELLM, on=D(2026, 3, 20))
        expected, rate = default_rates().convert(Money("1000.00", "EUR"), "USD", D(2026, 3, 20))
        assert (expected.rounded(), rate) == (limits.amount, limits.fx)
        assert f"ECB rate of {rate.date}" in limits.notes[-1]

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
        """200.00 used of January's 1,000.00 rolls 800.00 into February: 1,800.00, re-export each period."""
        ledger = ledger_for(offer(), [UsageRecord(D(2026, 1, 9), "ada", "m", cost=Money("200", "USD"))],
                            as_of=D(2026, 2, 10))  # fmt: skip
        limits = gateway_limits(offer(), Gateway.LITELLM, period=ledger.periods[-1])
        assert (Decimal("1800.00"), True) == (limits.limits["max_budget"], "export again" in limits.notes[0])
