"""The token budget over time: one entry a budget period, with proration, rollover and forfeiture.

An offer states a budget a month or a year; usage records (see
:mod:`tokencomp.budget.usage`) say what was spent. :func:`ledger_for` puts the two
together, period by period, by these rules (the docs page *The budget over
time* states them with worked figures):

- Periods are calendar months (``period: month``) or calendar years
  (``year``), from the start date (the offer's effective date by default) to
  the termination date, the as-of date, or the last record's period.
- A record dated after the as-of date is not usage yet: it is reported and
  left out. Without an as-of date, today is the day usage runs to, so the
  periods a ledger builds are bounded by employment and today, whatever the
  files hold (and the contract's dates bound the rest: 1900 to 2199).
- Rejected records are listed up to :data:`MAX_LISTED_REJECTED`, then
  counted (:attr:`Ledger.more_rejected`): memory stays bounded whatever a file holds.
- A period cut by the start or the termination date is prorated by the days
  of employment in it, both ends inclusive: allowance × days ÷ days in the
  period, rounded half up to the currency's minor unit.
- available = allowance + carried_in; remaining = max(available − used, 0);
  overspend = max(used − available, 0), reported, never carried as debt.
- Rollover of what remains: ``none`` carries nothing, ``capped`` the lesser
  of it and ``rollover_cap``, ``full`` all of it; the rest has ``expired``.
- In the period of the termination date all that remains is ``forfeited``,
  a figure, never a payout; no period follows.
- ``used`` adds the period's records at full precision and is rounded once,
  half up; a record priced in another currency is converted at the ECB rates
  of its own date.
- The period holding the as-of date is reported up to that day, open: its
  remainder is neither carried nor expired yet, and it has the projected day
  its available amount runs out at the average daily burn so far.

In every closed period allowance + carried_in − used + overspend =
carried_out + expired + forfeited, to the minor unit; in the open one the
right-hand side adds remaining.
"""

from __future__ import annotations

import calendar
import datetime
import enum
import math
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from ..codec.sources import RejectedRecord
from ..errors import Problem, RuleViolation, TokencompError
from ..model.components import BudgetPeriod, Rollover, TokenBudget, add_months
from ..model.limits import date_problems
from ..model.money import Money, in_context, minor_unit, ratio, round_half_up
from ..model.offer import Offer
from ..model.prices import MILLION, TokenPrice
from ..reference.fx import FxRate, RateTable
from ..reference.pricing import PriceCatalog, default_prices
from ..reference.rate_files import default_rates
from .usage import UsageRecord

__all__ = [
    "MAX_LISTED_REJECTED",
    "Ledger",
    "LedgerPeriod",
    "ValueAt",
    "budget_per_period",
    "ledger_for",
    "ledgers_for",
    "person_of",
    "prorate",
]


#: Rejected records kept in full, each with where and why; those beyond are counted, not kept.
MAX_LISTED_REJECTED = 1000


class ValueAt(enum.StrEnum):
    """How usage is valued: at the cost each record gives, or every record at the offer's price snapshot.

    >>> from tokencomp import ValueAt
    >>> [v.value for v in ValueAt]
    ['recorded', 'snapshot']
    """

    RECORDED = "recorded"
    SNAPSHOT = "snapshot"


@attrs.frozen
class LedgerPeriod:
    """One budget period of a ledger; every figure in the budget's currency, rounded to its minor unit.

    Attributes:
        start: The first day of the period (inclusive), or of employment when it starts later.
        end: The last day of the period (inclusive), or of employment when it ends sooner.
        allowance: The period's allowance, prorated by the days of employment in it.
        carried_in: What the period before carried over.
        used: What the period's records cost, rounded once.
        remaining: max(allowance + carried_in − used, 0).
        overspend: max(used − allowance − carried_in, 0): reported, never carried.
        carried_out: What rolls over into the next period.
        expired: What remained and did not roll over.
        forfeited: What remained on termination: a figure, never a payout.
        utilisation: used ÷ (allowance + carried_in), four places half up;
            ``None`` when nothing was available.
        records: How many usage records the period counts.
        as_of: For the open period, the day it is reported up to.
        runs_out: For the open period, the projected day its available
            amount runs out at the average daily burn so far; ``None`` when
            it lasts the period.

    >>> import datetime
    >>> from decimal import Decimal
    >>> from tokencomp import LedgerPeriod, Money
    >>> zero = Money("0.00", "USD")
    >>> period = LedgerPeriod(datetime.date(2026, 2, 1), datetime.date(2026, 2, 28), Money("1000.00", "USD"),
    ...     zero, Money("800.00", "USD"), Money("200.00", "USD"), zero, zero, Money("200.00", "USD"), zero,
    ...     Decimal("0.8000"), 3)
    >>> period.available.amount
    Decimal('1000.00')
    """

    start: datetime.date
    end: datetime.date
    allowance: Money
    carried_in: Money
    used: Money
    remaining: Money
    overspend: Money
    carried_out: Money
    expired: Money
    forfeited: Money
    utilisation: Decimal | None
    records: int
    as_of: datetime.date | None = None
    runs_out: datetime.date | None = None

    @property
    def available(self) -> Money:
        """What the period could spend, its allowance plus what it carried in."""
        return self.allowance + self.carried_in


@attrs.frozen
class Ledger:
    """The token budget of one person over time.

    Attributes:
        person: Whose budget it is (:func:`person_of`).
        currency: The budget's currency: every figure is in it.
        periods: One entry a budget period, in order.
        rejected: The records kept out of the totals, with where and why:
            the readers' bad records, records dated outside employment (or
            after the as-of date, today when none is given), records that
            cannot be valued; the first :data:`MAX_LISTED_REJECTED` of them.
        other_people: How many records were someone else's (ignored).
        value_at: How usage was valued.
        fx: Every exchange rate used, with its date and source (the first for each pair and date).
        terminated: The termination date, if any.
        more_rejected: Rejected records beyond those listed in :attr:`rejected`: counted, not kept.

    >>> import datetime
    >>> import importlib.resources
    >>> from tokencomp import ledger_for, loads
    >>> offer = loads((importlib.resources.files("tokencomp") / "data" / "examples" / "p75-engineer.json").read_bytes())
    >>> ledger = ledger_for(offer, [], as_of=datetime.date(2026, 6, 30))
    >>> [(p.start.isoformat(), p.allowance.amount) for p in ledger.periods]
    [('2026-03-01', Decimal('83835.62'))]
    """

    person: str
    currency: str
    periods: tuple[LedgerPeriod, ...]
    rejected: tuple[RejectedRecord, ...] = ()
    other_people: int = 0
    value_at: ValueAt = ValueAt.RECORDED
    fx: tuple[FxRate, ...] = ()
    terminated: datetime.date | None = None
    more_rejected: int = 0

    def period_of(self, day: datetime.date) -> LedgerPeriod | None:
        """Return the period holding *day*, or ``None`` when the ledger has none.

        >>> import datetime
        >>> from tokencomp import Ledger
        >>> Ledger("ada", "USD", ()).period_of(datetime.date(2026, 1, 1)) is None
        True
        """
        return next((p for p in self.periods if p.start <= day <= p.end), None)


def person_of(offer: Offer) -> str:
    """Return whom *offer* belongs to: its ``metadata.person`` when given, else its id.

    >>> import datetime
    >>> from tokencomp import Money, Offer, Salary, SalaryPeriod, person_of
    >>> salary = Salary(Money("100.00", "USD"), SalaryPeriod.HOUR)
    >>> person_of(Offer("o-1", datetime.date(2026, 1, 1), "USD", salary, metadata={"person": "ada"}))
    'ada'
    """
    return (offer.metadata or {}).get("person") or offer.id


@in_context
def budget_per_period(offer: Offer) -> tuple[Money, BudgetPeriod]:
    """Return the offer's token budget a period, exact, and the period, valued as the summary values it.

    A budget in ``tokens`` or ``percent_of_salary`` is the summary's money a
    year (:meth:`~tokencomp.model.components.TokenBudget.annual_cost`) over the
    periods of a year; ``percent_of_salary`` is a year.

    Raises:
        RuleViolation: The offer has no token budget.

    >>> import importlib.resources
    >>> from tokencomp import budget_per_period, loads
    >>> examples = importlib.resources.files("tokencomp") / "data" / "examples"
    >>> budget_per_period(loads((examples / "half-of-salary.json").read_bytes()))
    (Money(amount=Decimal('250000.000'), currency='USD'), <BudgetPeriod.YEAR: 'year'>)
    """
    budget = _budget(offer)
    period = budget.period or BudgetPeriod.YEAR
    if budget.allowance is not None:
        return budget.allowance, period  # exactly as stated, not a year divided back
    annual = budget.annual_cost(offer.salary.annual())
    return Money(annual.amount / period.per_year, annual.currency), period  # divided once, not times a rounded 1/12


def _budget(offer: Offer) -> TokenBudget:
    if offer.token_budget is None:
        RuleViolation.raise_for(
            [Problem("/token_budget", "no-token-budget", f"offer {offer.id!r} has no token budget to keep a ledger of")]
        )
    assert offer.token_budget is not None
    return offer.token_budget


def prorate(amount: Money, days: int, days_in_period: int) -> Money:
    """Return *amount* × *days* ÷ *days_in_period*, rounded half up to the minor unit.

    >>> prorate(Money("1000.00", "USD"), 17, 31), prorate(Money("1000.00", "USD"), 10, 31)
    (Money(amount=Decimal('548.39'), currency='USD'), Money(amount=Decimal('322.58'), currency='USD'))
    """
    exact = Fraction(amount.amount) * days / days_in_period
    return Money(round_half_up(exact, minor_unit(amount.currency)), amount.currency)


def _period_bounds(period: BudgetPeriod, start: datetime.date, number: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the *number*-th calendar period from the one holding *start*."""
    if period is BudgetPeriod.YEAR:
        return datetime.date(start.year + number, 1, 1), datetime.date(start.year + number, 12, 31)
    first = add_months(start.replace(day=1), number)
    # The month's last day from the calendar, not the next month's first less a day: December 9999 has no next.
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _period_number(period: BudgetPeriod, start: datetime.date, day: datetime.date) -> int:
    if period is BudgetPeriod.YEAR:
        return day.year - start.year
    return (day.year - start.year) * 12 + day.month - start.month


@in_context
def _usage_cost(price: TokenPrice, record: UsageRecord) -> Money:
    """What the record's tokens cost at *price*, exact; cached input at the input price when none is given."""
    cached = price.cached_input_per_million
    per_million = (
        record.input_tokens * price.input_per_million
        + record.output_tokens * price.output_per_million
        + record.cached_input_tokens * (price.input_per_million if cached is None else cached)
    )
    return Money(per_million / MILLION, price.currency)  # a millionth is exact


@attrs.define
class _Account:
    """One person's running totals while the records stream past; made into a :class:`Ledger` at the end."""

    offer: Offer
    start: datetime.date
    terminated: datetime.date | None
    as_of: datetime.date | None
    value_at: ValueAt
    rates: RateTable
    prices: PriceCatalog | None
    person: str = attrs.field(init=False)
    per_period: Money = attrs.field(init=False)
    period: BudgetPeriod = attrs.field(init=False)
    # Each period's cost, exact (records converted from other currencies are fractions): rounded once, at the end.
    used: dict[int, Fraction] = attrs.Factory(dict)
    counted: dict[int, int] = attrs.Factory(dict)
    rejected: list[RejectedRecord] = attrs.Factory(list)
    other_people: int = 0
    fx: dict[tuple[str, str, datetime.date], FxRate] = attrs.Factory(dict)
    more_rejected: int = 0
    today: datetime.date = attrs.Factory(datetime.date.today)

    def __attrs_post_init__(self) -> None:
        self.person = person_of(self.offer)
        self.per_period, self.period = budget_per_period(self.offer)
        budget = _budget(self.offer)
        problems = []
        if self.value_at is ValueAt.SNAPSHOT and budget.pricing is None:
            message = "valuing at the snapshot needs the budget's pricing; value at recorded instead"
            problems.append(Problem("/token_budget/pricing", "no-price-snapshot", message))
        for name, day in (("terminated", self.terminated), ("as_of", self.as_of)):
            if day is not None and day < self.start:
                problems.append(Problem(f"/{name}", "before-start", f"{name} {day} is before the start, {self.start}"))
            if day is not None:  # the contract's dates bound the periods a ledger builds
                problems += [problem.under(f"/{name}") for problem in date_problems(day)]
        RuleViolation.raise_for(problems)

    @property
    def last_day(self) -> datetime.date | None:
        days = [day for day in (self.terminated, self.as_of) if day is not None]
        return min(days, default=None)

    def reject(self, item: RejectedRecord) -> None:
        """Keep *item* among the first ``MAX_LISTED_REJECTED``; count it beyond them."""
        if len(self.rejected) < MAX_LISTED_REJECTED:
            self.rejected.append(item)
        else:
            self.more_rejected += 1

    def add(self, item: UsageRecord | RejectedRecord) -> None:
        if isinstance(item, RejectedRecord):
            self.reject(item)
            return
        if item.person != self.person:
            self.other_people += 1
            return
        problem = self._outside(item.date)
        if problem is None:
            try:
                cost = self._cost(item)
            except (TokencompError, ValueError) as exc:
                where = "/model" if item.cost is None or self.value_at is ValueAt.SNAPSHOT else "/cost"
                problem = Problem(where, "cannot-value", f"cannot value the record: {exc}")
        if problem is not None:
            self.reject(RejectedRecord((problem,), item.line, item.index, item.source))
            return
        number = _period_number(self.period, self.start, item.date)
        self.used[number] = self.used.get(number, Fraction(0)) + cost
        self.counted[number] = self.counted.get(number, 0) + 1

    def _outside(self, day: datetime.date) -> Problem | None:
        if day < self.start:
            return Problem("/date", "before-employment", f"dated {day}, before employment starts on {self.start}")
        if self.terminated is not None and day > self.terminated:
            return Problem("/date", "after-termination", f"dated {day}, after the termination on {self.terminated}")
        if self.as_of is not None and day > self.as_of:
            return Problem("/date", "after-as-of", f"dated {day}, after the as-of date {self.as_of}")
        if self.as_of is None and day > self.today:
            return Problem("/date", "not-yet-usage", f"dated {day}, after today ({self.today}): not usage yet")
        return None

    def _cost(self, record: UsageRecord) -> Fraction:
        snapshot = _budget(self.offer).pricing
        if self.value_at is ValueAt.RECORDED and record.cost is not None:
            cost = record.cost
        elif snapshot is not None and (
            self.value_at is ValueAt.SNAPSHOT or snapshot.model.casefold() == record.model.casefold()
        ):
            cost = _usage_cost(snapshot, record)
        else:
            cost = _usage_cost((self.prices or default_prices()).price(record.model), record)
        return self._to_currency(cost, record.date)

    def _to_currency(self, money: Money, day: datetime.date) -> Fraction:
        """*money* in the budget's currency, exact: a sum of converted amounts is rounded once, never term by term."""
        if money.currency == self.per_period.currency:
            return Fraction(money.amount)
        converted, rate = self.rates.convert_exact(money, self.per_period.currency, day)
        self.fx.setdefault((rate.from_currency, rate.to_currency, rate.date), rate)
        return converted

    def ledger(self) -> Ledger:
        last_day = self.last_day
        last = max(self.used, default=0) if last_day is None else _period_number(self.period, self.start, last_day)
        return Ledger(
            person=self.person,
            currency=self.per_period.currency,
            periods=tuple(self._periods(last)),
            rejected=tuple(self.rejected),
            other_people=self.other_people,
            value_at=self.value_at,
            fx=tuple(self.fx.values()),
            terminated=self.terminated,
            more_rejected=self.more_rejected,
        )

    def _periods(self, last: int) -> Iterator[LedgerPeriod]:
        currency = self.per_period.currency
        zero = Money.zero(currency)
        carried_in = zero
        budget = _budget(self.offer)
        for number in range(last + 1):
            start, end = _period_bounds(self.period, self.start, number)
            first_day = max(start, self.start)
            final_day = min(end, self.terminated) if self.terminated is not None else end
            allowance = prorate(self.per_period, (final_day - first_day).days + 1, (end - start).days + 1)
            used = Money(round_half_up(self.used.get(number, Fraction(0)), minor_unit(currency)), currency)
            available = allowance + carried_in
            remaining, overspend = max(available - used, zero), max(used - available, zero)
            carried_out = expired = forfeited = zero
            as_of = runs_out = None
            ends_employment = self.terminated is not None and self.terminated <= end
            still_employed = self.terminated is None or (self.as_of is not None and self.as_of < self.terminated)
            if self.as_of is not None and self.as_of <= end and still_employed:
                as_of = self.as_of
                runs_out = _runs_out(available, used, first_day, self.as_of, final_day)
            elif ends_employment:
                forfeited = remaining
            elif budget.rollover is Rollover.FULL:
                carried_out = remaining
            elif budget.rollover is Rollover.CAPPED:
                assert budget.rollover_cap is not None
                cap = Money(round_half_up(self._to_currency(budget.rollover_cap, end), minor_unit(currency)), currency)
                carried_out = min(remaining, cap)
            expired = remaining - carried_out - forfeited if as_of is None else zero
            yield LedgerPeriod(
                start=first_day,
                end=final_day,
                allowance=allowance,
                carried_in=carried_in,
                used=used,
                remaining=remaining,
                overspend=overspend,
                carried_out=carried_out,
                expired=expired,
                forfeited=forfeited,
                utilisation=ratio(used.amount, available.amount),
                records=self.counted.get(number, 0),
                as_of=as_of,
                runs_out=runs_out,
            )
            carried_in = carried_out


def _runs_out(
    available: Money, used: Money, first_day: datetime.date, as_of: datetime.date, final_day: datetime.date
) -> datetime.date | None:
    """The day spending at the average daily burn so far uses up *available*; ``None`` if not this period."""
    if used.amount <= 0:
        return None
    elapsed = (as_of - first_day).days + 1
    days = math.ceil(Fraction(available.amount) * elapsed / Fraction(used.amount))
    if days > (final_day - first_day).days + 1:
        return None
    return first_day + datetime.timedelta(days=max(days, 1) - 1)


@in_context
def ledgers_for(
    offers: Sequence[Offer],
    records: Iterable[UsageRecord | RejectedRecord],
    *,
    terminated: datetime.date | None = None,
    as_of: datetime.date | None = None,
    value_at: ValueAt = ValueAt.RECORDED,
    rates: RateTable | None = None,
    prices: PriceCatalog | None = None,
    terminations: Sequence[datetime.date | None] | None = None,
) -> tuple[Ledger, ...]:
    """Return the ledger of each offer, reading *records* once (a stream of any length).

    Each offer starts on its effective date. *terminations*, when given,
    is each offer's own last day, in the order of *offers* (an offer a later
    one replaces ends the day before it); *terminated* is every offer's
    otherwise. Other arguments as :func:`ledger_for`.

    >>> import datetime
    >>> import importlib.resources
    >>> from tokencomp import ledgers_for, loads
    >>> examples = importlib.resources.files("tokencomp") / "data" / "examples"
    >>> offers = [loads((examples / name).read_bytes()) for name in ("p75-engineer.json", "half-of-salary.json")]
    >>> [ledger.person for ledger in ledgers_for(offers, [], as_of=datetime.date(2026, 12, 31))]
    ['example-p75', 'example-half-salary']
    """
    ends = [terminated] * len(offers) if terminations is None else list(terminations)
    accounts = [
        _Account(offer, offer.effective_date, end, as_of, value_at, rates or default_rates(), prices)
        for offer, end in zip(offers, ends, strict=True)
    ]
    for record in records:
        for account in accounts:
            account.add(record)
    return tuple(account.ledger() for account in accounts)


@in_context
def ledger_for(
    offer: Offer,
    records: Iterable[UsageRecord | RejectedRecord],
    *,
    start: datetime.date | None = None,
    terminated: datetime.date | None = None,
    as_of: datetime.date | None = None,
    value_at: ValueAt = ValueAt.RECORDED,
    rates: RateTable | None = None,
    prices: PriceCatalog | None = None,
) -> Ledger:
    """Return the ledger of *offer*'s token budget, one entry a period, fed by usage *records*.

    Args:
        offer: The offer; its token budget, and whom it belongs to (:func:`person_of`).
        records: Usage records (and rejections, which are passed on), streamed once.
        start: The first day of employment; the offer's effective date by default.
        terminated: The last day of employment: that period forfeits what remains.
        as_of: The day the ledger is reported up to: that period is open. Without
            one, records dated after today are not usage yet (rejected, ``not-yet-usage``).
        value_at: Value usage at each record's cost, or every record at the snapshot.
        rates: The exchange rates; the embedded ECB snapshot by default.
        prices: The price catalog for records with no cost whose model is not
            the snapshot's; :func:`~tokencomp.reference.pricing.default_prices` by default.

    Raises:
        RuleViolation: The offer has no token budget, a date is before the
            start or outside the contract's 1900 to 2199, or snapshot
            valuation is asked of a budget without pricing.

    >>> import datetime
    >>> from tokencomp import BudgetPeriod, Money, Offer, Rollover, Salary, SalaryPeriod, TokenBudget, ledger_for
    >>> budget = TokenBudget(rollover=Rollover.NONE, allowance=Money("1000.00", "USD"), period=BudgetPeriod.MONTH)
    >>> offer = Offer("ada", datetime.date(2026, 1, 15), "USD",
    ...               Salary(Money("200000.00", "USD"), SalaryPeriod.YEAR), token_budget=budget)
    >>> ledger = ledger_for(offer, [], terminated=datetime.date(2026, 5, 10))
    >>> [str(p.allowance.amount) for p in ledger.periods]
    ['548.39', '1000.00', '1000.00', '1000.00', '322.58']
    >>> str(ledger.periods[-1].forfeited.amount)
    '322.58'
    """
    account = _Account(
        offer, start or offer.effective_date, terminated, as_of, value_at, rates or default_rates(), prices
    )
    for record in records:
        account.add(record)
    return account.ledger()
