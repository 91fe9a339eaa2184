"""Exact arithmetic (#16): vesting worked out not counted, one rounding, only the library's errors, our own context."""

from __future__ import annotations

import contextlib
import datetime
import decimal
import inspect
import json
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tokencomp import (
    BudgetPeriod,
    EquityGrant,
    Gateway,
    Instrument,
    Money,
    Offer,
    Rollover,
    RuleViolation,
    Salary,
    SalaryPeriod,
    TokenBudget,
    TokencompError,
    TokenPrice,
    UsageMix,
    UsageRecord,
    Vesting,
    VestingEvent,
    VestingFrequency,
    compare,
    cost_of_tokens,
    default_prices,
    default_rates,
    gateway_limits,
    jsonld_text,
    load_posting,
    loads,
    return_on_spend,
    summarize,
    tokens_for_budget,
    tokens_for_words,
    unstructure,
)
from tokencomp.budget.leaderboard import leaderboard_for
from tokencomp.budget.ledger import _period_bounds, budget_per_period, ledger_for, prorate
from tokencomp.model.components import add_months
from tokencomp.model.money import minor_unit, ratio, round_half_up
from tokencomp.reports.compare import comparison_text
from tokencomp.reports.render import posting_text, statement_html, statement_text, summary_text
from tokencomp.reports.texts import leaderboard_text, ledger_svg, ledger_text

from .reference import SPEC_EXAMPLES, version_1
from .strategies import CURRENCIES, decimals, vestings

D = Decimal
POSTINGS = Path(__file__).resolve().parent.parent / "src" / "tokencomp" / "data" / "postings"
START = datetime.date(2026, 1, 1)
SALARY = Salary(Money("100000.00", "USD"), SalaryPeriod.YEAR)


T = TypeVar("T")


def unchecked(cls: type[T], *args: Any, **kwargs: Any) -> T:
    """``cls(*args, **kwargs)`` without the model's rules.

    The contract's limits (#16) refuse these figures (10^30 units, 10^9
    months, dates past 2199) on every way into the model; built anyway, they
    show that the arithmetic stays bounded and raises only the library's
    errors, should a limit ever be raised.
    """
    instance = object.__new__(cls)
    bound = inspect.signature(cls).bind(*args, **kwargs)
    bound.apply_defaults()
    for name, value in bound.arguments.items():
        object.__setattr__(instance, name, value)
    return instance


def grant(units: int, value: str, duration: int, currency: str = "USD", start: datetime.date = START) -> EquityGrant:
    vesting = unchecked(Vesting, start, duration, 0, VestingFrequency.MONTHLY)
    return unchecked(EquityGrant, Instrument.RSU, units, Money(value, currency), vesting)


def equity_offer(*grants: EquityGrant, currency: str = "USD", effective: datetime.date = START) -> Offer:
    salary = Salary(Money("100000" if currency == "JPY" else "100000.00", currency), SalaryPeriod.YEAR)
    return unchecked(Offer, "o", effective, currency, salary, equity=grants)


def counted_events(vesting: Vesting, units: int) -> Iterator[VestingEvent]:
    """The reference: every vesting month walked one by one, as tokencomp did before #16."""
    vested = 0
    for month in vesting.vesting_months():
        cumulative = units * month // vesting.duration_months
        if cumulative > vested:
            yield VestingEvent(add_months(vesting.start_date, month), cumulative - vested, cumulative)
            vested = cumulative


class TestVestingIsWorkedOut:
    """Vesting is arithmetic: a schedule's length costs nothing, and the figures are those of counting."""

    @given(vestings, st.integers(1, 10**6), st.integers(-2, 130))
    def test_vested_on_equals_counting(self, vesting: Vesting, units: int, months: int) -> None:
        """vested_on any day equals the cumulative units of the last counted event on or before it."""
        day = add_months(vesting.start_date, months) + datetime.timedelta(days=months % 3 - 1)
        expected = max((e.cumulative for e in counted_events(vesting, units) if e.date <= day), default=0)
        assert expected == vesting.vested_on(units, day)

    @given(vestings, st.integers(1, 10**6))
    def test_events_equal_counting(self, vesting: Vesting, units: int) -> None:
        """events() skips months without a whole unit in one step, and yields exactly the counted events."""
        assert list(counted_events(vesting, units)) == list(vesting.events(units))

    def test_billion_month_schedule_summarizes_without_counting(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Schedules of 10^9 and 10^18 months, whose first unit vests after centuries, are worked out, not counted:
        the summary never lists vesting events (which took forever), so its work does not grow with the schedule."""
        offer = equity_offer(grant(10**15, "1.00", 10**9), grant(1000, "1000.00", 10**18))

        def no_listing(*_: object, **__: object) -> None:
            raise AssertionError("summarize listed vesting events one by one")

        monkeypatch.setattr(Vesting, "events", no_listing)
        summary = summarize(offer)
        # 12 × 10^15 / 10^9 units a year; the second grant adds 0.000000000012, and no unit in the first year.
        assert (D("12000000.00"), D("12000000.00")) == (summary.annual.equity, summary.first_year.equity)

    def test_statement_lists_only_the_contracts_600_months(self) -> None:
        """A schedule beyond 600 months is listed to month 600, and the statement says what vests after."""
        offer = equity_offer(grant(10**9, "1.00", 10**9))
        text = statement_text(offer, summarize(offer))
        assert 600 == sum(1 for line in text.splitlines() if line.endswith(" of 1,000,000,000"))
        assert "999,999,400 more units vest after Jan 1, 2076" in text
        assert "only its first 600 months are listed" in text

    def test_events_within_months(self) -> None:
        """events(within_months=n) stops at month n, never walking (or dating) the rest of the schedule."""
        vesting = unchecked(Vesting, START, 10**12, 0, VestingFrequency.ANNUALLY)
        assert [] == list(vesting.events(1000, within_months=600))
        assert [12, 24] == [
            e.cumulative for e in Vesting(START, 48, 0, VestingFrequency.ANNUALLY).events(48, within_months=24)
        ]


def annual_reference(value: Decimal, units: int, duration: int, currency: str) -> Decimal:
    """The contract's annual equity: grant value × 12 / duration in exact fractions, rounded once, half up."""
    exact = Fraction(value) * units * 12 / duration
    scaled = exact * 10 ** minor_unit(currency)
    whole = int(scaled) + (1 if scaled - int(scaled) >= Fraction(1, 2) else 0)
    return Decimal(whole).scaleb(-minor_unit(currency))


class TestOneRounding:
    """Every figure is worked out at full precision and rounded once, half up: ties go up."""

    @pytest.mark.parametrize(
        ("expected", "value", "currency"),
        [("77852.14", "77852.135", "USD"), ("1.001", "1.0005", "BHD"), ("78", "77.5", "JPY")],
    )
    def test_annual_equity_tie_rounds_up(self, expected: str, value: str, currency: str) -> None:
        """3 units of a half-unit tie over 36 months: grant × 12 / 36 is the tie itself, which rounds up."""
        summary = summarize(equity_offer(grant(3, value, 36, currency), currency=currency))
        assert D(expected) == summary.annual.equity
        assert D(expected) == grant(3, value, 36, currency).annual_value().rounded().amount

    @given(
        st.lists(
            st.tuples(decimals("0", "10000000", 3), st.integers(1, 10**6), st.integers(1, 600)), min_size=1, max_size=4
        ),
        st.sampled_from(["USD", "BHD", "JPY"]),
    )
    def test_annual_equity_against_fractions(self, grants: list[tuple[Decimal, int, int]], currency: str) -> None:
        """Annual equity of several grants is the sum of their exact values × 12 / duration, rounded once."""
        exact = sum((Fraction(value) * units * 12 / duration for value, units, duration in grants), Fraction(0))
        offer = equity_offer(*(grant(u, str(v), d, currency) for v, u, d in grants), currency=currency)
        assert round_half_up(exact, minor_unit(currency)) == summarize(offer).annual.equity
        if len(grants) == 1:
            assert annual_reference(*grants[0], currency) == summarize(offer).annual.equity

    @given(decimals("0", "10000000", 3), st.integers(1, 10**6), st.integers(1, 600), st.sampled_from(CURRENCIES))
    def test_converted_equity_against_fractions(self, value: Decimal, units: int, duration: int, target: str) -> None:
        """Converted, the figure is value × units × 12 / duration × to-leg / from-leg, rounded once."""
        offer = equity_offer(grant(units, str(value), duration))
        summary = summarize(offer, currency=target)
        exact = Fraction(value) * units * 12 / duration
        for rate in summary.fx:
            exact *= Fraction(rate.to_per_base) / Fraction(rate.from_per_base)
        assert round_half_up(exact, minor_unit(target)) == summary.annual.equity

    def test_monthly_token_budget_is_divided_once(self) -> None:
        """A month of a token budget is the year divided by 12 once, not times a rounded 1/12: 833.335 → 833.34."""
        price = TokenPrice("p", "m", "USD", D("833.335"), D("1"), START)
        budget = TokenBudget(
            rollover=Rollover.NONE,
            tokens=1_000_000,
            period=BudgetPeriod.MONTH,
            pricing=price,
            usage_mix=UsageMix(D(1), D(0)),
        )
        offer = Offer("o", START, "USD", SALARY, token_budget=budget)
        assert Money("833.335", "USD") == budget_per_period(offer)[0]
        ledger = ledger_for(offer, [], terminated=datetime.date(2026, 1, 31))
        assert D("833.34") == ledger.periods[0].allowance.amount

    def test_prorate_and_ratio_ties(self) -> None:
        """Proration and ratios round the exact quotient once, half up."""
        assert Money("0.01", "USD") == prorate(Money("0.01", "USD"), 1, 2)
        assert D("0.0001") == ratio(D("1"), D("20000"))
        assert D("0.6667") == ratio(D("2"), D("3"))


def hostile() -> decimal.Context:
    return decimal.Context(prec=6, traps=[decimal.Inexact, decimal.Rounded, decimal.InvalidOperation])


def _spec_offers() -> list[Offer]:
    paths = version_1(sorted((SPEC_EXAMPLES.excerpt / "valid").glob("*.json")))
    return [loads(path.read_bytes()) for path in paths if not path.name.endswith(".summary.json")]


def everything() -> list[Any]:
    """The public figures and texts of the spec examples, their ledgers, conversions and allocations."""
    results: list[Any] = []
    mix = UsageMix(D("0.6"), D("0.2"), D("0.2"))
    price = default_prices().price("claude-sonnet-4-5")
    for offer in _spec_offers():
        for currency in (None, "EUR", "JPY"):
            summary = summarize(offer, currency=currency)
            results += [unstructure(summary), summary_text(summary, "de_DE"), statement_text(offer, summary)]
            results.append(statement_html(offer, summary, "en_GB"))
        if offer.token_budget is not None:
            records = [
                UsageRecord(offer.effective_date + datetime.timedelta(days=d), offer.id, "gpt-4o", 10**9 + d, 3 * 10**8)
                for d in range(0, 90, 7)
            ]
            ledger = ledger_for(offer, records, as_of=offer.effective_date + datetime.timedelta(days=100))
            results += [unstructure(ledger), ledger_text(ledger, "fr_FR"), ledger_svg(ledger)]
            results.append(gateway_limits(offer, Gateway.OPENROUTER).json())
    offers = _spec_offers()
    results.append(comparison_text(compare(offers[0], offers[1], currency="GBP")))
    budgeted = [offer for offer in offers if offer.token_budget is not None]
    records = [UsageRecord(o.effective_date, o.id, "gpt-4o", 7 * 10**8, 10**8) for o in budgeted]
    results.append(leaderboard_text(leaderboard_for(budgeted, records, str(budgeted[0].effective_date.year))))
    posting = load_posting((POSTINGS / "staff-engineer.json").read_bytes())
    results += [posting_text(posting, "de_DE"), jsonld_text(posting)]
    results.append(return_on_spend(Money("250000.00", "USD"), Money("12345.67", "USD")))
    results.append(unstructure(tokens_for_budget(Money("123456.789", "EUR"), price, mix)))
    results.append(unstructure(cost_of_tokens(987_654_321_987, price, mix, "JPY")))
    results.append(default_rates().convert(Money("1234567.891", "USD"), "CHF", "2026-04-01")[0])
    results.append(Money("1000000.00", "USD").allocate([D("1"), D("2.5"), D("3.333")]))
    results.append(Money("1234567890.12", "USD") * 3 + Money("0.01", "USD") - Money("7.77", "USD"))
    results.append(str(tokens_for_words(123_456_789)))
    return results


class TestHostContext:
    """The application's decimal context changes nothing, and threads do not disturb one another."""

    def test_hostile_context_changes_nothing(self) -> None:
        """Precision 6 trapping Inexact, Rounded and InvalidOperation: the same figures and texts, no decimal error."""
        expected = everything()
        with decimal.localcontext(hostile()):
            assert expected == everything()

    def test_shared_context_collects_no_flags(self) -> None:
        """CONTEXT is only ever copied: computing sets no flag on it."""
        from tokencomp.model.money import CONTEXT

        CONTEXT.clear_flags()
        everything()
        assert not any(CONTEXT.flags.values())

    def test_eight_threads_give_the_serial_results(self) -> None:
        """8 threads, half of them under a hostile context, each get the serial results."""
        expected = json.dumps(everything(), default=repr)

        def run(index: int) -> str:
            if index % 2:
                decimal.setcontext(hostile())
            return json.dumps(everything(), default=repr)

        with ThreadPoolExecutor(8) as pool:
            assert [expected] * 8 == list(pool.map(run, range(8)))


def library_error_or_result(call: Callable[[], object]) -> None:
    """The call returns, or raises one of the library's errors, never anything else."""
    with contextlib.suppress(TokencompError):
        call()


class TestOnlyTheLibrarysErrors:
    """Figures beyond the working precision, dates past 9999: the library's errors, not decimal's or datetime's."""

    @pytest.mark.parametrize(
        "offer",
        [
            pytest.param(equity_offer(grant(10**30, "1.00", 48)), id="units-1e30"),
            pytest.param(equity_offer(grant(10**120, "1.01", 48)), id="units-1e120"),
            pytest.param(equity_offer(grant(1, "1" * 47 + ".25", 48)), id="47-digits"),
            pytest.param(equity_offer(grant(3, "9" * 100_000, 48)), id="100000-digits"),
            pytest.param(equity_offer(grant(1, "1.00", 10**18)), id="1e18-months"),
            pytest.param(
                equity_offer(grant(100, "1.00", 120, start=datetime.date(9995, 1, 1))), id="vesting-past-9999"
            ),
            pytest.param(
                equity_offer(grant(1, "1.00", 12), effective=datetime.date(9999, 6, 1)), id="anniversary-10000"
            ),
        ],
    )
    def test_summary_and_renderers(self, offer: Offer) -> None:
        """summarize and every renderer return, or raise a TokencompError."""

        def render_all() -> None:
            summary = summarize(offer)
            summary_text(summary)
            statement_text(offer, summary)
            statement_html(offer, summary)

        library_error_or_result(render_all)

    @pytest.mark.parametrize("tokens", [10**30, 10**45, 10**120])
    def test_huge_token_budget(self, tokens: int) -> None:
        """A budget of 10^30 tokens or more is summarized and written, or refused by the library."""
        price = TokenPrice("p", "m", "USD", D("3"), D("15"), START)
        budget = unchecked(
            TokenBudget,
            rollover=Rollover.NONE,
            tokens=tokens,
            period=BudgetPeriod.YEAR,
            pricing=price,
            usage_mix=UsageMix(D("0.5"), D("0.5")),
        )
        offer = unchecked(Offer, "o", START, "USD", SALARY, token_budget=budget)
        library_error_or_result(lambda: (summary_text(summarize(offer)), statement_text(offer, summarize(offer))))

    def test_exact_or_refused(self) -> None:
        """Within 100 digits a sum is exact; beyond, a RuleViolation, never a silently rounded amount."""
        assert D("1" * 47 + ".26") == (Money("1" * 47 + ".25", "USD") + Money("0.01", "USD")).amount
        with pytest.raises(RuleViolation, match="more than 100 significant digits") as caught:
            Money("9" * 100_000, "USD") + Money("0.01", "USD")
        assert "amount-too-long" == caught.value.problems[0].code

    def test_add_months_past_9999(self) -> None:
        """A date past 9999-12-31 is a RuleViolation at /months, not datetime's ValueError."""
        with pytest.raises(RuleViolation) as caught:
            add_months(datetime.date(9999, 6, 1), 12)
        assert ("/months", "date-out-of-range") == (caught.value.problems[0].pointer, caught.value.problems[0].code)

    def test_ledger_through_december_9999(self) -> None:
        """A ledger asked to run to 9999-12-31 is refused with the library's error (the contract's dates end in
        2199, #27); the period arithmetic itself ends December 9999 on its last day (no January 10000 is asked for)."""
        budget = TokenBudget(rollover=Rollover.FULL, allowance=Money("10.00", "USD"), period=BudgetPeriod.MONTH)
        offer = unchecked(Offer, "o", datetime.date(9999, 11, 15), "USD", SALARY, token_budget=budget)
        with pytest.raises(RuleViolation, match="outside the dates a document may carry"):
            ledger_for(offer, [], as_of=datetime.date(9999, 12, 31))
        last = _period_bounds(BudgetPeriod.MONTH, datetime.date(9999, 11, 15), 1)
        assert (datetime.date(9999, 12, 1), datetime.date(9999, 12, 31)) == last
