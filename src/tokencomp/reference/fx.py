"""Exchange rates: dated, sourced rate tables and exact conversion.

A :class:`RateTable` holds rates exactly as published against one base
currency (the European Central Bank's are against EUR). Converting picks the
latest published date on or before the as-of date, converts through the base
(multiplying by the published leg of the target, then dividing once by that
of the source), and returns an :class:`FxRate` that records everything
needed to reproduce the figure.

The ECB publishes about 30 currencies; a global payroll pays in many more
(AED, SAR, NGN, ...). A table of your own dated rates brings them, which the
ECB's asks for every pair it cannot answer (:meth:`RateTable.with_others`);
each rate used from it shows its date and the source its row names. The
files tables are read from, and the rates in use by default, are
:mod:`tokencomp.reference.rate_files`'.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

import attrs

from ..errors import RateNotFoundError
from ..model.historical import withdrawn_currencies
from ..model.money import Money, in_context, minor_unit, round_half_up
from .datadir import DATA_DIR_VARIABLE

__all__ = [
    "RATE_PLACES",
    "FxRate",
    "RateTable",
]


#: The most decimal places of a published :attr:`FxRate.rate`: the contract's 12 of a figure (offer-v1 limits), which
#: a DECIMAL(27, 12) column holds. Every figure is worked out from the exact legs, never from the rounded rate.
RATE_PLACES = 12


@attrs.frozen
class FxRate:
    """One exchange rate as used, with its provenance.

    ``converted = amount × to_per_base / from_per_base``: multiplied first,
    divided once, in :data:`~tokencomp.model.money.CONTEXT` precision (exact, as a
    fraction, with :attr:`exact_rate`). *rate* is ``to_per_base / from_per_base``
    to at most :data:`RATE_PLACES` decimal places (rounded half up when it
    has more), for people and for the decimal columns a rate is stored in; no
    figure is worked out from it. The published legs, exact, reproduce every
    figure.

    Attributes:
        from_currency: The currency converted from.
        to_currency: The currency converted to.
        rate: Units of *to_currency* per unit of *from_currency*, to at most
            :data:`RATE_PLACES` decimal places (rounded half up).
        date: The date the rates were published for.
        source: Where the rates come from.
        base: The table's base currency, through which the rate is crossed.
        from_per_base: The published rate of *from_currency* (1 when it is the base).
        to_per_base: The published rate of *to_currency* (1 when it is the base).

    >>> from tokencomp import Money, default_rates
    >>> used = default_rates().rate("USD", "GBP", "2026-04-01")
    >>> used.from_per_base, used.to_per_base, used.apply(Money("25000", "USD")).rounded().amount
    (Decimal('1.1605'), Decimal('0.87113'), Decimal('18766.26'))
    >>> used.rate
    Decimal('0.750650581646')
    """

    from_currency: str = attrs.field(metadata={"json": "from"})
    to_currency: str = attrs.field(metadata={"json": "to"})
    rate: Decimal
    date: datetime.date
    source: str
    base: str
    from_per_base: Decimal
    to_per_base: Decimal

    @in_context
    def apply(self, money: Money) -> Money:
        """Convert *money* (in :attr:`from_currency`) at this rate, keeping every digit the context holds."""
        if money.currency != self.from_currency:
            msg = f"this rate converts {self.from_currency}, not {money.currency}"
            raise ValueError(msg)
        return Money(money.amount * self.to_per_base / self.from_per_base, self.to_currency)

    def apply_exact(self, money: Money) -> Fraction:
        """Return *money* converted at this rate as an exact fraction, for figures summed and rounded once.

        >>> from tokencomp import Money, default_rates
        >>> used = default_rates().rate("USD", "GBP", "2026-04-01")
        >>> used.apply_exact(Money("11.605", "USD"))
        Fraction(87113, 10000)
        """
        if money.currency != self.from_currency:
            msg = f"this rate converts {self.from_currency}, not {money.currency}"
            raise ValueError(msg)
        return Fraction(money.amount) * self.exact_rate

    @property
    def exact_rate(self) -> Fraction:
        """The rate as an exact fraction, ``to_per_base / from_per_base``, for figures rounded once at the end.

        >>> from fractions import Fraction
        >>> from tokencomp import default_rates
        >>> used = default_rates().rate("USD", "GBP", "2026-04-01")
        >>> used.exact_rate * Fraction("1.1605")
        Fraction(87113, 100000)
        """
        return Fraction(self.to_per_base) / Fraction(self.from_per_base)


def _published_rate(from_leg: Decimal, to_leg: Decimal) -> Decimal:
    """``to_leg / from_leg`` as published: exact when it has at most RATE_PLACES decimals, else rounded to them."""
    exact = Fraction(to_leg) / Fraction(from_leg)
    quotient = to_leg / from_leg  # the ideal exponent: 175.68 / 1 is 175.68, not 175.680000000000
    exponent = quotient.as_tuple().exponent
    if isinstance(exponent, int) and -exponent <= RATE_PLACES and Fraction(quotient) == exact:
        return quotient
    return round_half_up(exact, RATE_PLACES)


#: The most rates a table keeps worked out (:meth:`RateTable.rate_fraction`); every pair of the ECB's
#: 30 currencies on one date is 870.
_MAX_RATES_KEPT = 4096


#: What a missing rate's error advises for a currency the table never publishes.
OWN_RATES_HINT = (
    "bring your own dated rates for it: a CSV with the header date,base,quote,rate,source, given with --rates "
    f"(tokencomp.read_rates_csv and RateTable.with_others in Python) or put in the folder {DATA_DIR_VARIABLE} names"
)


def _as_date(value: datetime.date | str) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


@attrs.frozen
class RateTable:
    """Exchange rates by date against one base currency, as published.

    Attributes:
        base: The base currency; every rate is units of a currency per unit of it.
        rates: For each publication date, each currency's rate.
        source: Where the figures come from.
        retrieved: When the figures were taken from the source, if known.
        day_sources: For a table merged from several files, the file each
            date came from; a date not listed came from *source*. Each rate
            used names the file of its own date.
        leg_sources: Where one currency's rate of one date comes from, when
            that is more than the date's source says (a file of your own
            rates names a source a row); else :meth:`source_of` the date.
        others: Tables of rates the ECB does not publish (your own, read by
            :func:`~tokencomp.reference.rate_files.read_rates_csv`), asked in order for a
            pair this table cannot answer on its own: a rate comes whole from
            one table, with that table's date and source. Add them with
            :meth:`with_others`.

    >>> import datetime
    >>> from decimal import Decimal
    >>> from tokencomp import RateTable
    >>> table = RateTable("EUR", {datetime.date(2026, 4, 1): {"USD": Decimal("1.1605")}}, "example")
    >>> table.rate("EUR", "USD", datetime.date(2026, 4, 5)).rate
    Decimal('1.1605')
    """

    base: str
    rates: Mapping[datetime.date, Mapping[str, Decimal]] = attrs.field(repr=False)
    source: str
    retrieved: datetime.date | None = None
    day_sources: Mapping[datetime.date, str] = attrs.field(factory=dict, repr=False)
    leg_sources: Mapping[tuple[datetime.date, str], str] = attrs.field(factory=dict, repr=False)
    others: tuple[RateTable, ...] = attrs.field(default=(), repr=False)
    _dates: tuple[datetime.date, ...] = attrs.field(init=False, repr=False, eq=False)
    _currencies: frozenset[str] = attrs.field(init=False, repr=False, eq=False)
    # The rates used, by (from, to, publication date), with their exact ratio: a summary asks for the same few
    # again and again. A dict's get and set are atomic, so threads share it; it empties when full (bounded).
    _used: dict[tuple[str, str, datetime.date], tuple[FxRate, int, int]] = attrs.field(
        init=False, repr=False, eq=False, factory=dict
    )

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_dates", tuple(sorted(self.rates)))
        object.__setattr__(self, "_currencies", frozenset(c for day in self.rates.values() for c in day))

    @property
    def first_date(self) -> datetime.date:
        """The earliest date with rates."""
        return self._dates[0]

    @property
    def last_date(self) -> datetime.date:
        """The latest date with rates."""
        return self._dates[-1]

    def source_of(self, day: datetime.date) -> str:
        """Return where the rates of *day* come from.

        >>> import datetime
        >>> from tokencomp import default_rates
        >>> default_rates().source_of(datetime.date(2026, 10, 30))
        'European Central Bank euro foreign exchange reference rates, eurofxref.csv (2026-10-30)'
        """
        return self.day_sources.get(day, self.source)

    def _source_of(self, day: datetime.date, *currencies: str) -> str:
        named = [self.leg_sources[day, code] for code in currencies if (day, code) in self.leg_sources]
        return "; ".join(dict.fromkeys(named)) if named else self.source_of(day)

    def rate_date(self, on: datetime.date) -> datetime.date:
        """Return the latest publication date on or before *on*.

        Raises:
            RateNotFoundError: *on* is before the table's first date.
        """
        index = bisect.bisect_right(self._dates, on)
        if index == 0:
            first = self._dates[0] if self._dates else None
            raise RateNotFoundError(None, on, f"the table starts on {first}")
        return self._dates[index - 1]

    def _leg(self, currency: str, day: datetime.date, on: datetime.date) -> Decimal:
        if currency == self.base:
            return Decimal(1)
        published = self.rates[day]
        if currency in published:
            return published[currency]
        if currency not in self._currencies:
            minor_unit(currency)  # a typo gets UnknownCurrencyError, not a missing rate
        gone = withdrawn_currencies().get(currency)
        if gone is not None and on >= gone.withdrawn:
            reason = (f"{currency} was withdrawn in {gone.withdrawal_month} (ISO 4217 list three), usable through "
                      f"{gone.last_usable}, and replaced by {gone.replaced_by}")  # fmt: skip
            raise RateNotFoundError(currency, on, reason)
        reason = f"the latest rates on or before it ({day}) have none for {currency}"
        published_on = [d for d in self._dates if currency in self.rates[d]]
        if published_on and day < published_on[0]:
            reason += f"; its rates start on {published_on[0]}"
        elif published_on and day > published_on[-1]:
            reason += f"; its last rate is of {published_on[-1]}"
        raise RateNotFoundError(currency, on, reason)

    @in_context
    def rate(
        self, from_currency: str, to_currency: str, on: datetime.date | str, *, max_age_days: int | None = None
    ) -> FxRate:
        """Return the rate from one currency to another on *on*, with provenance.

        The rates are those of the latest date on or before *on* (weekends and
        holidays use the last publication before them); a currency missing on
        that date is an error, never an older figure.

        Args:
            max_age_days: When given, rates published more than this many
                days before *on* (the date asked for, not the table's
                newest) are an error rather than a stale figure.

        Raises:
            RateNotFoundError: No rate is published for a currency on that date,
                *on* is before the table starts, or the rates are too old.
            UnknownCurrencyError: A code is not an ISO 4217 currency.
        """
        return self.rate_fraction(from_currency, to_currency, _as_date(on), max_age_days=max_age_days)[0]

    @in_context
    def rate_fraction(
        self, from_currency: str, to_currency: str, on: datetime.date, *, max_age_days: int | None = None
    ) -> tuple[FxRate, int, int]:
        """Return :meth:`rate`'s rate with its exact value as whole numbers, ``to_per_base / from_per_base``.

        For figures computed exactly and rounded once: ``amount × numerator /
        denominator``. Each rate is worked out once per table and publication
        date (a bounded cache, shared by threads), and the same
        :class:`FxRate` comes back each time. Runs in the caller's decimal
        context, as the other helpers of a computation do: call it inside
        one, such as :func:`~tokencomp.summarize` (:meth:`rate` is one).

        Raises:
            RateNotFoundError: As :meth:`rate`.

        >>> import datetime
        >>> from tokencomp import default_rates
        >>> used, numerator, denominator = default_rates().rate_fraction("USD", "GBP", datetime.date(2026, 4, 1))
        >>> (numerator, denominator) == used.exact_rate.as_integer_ratio(), used.date
        (True, datetime.date(2026, 4, 1))
        """
        day = self.rate_date(on)
        if max_age_days is not None and (on - day).days > max_age_days:
            raise RateNotFoundError(
                from_currency if from_currency != self.base else to_currency,
                on,
                f"the latest rates are from {day}, {(on - day).days} days before; the most allowed is "
                f"{max_age_days} (newer ECB files can go in the folder named by {DATA_DIR_VARIABLE})",
            )
        key = (from_currency, to_currency, day)
        found = self._used.get(key)
        if found is not None:
            return found
        # A missing leg raises, naming *on*, and nothing is kept: only rates found are.
        try:
            from_leg = self._leg(from_currency, day, on)
            to_leg = self._leg(to_currency, day, on)
        except RateNotFoundError as missing:
            return self._from_others(from_currency, to_currency, on, max_age_days, missing)
        used = FxRate(
            from_currency=from_currency,
            to_currency=to_currency,
            rate=_published_rate(from_leg, to_leg),
            date=day,
            source=self._source_of(day, from_currency, to_currency),
            base=self.base,
            from_per_base=from_leg,
            to_per_base=to_leg,
        )
        found = (used, *used.exact_rate.as_integer_ratio())
        if len(self._used) >= _MAX_RATES_KEPT:
            self._used.clear()
        self._used[key] = found
        return found

    def _answers(self, from_currency: str, to_currency: str, on: datetime.date) -> bool:
        """Whether the latest rates on or before *on* hold both currencies (a base needs no rate)."""
        index = bisect.bisect_right(self._dates, on)
        if index == 0:
            return False
        published = self.rates[self._dates[index - 1]]
        return all(code == self.base or code in published for code in (from_currency, to_currency))

    def _from_others(
        self,
        from_currency: str,
        to_currency: str,
        on: datetime.date,
        max_age_days: int | None,
        missing: RateNotFoundError,
    ) -> tuple[FxRate, int, int]:
        for other in self.others:
            if other._answers(from_currency, to_currency, on):
                return other.rate_fraction(from_currency, to_currency, on, max_age_days=max_age_days)
        if missing.currency is None or missing.currency in self._currencies:
            raise missing
        # A currency this table never publishes: say how to bring its rates.
        raise RateNotFoundError(missing.currency, on, f"{missing.reason}; {OWN_RATES_HINT}") from None

    def with_others(self, *tables: RateTable) -> RateTable:
        """Return this table with *tables* asked, in order, for the pairs it cannot answer.

        >>> import datetime
        >>> from decimal import Decimal
        >>> from tokencomp import RateTable, default_rates
        >>> own = RateTable("USD", {datetime.date(2026, 4, 1): {"AED": Decimal("3.6725")}}, "my treasury")
        >>> rates = default_rates().with_others(own)
        >>> used = rates.rate("USD", "AED", "2026-04-02")
        >>> used.rate, used.date, used.source
        (Decimal('3.6725'), datetime.date(2026, 4, 1), 'my treasury')
        """
        return attrs.evolve(self, others=(*self.others, *tables))

    def convert(
        self, money: Money, to_currency: str, on: datetime.date | str, *, max_age_days: int | None = None
    ) -> tuple[Money, FxRate]:
        """Convert *money* into *to_currency* on *on*, rounded once, half up, to its minor unit; and say which rate.

        The conversion is exact (:meth:`convert_exact`) and rounded once. To
        add converted amounts, add their exact values and round the sum once.

        >>> import datetime
        >>> from decimal import Decimal
        >>> from tokencomp import Money, RateTable
        >>> table = RateTable("EUR", {datetime.date(2026, 4, 1):
        ...     {"USD": Decimal("1.1605"), "GBP": Decimal("0.87113"), "JPY": Decimal("186.75")}}, "example")
        >>> amount, used = table.convert(Money("25000", "USD"), "GBP", "2026-04-01")
        >>> amount, used.date
        (Money(amount=Decimal('18766.26'), currency='GBP'), datetime.date(2026, 4, 1))
        >>> table.convert(Money("10.00", "USD"), "JPY", "2026-04-01")[0]
        Money(amount=Decimal('1609'), currency='JPY')
        """
        exact, used = self.convert_exact(money, to_currency, on, max_age_days=max_age_days)
        return Money(round_half_up(exact, minor_unit(to_currency)), to_currency), used

    @in_context
    def convert_exact(
        self, money: Money, to_currency: str, on: datetime.date | str, *, max_age_days: int | None = None
    ) -> tuple[Fraction, FxRate]:
        """Convert *money* into *to_currency* on *on*, exactly, as a fraction; and say which rate did it.

        For figures that add converted amounts and round once at the end, as
        the ledger and the summary do (:func:`~tokencomp.model.money.round_half_up`).

        Raises:
            RateNotFoundError: As :meth:`rate`.

        >>> from tokencomp import Money, default_rates
        >>> exact, used = default_rates().convert_exact(Money("10.00", "USD"), "EUR", "2026-04-01")
        >>> exact, used.from_per_base
        (Fraction(20000, 2321), Decimal('1.1605'))
        """
        used, numerator, denominator = self.rate_fraction(
            money.currency, to_currency, _as_date(on), max_age_days=max_age_days
        )
        return Fraction(money.amount) * numerator / denominator, used

    def merge(self, other: RateTable) -> RateTable:
        """Return one table with the dates of both; they must share a base and agree where both publish.

        Raises:
            ValueError: The bases differ, or the tables disagree on a rate.
        """
        if other.base != self.base:
            msg = f"cannot merge a {self.base}-based table with a {other.base}-based one"
            raise ValueError(msg)
        merged = {day: dict(rates) for day, rates in self.rates.items()}
        for day, rates in other.rates.items():
            known = merged.setdefault(day, {})
            for currency, value in rates.items():
                if known.setdefault(currency, value) != value:
                    msg = (
                        f"{day} {currency}: {known[currency]} in {self.source_of(day)}, "
                        f"{value} in {other.source_of(day)}"
                    )
                    raise ValueError(msg)
        day_sources = {day: self.source_of(day) for day in self.rates}
        for day in other.rates:
            day_sources.setdefault(day, other.source_of(day))
        dates = [d for d in (self.retrieved, other.retrieved) if d is not None]
        return RateTable(
            self.base,
            merged,
            f"{self.source}; {other.source}",
            max(dates, default=None),
            day_sources,
            {**other.leg_sources, **self.leg_sources},
            (*self.others, *other.others),
        )
