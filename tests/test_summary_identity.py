"""summarize's fast path against the straightforward computation: the same figures, rates, advisories and JSON.

:func:`reference_summary` works a summary out the plain way, from the
components' own methods (``Salary.annual``, ``Bonus.annual_target``,
``EquityGrant.annual_value_exact`` and ``value_vesting_between``,
``TokenBudget.annual_cost``, ``TokenPrice.tokens_for``), Money sums and
exact Fractions, converting through ``FxRate.exact_rate`` and ``apply``.
:func:`tokencomp.summarize` computes on Decimals and whole numbers with
cached rates and quanta; every summary must come out identical, object and
JSON, errors included.
"""

from __future__ import annotations

import concurrent.futures
import datetime
import decimal
import functools
import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from benchmarks.corpus import offers as corpus
from hypothesis import given
from hypothesis import strategies as st

from tokencomp import (
    AdvisoryPolicy,
    AnnualFigures,
    FirstYearFigures,
    FxRate,
    Money,
    Offer,
    RateTable,
    Summary,
    TokencompError,
    advise,
    advise_rates,
    default_rates,
    dumps,
    loads,
    return_on_spend,
    summarize,
)
from tokencomp.model.arguments import check_argument
from tokencomp.model.components import add_months
from tokencomp.model.money import in_context, minor_unit, ratio, round_half_up
from tokencomp.reports.equity import EquityYear, GrantFigures
from tokencomp.reports.summary import _OPTION_AT_STRIKE as OPTION_AT_STRIKE

from .reference import SPEC_EXAMPLES, version_1
from .strategies import offers

EXAMPLES = Path(__file__).resolve().parent.parent / "src" / "tokencomp" / "data" / "examples"
CURRENCIES = ["USD", "EUR", "JPY", "BHD"]


def _round(exact: Fraction, currency: str) -> Decimal:
    """Half up to the minor unit, on the exact fraction: the rounding offer-v1 states, worked out here by hand."""
    scaled = abs(exact) * 10 ** minor_unit(currency)
    whole = int(scaled) + (1 if scaled - int(scaled) >= Fraction(1, 2) else 0)
    return Decimal(f"{'-' if exact < 0 and whole else ''}{whole}E-{minor_unit(currency)}")


def _four(part: Decimal, whole: Decimal) -> Decimal:
    """*part* / *whole* half up to four places, on the exact fraction."""
    exact = Fraction(part) / Fraction(whole)
    scaled = abs(exact) * 10**4
    units = int(scaled) + (1 if scaled - int(scaled) >= Fraction(1, 2) else 0)
    return Decimal(f"{'-' if exact < 0 and units else ''}{units}E-4")


@in_context
def reference_summary(offer: Offer, **asked: Any) -> Summary:
    """The summary, worked out the straightforward way (Money, Fractions, the components' methods)."""
    baseline_spend = check_argument("baseline_spend", asked.get("baseline_spend"), Money | None)
    target = asked.get("currency") or offer.currency
    minor_unit(target)
    on = check_argument("as_of", asked.get("as_of"), datetime.date | None) or offer.effective_date
    table = asked.get("rates") or default_rates()
    policy, max_age_days = asked.get("policy"), asked.get("max_age_days")
    used: dict[tuple[str, str], FxRate] = {}

    def rate(of: str, into: str) -> FxRate:
        found = table.rate(of, into, on, max_age_days=max_age_days)
        used.setdefault((of, into), found)
        return found

    def figure(amounts: list[tuple[Fraction, str]]) -> Decimal:
        exact = sum((a if c == target else a * rate(c, target).exact_rate for a, c in amounts), Fraction(0))
        return _round(exact, target)

    def to(into: str, money: Money) -> Money:
        return money if money.currency == into else rate(money.currency, into).apply(money)

    zero = Money.zero(target).amount
    native_salary = offer.salary.annual()
    salary = figure([(Fraction(native_salary.amount), native_salary.currency)])
    bonus = zero
    if offer.bonus is not None:
        target_bonus = offer.bonus.annual_target(native_salary)
        bonus = figure([(Fraction(target_bonus.amount), target_bonus.currency)])
    anniversary = add_months(offer.effective_date, 12) if offer.one_time else None
    paid = [(True, offer.bonus.sign_on)] if offer.bonus is not None and offer.bonus.sign_on is not None else []
    paid += [
        (p.kind == "sign_on", p.amount)
        for p in offer.one_time or ()
        if offer.effective_date <= (p.paid_on or offer.effective_date) < anniversary
    ]
    one_time = figure([(Fraction(m.amount), m.currency) for _, m in paid])
    sign_on = figure([(Fraction(m.amount), m.currency) for is_sign_on, m in paid if is_sign_on])
    equity = figure([(g.annual_value_exact(), g.unit_value.currency) for g in offer.grants])
    anniversary = add_months(offer.effective_date, 12)
    vesting = [g.value_vesting_between(offer.effective_date, anniversary) for g in offer.grants]
    first_equity = figure([(Fraction(m.amount), m.currency) for m in vesting])
    budget = offer.token_budget
    token_budget, tokens_per_year = zero, None
    if budget is not None:
        native_budget = budget.annual_cost(native_salary)
        token_budget = figure([(Fraction(native_budget.amount), native_budget.currency)])
        if budget.pricing is not None and budget.usage_mix is not None:
            if budget.tokens is not None:
                tokens_per_year = budget.tokens * (budget.period.per_year if budget.period else 1)
            else:
                in_price = to(budget.pricing.currency, native_budget)
                tokens_per_year = budget.pricing.tokens_for(in_price, budget.usage_mix)
    # Version 1.1's cash: each figure one rounding of its exact sum; a payment in the first year when paid on or
    # after the effective date and before the anniversary, version 1's sign-on always.
    commission = zero
    if offer.commission is not None:
        commission = figure([(Fraction(offer.commission.target.amount), offer.commission.target.currency)])
    per_year = {"month": 12, "year": 1}
    allowances = figure(
        [(Fraction(a.amount.amount) * per_year[a.period], a.amount.currency) for a in offer.allowances or ()]
    )
    benefits = figure(
        [
            (Fraction(b.employer_cost.amount) * per_year[b.period], b.employer_cost.currency)
            for b in offer.benefits or ()
        ]
    )
    target_cash = salary + bonus + commission
    cash, first_cash = target_cash + allowances, target_cash + allowances + one_time
    total, first_total = cash + equity, first_cash + first_equity
    rewards, first_rewards = total + benefits, first_total + benefits
    annual = AnnualFigures(
        salary,
        bonus,
        commission,
        allowances,
        equity,
        benefits,
        token_budget,
        target_cash,
        cash,
        total,
        rewards,
        rewards + token_budget,
        None if rewards + token_budget == 0 else _four(token_budget, rewards + token_budget),
        None if salary == 0 else _four(token_budget, salary),
    )
    first_year = FirstYearFigures(
        salary,
        bonus,
        commission,
        allowances,
        one_time,
        sign_on,
        first_equity,
        benefits,
        token_budget,
        first_cash,
        first_total,
        first_rewards,
        first_rewards + token_budget,
    )
    baseline = None
    if baseline_spend is not None:
        baseline = return_on_spend(Money(token_budget, target), to(target, baseline_spend))
    # Version 1.1's equity: each year's vesting value, from the listed events' last date; each grant's figures.
    by_year, grants = None, None
    if offer.grants:
        last = max(event.date for g in offer.grants for event in g.vesting.events(g.units))
        years, before = [], offer.effective_date
        while before < last:
            through = add_months(offer.effective_date, 12 * (len(years) + 1))
            values = [g.value_vesting_between(before, through) for g in offer.grants]
            years.append(EquityYear(len(years) + 1, figure([(Fraction(m.amount), m.currency) for m in values])))
            before = through
        by_year = tuple(years)
        grants = tuple(
            GrantFigures(
                g.instrument,
                g.grant_kind,
                g.units,
                g.units if g.grant_value is not None else None,
                g.value_basis,
                g.value_as_of,
                None
                if g.strike_price is None
                else figure([(Fraction(g.strike_price.amount) * g.units, g.strike_price.currency)]),
                g.max_units,
            )
            for g in offer.grants
        )
    at_strike = tuple(
        a
        for a in [OPTION_AT_STRIKE]
        if any(g.strike_price is not None and g.unit_value <= g.strike_price for g in offer.grants)
    )
    return Summary(
        offer.id,
        target,
        minor_unit(target),
        on,
        annual,
        first_year,
        tuple(used.values()),
        tokens_per_year,
        budget.pricing if budget is not None else None,
        advise(offer, annual, on, policy) + at_strike + advise_rates(used.values(), on, policy),
        baseline,
        by_year,
        grants,
    )


def outcome(compute: Callable[..., Summary], offer: Offer, **kwargs: Any) -> tuple[str, Summary | None]:
    """The summary's JSON and the summary, or the error's type and message."""
    try:
        summary = compute(offer, **kwargs)
    except TokencompError as exc:
        return f"{type(exc).__name__}: {exc}", None
    return dumps(summary), summary


def assert_identical(offer: Offer, **kwargs: Any) -> None:
    expected = outcome(reference_summary, offer, **kwargs)
    assert expected == outcome(summarize, offer, **kwargs), (offer.id, kwargs)


@functools.cache
def with_bhd() -> RateTable:
    """The embedded ECB rates with the Bahraini dinar (three decimals; the ECB publishes none) at 0.376 a dollar."""
    days = default_rates().rates.items()
    return RateTable(
        "EUR", {day: {**rates, "BHD": rates["USD"] * Decimal("0.376")} for day, rates in days}, "ECB, BHD pegged"
    )


def asks(index: int) -> Iterator[dict[str, Any]]:
    """The ways to ask for a summary: each currency, an as-of date, a baseline, a strict policy, a rate age."""
    yield {}
    for currency in CURRENCIES:
        yield {"currency": currency, "rates": with_bhd()}
    yield {"currency": CURRENCIES[index % 4], "as_of": datetime.date(2026, 7, 1), "rates": with_bhd()}
    yield {"currency": CURRENCIES[(index + 1) % 4], "as_of": "2020-02-29", "max_age_days": 3, "rates": with_bhd()}
    yield {
        "currency": CURRENCIES[(index + 2) % 4],
        "baseline_spend": Money("12000.00", CURRENCIES[(index + 3) % 4]),
        "rates": with_bhd(),
    }
    yield {
        "currency": CURRENCIES[(index + 3) % 4],
        "policy": AdvisoryPolicy(Decimal("0.01"), Decimal("0.001"), Decimal("0.002"), 1, 0, Decimal(1)),
        "rates": with_bhd(),
    }
    yield {"currency": "BHD"}  # the embedded rates have none: the same error


def example_offers() -> list[Offer]:
    paths = sorted(EXAMPLES.glob("*.json")) + version_1(sorted((SPEC_EXAMPLES.excerpt / "valid").glob("*.json")))
    return [loads(path.read_bytes()) for path in paths if not path.name.endswith(".summary.json")]


class TestTheReference:
    def test_agrees_with_the_spec_examples(self) -> None:
        """The reference itself gives every figure the spec's worked examples list (it is no copy of a bug)."""
        paths = version_1(sorted((SPEC_EXAMPLES.excerpt / "valid").glob("*.summary.json")))
        assert 5 == len(paths)
        for path in paths:
            expected = json.loads(path.read_text())
            actual = json.loads(
                dumps(reference_summary(loads(path.with_name(path.name.replace(".summary", "")).read_bytes())))
            )
            for block in ("annual", "first_year"):
                assert expected[block] == {k: actual[block][k] for k in expected[block]}, path.name


class TestIdenticalSummaries:
    def test_examples_and_spec_examples(self) -> None:
        """The bundled and spec examples, in USD, EUR, JPY and BHD and every other way of asking, match exactly."""
        for index, offer in enumerate(example_offers()):
            for kwargs in asks(index):
                assert_identical(offer, **kwargs)

    def test_benchmark_corpus(self) -> None:
        """Three hundred of the benchmark's offers, each asked six ways, match exactly."""
        for index, text in enumerate(corpus(300)):
            offer = loads(text)
            for kwargs in list(asks(index))[index % 3 :: 3]:
                assert_identical(offer, **kwargs)

    @given(offers, st.sampled_from([None, *CURRENCIES]), st.none() | st.dates(datetime.date(2014, 6, 1)))
    def test_generated_offers(self, offer: Offer, currency: str | None, as_of: datetime.date | None) -> None:
        """Any offer, in any of the four currencies or its own, on any date: the same summary or the same error."""
        assert_identical(offer, currency=currency, as_of=as_of, rates=with_bhd())

    def test_a_second_summary_is_the_first(self) -> None:
        """Rates and quanta cached by the first summary give the second the same figures and provenance."""
        offer = example_offers()[2]  # london-staff-engineer: USD equity in a GBP offer
        first, second = (summarize(offer, currency="BHD", rates=with_bhd()) for _ in range(2))
        assert first == second
        assert first.fx[0] is second.fx[0]


class TestAdvisoriesMadeOnce:
    def test_the_default_policy_as_a_new_policy(self) -> None:
        """Advisories made once per figure under the default policy equal those made afresh for an equal policy."""
        for text in corpus(200):
            offer = loads(text)
            shared, fresh = summarize(offer), summarize(offer, policy=AdvisoryPolicy())
            assert (fresh.advisories, dumps(fresh)) == (shared.advisories, dumps(shared))

    def test_a_policy_of_its_own(self) -> None:
        """A policy's own thresholds are in its advisories, not those of an earlier summary's default."""
        offer = loads(next(text for text in corpus(4) if "percent_of_salary" in text))
        summarize(offer)
        strict = AdvisoryPolicy(max_token_share=Decimal("0.05"), half_salary=Decimal("0.25"))
        assert [
            ("token-share-high", Decimal("0.05")),
            ("token-budget-half-salary", Decimal("0.25")),
            ("no-usage-mix", None),
        ] == [(a.code, a.threshold) for a in summarize(offer, policy=strict).advisories]


class TestHostContext:
    def test_the_host_context_changes_nothing(self) -> None:
        """A first summary under a 3-digit, Inexact-trapping host context caches nothing of that context."""
        table = RateTable(
            "EUR",
            {
                datetime.date(2026, 4, 1): {
                    "USD": Decimal("1.1605"),
                    "GBP": Decimal("0.87113"),
                    "BHD": Decimal("0.4371"),
                }
            },
            "t",
        )
        offer = example_offers()[2]
        with decimal.localcontext(decimal.Context(prec=3, traps=[decimal.Inexact])):
            under_host = summarize(offer, currency="BHD", rates=table)
        assert reference_summary(offer, currency="BHD", rates=table) == under_host
        assert Decimal("0.501762079139") == under_host.fx[0].rate  # GBP to BHD: 0.4371 / 0.87113, to 12 places


class TestRoundingFastPaths:
    @given(
        st.decimals(allow_nan=False, allow_infinity=False, places=None, min_value=-(10**30), max_value=10**30),
        st.integers(0, 6),
    )
    def test_round_half_up_of_a_decimal(self, value: Decimal, places: int) -> None:
        """A Decimal rounded in one quantize equals its exact fraction rounded half up (zero written unsigned)."""
        expected = round_half_up(Fraction(value), places)
        actual = round_half_up(value, places)
        assert (str(expected), expected.as_tuple().exponent) == (str(actual), actual.as_tuple().exponent)

    @given(
        st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**20), max_value=10**20),
        st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**20), max_value=10**20),
    )
    def test_ratio_of_decimals(self, part: Decimal, whole: Decimal) -> None:
        """A ratio divided in C equals the exact quotient rounded half up to four places."""
        expected = None if whole == 0 else _four(part, whole)
        assert str(expected) == str(ratio(part, whole))

    @pytest.mark.parametrize(
        ("part", "whole", "expected"),
        [
            ("1.00005", "1", "1.0001"),  # a tie at the fifth place, exact: up
            # Nines past the context's 100 digits: rounded to nearest first, it would become 1.00005, then 1.0001.
            ("1.00004" + "9" * 120, "1", "1.0000"),
            ("2", "3", "0.6667"),
            ("-1", "3", "-0.3333"),
            ("0", "-5", "0.0000"),  # never -0.0000
            ("1", "-1E-95", None),
            ("100000000000000000", "3", None),  # the largest quotients divided in C
            ("1000000000000000000", "3", None),  # and the smallest worked out on whole numbers
            ("1000000000000000000.00005", "1", None),
        ],
    )
    def test_ratio_at_the_edges(self, part: str, whole: str, expected: str | None) -> None:
        """Ties, a run of 9s longer than the context, signs, and a quotient too large for the fast path."""
        exact = _four(Decimal(part), Decimal(whole))
        assert (expected or str(exact)) == str(ratio(Decimal(part), Decimal(whole)))


class TestRateCache:
    def table(self) -> RateTable:
        return RateTable("EUR", {datetime.date(2026, 4, 1): {"USD": Decimal("1.1605"), "GBP": Decimal("0.87113")}}, "t")

    def test_the_ratio_is_the_rate(self) -> None:
        """The whole numbers a table gives with a rate are its exact rate: GBP's leg over USD's."""
        used, numerator, denominator = self.table().rate_fraction("USD", "GBP", datetime.date(2026, 4, 3))
        assert Fraction("0.87113") / Fraction("1.1605") == Fraction(numerator, denominator) == used.exact_rate
        assert datetime.date(2026, 4, 1) == used.date

    def test_cached_per_publication_date(self) -> None:
        """Two dates that fall on one publication get the same FxRate object; the legs are read once."""
        table = self.table()
        first = table.rate("USD", "GBP", "2026-04-02")
        assert first is table.rate("USD", "GBP", "2026-04-05")

    def test_bounded(self) -> None:
        """However many pairs and dates are asked for, a table keeps at most a bounded number of rates."""
        from tokencomp.reference.fx import _MAX_RATES_KEPT

        days = {datetime.date(2000, 1, 1) + datetime.timedelta(days=n): {"USD": Decimal(n + 1)} for n in range(3000)}
        table = RateTable("EUR", days, "t")
        for day in days:
            table.rate("EUR", "USD", day)
            table.rate("USD", "EUR", day)
        assert len(table._used) <= _MAX_RATES_KEPT
        assert Decimal(3000) == table.rate("EUR", "USD", datetime.date(2008, 3, 18)).rate

    def test_a_missing_rate_is_not_kept(self) -> None:
        """A rate not found raises each time, naming the date asked for."""
        table = self.table()
        for asked in ("2026-04-02", "2026-04-03"):
            with pytest.raises(LookupError, match=asked):
                table.rate("USD", "JPY", asked)

    def test_threads(self) -> None:
        """Threads filling one fresh table's cache at once get the reference's summaries, in four currencies."""
        table = RateTable("EUR", dict(with_bhd().rates), "fresh")
        jobs = [(loads(text), CURRENCIES[index % 4]) for index, text in enumerate(corpus(64))]
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            summaries = list(pool.map(lambda job: summarize(job[0], currency=job[1], rates=table), jobs))
        assert [reference_summary(offer, currency=currency, rates=table) for offer, currency in jobs] == summaries
