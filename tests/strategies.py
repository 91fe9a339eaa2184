"""Hypothesis strategies that build valid model objects."""

from __future__ import annotations

import datetime
import functools
import itertools
from decimal import Decimal

import attrs
from hypothesis import strategies as st

from tokencomp import (
    Allocation,
    Allowance,
    Benefit,
    BenefitKind,
    Bonus,
    BudgetPeriod,
    Commission,
    CommissionPaid,
    EquityGrant,
    GrantKind,
    GrantValue,
    Instrument,
    Money,
    Offer,
    OneTimeKind,
    OneTimePayment,
    PayFrequency,
    Repayment,
    Role,
    Rollover,
    Salary,
    SalaryPeriod,
    TokenBudget,
    TokenPrice,
    Tranche,
    UsageMix,
    ValueBasis,
    Vesting,
    VestingFrequency,
    VestingSegment,
)

CURRENCIES = ["USD", "EUR", "GBP", "JPY", "CHF"]
dates = st.dates(min_value=datetime.date(2016, 1, 1), max_value=datetime.date(2026, 4, 13))


def decimals(min_value: str = "0", max_value: str = "1000000", places: int = 2) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=min_value, max_value=max_value, places=places, allow_nan=False, allow_infinity=False)


def money(currency: st.SearchStrategy[str] | None = None, min_value: str = "0") -> st.SearchStrategy[Money]:
    return st.builds(Money, decimals(min_value=min_value), currency or st.sampled_from(CURRENCIES))


#: Version 1's instruments and frequencies: version 1.1 adds psu and semiannually.
V1_INSTRUMENTS = [Instrument.RSU, Instrument.ISO, Instrument.NSO]
V1_FREQUENCIES = [f for f in VestingFrequency if f is not VestingFrequency.SEMIANNUALLY]

vestings = st.integers(1, 120).flatmap(
    lambda duration: st.builds(
        Vesting,
        start_date=dates,
        duration_months=st.just(duration),
        cliff_months=st.integers(0, duration),
        frequency=st.sampled_from(V1_FREQUENCIES),
    )
)


@st.composite
def grants(draw: st.DrawFn) -> EquityGrant:
    instrument = draw(st.sampled_from(V1_INSTRUMENTS))
    value = draw(money())
    strike = None
    if instrument is not Instrument.RSU:
        strike = Money(draw(decimals()), value.currency)
    return EquityGrant(instrument, draw(st.integers(1, 10**6)), value, draw(vestings), strike)


@st.composite
def percents(draw: st.DrawFn, count: int) -> list[Decimal]:
    """*count* percents above zero summing to exactly 100, in hundredths."""
    cuts = sorted(draw(st.lists(st.integers(1, 9999), min_size=count - 1, max_size=count - 1, unique=True)))
    bounds = [0, *cuts, 10000]
    return [Decimal(high - low) / 100 for low, high in itertools.pairwise(bounds)]


@st.composite
def segment_lists(draw: st.DrawFn, max_size: int = 6) -> list[VestingSegment]:
    count = draw(st.integers(1, max_size))
    segments = []
    for percent in draw(percents(count)):
        months = draw(st.integers(1, 60))
        cliff = draw(st.none() | st.integers(0, months))
        segments.append(VestingSegment(months, percent, draw(st.sampled_from(VestingFrequency)), cliff))
    return segments


@st.composite
def vestings_1_1(draw: st.DrawFn, units: int) -> Vesting:
    """A version 1.1 schedule for *units*: uniform, in segments or explicit tranches, any allocation."""
    start = draw(dates)
    allocation = draw(st.none() | st.sampled_from(Allocation))
    form = draw(st.sampled_from(["uniform", "segments", "tranches"]))
    if form == "uniform":
        duration = draw(st.integers(1, 120))
        cliff = draw(st.integers(0, duration))
        frequency = draw(st.sampled_from(VestingFrequency))
        return Vesting(start, duration, cliff, frequency, allocation=allocation)
    if form == "segments":
        return Vesting(start, allocation=allocation, segments=draw(segment_lists()))
    count = draw(st.integers(1, min(units, 8)))
    cuts = []
    if count > 1:
        cuts = sorted(draw(st.lists(st.integers(1, units - 1), min_size=count - 1, max_size=count - 1, unique=True)))
    bounds = [0, *cuts, units]
    months = sorted(draw(st.lists(st.integers(0, 120), min_size=count, max_size=count, unique=True)))
    offsets = [datetime.timedelta(days=30 * m + 1) for m in months]
    return Vesting(
        start,
        tranches=[
            Tranche(start + offset, high - low) for offset, low, high in zip(offsets, bounds, bounds[1:], strict=False)
        ],
    )


@st.composite
def grants_1_1(draw: st.DrawFn) -> EquityGrant:
    """A version 1.1 grant: any instrument, kind, value basis, units or a grant value, any schedule."""
    instrument = draw(st.sampled_from(Instrument))
    value = draw(money())
    by_value = draw(st.booleans())
    grant_value = None
    units: int | None = draw(st.integers(1, 10**6))
    if by_value:
        price = draw(decimals(min_value="0.01", max_value="1000"))
        units = draw(st.integers(1, 10**6))
        left_over = draw(decimals(max_value="1000"))
        amount = price * units + min(left_over, price - Decimal("0.01"))  # not granted: less than a unit
        grant_value = GrantValue(Money(amount, value.currency), Money(price, value.currency))
    counted = grant_value.units() if grant_value is not None else units
    assert counted is not None
    option = instrument in (Instrument.ISO, Instrument.NSO)
    vesting = draw(vestings_1_1(counted))
    expiration = None
    if option and draw(st.booleans()):
        expiration = vesting.start_date + datetime.timedelta(days=draw(st.integers(1, 4000)))
    return EquityGrant(
        instrument,
        None if by_value else units,
        value,
        vesting,
        Money(draw(decimals()), value.currency) if option else None,
        kind=draw(st.none() | st.sampled_from(GrantKind)),
        max_units=draw(st.none() | st.integers(counted, 2 * counted)) if instrument is Instrument.PSU else None,
        grant_value=grant_value,
        value_basis=draw(st.none() | st.sampled_from(ValueBasis)),
        value_as_of=draw(st.none() | dates),
        expiration_date=expiration,
        post_termination_exercise_months=draw(st.none() | st.integers(0, 120)) if option else None,
    )


salaries = st.builds(
    Salary,
    rate=money(min_value="0.01"),
    period=st.sampled_from(SalaryPeriod),
    pay_frequency=st.none() | st.sampled_from(PayFrequency),
    hours_per_week=st.none() | decimals("1", "80", 1),
)


@st.composite
def bonuses(draw: st.DrawFn) -> Bonus:
    by_percent = draw(st.booleans())
    sign_on = draw(st.none() | money())
    return Bonus(
        target_percent=draw(decimals("0", "200", 1)) if by_percent else None,
        target=None if by_percent else draw(money()),
        sign_on=sign_on,
        sign_on_clawback_months=draw(st.none() | st.integers(0, 36)) if sign_on else None,
    )


@st.composite
def usage_mixes(draw: st.DrawFn, cached: bool = True) -> UsageMix:
    input_share = draw(decimals("0", "1", 2))
    output_share = draw(decimals("0", str(1 - input_share), 2))
    rest = 1 - input_share - output_share
    if cached:
        return UsageMix(input_share, output_share, rest)
    return UsageMix(input_share, output_share + rest)


prices = st.builds(
    TokenPrice,
    provider=st.sampled_from(["openai", "anthropic", "google"]),
    model=st.sampled_from(["gpt-4o", "claude-sonnet-4-5", "gemini-2.5-pro"]),
    currency=st.sampled_from(CURRENCIES),
    input_per_million=decimals("0.01", "100"),
    output_per_million=decimals("0.01", "100"),
    as_of=dates,
    cached_input_per_million=decimals("0.01", "10"),
    source=st.none() | st.just("test"),
)


@st.composite
def token_budgets(draw: st.DrawFn) -> TokenBudget:
    size = draw(st.sampled_from(["allowance", "tokens", "percent_of_salary"]))
    pricing = draw(prices) if size == "tokens" else draw(st.none() | prices)
    rollover = draw(st.sampled_from(Rollover))
    return TokenBudget(
        rollover=rollover,
        allowance=draw(money()) if size == "allowance" else None,
        tokens=draw(st.integers(0, 10**11)) if size == "tokens" else None,
        percent_of_salary=draw(decimals("0", "150", 1)) if size == "percent_of_salary" else None,
        period=draw(st.sampled_from(BudgetPeriod))
        if size != "percent_of_salary"
        else draw(st.none() | st.just(BudgetPeriod.YEAR)),
        pricing=pricing,
        usage_mix=draw(usage_mixes()) if pricing else None,
        rollover_cap=draw(money()) if rollover is Rollover.CAPPED else None,
        appreciates=draw(st.none() | st.just(False)),
        cash_convertible=draw(st.none() | st.just(False)),
    )


#: Strings within the contract's limits: no control characters, no surrogates (offer-v1 limits).
texts = functools.partial(st.text, alphabet=st.characters(exclude_categories=("Cs", "Cc")))

offers = st.builds(
    Offer,
    id=texts(min_size=1, max_size=20),
    effective_date=dates,
    currency=st.sampled_from(CURRENCIES),
    salary=salaries,
    role=st.none()
    | st.builds(
        Role,
        st.none() | texts(max_size=10),
        st.none() | texts(max_size=5),
        st.none() | st.sampled_from(["GB", "US", "DE", "JP"]),
    ),
    bonus=st.none() | bonuses(),
    equity=st.none() | st.lists(grants(), max_size=3).map(tuple),
    token_budget=st.none() | token_budgets(),
    metadata=st.none() | st.dictionaries(texts(max_size=8), texts(max_size=8), max_size=3),
)


# Contract version 1.1's cash parts (issue #23).
repayments = st.builds(
    Repayment,
    months=st.integers(1, 600),
    prorated=st.booleans(),
    separate_agreement=st.booleans(),
    interest_percent=st.none() | decimals(max_value="20"),
)
one_time_payments = st.builds(
    OneTimePayment,
    kind=st.sampled_from(OneTimeKind),
    amount=money(),
    paid_on=st.none() | dates,
    description=st.none() | texts(max_size=10),
    repayment=st.none() | repayments,
)
allowances = st.builds(Allowance, name=texts(max_size=10), amount=money(), period=st.sampled_from(BudgetPeriod))
benefits = st.builds(
    Benefit,
    kind=st.sampled_from(BenefitKind),
    name=texts(max_size=10),
    employer_cost=money(),
    period=st.sampled_from(BudgetPeriod),
)
commissions = st.builds(
    Commission,
    target=money(),
    cap_percent=st.none() | decimals(min_value="100", max_value="500"),
    paid=st.none() | st.sampled_from(CommissionPaid),
)


@st.composite
def offers_1_1(draw: st.DrawFn) -> Offer:
    """A version 1.1 offer: a version 1 offer with commission, one-time payments, allowances and benefits."""
    offer = draw(offers)
    payments = draw(st.none() | st.lists(one_time_payments, max_size=3))
    if payments and offer.bonus is not None and offer.bonus.sign_on is not None:
        payments = [p for p in payments if p.kind is not OneTimeKind.SIGN_ON]  # sign-on-twice
    return attrs.evolve(
        offer,
        schema_version="1.1",
        commission=draw(st.none() | commissions),
        one_time=payments,
        allowances=draw(st.none() | st.lists(allowances, max_size=3)),
        benefits=draw(st.none() | st.lists(benefits, max_size=3)),
        equity=draw(st.none() | st.lists(grants_1_1(), max_size=3)),
    )
