"""Importers: offer-v1 documents from the data HR systems already hold.

One module a source, each a pure function from the source's JSON (or CSV
text) to offers plus the records it rejected:

- :mod:`tokencomp.importers.merge`: Merge HRIS ``Employment`` objects;
- :mod:`tokencomp.importers.finch`: Finch ``/employer/employment`` responses;
- :mod:`tokencomp.importers.csv`: a spreadsheet whose header names the
  contract's fields by dot path, and the way back (:func:`~tokencomp.importers.csv.write_csv`).

Every offer an importer returns has passed :func:`~tokencomp.codec.validation.validate`,
so ``tokencomp validate`` accepts it. A record that cannot become a valid
offer is rejected with the reason, never guessed at.

The rules every source shares are here: how a period the contract does not
name becomes a year, and how a timestamp becomes a date.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs

from ..codec.sources import MAX_RECORD_CHARACTERS, RejectedRecord, parse_record
from ..codec.validation import validate
from ..errors import InvalidDocumentError, InvalidOfferError, Problem, RecordRejectedError, SourceError
from ..model.components import SalaryPeriod
from ..model.limits import check_depth
from ..model.money import in_context
from ..model.offer import SCHEMA_VERSION, Offer
from .jsonstream import json_records

__all__ = [
    "ImportResult",
    "SourceShape",
    "annual_rate",
    "calendar_date",
    "import_records",
    "read_records",
    "valid_offer",
]


@attrs.frozen
class ImportResult:
    """What an importer made of a source: the offers, and the records it rejected.

    Attributes:
        offers: The valid offers, in the source's order.
        rejected: The records that are not offers, each with why.

    >>> from tokencomp.importers.merge import read_merge
    >>> result = read_merge([{"id": "e1", "pay_rate": None}])
    >>> result.offers, [r.reason for r in result.rejected]
    ((), ['pay_rate is null: a record without a pay rate is not imported (tokencomp does not guess a salary)'])
    """

    offers: tuple[Offer, ...]
    rejected: tuple[RejectedRecord, ...]

    @classmethod
    def collect(cls, outcomes: Iterable[Offer | RejectedRecord]) -> ImportResult:
        """Sort a stream of outcomes into offers and rejected records."""
        offers: list[Offer] = []
        rejected: list[RejectedRecord] = []
        for outcome in outcomes:
            if isinstance(outcome, RejectedRecord):
                rejected.append(outcome)
            else:
                offers.append(outcome)
        return cls(tuple(offers), tuple(rejected))


def calendar_date(value: object, field: str) -> str:
    """Return the calendar date of *value*, a date or an ISO 8601 timestamp, as the contract writes dates.

    The rule: the date is the one written in the timestamp, in the timestamp's own
    offset; it is never converted to UTC or to the local time zone, so
    ``2026-04-01T23:30:00-05:00`` is 2026-04-01, as the HR system recorded it.

    Raises:
        RecordRejectedError: *value* is neither, naming *field*.

    >>> calendar_date("2026-04-01T23:30:00-05:00", "effective_date"), calendar_date("2026-04-01", "start")
    ('2026-04-01', '2026-04-01')
    """
    if isinstance(value, str):
        try:
            return datetime.datetime.fromisoformat(value).date().isoformat()
        except ValueError:
            pass
    raise RecordRejectedError(f"{field} {value!r} is not a date or an ISO 8601 timestamp such as 2026-04-01T00:00:00Z")


@in_context
def annual_rate(
    amount: Decimal,
    unit: str,
    field: str,
    *,
    direct: Mapping[str, SalaryPeriod],
    per_year: Mapping[str, int],
    daily: str | None,
    days_per_year: int | None,
) -> tuple[Decimal, SalaryPeriod]:
    """Return a source's rate as a rate per a period the contract names: exact, never rounded.

    A unit in *direct* maps to its period as it is; a unit in *per_year* is
    paid that many times a year, so the rate times the count is a rate per
    year; the *daily* unit needs *days_per_year* (there is no one number of
    working days in a year to assume).

    Raises:
        RecordRejectedError: The unit is none of these, or daily without *days_per_year*.

    >>> annual_rate(Decimal("42.5"), "EVERY_TWO_WEEKS", "pay_period", direct={}, per_year={"EVERY_TWO_WEEKS": 26},
    ...             daily=None, days_per_year=None)
    (Decimal('1105.0'), <SalaryPeriod.YEAR: 'year'>)
    """
    if unit in direct:
        return amount, direct[unit]
    if unit in per_year:
        return amount * per_year[unit], SalaryPeriod.YEAR
    if daily is not None and unit == daily:
        if days_per_year is None:
            raise RecordRejectedError(
                f"{field} {unit!r} is a day rate: give --days-per-year (days_per_year=) to make it a year's pay"
            )
        return amount * days_per_year, SalaryPeriod.YEAR
    known = [*direct, *per_year, *([daily] if daily else [])]
    raise RecordRejectedError(f"{field} {unit!r} is not one of {', '.join(known)}")


def valid_offer(document: dict[str, Any]) -> Offer:
    """Return *document* (an importer's offer-v1 document) as a valid offer, by the same rules as ``validate``.

    ``schema_version`` is filled in when the document has none.

    Raises:
        InvalidOfferError: With every problem, each at its pointer.

    >>> valid_offer({"id": "e1", "effective_date": "2026-04-01", "currency": "USD",
    ...              "salary": {"rate": {"amount": "185000.0", "currency": "USD"}, "period": "year"}}).salary.rate
    Money(amount=Decimal('185000.0'), currency='USD')
    """
    report = validate({"schema_version": SCHEMA_VERSION, **document})
    if report.document is None:  # invalid
        raise InvalidOfferError(report.problems)
    return report.document


@attrs.frozen
class SourceShape:
    """What a source's records look like, so that a file of another kind is refused as such, not record by record.

    Attributes:
        name: The source's records, for people: ``a Merge employments response``.
        keys: Keys only the source's records have; its first record has at least one.

    >>> SourceShape("a Finch employment response", frozenset({"individual_id"})).refuse_unless({"code": 200})
    Traceback (most recent call last):
    ...
    tokencomp.errors.SourceError: this is not a Finch employment response: its first record has none of its keys \
(individual_id)
    """

    name: str
    keys: frozenset[str]

    def refuse_unless(self, record: object) -> None:
        """Refuse the file unless its first *record* (parsed) is an object with one of :attr:`keys`.

        Raises:
            SourceError: Saying what the record is instead.
        """
        if isinstance(record, dict) and self.keys.intersection(record):
            return
        if isinstance(record, dict) and "schema_version" in record:
            said = "its first record is an offer document (tokencomp validate reads those)"
        elif isinstance(record, dict):
            said = f"its first record has none of its keys ({', '.join(sorted(self.keys))})"
        else:
            said = f"its first record is a JSON {type(record).__name__}, not an object"
        raise SourceError(f"this is not {self.name}: {said}")


def _reason(problems: Iterable[Problem]) -> str:
    return "not a valid offer: " + "; ".join(f"{p.pointer or '/'}: {p.message}" for p in problems)


def import_records(
    records: Iterable[tuple[int, int | None, Any]],
    convert: Callable[[Any], dict[str, Any]],
    *,
    parse: bool = False,
    explain: Callable[[Problem], str] | None = None,
    shape: SourceShape | None = None,
) -> Iterator[Offer | RejectedRecord]:
    """Turn (index, line, record) triples into offers or rejected records, one at a time.

    Args:
        records: The source's records with their place; each record parsed
            JSON, or JSON text when *parse* is true (read one at a time from a large file;
            ``None`` for a record longer than any, passed over; a
            :class:`~tokencomp.errors.RecordRejectedError` for one the reader could not read).
        convert: The source's mapping of one record to an offer-v1 document;
            it raises :class:`~tokencomp.errors.RecordRejectedError` for what it cannot map.
        parse: Whether the records are JSON text, read by the offer reader's rules
            (:func:`~tokencomp.codec.sources.parse_record`).
        explain: Says one validation problem in the source's own words (a CSV names its column).
        shape: What the source's records look like: a first record of another kind refuses the file.

    Raises:
        SourceError: With *shape*, the first record is not the source's.

    >>> from tokencomp.importers.merge import merge_document
    >>> [type(o).__name__ for o in import_records([(0, None, {"id": "e1"})], merge_document)]
    ['RejectedRecord']
    """
    for index, line, record in records:
        try:
            if isinstance(record, RecordRejectedError):
                raise record
            if parse and record is None:
                raise RecordRejectedError(
                    f"the record is more than {MAX_RECORD_CHARACTERS:,} characters, longer than any record: not read"
                )
            data = parse_record(record) if parse else record
            if not parse:
                check_depth(data)  # parsed elsewhere: it may nest deeper than what reads it can follow
            if shape is not None and index == 0:
                shape.refuse_unless(data)
            yield valid_offer(convert(data))
        except RecordRejectedError as exc:
            yield RejectedRecord((Problem("", "not-imported", exc.reason),), line, index, reason=exc.reason)
        except InvalidDocumentError as exc:
            reason = _reason(exc.problems) if explain is None else "; ".join(map(explain, exc.problems))
            yield RejectedRecord(exc.problems, line, index, reason=reason)


def read_records(
    data: bytes | str | Any, key: str, convert: Callable[[Any], dict[str, Any]], shape: SourceShape | None = None
) -> ImportResult:
    """Import every record of *data*: JSON text or parsed JSON, an object whose *key* holds the records or a bare array.

    Text is read by the very walk ``tokencomp import`` reads a file with
    (:func:`~tokencomp.importers.jsonstream.json_records`): one reader, one verdict.

    Raises:
        SourceError: *data* is not the source's: not JSON, no *key* array, a key given twice, a first
            record of another kind (*shape*).

    >>> from tokencomp.importers.merge import merge_document
    >>> read_records('{"results": [{"id": "e1", "pay_rate": null}]}', "results", merge_document).rejected[0].index
    0
    """
    if isinstance(data, bytes | bytearray | str):
        stream = io.BytesIO(data) if isinstance(data, bytes | bytearray) else io.StringIO(data)
        return ImportResult.collect(import_records(json_records(stream, key), convert, parse=True, shape=shape))
    records = data.get(key) if isinstance(data, dict) else data
    if isinstance(data, dict) and not isinstance(records, list):
        raise SourceError(f"no {key!r} array: give the response object as the API returns it, or an array")
    numbered = [(i, None, r) for i, r in enumerate(records or [])]
    return ImportResult.collect(import_records(numbered, convert, shape=shape))
