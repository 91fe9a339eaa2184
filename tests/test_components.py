"""The four components: their rules, annual figures and vesting schedules."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tokencomp import (
    Bonus,
    BudgetPeriod,
    EquityGrant,
    Instrument,
    Money,
    Rollover,
    RuleViolation,
    Salary,
    SalaryPeriod,
    TokenBudget,
    TokenPrice,
    UsageMix,
    Vesting,
    VestingFrequency,
)
from tokencomp.model.components import add_months

from .strategies import vestings

D = Decimal
USD = "USD"
APRIL_1 = datetime.date(2026, 4, 1)


def pointers(info: pytest.ExceptionInfo[RuleViolation]) -> list[str]:
    return sorted(p.pointer for p in info.value.problems)


def rsu(units: int = 2000, cliff: int = 12, duration: int = 48, frequency: str = "quarterly") -> EquityGrant:
    vesting = Vesting(APRIL_1, duration, cliff, VestingFrequency(frequency))
    return EquityGrant(Instrument.RSU, units, Money("50.00", USD), vesting)


class TestSalary:
    @pytest.mark.parametrize(
        ("expected", "rate", "period", "hours"),
        [
            ("375000.00", "375000.00", "year", None),
            ("120000.00", "10000.00", "month", None),
            ("52000.00", "1000.00", "week", None),
            ("208000.00", "100.00", "hour", None),
            ("156000.00", "100.00", "hour", "30"),
            ("100000", "100000", "year", "30"),
        ],
    )
    def test_annual(self, expected: str, rate: str, period: str, hours: str | None) -> None:
        """Year × 1, month × 12, week × 52, hour × hours_per_week (40 by default) × 52."""
        salary = Salary(Money(rate, USD), SalaryPeriod(period), hours_per_week=D(hours) if hours else None)
        assert Money(expected, USD) == salary.annual()

    def test_rules(self) -> None:
        """A zero rate and impossible hours are both reported."""
        with pytest.raises(RuleViolation) as info:
            Salary(Money("0", USD), SalaryPeriod.HOUR, hours_per_week=D("169"))
        assert ["/hours_per_week", "/rate/amount"] == pointers(info)


class TestBonus:
    def test_target_percent_of_salary(self) -> None:
        """10 % of £120,000 is £12,000."""
        assert D("12000") == Bonus(target_percent=D("10")).annual_target(Money("120000.00", "GBP")).amount

    def test_target_amount(self) -> None:
        """A target amount is used as it is, in its own currency."""
        assert Money("5000", "EUR") == Bonus(target=Money("5000", "EUR")).annual_target(Money("1", USD))

    def test_rules(self) -> None:
        """Both targets, a negative sign-on, a clawback without a sign-on: all reported at once."""
        with pytest.raises(RuleViolation) as info:
            Bonus(target_percent=D("10"), target=Money("1", USD), sign_on=Money("-1", USD))
        assert ["", "/sign_on/amount"] == pointers(info)
        with pytest.raises(RuleViolation) as info:
            Bonus(target_percent=D("-1"), sign_on_clawback_months=-2)
        assert ["/sign_on", "/sign_on_clawback_months", "/target_percent"] == pointers(info)


class TestEquity:
    def test_rsu_annual_value(self) -> None:
        """2,000 units × $50 over 48 months is $25,000 a year."""
        assert D(25000) == rsu().annual_value().amount

    def test_option_spread_never_below_zero(self) -> None:
        """An option is worth value − strike, or nothing when under water."""
        vesting = Vesting(APRIL_1, 48, 12, VestingFrequency.MONTHLY)
        in_money = EquityGrant(Instrument.ISO, 1000, Money("30", USD), vesting, Money("10", USD))
        under_water = EquityGrant(Instrument.NSO, 1000, Money("10", USD), vesting, Money("30", USD))
        assert Money(20000, USD) == in_money.value_at_grant()
        assert D(0) == under_water.value_at_grant().amount

    def test_strike_rules(self) -> None:
        """Options need a strike in the unit value's currency; RSUs have none."""
        vesting = Vesting(APRIL_1, 48, 12, VestingFrequency.MONTHLY)
        with pytest.raises(RuleViolation) as info:
            EquityGrant(Instrument.ISO, 0, Money("1", USD), vesting)
        assert ["/strike_price", "/units"] == pointers(info)
        with pytest.raises(RuleViolation) as info:
            EquityGrant(Instrument.RSU, 1, Money("1", USD), vesting, Money("1", "EUR"))
        assert ["/strike_price", "/strike_price/currency"] == pointers(info)

    def test_vesting_rules(self) -> None:
        """The cliff must lie within the duration, and the duration be above zero."""
        with pytest.raises(RuleViolation) as info:
            Vesting(APRIL_1, 48, 60, VestingFrequency.QUARTERLY)
        assert ["/cliff_months"] == pointers(info)
        with pytest.raises(RuleViolation) as info:
            Vesting(APRIL_1, 0, 0, VestingFrequency.QUARTERLY)
        assert ["/duration_months"] == pointers(info)


class TestVestingSchedule:
    def test_cliff_then_quarterly(self) -> None:
        """A one-year cliff vests a quarter at once, then 125 units every quarter."""
        events = list(rsu().vesting.events(2000))
        assert (datetime.date(2027, 4, 1), 500) == (events[0].date, events[0].units)
        assert [125] * 12 == [e.units for e in events[1:]]
        assert datetime.date(2030, 4, 1) == events[-1].date

    def test_cliff_off_the_frequency_waits_for_the_next_step(self) -> None:
        """A 4-month cliff on a quarterly schedule first vests at month 6."""
        events = list(Vesting(APRIL_1, 12, 4, VestingFrequency.QUARTERLY).events(12))
        assert [(datetime.date(2026, 10, 1), 6), (datetime.date(2027, 1, 1), 3), (datetime.date(2027, 4, 1), 3)] == [
            (e.date, e.units) for e in events
        ]

    def test_cumulative_round_down(self) -> None:
        """10 units over 3 months vest 3, 3, 4: floor(10k/3) after month k."""
        assert [3, 3, 4] == [e.units for e in Vesting(APRIL_1, 3, 0, VestingFrequency.MONTHLY).events(10)]

    def test_month_ends_are_clamped(self) -> None:
        """A schedule starting on 31 January vests on 28 February."""
        events = list(Vesting(datetime.date(2026, 1, 31), 2, 0, VestingFrequency.MONTHLY).events(2))
        assert [datetime.date(2026, 2, 28), datetime.date(2026, 3, 31)] == [e.date for e in events]

    @given(vestings, st.integers(1, 10**7))
    def test_events_sum_to_the_grant(self, vesting: Vesting, units: int) -> None:
        """Whatever the schedule, vested units sum exactly to the grant, in date order, none before the cliff."""
        events = list(vesting.events(units))
        assert units == sum(e.units for e in events)
        assert all(e.units > 0 for e in events)
        assert [e.date for e in events] == sorted({e.date for e in events})
        cliff = add_months(vesting.start_date, vesting.cliff_months)
        assert all(e.date >= cliff and e.date > vesting.start_date for e in events)
        assert units == events[-1].cumulative

    def test_first_year_cliff(self) -> None:
        """On the day before the cliff nothing has vested; on the cliff day, a quarter."""
        grant = rsu()
        assert 0 == grant.vesting.vested_on(2000, datetime.date(2027, 3, 31))
        assert Money("25000.00", USD) == grant.vested_value_on(datetime.date(2027, 4, 1))


PRICE = TokenPrice("anthropic", "claude-sonnet-4-5", USD, D("3.00"), D("15.00"), datetime.date(2026, 3, 1), D("0.30"))
MIX = UsageMix(D("0.6"), D("0.2"), D("0.2"))


class TestTokenBudget:
    def test_allowance_per_month(self) -> None:
        """$4,000 a month is $48,000 a year."""
        budget = TokenBudget(rollover=Rollover.NONE, allowance=Money("4000.00", USD), period=BudgetPeriod.MONTH)
        assert Money("48000.00", USD) == budget.annual_cost(Money("1", USD))

    def test_percent_of_salary(self) -> None:
        """Half of a $500,000 salary is $250,000."""
        budget = TokenBudget(rollover=Rollover.NONE, percent_of_salary=D("50"))
        assert D(250000) == budget.annual_cost(Money("500000.00", USD)).amount

    def test_tokens_priced(self) -> None:
        """3 billion tokens a month at a blended $4 per million is $144,000 a year."""
        price = TokenPrice("openai", "gpt-4o", USD, D("2.50"), D("10.00"), datetime.date(2025, 9, 1))
        budget = TokenBudget(
            rollover=Rollover.NONE,
            tokens=3_000_000_000,
            period=BudgetPeriod.MONTH,
            pricing=price,
            usage_mix=UsageMix(D("0.8"), D("0.2")),
        )
        assert D(144000) == budget.annual_cost(Money("1", USD)).amount

    def test_every_field_by_name(self) -> None:
        """No field is taken by position: an amount first is never read as the rollover, whatever the order."""
        with pytest.raises(TypeError, match="positional"):
            TokenBudget(Money("1000.00", USD), period=BudgetPeriod.MONTH, rollover=Rollover.NONE)  # type: ignore[misc]
        budget = TokenBudget(allowance=Money("1000.00", USD), period=BudgetPeriod.MONTH, rollover=Rollover.NONE)
        assert (Rollover.NONE, Money("1000.00", USD)) == (budget.rollover, budget.allowance)

    @pytest.mark.parametrize("fact", ["vests", "portable", "appreciates", "cash_convertible"])
    def test_facts_cannot_be_true(self, fact: str) -> None:
        """A token budget never vests, moves, appreciates or turns into cash."""
        with pytest.raises(RuleViolation, match="cannot have") as info:
            TokenBudget(rollover=Rollover.NONE, percent_of_salary=D("1"), **{fact: True})
        assert [f"/{fact}"] == pointers(info)

    def test_every_rule_at_once(self) -> None:
        """Two sizes, tokens without pricing, capped without cap: all reported."""
        with pytest.raises(RuleViolation) as info:
            TokenBudget(rollover=Rollover.CAPPED, allowance=Money("1", USD), tokens=5)
        assert ["", "/period", "/pricing", "/rollover_cap"] == pointers(info)

    def test_pricing_needs_a_mix_with_prices_for_its_shares(self) -> None:
        """Pricing without a mix, or a cached share without a cached price, is refused."""
        with pytest.raises(RuleViolation) as info:
            TokenBudget(rollover=Rollover.NONE, tokens=5, period=BudgetPeriod.YEAR, pricing=PRICE)
        assert ["/usage_mix"] == pointers(info)
        no_cache = TokenPrice("openai", "gpt-4o", USD, D("2.50"), D("10.00"), datetime.date(2025, 9, 1))
        with pytest.raises(RuleViolation) as info:
            TokenBudget(rollover=Rollover.NONE, tokens=5, period=BudgetPeriod.YEAR, pricing=no_cache, usage_mix=MIX)
        assert ["/usage_mix/cached_input"] == pointers(info)

    def test_percent_is_annual(self) -> None:
        """percent_of_salary with a monthly period is refused rather than guessed at."""
        with pytest.raises(RuleViolation) as info:
            TokenBudget(rollover=Rollover.NONE, percent_of_salary=D("5"), period=BudgetPeriod.MONTH)
        assert ["/period"] == pointers(info)


class TestPricing:
    def test_blended_and_tokens_for(self) -> None:
        """0.6 × $3 + 0.2 × $15 + 0.2 × $0.30 = $4.86 a million; $48,000 buys 9,876,543,209 tokens."""
        assert D("4.86") == PRICE.blended(MIX).amount
        assert 9_876_543_209 == PRICE.tokens_for(Money("48000.00", USD), MIX)

    def test_cost_rounds_half_up(self) -> None:
        """1 token at $4.86 a million costs $0.00000486, which rounds to $0.00; 1,029 tokens to $0.01."""
        assert D("0.00") == PRICE.cost_of(1, MIX).amount
        assert D("0.01") == PRICE.cost_of(1029, MIX).amount
        assert D("0.00500094") == PRICE.cost_of(1029, MIX, rounded=False).amount

    def test_mix_rules(self) -> None:
        """Shares outside 0..1, or not summing to 1, are refused."""
        with pytest.raises(RuleViolation) as info:
            UsageMix(D("0.5"), D("0.4"))
        assert ["shares-do-not-sum-to-one"] == [p.code for p in info.value.problems]
        with pytest.raises(RuleViolation) as info:
            UsageMix(D("1.5"), D("-0.5"))
        assert ["/input", "/output"] == pointers(info)

    def test_zero_price_and_wrong_currency(self) -> None:
        """A free model buys unlimited tokens (an error), and a budget must be in the price's currency."""
        free = TokenPrice("local", "llama", USD, D(0), D(0), datetime.date(2026, 1, 1))
        with pytest.raises(ValueError, match="zero"):
            free.tokens_for(Money("1", USD), UsageMix(D(1), D(0)))
        with pytest.raises(ValueError, match="EUR"):
            PRICE.tokens_for(Money("1", "EUR"), MIX)
