"""The ledger: periods, proration, rollover, overspend, forfeiture, valuation and the as-of projection."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tokencomp import (
    BudgetPeriod,
    Money,
    Offer,
    Rollover,
    RuleViolation,
    Salary,
    SalaryPeriod,
    TokenBudget,
    TokenPrice,
    UsageMix,
    default_prices,
    default_rates,
    summarize,
)
from tokencomp.budget.ledger import ValueAt, budget_per_period, ledger_for, ledgers_for, person_of, prorate
from tokencomp.budget.usage import UsageRecord
from tokencomp.codec.sources import RejectedRecord

D = datetime.date
JANUARY_15 = D(2026, 1, 15)
SALARY = Salary(Money("200000.00", "USD"), SalaryPeriod.YEAR)


def monthly_offer(rollover: Rollover, *, cap: str | None = "250.00", start: D = JANUARY_15, **budget: object) -> Offer:
    kwargs: dict[str, object] = {"allowance": Money("1000.00", "USD"), "period": BudgetPeriod.MONTH, **budget}
    if rollover is Rollover.CAPPED:
        kwargs["rollover_cap"] = Money(cap, "USD")
    return Offer("ada", start, "USD", SALARY, token_budget=TokenBudget(rollover=rollover, **kwargs))  # type: ignore[arg-type]


def spent(day: D, amount: str, currency: str = "USD", person: str = "ada", model: str = "gpt-4o") -> UsageRecord:
    return UsageRecord(day, person, model, cost=Money(amount, currency))


# Jan 300 (of a prorated 548.39), Feb 700, Mar 1,500 (an overspend), Apr 400, May 100 (of a prorated 322.58).
FIVE_MONTHS = [
    spent(D(2026, 1, 20), "300.00"),
    spent(D(2026, 2, 3), "400.00"),
    spent(D(2026, 2, 27), "300.00"),
    spent(D(2026, 3, 2), "1500.00"),
    spent(D(2026, 4, 30), "400.00"),
    spent(D(2026, 5, 10), "100.00"),
]
TERMINATED = D(2026, 5, 10)


def figures(rollover: Rollover) -> list[tuple[str, ...]]:
    ledger = ledger_for(monthly_offer(rollover), FIVE_MONTHS, terminated=TERMINATED)
    names = ("allowance", "carried_in", "used", "remaining", "overspend", "carried_out", "expired", "forfeited")
    return [tuple(str(getattr(p, name).amount) for name in names) for p in ledger.periods]


class TestProration:
    """A period cut by the start or the termination is prorated by days of employment, both ends inclusive."""

    def test_the_figures_of_the_issue(self) -> None:
        """1,000.00 a month from 2026-01-15 gives 548.39 for January; terminated 2026-05-10, 322.58 for May."""
        ledger = ledger_for(monthly_offer(Rollover.NONE), [], terminated=TERMINATED)
        assert ["548.39", "1000.00", "1000.00", "1000.00", "322.58"] == [
            str(p.allowance.amount) for p in ledger.periods
        ]
        assert [(D(2026, 1, 15), D(2026, 1, 31)), (D(2026, 5, 1), D(2026, 5, 10))] == [
            (p.start, p.end) for p in (ledger.periods[0], ledger.periods[-1])
        ]

    def test_start_and_end_in_one_month(self) -> None:
        """Employed 2026-02-10 to 2026-02-19: 10 of February's 28 days, 357.14."""
        ledger = ledger_for(monthly_offer(Rollover.NONE, start=D(2026, 2, 10)), [], terminated=D(2026, 2, 19))
        assert [("357.14", "357.14")] == [(str(p.allowance.amount), str(p.forfeited.amount)) for p in ledger.periods]

    def test_a_yearly_budget_in_a_leap_year(self) -> None:
        """12,000.00 a year from 2028-03-01: 306 of 2028's 366 days, 10,032.79."""
        budget = TokenBudget(rollover=Rollover.NONE, allowance=Money("12000.00", "USD"), period=BudgetPeriod.YEAR)
        offer = Offer("ada", D(2028, 3, 1), "USD", SALARY, token_budget=budget)
        assert Decimal("10032.79") == ledger_for(offer, [], as_of=D(2028, 4, 1)).periods[0].allowance.amount

    def test_half_up(self) -> None:
        """0.125 rounds to 0.13: half up, as every money figure."""
        assert Money("0.13", "USD") == prorate(Money("1.00", "USD"), 1, 8)


class TestRollover:
    """Each policy over five months: prorated January and May, an overspend in March, termination in May."""

    def test_none(self) -> None:
        """Nothing carries: what remains expires; May's remainder is forfeited."""
        assert [
            ("548.39", "0.00", "300.00", "248.39", "0.00", "0.00", "248.39", "0.00"),
            ("1000.00", "0.00", "700.00", "300.00", "0.00", "0.00", "300.00", "0.00"),
            ("1000.00", "0.00", "1500.00", "0.00", "500.00", "0.00", "0.00", "0.00"),
            ("1000.00", "0.00", "400.00", "600.00", "0.00", "0.00", "600.00", "0.00"),
            ("322.58", "0.00", "100.00", "222.58", "0.00", "0.00", "0.00", "222.58"),
        ] == figures(Rollover.NONE)

    def test_capped(self) -> None:
        """At most 250.00 carries; the overspend of March is reported and not carried as debt into April."""
        assert [
            ("548.39", "0.00", "300.00", "248.39", "0.00", "248.39", "0.00", "0.00"),
            ("1000.00", "248.39", "700.00", "548.39", "0.00", "250.00", "298.39", "0.00"),
            ("1000.00", "250.00", "1500.00", "0.00", "250.00", "0.00", "0.00", "0.00"),
            ("1000.00", "0.00", "400.00", "600.00", "0.00", "250.00", "350.00", "0.00"),
            ("322.58", "250.00", "100.00", "472.58", "0.00", "0.00", "0.00", "472.58"),
        ] == figures(Rollover.CAPPED)

    def test_full(self) -> None:
        """Everything carries until the termination forfeits it."""
        assert [
            ("548.39", "0.00", "300.00", "248.39", "0.00", "248.39", "0.00", "0.00"),
            ("1000.00", "248.39", "700.00", "548.39", "0.00", "548.39", "0.00", "0.00"),
            ("1000.00", "548.39", "1500.00", "48.39", "0.00", "48.39", "0.00", "0.00"),
            ("1000.00", "48.39", "400.00", "648.39", "0.00", "648.39", "0.00", "0.00"),
            ("322.58", "648.39", "100.00", "870.97", "0.00", "0.00", "0.00", "870.97"),
        ] == figures(Rollover.FULL)

    def test_utilisation_and_counts(self) -> None:
        """utilisation = used ÷ (allowance + carried_in), four places half up; each period counts its records."""
        ledger = ledger_for(monthly_offer(Rollover.CAPPED), FIVE_MONTHS, terminated=TERMINATED)
        assert [("0.5471", 1), ("0.5607", 2), ("1.2000", 1), ("0.4000", 1), ("0.1746", 1)] == [
            (str(p.utilisation), p.records) for p in ledger.periods
        ]

    def test_a_cap_in_another_currency(self) -> None:
        """A cap in EUR is converted at the ECB rate of the period's last day, then rounded."""
        budget = TokenBudget(
            rollover=Rollover.CAPPED, allowance=Money("1000.00", "USD"), period=BudgetPeriod.MONTH,
            rollover_cap=Money("100.00", "EUR"),
        )  # fmt: skip
        offer = Offer("ada", D(2026, 1, 1), "USD", SALARY, token_budget=budget)
        cap = default_rates().convert(Money("100.00", "EUR"), "USD", D(2026, 1, 31))[0].rounded()
        assert cap == ledger_for(offer, [], as_of=D(2026, 2, 2)).periods[0].carried_out


class TestUsed:
    """used adds records at full precision, rounds once, and converts at each record's date."""

    def test_rounded_once(self) -> None:
        """Five records of 0.001 make 0.01, not five times 0.00."""
        records = [spent(D(2026, 2, 1), "0.001") for _ in range(5)]
        assert Decimal("0.01") == ledger_for(monthly_offer(Rollover.NONE), records).periods[1].used.amount

    def test_converted_at_the_record_date(self) -> None:
        """100 EUR spent on 2026-02-03 is converted with that day's ECB rate, which the ledger lists."""
        ledger = ledger_for(monthly_offer(Rollover.NONE), [spent(D(2026, 2, 3), "100", "EUR")])
        expected, rate = default_rates().convert(Money("100", "EUR"), "USD", D(2026, 2, 3))
        assert (expected.rounded(), [rate]) == (ledger.periods[1].used, list(ledger.fx))

    def test_no_later_period_after_termination(self) -> None:
        """The termination's period is the last, and a record after it is rejected, not counted."""
        ledger = ledger_for(monthly_offer(Rollover.NONE), [spent(D(2026, 6, 1), "5")], terminated=TERMINATED)
        assert (5, ["after-termination"]) == (len(ledger.periods), [r.problems[0].code for r in ledger.rejected])


class TestValuation:
    """Recorded cost first; else the snapshot when the model matches it; else the embedded catalog."""

    SNAPSHOT = TokenPrice("openai", "gpt-4o", "USD", Decimal("2.00"), Decimal("8.00"), D(2026, 1, 1), Decimal("1"))

    def offer(self) -> Offer:
        return monthly_offer(Rollover.NONE, pricing=self.SNAPSHOT, usage_mix=UsageMix(Decimal("0.75"), Decimal("0.25")))

    def used(self, *records: UsageRecord, value_at: ValueAt = ValueAt.RECORDED) -> Decimal:
        return ledger_for(self.offer(), records, value_at=value_at).periods[1].used.amount

    def test_recorded_cost_wins(self) -> None:
        """A record's cost is what the employer paid."""
        assert Decimal("3.00") == self.used(
            UsageRecord(D(2026, 2, 1), "ada", "gpt-4o", 10**6, 0, cost=Money("3", "USD"))
        )

    def test_the_snapshot_for_its_model(self) -> None:
        """1M input at 2.00, 1M output at 8.00 and 1M cached at 1.00 a million: 11.00."""
        assert Decimal("11.00") == self.used(UsageRecord(D(2026, 2, 1), "ada", "GPT-4o", 10**6, 10**6, 10**6))

    def test_the_catalog_for_another_model(self) -> None:
        """A model the snapshot is not priced at the embedded catalog's price."""
        price = default_prices().price("claude-sonnet-4-5")
        expected = (price.input_per_million + price.output_per_million).quantize(Decimal("0.01"))
        assert expected == self.used(UsageRecord(D(2026, 2, 1), "ada", "claude-sonnet-4-5", 10**6, 10**6))

    def test_snapshot_reprices_every_record(self) -> None:
        """--value-at snapshot ignores the recorded cost and the model: 1M input at 2.00."""
        record = UsageRecord(D(2026, 2, 1), "ada", "claude-sonnet-4-5", 10**6, 0, cost=Money("99", "USD"))
        assert Decimal("2.00") == self.used(record, value_at=ValueAt.SNAPSHOT)

    def test_an_unknown_model_without_cost_is_rejected(self) -> None:
        """No cost and no price: the record is rejected with the catalog's "did you mean", not counted."""
        ledger = ledger_for(self.offer(), [UsageRecord(D(2026, 2, 1), "ada", "gpt-4", 10, 10, line=7)])
        (rejected,) = ledger.rejected
        assert (7, "cannot-value", 0) == (rejected.line, rejected.problems[0].code, ledger.periods[0].records)
        assert "did you mean gpt-4o" in rejected.problems[0].message

    def test_a_cost_without_a_rate(self) -> None:
        """A cost in a currency with no ECB rate on its date is rejected at /cost, with the reason."""
        ledger = ledger_for(self.offer(), [spent(D(2026, 2, 1), "5.00", "RUB")])
        assert [("/cost", "cannot-value")] == [(r.problems[0].pointer, r.problems[0].code) for r in ledger.rejected]
        assert "no exchange rate for RUB" in ledger.rejected[0].problems[0].message

    def test_snapshot_without_pricing(self) -> None:
        """Valuing at the snapshot needs one."""
        with pytest.raises(RuleViolation, match="needs the budget's pricing"):
            ledger_for(monthly_offer(Rollover.NONE), [], value_at=ValueAt.SNAPSHOT)


class TestBudgetPerPeriod:
    """tokens and percent_of_salary budgets are valued as the summary values them."""

    def test_percent_of_salary_matches_the_summary(self) -> None:
        """10 percent of 200,000.00 is 20,000.00 a year, the summary's token_budget."""
        offer = Offer("ada", D(2026, 1, 1), "USD", SALARY,
                      token_budget=TokenBudget(rollover=Rollover.NONE, percent_of_salary=Decimal("10")))  # fmt: skip
        ledger = ledger_for(offer, [], as_of=D(2026, 6, 1))
        assert summarize(offer).annual.token_budget == ledger.periods[0].allowance.amount == Decimal("20000.00")
        assert BudgetPeriod.YEAR == budget_per_period(offer)[1]

    def test_tokens_a_month(self) -> None:
        """A month's tokens at the snapshot: the summary's year over twelve."""
        price = TokenPrice("openai", "gpt-4o", "USD", Decimal("2.50"), Decimal("10.00"), D(2026, 1, 1))
        budget = TokenBudget(rollover=Rollover.NONE, tokens=100_000_000, period=BudgetPeriod.MONTH, pricing=price,
                             usage_mix=UsageMix(Decimal("0.8"), Decimal("0.2")))  # fmt: skip
        offer = Offer("ada", D(2026, 1, 1), "USD", SALARY, token_budget=budget)
        allowance = ledger_for(offer, [], as_of=D(2026, 1, 2)).periods[0].allowance.amount
        assert (Decimal("400.00"), summarize(offer).annual.token_budget) == (allowance, allowance * 12)

    def test_no_budget(self) -> None:
        """An offer without a token budget has no ledger."""
        with pytest.raises(RuleViolation, match="has no token budget"):
            ledger_for(Offer("ada", D(2026, 1, 1), "USD", SALARY), [])


class TestAsOf:
    """The period of the as-of date is open: reported up to that day, with a projected run-out day."""

    def test_runs_out(self) -> None:
        """500.00 in the first 10 days of March, 50.00 a day: 1,000.00 runs out on day 20."""
        offer = monthly_offer(Rollover.NONE, start=D(2026, 1, 1))
        ledger = ledger_for(offer, [spent(D(2026, 3, 4), "500.00")], as_of=D(2026, 3, 10))
        last = ledger.periods[-1]
        assert (3, D(2026, 3, 10), D(2026, 3, 20)) == (len(ledger.periods), last.as_of, last.runs_out)
        assert ("500.00", "0.00", "0.00") == (str(last.remaining.amount), str(last.expired.amount),
                                              str(last.carried_out.amount))  # fmt: skip

    def test_lasts_the_period(self) -> None:
        """At 10.00 a day, 1,000.00 lasts March: no run-out day; nothing used, none either."""
        offer = monthly_offer(Rollover.NONE, start=D(2026, 1, 1))
        ledger = ledger_for(offer, [spent(D(2026, 3, 4), "100.00")], as_of=D(2026, 3, 10))
        assert (None, None) == (
            ledger.periods[-1].runs_out,
            ledger_for(offer, [], as_of=D(2026, 3, 10)).periods[-1].runs_out,
        )

    def test_after_the_as_of_date(self) -> None:
        """A record after the as-of date is reported, not counted."""
        ledger = ledger_for(monthly_offer(Rollover.NONE), [spent(D(2026, 3, 11), "1")], as_of=D(2026, 3, 10))
        assert ["after-as-of"] == [r.problems[0].code for r in ledger.rejected]

    def test_a_date_before_the_start(self) -> None:
        """An as-of or termination date before the start is refused."""
        with pytest.raises(RuleViolation, match="before the start"):
            ledger_for(monthly_offer(Rollover.NONE), [], terminated=D(2025, 1, 1))


class TestPeople:
    """An offer belongs to metadata.person, else its id; others' records are ignored and counted."""

    def test_person(self) -> None:
        """metadata.person names the person."""
        offer = Offer("o-7", D(2026, 1, 1), "USD", SALARY, metadata={"person": "bo"})
        assert ("bo", "ada") == (person_of(offer), person_of(monthly_offer(Rollover.NONE)))

    def test_other_people(self) -> None:
        """bo's record is not ada's: counted as ignored, in no total."""
        ledger = ledger_for(monthly_offer(Rollover.NONE), [spent(D(2026, 2, 1), "9", person="bo")])
        assert (1, 0) == (ledger.other_people, sum(p.records for p in ledger.periods))

    def test_many_offers_one_pass(self) -> None:
        """ledgers_for reads the records once (a generator) for every offer."""
        offers = [monthly_offer(Rollover.NONE), Offer("bo", D(2026, 1, 1), "USD", SALARY, token_budget=TokenBudget(
            rollover=Rollover.NONE, allowance=Money("10.00", "USD"), period=BudgetPeriod.MONTH))]  # fmt: skip
        records = (spent(D(2026, 2, 1), "9", person=person) for person in ("ada", "bo", "bo"))
        ada, bo = ledgers_for(offers, records)
        assert (Decimal("9.00"), Decimal("18.00"), 2, 1) == (
            ada.periods[1].used.amount, bo.periods[1].used.amount, ada.other_people, bo.other_people
        )  # fmt: skip


MONEY = st.decimals(min_value=0, max_value=5000, places=2, allow_nan=False, allow_infinity=False)
DAYS = st.dates(min_value=D(2025, 10, 1), max_value=D(2027, 6, 30))


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Offer, list[UsageRecord | RejectedRecord], D | None, D | None]:
    rollover = draw(st.sampled_from(Rollover))
    period = draw(st.sampled_from(BudgetPeriod))
    start = draw(st.dates(min_value=D(2026, 1, 1), max_value=D(2026, 12, 31)))
    budget = TokenBudget(
        rollover=rollover, allowance=Money(draw(MONEY), "USD"), period=period,
        rollover_cap=Money(draw(MONEY), "USD") if rollover is Rollover.CAPPED else None,
    )  # fmt: skip
    offer = Offer("ada", start, "USD", SALARY, token_budget=budget)
    records: list[UsageRecord | RejectedRecord] = [
        UsageRecord(
            draw(DAYS),
            draw(st.sampled_from(["ada", "ada", "bo"])),
            "gpt-4o",
            cost=Money(draw(st.decimals(min_value=0, max_value=2000, places=4)), "USD"),
        )
        for _ in range(draw(st.integers(0, 30)))
    ]
    records += [RejectedRecord(()) for _ in range(draw(st.integers(0, 2)))]
    terminated = draw(st.none() | st.dates(min_value=start, max_value=D(2027, 12, 31)))
    as_of = draw(st.none() | st.dates(min_value=start, max_value=D(2027, 12, 31)))
    return offer, records, terminated, as_of


class TestProperties:
    """What holds for any budget, usage, termination and as-of date."""

    @settings(max_examples=150, deadline=None)
    @given(scenarios())
    def test_every_period_balances(
        self, scenario: tuple[Offer, list[UsageRecord | RejectedRecord], D | None, D | None]
    ) -> None:
        """allowance + carried_in − used + overspend = carried_out + expired + forfeited (+ remaining when open)."""
        offer, records, terminated, as_of = scenario
        ledger = ledger_for(offer, records, terminated=terminated, as_of=as_of)
        for before, period in zip((None, *ledger.periods), ledger.periods, strict=False):
            left = period.allowance + period.carried_in - period.used + period.overspend
            right = period.carried_out + period.expired + period.forfeited
            if period.as_of is not None:
                right += period.remaining
            assert left == right
            assert period.carried_in == (before.carried_out if before else Money("0.00", "USD"))
            assert min(period.remaining, period.overspend).amount == 0

    @settings(max_examples=150, deadline=None)
    @given(scenarios())
    def test_each_record_once(
        self, scenario: tuple[Offer, list[UsageRecord | RejectedRecord], D | None, D | None]
    ) -> None:
        """Each record is counted in exactly one period, or rejected, or someone else's; never two, never none."""
        offer, records, terminated, as_of = scenario
        ledger = ledger_for(offer, records, terminated=terminated, as_of=as_of)
        assert len(records) == sum(p.records for p in ledger.periods) + len(ledger.rejected) + ledger.other_people
        for period in ledger.periods:
            mine = [r for r in records if isinstance(r, UsageRecord) and r.person == "ada"
                    and period.start <= r.date <= period.end and r.date <= (as_of or D.today())]  # fmt: skip
            assert len(mine) == period.records

    @settings(max_examples=150, deadline=None)
    @given(scenarios())
    def test_outside_employment_is_reported(
        self, scenario: tuple[Offer, list[UsageRecord | RejectedRecord], D | None, D | None]
    ) -> None:
        """A record dated before the start or after the termination is rejected with its reason, not counted."""
        offer, records, terminated, as_of = scenario
        ledger = ledger_for(offer, records, terminated=terminated, as_of=as_of)
        outside = [r for r in records if isinstance(r, UsageRecord) and r.person == "ada"
                   and (r.date < offer.effective_date or (terminated is not None and r.date > terminated))]  # fmt: skip
        codes = [r.problems[0].code for r in ledger.rejected if r.problems]
        assert len(outside) == codes.count("before-employment") + codes.count("after-termination")
        assert all(not (p.start <= r.date <= p.end) for r in outside for p in ledger.periods)
