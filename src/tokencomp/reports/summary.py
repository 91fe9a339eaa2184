"""Annual and first-year figures of an offer, in one currency.

Each component figure is computed at full precision, conversion included,
and rounded once, half up, to the currency's ISO 4217 minor unit. Totals are
sums of the rounded figures, so a summary always adds up; ratios come from
the rounded figures, rounded half up to four places.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from ..model.arguments import check_argument
from ..model.cash import OneTimeKind
from ..model.components import TokenBudget, add_months
from ..model.money import Money, in_context, minor_unit, ratio, round_half_up, rounded_quotient
from ..model.offer import Offer
from ..model.prices import TokenPrice
from ..reference.fx import FxRate, RateTable
from ..reference.rate_files import default_rates
from .advisories import Advisory, AdvisoryPolicy, ReturnOnSpend, advise, advise_rates, return_on_spend
from .equity import (
    EquityYear,
    GrantFigures,
    Scenario,
    ScenarioFigures,
    annual_equity,
    check_multiples,
    equity_by_year,
    equity_vesting,
    grant_figures,
    option_at_strike,
)

__all__ = ["AnnualFigures", "FirstYearFigures", "Summary", "summarize"]


@attrs.frozen
class AnnualFigures:
    """A steady-state year, in the summary's currency.

    Attributes:
        salary: Annual salary.
        bonus: Annual target bonus (sign-on excluded).
        commission: On-target commission for a year (version 1.1; its cap is never counted).
        allowances: Allowances paid through payroll in a year (version 1.1).
        equity: Equity vesting in a steady-state year.
        benefits: What the employer pays for benefits in a year (version 1.1).
        token_budget: The token budget's value for a year.
        target_total_cash: salary + bonus + commission.
        cash: target_total_cash + allowances (for version 1: salary + bonus).
        total_compensation: cash + equity: the pay that compounds and goes
            with the person.
        total_rewards: total_compensation + benefits.
        fully_loaded_cost: total_rewards + token_budget: what the employer spends.
        token_share: token_budget / fully_loaded_cost, four places; ``None``
            when the cost is zero.
        token_to_salary: token_budget / salary, four places; ``None`` when
            the salary rounds to zero.

    >>> import importlib.resources
    >>> from tokencomp import loads, summarize
    >>> examples = importlib.resources.files("tokencomp") / "data" / "examples"
    >>> offer = loads((examples / "p75-engineer.json").read_bytes())
    >>> annual = summarize(offer).annual
    >>> annual.total_compensation, annual.fully_loaded_cost, annual.token_to_salary
    (Decimal('375000.00'), Decimal('475000.00'), Decimal('0.2667'))
    """

    salary: Decimal
    bonus: Decimal
    commission: Decimal
    allowances: Decimal
    equity: Decimal
    benefits: Decimal
    token_budget: Decimal
    target_total_cash: Decimal
    cash: Decimal
    total_compensation: Decimal
    total_rewards: Decimal
    fully_loaded_cost: Decimal
    token_share: Decimal | None
    token_to_salary: Decimal | None


@attrs.frozen
class FirstYearFigures:
    """The first year from the effective date, in the summary's currency.

    Attributes:
        salary: Annual salary.
        bonus: Annual target bonus.
        commission: On-target commission for a year.
        allowances: Allowances for a year.
        one_time: Every one-time payment of the first year (paid on or after
            the effective date and before its first anniversary), version 1's
            sign-on included.
        sign_on: The sign-on part of *one_time*.
        equity: Units that vest after the effective date and on or before its
            first anniversary, times their value; units that vested earlier
            (a refresh grant's past years) are not counted.
        benefits: Benefits for a year.
        token_budget: The token budget's value for a year.
        cash: salary + bonus + commission + allowances + one_time.
        total_compensation: cash + equity.
        total_rewards: total_compensation + benefits.
        fully_loaded_cost: total_rewards + token_budget.

    >>> import importlib.resources
    >>> from tokencomp import loads, summarize
    >>> examples = importlib.resources.files("tokencomp") / "data" / "examples"
    >>> offer = loads((examples / "london-staff-engineer.json").read_bytes())
    >>> first = summarize(offer).first_year
    >>> first.sign_on, first.cash, first.equity
    (Decimal('20000.00'), Decimal('152000.00'), Decimal('18766.26'))
    """

    salary: Decimal
    bonus: Decimal
    commission: Decimal
    allowances: Decimal
    one_time: Decimal
    sign_on: Decimal
    equity: Decimal
    benefits: Decimal
    token_budget: Decimal
    cash: Decimal
    total_compensation: Decimal
    total_rewards: Decimal
    fully_loaded_cost: Decimal


@attrs.frozen
class Summary:
    """What an offer is worth and costs, with everything used to work it out.

    Attributes:
        offer_id: The offer's id.
        currency: The currency of every figure.
        minor_unit: Decimal places every money figure is rounded to (half up).
        as_of: The date exchange rates were asked for; each rate in *fx*
            says the date it was published for, which may be earlier.
        annual: The steady-state year.
        first_year: The first year.
        fx: Every exchange rate used, with its date and source.
        tokens_per_year: Tokens the budget buys in a year (rounded down), when
            it has pricing; none for a budget in money at a price of zero
            (the ``token-price-zero`` advisory).
        pricing: The price snapshot behind *tokens_per_year*, if any.
        advisories: Warnings about the token budget, each with its figure and threshold.
        return_on_spend: The budget against a baseline spend, when one was given.
        equity_by_year: For an offer with equity, each year's equity from year 1 to the last in which a unit
            vests (version 1.1; year 1 is the first year's equity).
        grants: For an offer with equity, each grant's units, value basis, cost to exercise and maximum.
        scenarios: The figures at each share-price multiple asked for, in the order asked.

    >>> import importlib.resources
    >>> from tokencomp import loads, summarize
    >>> examples = importlib.resources.files("tokencomp") / "data" / "examples"
    >>> offer = loads((examples / "london-staff-engineer.json").read_bytes())
    >>> summary = summarize(offer)
    >>> summary.currency, summary.tokens_per_year, [(r.from_currency, r.to_currency) for r in summary.fx]
    ('GBP', 9876543209, [('USD', 'GBP')])
    """

    offer_id: str
    currency: str
    minor_unit: int
    as_of: datetime.date
    annual: AnnualFigures
    first_year: FirstYearFigures
    fx: tuple[FxRate, ...] = ()
    tokens_per_year: int | None = None
    pricing: TokenPrice | None = None
    advisories: tuple[Advisory, ...] = ()
    return_on_spend: ReturnOnSpend | None = None
    equity_by_year: tuple[EquityYear, ...] | None = None
    grants: tuple[GrantFigures, ...] | None = None
    scenarios: tuple[Scenario, ...] | None = None

    def as_money(self, figure: Decimal) -> Money:
        """Return a money figure of this summary as :class:`~tokencomp.model.money.Money` in its currency.

        For instance, to ask what the annual token budget buys on another model:

        >>> import importlib.resources
        >>> from decimal import Decimal
        >>> from tokencomp import UsageMix, default_prices, loads, summarize, tokens_for_budget
        >>> examples = importlib.resources.files("tokencomp") / "data" / "examples"
        >>> summary = summarize(loads((examples / "p75-engineer.json").read_bytes()))
        >>> budget = summary.as_money(summary.annual.token_budget)
        >>> budget
        Money(amount=Decimal('100000.00'), currency='USD')
        >>> mix = UsageMix(Decimal("0.75"), Decimal("0.25"))
        >>> tokens_for_budget(budget, default_prices().price("gpt-4o"), mix).tokens
        22857142857
        """
        return Money(figure, self.currency)


class _Converter:
    """Converts into the summary's currency on one date, exactly, remembering each rate used in the order first used.

    Figures are worked out on Decimals and whole numbers, not Money or
    Fraction objects: each is an exact quotient, rounded once.
    """

    __slots__ = ("currency", "digits", "max_age_days", "on", "rates", "table")

    def __init__(self, table: RateTable, on: datetime.date, max_age_days: int | None, currency: str, digits: int):
        self.table, self.on, self.max_age_days, self.currency, self.digits = table, on, max_age_days, currency, digits
        self.rates: dict[tuple[str, str], tuple[FxRate, int, int]] = {}

    @property
    def used(self) -> list[FxRate]:
        """The rates used, in the order first used."""
        return [found[0] for found in self.rates.values()]

    def rate(self, of: str, currency: str) -> tuple[FxRate, int, int]:
        """The rate from *of* into *currency* and its exact value, numerator then denominator."""
        found = self.rates.get((of, currency))
        if found is None:
            found = self.rates[of, currency] = self.table.rate_fraction(
                of, currency, self.on, max_age_days=self.max_age_days
            )
        return found

    def to(self, currency: str, amount: Decimal, of: str) -> Decimal:
        """*amount* of currency *of* in *currency*, unrounded, as :meth:`FxRate.apply` gives it."""
        if of == currency:
            return amount
        used = self.rate(of, currency)[0]
        return amount * used.to_per_base / used.from_per_base

    def figure(self, amount: Decimal, of: str) -> Decimal:
        """*amount* of currency *of* in the summary's currency, rounded once to its minor unit."""
        if of == self.currency:
            return round_half_up(amount, self.digits)
        _, numerator, denominator = self.rate(of, self.currency)
        amount_numerator, amount_denominator = amount.as_integer_ratio()
        return rounded_quotient(amount_numerator * numerator, amount_denominator * denominator, self.digits)

    def total(self, amounts: Iterable[tuple[int, int, str]]) -> Decimal:
        """The sum of exact quotients (numerator, denominator, currency) in the summary's currency, rounded once."""
        numerator, denominator = 0, 1
        for amount_numerator, amount_denominator, of in amounts:
            if of != self.currency:
                _, rate_numerator, rate_denominator = self.rate(of, self.currency)
                amount_numerator *= rate_numerator
                amount_denominator *= rate_denominator
            numerator = numerator * amount_denominator + amount_numerator * denominator
            denominator *= amount_denominator
        return rounded_quotient(numerator, denominator, self.digits)


_OPTION_AT_STRIKE = Advisory(
    "option-at-strike",
    None,
    None,
    "an option's unit value does not exceed its strike, so it is worth 0 at that value; "
    "ask for scenarios (share-price multiples) to see it at other prices",
)
_ZEROS = {digits: round_half_up(Decimal(0), digits) for digits in range(5)}  # 0, 0.0, 0.00, ...
_TAKES_BASELINE = Money | None
_TAKES_AS_OF = datetime.date | None


def _tokens_for(convert: _Converter, budget: TokenBudget, amount: Decimal, currency: str) -> int | None:
    """:meth:`TokenPrice.tokens_for` of a budget's annual *amount* in *currency*, converted unrounded first."""
    assert budget.pricing is not None
    assert budget.usage_mix is not None
    if budget.pricing.blended_amount(budget.usage_mix) == 0:
        return None  # any number: the token-price-zero advisory says so
    converted = convert.to(budget.pricing.currency, amount, currency)
    return budget.pricing.tokens_for_ratio(*converted.as_integer_ratio(), budget.usage_mix)


def first_year_payments(offer: Offer) -> list[tuple[bool, Money]]:
    """The one-time payments of the first year, each with whether it is a sign-on: version 1's sign-on first.

    Version 1's ``bonus.sign_on`` always belongs to the first year; a payment of
    ``one_time`` when paid on or after the effective date and before its first anniversary.
    """
    payments = []
    if offer.bonus is not None and offer.bonus.sign_on is not None:
        payments.append((True, offer.bonus.sign_on))
    if offer.payments:  # a first year past the calendar's end raises only where payments need it
        anniversary = add_months(offer.effective_date, 12)
    for payment in offer.payments:
        if offer.effective_date <= payment.paid(offer.effective_date) < anniversary:
            payments.append((payment.kind is OneTimeKind.SIGN_ON, payment.amount))
    return payments


def _total(convert: _Converter, amounts: list[Money], zero: Decimal) -> Decimal:
    """The sum of *amounts* in the summary's currency, rounded once; *zero* for none."""
    if not amounts:
        return zero
    if len(amounts) == 1:  # one figure: as convert.figure rounds it, with no fraction to build
        return convert.figure(amounts[0].amount, amounts[0].currency)
    return convert.total([(*money.amount.as_integer_ratio(), money.currency) for money in amounts])


@in_context
def summarize(
    offer: Offer,
    currency: str | None = None,
    as_of: datetime.date | str | None = None,
    rates: RateTable | None = None,
    *,
    policy: AdvisoryPolicy | None = None,
    baseline_spend: Money | None = None,
    max_age_days: int | None = None,
    share_price_multiples: Sequence[Decimal | int | str] = (),
) -> Summary:
    """Work out the annual and first-year figures of *offer*.

    Args:
        offer: The offer.
        currency: The currency of the figures; the offer's own by default.
        as_of: The date of the exchange rates (a date, or an ISO 8601 string
            such as ``"2026-04-01"``); the effective date by default.
        rates: The exchange rates; the embedded ECB snapshot by default.
        policy: The thresholds of the advisories; :class:`~tokencomp.reports.advisories.AdvisoryPolicy` by default.
        baseline_spend: An annual inference spend to measure the token budget
            against (:attr:`Summary.return_on_spend`), converted if need be.
        max_age_days: Refuse, rather than use, a rate published more than
            this many days before *as_of*. Without it such a rate is used and
            the ``fx-stale`` advisory says so.
        share_price_multiples: Share-price multiples (such as 0.5, 1, 2, 5) to give the equity and total
            compensation at (:attr:`Summary.scenarios`): every unit value times the multiple, strikes
            unchanged, PSUs at target.

    Raises:
        RateNotFoundError: A currency has no rate on the as-of date, or
            (with *max_age_days*) only one older than allowed.
        UnknownCurrencyError: *currency* is not an ISO 4217 code.
        RuleViolation: *offer* is not an :class:`~tokencomp.model.offer.Offer`, or
            *as_of* or *baseline_spend* is of a wrong type (``/as_of``, ...), or a multiple is not a decimal
            of 0 or more (``/share_price_multiples/INDEX``).

    >>> from tokencomp import loads, summarize
    >>> offer = loads('''{"schema_version": "1", "id": "p75", "effective_date": "2026-03-01",
    ...   "currency": "USD", "salary": {"rate": {"amount": "375000.00", "currency": "USD"},
    ...   "period": "year"}, "token_budget": {"allowance": {"amount": "100000.00",
    ...   "currency": "USD"}, "period": "year", "rollover": "none", "vests": false,
    ...   "portable": false}}''')
    >>> figures = summarize(offer).annual
    >>> figures.fully_loaded_cost, figures.token_share
    (Decimal('475000.00'), Decimal('0.2105'))
    """
    offer = check_argument("offer", offer, Offer)
    multiples = check_multiples(share_price_multiples)
    if baseline_spend is not None:
        baseline_spend = check_argument("baseline_spend", baseline_spend, _TAKES_BASELINE)
    target = currency or offer.currency
    digits = minor_unit(target)
    on = offer.effective_date if as_of is None else check_argument("as_of", as_of, _TAKES_AS_OF)
    convert = _Converter(rates or default_rates(), on, max_age_days, target, digits)
    zero = _ZEROS[digits] if digits in _ZEROS else round_half_up(Decimal(0), digits)  # zero is falsy: no `or`

    salary_currency = offer.salary.rate.currency
    native_salary = offer.salary.annual_amount()
    salary = convert.figure(native_salary, salary_currency)
    bonus = zero
    if offer.bonus is not None:
        bonus = convert.figure(*offer.bonus.annual_target_amount(native_salary, salary_currency))
    # Where version 1 converted its sign-on: the rates are listed in the order first used.
    payments = first_year_payments(offer)
    one_time = _total(convert, [amount for _, amount in payments], zero)
    sign_on = _total(convert, [amount for is_sign_on, amount in payments if is_sign_on], zero)
    commission = zero
    if offer.commission is not None:
        commission = convert.figure(offer.commission.target.amount, offer.commission.target.currency)
    allowances = _total(convert, [allowance.annual() for allowance in offer.allowances or ()], zero)
    benefits = _total(convert, [benefit.annual() for benefit in offer.benefits or ()], zero)
    equity = first_equity = zero
    grants = offer.grants
    by_year: tuple[EquityYear, ...] | None = None
    if grants:
        # Each grant's grant value × 12 / months stays a quotient until the one rounding of the sum.
        equity = convert.total([annual_equity(g) for g in grants])
    anniversary = add_months(offer.effective_date, 12)  # raises for a first year past the calendar's end
    if grants:
        first_equity = convert.total([equity_vesting(g, offer.effective_date, anniversary) for g in grants])
        by_year = equity_by_year(grants, offer.effective_date, convert.total)

    budget = offer.token_budget
    token_budget, tokens_per_year = zero, None
    if budget is not None:
        native_budget, budget_currency = budget.annual_cost_amount(native_salary, salary_currency)
        token_budget = convert.figure(native_budget, budget_currency)
        if budget.pricing is not None and budget.usage_mix is not None:
            if budget.tokens is not None:
                tokens_per_year = budget.tokens * (budget.period.per_year if budget.period else 1)
            else:
                tokens_per_year = _tokens_for(convert, budget, native_budget, budget_currency)

    # The figures have the minor unit's exponent and far fewer than CONTEXT's digits: sums are exact.
    target_total_cash = salary + bonus + commission
    cash = target_total_cash + allowances
    total = cash + equity
    rewards = total + benefits
    fully_loaded = rewards + token_budget
    annual = AnnualFigures(
        salary=salary,
        bonus=bonus,
        commission=commission,
        allowances=allowances,
        equity=equity,
        benefits=benefits,
        token_budget=token_budget,
        target_total_cash=target_total_cash,
        cash=cash,
        total_compensation=total,
        total_rewards=rewards,
        fully_loaded_cost=fully_loaded,
        token_share=ratio(token_budget, fully_loaded),
        token_to_salary=ratio(token_budget, salary),
    )
    first_cash = cash + one_time
    first_total = first_cash + first_equity
    first_rewards = first_total + benefits
    first_year = FirstYearFigures(
        salary=salary,
        bonus=bonus,
        commission=commission,
        allowances=allowances,
        one_time=one_time,
        sign_on=sign_on,
        equity=first_equity,
        benefits=benefits,
        token_budget=token_budget,
        cash=first_cash,
        total_compensation=first_total,
        total_rewards=first_rewards,
        fully_loaded_cost=first_rewards + token_budget,
    )
    baseline = None
    if baseline_spend is not None:
        in_target = convert.to(target, baseline_spend.amount, baseline_spend.currency)
        baseline = return_on_spend(Money(token_budget, target), Money(in_target, target))
    advisories = advise(offer, annual, on, policy)
    if option_at_strike(grants):
        advisories += (_OPTION_AT_STRIKE,)
    scenarios = []
    for multiple in multiples:
        annual_at = convert.total([annual_equity(g, multiple) for g in grants])
        first_at = convert.total([equity_vesting(g, offer.effective_date, anniversary, multiple) for g in grants])
        scenarios.append(
            Scenario(
                multiple,
                ScenarioFigures(annual_at, total + annual_at - equity),
                ScenarioFigures(first_at, first_total + first_at - first_equity),
            )
        )
    used = convert.used
    if used:
        advisories += advise_rates(used, on, policy)
    return Summary(
        offer_id=offer.id,
        currency=target,
        minor_unit=digits,
        as_of=on,
        annual=annual,
        first_year=first_year,
        fx=tuple(used),
        tokens_per_year=tokens_per_year,
        pricing=budget.pricing if budget is not None else None,
        advisories=advisories,
        return_on_spend=baseline,
        equity_by_year=by_year,
        grants=tuple(grant_figures(g, convert.figure) for g in grants) or None,
        scenarios=tuple(scenarios) or None,
    )
