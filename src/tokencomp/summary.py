"""Annual and first-year figures of an offer, in one currency.

Each component figure is computed at full precision, conversion included,
and rounded once, half up, to the currency's ISO 4217 minor unit. Totals are
sums of the rounded figures, so a summary always adds up; ratios come from
the rounded figures, rounded half up to four places.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

import attrs

from .advisories import Advisory, AdvisoryPolicy, ReturnOnSpend, advise, advise_rates, return_on_spend
from .arguments import check_argument
from .components import add_months
from .fx import FxRate, RateTable, default_rates
from .money import Money, in_context, minor_unit, ratio, round_half_up
from .offer import Offer
from .pricing import TokenPrice

__all__ = ["AnnualFigures", "FirstYearFigures", "Summary", "summarize"]


@attrs.frozen
class AnnualFigures:
    """A steady-state year, in the summary's currency.

    Attributes:
        salary: Annual salary.
        bonus: Annual target bonus (sign-on excluded).
        equity: Equity vesting in a steady-state year.
        token_budget: The token budget's value for a year.
        cash: salary + bonus.
        total_compensation: salary + bonus + equity: the pay that compounds
            and goes with the person.
        fully_loaded_cost: total_compensation + token_budget: what the employer spends.
        token_share: token_budget / fully_loaded_cost, four places; ``None``
            when the cost is zero.
        token_to_salary: token_budget / salary, four places; ``None`` when
            the salary rounds to zero.

    >>> import importlib.resources
    >>> from tokencomp import loads
    >>> examples = importlib.resources.files("tokencomp") / "data" / "examples"
    >>> offer = loads((examples / "p75-engineer.json").read_bytes())
    >>> annual = summarize(offer).annual
    >>> annual.total_compensation, annual.fully_loaded_cost, annual.token_to_salary
    (Decimal('375000.00'), Decimal('475000.00'), Decimal('0.2667'))
    """

    salary: Decimal
    bonus: Decimal
    equity: Decimal
    token_budget: Decimal
    cash: Decimal
    total_compensation: Decimal
    fully_loaded_cost: Decimal
    token_share: Decimal | None
    token_to_salary: Decimal | None


@attrs.frozen
class FirstYearFigures:
    """The first year from the effective date, in the summary's currency.

    Attributes:
        salary: Annual salary.
        bonus: Annual target bonus.
        sign_on: The sign-on bonus, paid once.
        equity: Units that vest after the effective date and on or before its
            first anniversary, times their value; units that vested earlier
            (a refresh grant's past years) are not counted.
        token_budget: The token budget's value for a year.
        cash: salary + bonus + sign_on.
        total_compensation: cash + equity.
        fully_loaded_cost: total_compensation + token_budget.

    >>> import importlib.resources
    >>> from tokencomp import loads
    >>> examples = importlib.resources.files("tokencomp") / "data" / "examples"
    >>> offer = loads((examples / "london-staff-engineer.json").read_bytes())
    >>> first = summarize(offer).first_year
    >>> first.sign_on, first.cash, first.equity
    (Decimal('20000.00'), Decimal('152000.00'), Decimal('18766.26'))
    """

    salary: Decimal
    bonus: Decimal
    sign_on: Decimal
    equity: Decimal
    token_budget: Decimal
    cash: Decimal
    total_compensation: Decimal
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
            it has pricing.
        pricing: The price snapshot behind *tokens_per_year*, if any.
        advisories: Warnings about the token budget, each with its figure and threshold.
        return_on_spend: The budget against a baseline spend, when one was given.

    >>> import importlib.resources
    >>> from tokencomp import loads
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

    def as_money(self, figure: Decimal) -> Money:
        """Return a money figure of this summary as :class:`~tokencomp.money.Money` in its currency.

        For instance, to ask what the annual token budget buys on another model:

        >>> import importlib.resources
        >>> from tokencomp import UsageMix, default_prices, loads, tokens_for_budget
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


@attrs.define
class _Converter:
    """Converts into one currency on one date, remembering each rate it used."""

    table: RateTable
    on: datetime.date
    max_age_days: int | None = None
    used: dict[tuple[str, str], FxRate] = attrs.Factory(dict)

    def to(self, currency: str, money: Money) -> Money:
        if money.currency == currency:
            return money
        converted, rate = self.table.convert(money, currency, self.on, max_age_days=self.max_age_days)
        self.used.setdefault((rate.from_currency, rate.to_currency), rate)
        return converted

    def exact(self, currency: str, amount: Fraction, of: str) -> Fraction:
        """*amount* of currency *of* in *currency*, as an exact fraction: no quotient is rounded before the figure."""
        if of == currency:
            return amount
        rate = self.table.rate(of, currency, self.on, max_age_days=self.max_age_days)
        self.used.setdefault((rate.from_currency, rate.to_currency), rate)
        return amount * rate.exact_rate

    def figure(self, currency: str, amounts: Iterable[Money | tuple[Fraction, str]]) -> Money:
        """Convert and add up *amounts* (money, or exact fractions with their currency) exactly, then round once."""
        exact = [(Fraction(a.amount), a.currency) if isinstance(a, Money) else a for a in amounts]
        total = sum((self.exact(currency, amount, of) for amount, of in exact), Fraction(0))
        return Money(round_half_up(total, minor_unit(currency)), currency)


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
) -> Summary:
    """Work out the annual and first-year figures of *offer*.

    Args:
        offer: The offer.
        currency: The currency of the figures; the offer's own by default.
        as_of: The date of the exchange rates (a date, or an ISO 8601 string
            such as ``"2026-04-01"``); the effective date by default.
        rates: The exchange rates; the embedded ECB snapshot by default.
        policy: The thresholds of the advisories; :class:`~tokencomp.advisories.AdvisoryPolicy` by default.
        baseline_spend: An annual inference spend to measure the token budget
            against (:attr:`Summary.return_on_spend`), converted if need be.
        max_age_days: Refuse, rather than use, a rate published more than
            this many days before *as_of*. Without it such a rate is used and
            the ``fx-stale`` advisory says so.

    Raises:
        RateNotFoundError: A currency has no rate on the as-of date, or
            (with *max_age_days*) only one older than allowed.
        UnknownCurrencyError: *currency* is not an ISO 4217 code.
        RuleViolation: *offer* is not an :class:`~tokencomp.offer.Offer`, or
            *as_of* or *baseline_spend* is of a wrong type (``/as_of``, ...).

    >>> from tokencomp import loads
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
    baseline_spend = check_argument("baseline_spend", baseline_spend, Money | None)
    target = currency or offer.currency
    digits = minor_unit(target)
    on = check_argument("as_of", as_of, datetime.date | None) or offer.effective_date
    convert = _Converter(rates or default_rates(), on, max_age_days)
    zero = Money.zero(target)

    native_salary = offer.salary.annual()
    salary = convert.figure(target, [native_salary])
    bonus = sign_on = zero
    if offer.bonus is not None:
        bonus = convert.figure(target, [offer.bonus.annual_target(native_salary)])
        if offer.bonus.sign_on is not None:
            sign_on = convert.figure(target, [offer.bonus.sign_on])
    # Each grant's grant value × 12 / duration stays a fraction until the one rounding of the sum.
    equity = convert.figure(target, [(g.annual_value_exact(), g.unit_value.currency) for g in offer.grants])
    anniversary = add_months(offer.effective_date, 12)
    first_year_equity = [g.value_vesting_between(offer.effective_date, anniversary) for g in offer.grants]
    first_equity = convert.figure(target, first_year_equity)

    budget = offer.token_budget
    token_budget, tokens_per_year = zero, None
    if budget is not None:
        native_budget = budget.annual_cost(native_salary)
        token_budget = convert.figure(target, [native_budget])
        if budget.pricing is not None and budget.usage_mix is not None:
            if budget.tokens is not None:
                tokens_per_year = budget.tokens * (budget.period.per_year if budget.period else 1)
            else:
                in_price_currency = convert.to(budget.pricing.currency, native_budget)
                tokens_per_year = budget.pricing.tokens_for(in_price_currency, budget.usage_mix)

    cash = salary + bonus
    total = cash + equity
    annual = AnnualFigures(
        salary=salary.amount,
        bonus=bonus.amount,
        equity=equity.amount,
        token_budget=token_budget.amount,
        cash=cash.amount,
        total_compensation=total.amount,
        fully_loaded_cost=(total + token_budget).amount,
        token_share=ratio(token_budget.amount, (total + token_budget).amount),
        token_to_salary=ratio(token_budget.amount, salary.amount),
    )
    first_cash = cash + sign_on
    first_total = first_cash + first_equity
    first_year = FirstYearFigures(
        salary=salary.amount,
        bonus=bonus.amount,
        sign_on=sign_on.amount,
        equity=first_equity.amount,
        token_budget=token_budget.amount,
        cash=first_cash.amount,
        total_compensation=first_total.amount,
        fully_loaded_cost=(first_total + token_budget).amount,
    )
    baseline = None
    if baseline_spend is not None:
        baseline = return_on_spend(token_budget, convert.to(target, baseline_spend))
    return Summary(
        offer_id=offer.id,
        currency=target,
        minor_unit=digits,
        as_of=on,
        annual=annual,
        first_year=first_year,
        fx=tuple(convert.used.values()),
        tokens_per_year=tokens_per_year,
        pricing=budget.pricing if budget is not None else None,
        advisories=advise(offer, annual, on, policy) + advise_rates(convert.used.values(), on, policy),
        return_on_spend=baseline,
    )
