"""Exchange-rate files: the ECB's as published, your own, the embedded snapshot and the data folder's.

:func:`default_rates` is the table every figure uses unless given another:
the ECB's reference rates embedded in the package (dated, with their source),
under any newer ECB files of the folder ``TOKENCOMP_DATA_DIR`` names, and
beside them the files of your own rates there (:func:`read_rates_csv`) for the
currencies the ECB does not publish.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import functools
import gzip
import importlib.resources
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

from ..errors import DataFileError, UnknownCurrencyError
from ..model.limits import MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS
from ..model.money import minor_unit
from .datadir import RATE_FILES, DataSource, data_dir, data_files, read_data_file
from .fx import RateTable

__all__ = [
    "OWN_RATE_FILES",
    "RATES_CSV_COLUMNS",
    "SNAPSHOT_RETRIEVED",
    "default_rates",
    "rate_sources",
    "read_ecb",
    "read_ecb_csv",
    "read_ecb_xml",
    "read_rates_csv",
]


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
    XML forms: :data:`~tokencomp.reference.datadir.RATE_FILES`), their rates win for
    every date they publish and the embedded ones fill the dates they do not.
    Files of your own rates there (``own-rates*.csv``, :func:`read_rates_csv`)
    answer the pairs the ECB's cannot (:meth:`~tokencomp.reference.fx.RateTable.with_others`).
    Read once per process for each folder named.

    Raises:
        DataFileError: A file of the data folder cannot be read, or two disagree.

    >>> from tokencomp import default_rates
    >>> default_rates().first_date
    datetime.date(2015, 1, 2)
    """
    return _default_rates(data_dir())
