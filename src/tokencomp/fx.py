"""Exchange rates: dated, sourced rate tables and exact conversion.

A :class:`RateTable` holds rates exactly as published against one base
currency (the European Central Bank's are against EUR). Converting picks the
latest published date on or before the as-of date, converts through the base
(multiplying by the published leg of the target, then dividing once by that
of the source), and returns an :class:`FxRate` that records everything
needed to reproduce the figure.

The ECB publishes about 30 currencies; a global payroll pays in many more
(AED, SAR, NGN, ...). A file of your own dated rates (:func:`read_rates_csv`)
brings them as a table of its own, which the ECB's asks for every pair it
cannot answer (:meth:`RateTable.with_others`); each rate used from it shows
its date and the source its row names.
"""

from __future__ import annotations

import bisect
import csv
import datetime
import decimal
import functools
import gzip
import importlib.resources
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from xml.etree import ElementTree

import attrs

from .datadir import DATA_DIR_VARIABLE, RATE_FILES, DataSource, data_dir, data_files, read_data_file
from .errors import DataFileError, RateNotFoundError, UnknownCurrencyError
from .historical import withdrawn_currencies
from .limits import MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS
from .money import Money, in_context, minor_unit, round_half_up

__all__ = [
    "OWN_RATE_FILES",
    "RATES_CSV_COLUMNS",
    "SNAPSHOT_RETRIEVED",
    "FxRate",
    "RateTable",
    "default_rates",
    "rate_sources",
    "read_ecb",
    "read_ecb_csv",
    "read_ecb_xml",
    "read_rates_csv",
]


@attrs.frozen
class FxRate:
    """One exchange rate as used, with its provenance.

    ``converted = amount × to_per_base / from_per_base``: multiplied first,
    divided once, in :data:`~tokencomp.money.CONTEXT` precision (exact, as a
    fraction, with :attr:`exact_rate`). *rate* is ``to_per_base / from_per_base``
    in that precision, for people; the published legs reproduce it.

    Attributes:
        from_currency: The currency converted from.
        to_currency: The currency converted to.
        rate: Units of *to_currency* per unit of *from_currency*.
        date: The date the rates were published for.
        source: Where the rates come from.
        base: The table's base currency, through which the rate is crossed.
        from_per_base: The published rate of *from_currency* (1 when it is the base).
        to_per_base: The published rate of *to_currency* (1 when it is the base).

    >>> from tokencomp import Money, default_rates
    >>> used = default_rates().rate("USD", "GBP", "2026-04-01")
    >>> used.from_per_base, used.to_per_base, used.apply(Money("25000", "USD")).rounded().amount
    (Decimal('1.1605'), Decimal('0.87113'), Decimal('18766.26'))
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
            :func:`read_rates_csv`), asked in order for a
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
            reason = f"{currency} was withdrawn on {gone.withdrawn} and replaced by {gone.replaced_by}"
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
            rate=to_leg / from_leg,
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
        the ledger and the summary do (:func:`~tokencomp.money.round_half_up`).

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


def _parse_ecb_date(text: str) -> datetime.date:
    text = text.strip()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        # The daily file writes "30 October 2026"; parse it without the locale.
        day, month, year = text.split()
        return datetime.date(int(year), _MONTHS[month.lower()], int(day))


_MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}


def read_ecb_csv(text: str, *, source: str, retrieved: datetime.date | None = None) -> RateTable:
    """Read the European Central Bank's reference-rate CSV, daily or history.

    Both files as published are read: ``eurofxref.csv`` (``30 October 2026``
    dates, ``", "`` separators) and ``eurofxref-hist.csv`` (ISO dates, newest
    first, ``N/A`` for a currency not published that day). Trailing
    separators are allowed. Rates are kept as the exact decimals published.

    Args:
        text: The file's text.
        source: Where the file came from, recorded in every rate used.
        retrieved: When the file was downloaded, if known.

    Raises:
        ValueError: The text is not in that format; the message names the line.

    >>> from tokencomp import read_ecb_csv
    >>> table = read_ecb_csv("Date, USD, JPY, \\n30 October 2026, 1.1172, 175.68, \\n", source="ECB")
    >>> table.rate("EUR", "JPY", "2026-11-01").rate
    Decimal('175.68')
    """
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        msg = "an ECB rates file needs a header line"
        raise ValueError(msg)
    header = [cell.strip() for cell in lines[0].split(",")]
    if header[0] != "Date":
        msg = f"line 1: an ECB rates file starts with 'Date', not {header[0]!r}"
        raise ValueError(msg)
    currencies = header[1:]
    rates: dict[datetime.date, dict[str, Decimal]] = {}
    for number, line in enumerate(lines[1:], 2):
        cells = [cell.strip() for cell in line.split(",")]
        try:
            day = _parse_ecb_date(cells[0])
            rates[day] = {
                currency: _parse_rate(cell)
                for currency, cell in zip(currencies, cells[1:], strict=False)
                if currency and cell not in ("", "N/A")
            }
        except (ValueError, KeyError) as exc:
            msg = f"line {number}: {exc}"
            raise ValueError(msg) from None
    return RateTable("EUR", rates, source, retrieved)


_ECB_NAMESPACE = "{http://www.ecb.int/vocabulary/2002-08-01/eurofxref}"


def read_ecb_xml(data: bytes | str, *, source: str, retrieved: datetime.date | None = None) -> RateTable:
    """Read the European Central Bank's reference-rate XML (daily, 90-day or history).

    The ``gesmes:Envelope`` as published, with one dated ``Cube`` per day
    holding ``Cube currency=... rate=...`` elements. Rates are kept as the
    exact decimals published.

    Raises:
        ValueError: The document is not that XML.

    >>> from tokencomp import read_ecb_xml
    >>> xml = (
    ...     '<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" '
    ...     'xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref"><Cube>'
    ...     '<Cube time="2026-10-30"><Cube currency="USD" rate="1.1172"/></Cube></Cube></gesmes:Envelope>')
    >>> read_ecb_xml(xml, source="ECB").rates
    {datetime.date(2026, 10, 30): {'USD': Decimal('1.1172')}}
    """
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        msg = f"not XML: {exc}"
        raise ValueError(msg) from None
    if not root.tag.endswith("Envelope"):
        msg = f"an ECB rates file is a gesmes:Envelope, not {root.tag!r}"
        raise ValueError(msg)
    rates: dict[datetime.date, dict[str, Decimal]] = {}
    for day in root.iter(f"{_ECB_NAMESPACE}Cube"):
        if "time" not in day.attrib:
            continue
        try:
            rates[datetime.date.fromisoformat(day.attrib["time"])] = {
                cube.attrib["currency"]: _parse_rate(cube.attrib["rate"]) for cube in day
            }
        except (KeyError, ValueError) as exc:
            msg = f"the rates of {day.attrib['time']!r} cannot be read: {exc}"
            raise ValueError(msg) from None
    if not rates:
        msg = "the file has no dated rates"
        raise ValueError(msg)
    return RateTable("EUR", rates, source, retrieved)


def read_ecb(data: bytes, *, source: str, retrieved: datetime.date | None = None) -> RateTable:
    """Read an ECB reference-rate file in any of its published formats (CSV or XML).

    >>> from tokencomp import read_ecb
    >>> read_ecb(b"Date, USD, \\n30 October 2026, 1.1172, \\n", source="ECB").last_date
    datetime.date(2026, 10, 30)
    """
    if data.lstrip()[:1] == b"<":
        return read_ecb_xml(data, source=source, retrieved=retrieved)
    return read_ecb_csv(data.decode("utf-8-sig"), source=source, retrieved=retrieved)


def _parse_rate(cell: str) -> Decimal:
    try:
        value = Decimal(cell)
    except decimal.InvalidOperation:
        msg = f"{cell!r} is not a rate"
        raise ValueError(msg) from None
    if not value.is_finite() or value <= 0:
        msg = f"{cell!r} is not a positive rate"
        raise ValueError(msg)
    return value


#: The files of your own rates that the data folder's tables take, beside the ECB's (a glob pattern).
OWN_RATE_FILES = "own-rates*.csv"

#: The header of a rates file; ``source`` may be left out (the file's name stands for it) or empty on a row.
RATES_CSV_COLUMNS = ("date", "base", "quote", "rate", "source")


def read_rates_csv(text: str, *, source: str, retrieved: datetime.date | None = None) -> RateTable:
    """Read a CSV of dated rates, one a line: on *date*, one *base* buys *rate* of *quote*.

    Every row of a file has the same base (a file is one table; put other
    bases in other files). A row's ``source`` says where its rate comes
    from, and every figure that uses it shows it with the file's name;
    without one, the file's name (*source*) stands alone. Rates are kept as
    the exact decimals written, within the contract's digits (15 before the
    point, 12 after). A conversion takes the latest date on or before the
    one asked for, as with the ECB's rates.

    Args:
        text: The file's text.
        source: The file, as shown with every rate used from it.
        retrieved: When the rates were taken from their source, if known.

    Raises:
        ValueError: The text is not such a file; the message names the line and what is wrong.

    >>> from tokencomp import read_rates_csv
    >>> table = read_rates_csv(
    ...     "date,base,quote,rate,source\\n"
    ...     "2026-04-01,USD,AED,3.6725,Central Bank of the UAE (peg)\\n"
    ...     "2026-04-01,USD,SAR,3.75,Saudi Central Bank (peg)\\n",
    ...     source="rates.csv",
    ... )
    >>> used = table.rate("USD", "SAR", "2026-04-03")
    >>> used.rate, used.date, used.source
    (Decimal('3.75'), datetime.date(2026, 4, 1), 'Saudi Central Bank (peg) (rates.csv)')
    """
    rows = csv.reader(text.lstrip("\ufeff").splitlines())
    header = [cell.strip().lower() for cell in next(rows, [])]
    if tuple(header) not in (RATES_CSV_COLUMNS, RATES_CSV_COLUMNS[:-1]):
        msg = f"line 1: a rates file starts with the header {','.join(RATES_CSV_COLUMNS)} (source may be left out)"
        raise ValueError(msg)
    base = None
    rates: dict[datetime.date, dict[str, Decimal]] = {}
    sources: dict[tuple[datetime.date, str], str] = {}
    for number, row in enumerate(rows, 2):
        if not any(cell.strip() for cell in row):
            continue
        try:
            day, row_base, quote, rate, row_source = _row(row, len(header))
        except ValueError as exc:
            msg = f"line {number}: {exc}"
            raise ValueError(msg) from None
        if base is None:
            base = row_base
        if row_base != base:
            msg = f"line {number}: base {row_base}, where the file's first row has {base}; one base a file"
            raise ValueError(msg)
        known = rates.setdefault(day, {})
        if known.setdefault(quote, rate) != rate:
            msg = f"line {number}: {day} {base}/{quote} is {rate} here and {known[quote]} on an earlier line"
            raise ValueError(msg)
        if row_source:
            sources[day, quote] = f"{row_source} ({source})"
    if base is None:
        msg = "the file has no rates under its header"
        raise ValueError(msg)
    return RateTable(base, rates, source, retrieved, leg_sources=sources)


def _row(row: list[str], columns: int) -> tuple[datetime.date, str, str, Decimal, str]:
    if len(row) != columns:
        msg = f"{len(row)} fields, where the header has {columns}"
        raise ValueError(msg)
    cells = [cell.strip() for cell in row]
    try:
        day = datetime.date.fromisoformat(cells[0])
    except ValueError:
        msg = f"{cells[0]!r} is not a date such as 2026-04-01"
        raise ValueError(msg) from None
    base, quote = cells[1], cells[2]
    for code in (base, quote):
        try:
            minor_unit(code)
        except UnknownCurrencyError as exc:
            raise ValueError(str(exc)) from None
    if base == quote:
        msg = f"base and quote are both {base}"
        raise ValueError(msg)
    return day, base, quote, _rate(cells[3]), cells[4] if columns == len(RATES_CSV_COLUMNS) else ""


def _rate(cell: str) -> Decimal:
    whole, _, fraction = cell.partition(".")
    if not (whole.isascii() and whole.isdigit() and (not fraction or (fraction.isascii() and fraction.isdigit()))):
        msg = f"the rate {cell!r} is not a decimal number such as 3.6725 (no sign, no exponent, no separators)"
        raise ValueError(msg)
    if len(whole.lstrip("0")) > MAX_INTEGER_DIGITS or len(fraction) > MAX_FRACTION_DIGITS:
        msg = (
            f"the rate {cell!r} has more than {MAX_INTEGER_DIGITS} digits before the point "
            f"or {MAX_FRACTION_DIGITS} after"
        )
        raise ValueError(msg)
    try:
        rate = Decimal(cell)
    except decimal.InvalidOperation:  # pragma: no cover - the digits were checked above
        msg = f"the rate {cell!r} is not a number"
        raise ValueError(msg) from None
    if rate <= 0:
        msg = f"the rate {cell!r} is not above zero"
        raise ValueError(msg)
    return rate


#: When the embedded snapshot was taken from the ECB's files.
SNAPSHOT_RETRIEVED = datetime.date(2026, 11, 22)

_ECB = "European Central Bank euro foreign exchange reference rates"

#: The embedded snapshot's files, oldest first, and where each was published.
_SNAPSHOT: Iterable[tuple[str, str]] = (
    ("ecb-eurofxref-hist-2015.csv.gz", f"{_ECB}, eurofxref-hist.csv (2015-01-02 to 2026-04-13)"),
    ("ecb-eurofxref-daily.csv", f"{_ECB}, eurofxref.csv (2026-10-30)"),
)


@functools.cache
def _embedded_tables() -> tuple[RateTable, ...]:
    data = importlib.resources.files("tokencomp") / "data"
    tables = []
    for name, source in _SNAPSHOT:
        raw = (data / name).read_bytes()
        text = (gzip.decompress(raw) if name.endswith(".gz") else raw).decode("utf-8")
        tables.append(read_ecb_csv(text, source=source, retrieved=SNAPSHOT_RETRIEVED))
    return tuple(tables)


@functools.cache
def _folder_tables(folder: Path | None) -> tuple[tuple[Path, RateTable], ...]:
    tables = []
    for path in data_files(folder, RATE_FILES) if folder is not None else ():
        data, saved = read_data_file(path)
        try:
            tables.append((path, read_ecb(data, source=f"{_ECB}, {path}", retrieved=saved)))
        except (UnicodeDecodeError, ValueError) as exc:
            raise DataFileError(path, f"not an ECB reference-rate file (CSV or XML): {exc}") from None
    return tuple(tables)


@functools.cache
def _own_tables(folder: Path | None) -> tuple[tuple[Path, RateTable], ...]:
    """The folder's files of your own rates (``own-rates*.csv``), in name order."""
    tables = []
    for path in sorted(folder.glob(OWN_RATE_FILES)) if folder is not None else ():
        data, saved = read_data_file(path)
        try:
            tables.append((path, read_rates_csv(data.decode("utf-8"), source=str(path), retrieved=saved)))
        except (UnicodeDecodeError, ValueError) as exc:
            raise DataFileError(path, f"not a rates file ({','.join(RATES_CSV_COLUMNS)}): {exc}") from None
    return tuple(tables)


def rate_sources() -> tuple[DataSource, ...]:
    """Describe the files :func:`default_rates` is made of: the embedded ones, then the data folder's.

    Raises:
        DataFileError: ``TOKENCOMP_DATA_DIR`` names a file that cannot be read.

    >>> from tokencomp import rate_sources
    >>> [(source.path, source.first, source.count) for source in rate_sources()][:2]
    [(None, datetime.date(2015, 1, 2), 2886), (None, datetime.date(2026, 10, 30), 1)]
    """
    folder = data_dir()
    tables = [(None, table) for table in _embedded_tables()] + list(_folder_tables(folder)) + list(_own_tables(folder))
    return tuple(
        DataSource(
            "exchange rates", path, table.source, table.first_date, table.last_date, table.retrieved, len(table.rates)
        )
        for path, table in tables
    )


@functools.cache
def _default_rates(folder: Path | None) -> RateTable:
    return _ecb_rates(folder).with_others(*(table for _, table in _own_tables(folder)))


def _ecb_rates(folder: Path | None) -> RateTable:
    embedded = functools.reduce(RateTable.merge, _embedded_tables())
    files = [table for _, table in _folder_tables(folder)]
    if not files:
        return embedded
    try:
        newer = functools.reduce(RateTable.merge, files)
    except ValueError as exc:
        raise DataFileError(folder, f"its files disagree: {exc}") from None
    # The folder's files win for every date they publish; the embedded snapshot fills the others.
    filled = {day: rates for day, rates in embedded.rates.items() if day not in newer.rates}
    sources = [table.source for table in _embedded_tables() if any(day in filled for day in table.rates)]
    return RateTable(
        embedded.base,
        {**filled, **newer.rates},
        "; ".join([*sources, newer.source]),
        max(d for d in (embedded.retrieved, newer.retrieved) if d is not None),
        {day: embedded.source_of(day) for day in filled} | {day: newer.source_of(day) for day in newer.rates},
    )


def default_rates() -> RateTable:
    """Return the ECB reference rates in use: the embedded snapshot, under any newer files of the data folder.

    The embedded history from 2015 and the newest daily file shipped with
    this version (see ``tokencomp/data/README.md``). When the environment
    variable ``TOKENCOMP_DATA_DIR`` names a folder holding the ECB's files as
    published (``eurofxref-hist.csv``, ``eurofxref.csv``, their ``.zip`` or
    XML forms: :data:`~tokencomp.datadir.RATE_FILES`), their rates win for
    every date they publish and the embedded ones fill the dates they do not.
    Files of your own rates there (``own-rates*.csv``, :func:`read_rates_csv`)
    answer the pairs the ECB's cannot (:meth:`RateTable.with_others`).
    Read once per process for each folder named.

    Raises:
        DataFileError: A file of the data folder cannot be read, or two disagree.

    >>> from tokencomp import default_rates
    >>> default_rates().first_date
    datetime.date(2015, 1, 2)
    """
    return _default_rates(data_dir())
