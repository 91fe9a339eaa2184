"""The workforce file (workforce contract v1): JSON Lines, one worker a line, read one line at a time.

Each line is parsed by the offer reader's rules
(:func:`~tokencomp.codec.sources.parse_record`), its offer validated as any
offer is (:func:`~tokencomp.codec.validation.validate`), and either a
:class:`Worker` or a :class:`~tokencomp.codec.sources.RejectedRecord` comes
out with its line number: a bad line is kept out of every figure and
reported, never fatal to the rest. A line whose ``employee_id`` an earlier
line holds is a bad line (the earlier one stays).
"""

from __future__ import annotations

import enum
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import IO, Any

import attrs

from ..codec.converter import unknown_key_problem
from ..codec.sources import RejectedRecord, field_problems, parse_record, split_lines, text_chunks
from ..codec.validation import validate
from ..errors import InvalidDocumentError, Problem, SourceError
from ..model.limits import check_depth, decimal_text_problems
from ..model.money import Money, currency_codes
from ..model.offer import Offer
from ..model.scalars import DECIMAL_PATTERN

__all__ = ["Gender", "PaidPay", "Worker", "read_workforce"]


class Gender(enum.StrEnum):
    """A worker's gender as the workforce file states it; only ``female`` and ``male`` enter the gap figures.

    >>> from tokencomp import Gender
    >>> [g.value for g in Gender]
    ['female', 'male', 'non_binary', 'undisclosed']
    """

    FEMALE = "female"
    MALE = "male"
    NON_BINARY = "non_binary"
    UNDISCLOSED = "undisclosed"


@attrs.frozen
class PaidPay:
    """Actual pay in the reference period, overriding the package (annual).

    Attributes:
        basic: Basic pay paid.
        complementary: Complementary or variable pay paid (one-time payments included).

    >>> from tokencomp import Money, PaidPay
    >>> PaidPay(Money("48000.00", "EUR"), Money("3500.00", "EUR")).complementary.amount
    Decimal('3500.00')
    """

    basic: Money
    complementary: Money


@attrs.frozen
class Worker:
    """One line of a workforce file.

    Attributes:
        employee_id: Unique in the file.
        gender: The worker's gender.
        category: The category of workers (same work or work of equal value), as the employer defines it.
        hours_per_week: Contracted hours a week, above zero.
        offer: The package the worker holds on the reference date.
        paid: Actual pay, when given: it then replaces the package's figures.
        line: The line of the file, when read from one.

    >>> from decimal import Decimal
    >>> from tokencomp import Gender, Money, Offer, Salary, Worker
    >>> offer = Offer("o1", "2026-01-01", "EUR", Salary(Money("52000.00", "EUR"), "year"))
    >>> Worker("e1", Gender.FEMALE, "Engineering", Decimal("40"), offer).gender.value
    'female'
    """

    employee_id: str
    gender: Gender
    category: str
    hours_per_week: Decimal
    offer: Offer
    paid: PaidPay | None = None
    line: int | None = None


_KEYS = ("schema_version", "employee_id", "gender", "category", "hours_per_week", "offer", "paid")
_REQUIRED = _KEYS[:-1]
_DECIMAL = re.compile(DECIMAL_PATTERN)


def _decimal(at: str, value: object, what: str) -> tuple[Decimal | None, list[Problem]]:
    """A decimal string's value, or its problem; negative values are refused."""
    if not isinstance(value, str) or not _DECIMAL.match(value):
        return None, [Problem(at, "not-a-decimal-string", f'{what} is a decimal string such as "40" or "37.5"')]
    if value.startswith("-"):
        return None, [Problem(at, "negative-amount", f"{what} must not be negative")]
    problems = [p.under(at) for p in decimal_text_problems(value)]
    return (None, problems) if problems else (Decimal(value), [])


def _money(at: str, value: object) -> tuple[Money | None, list[Problem]]:
    if not isinstance(value, dict) or set(value) != {"amount", "currency"}:
        return None, [Problem(at, "not-money", 'money is {"amount": "52000.00", "currency": "EUR"}')]
    amount, problems = _decimal(f"{at}/amount", value["amount"], "an amount")
    currency = value["currency"]
    if not isinstance(currency, str) or currency not in currency_codes():
        problems.append(Problem(f"{at}/currency", "unknown-currency", f"{currency!r} is not an ISO 4217 currency"))
    if problems or amount is None:
        return None, problems
    return Money(amount, currency), []


def _paid(value: object) -> tuple[PaidPay | None, list[Problem]]:
    if not isinstance(value, dict):
        return None, [Problem("/paid", "not-an-object", 'paid is {"basic": Money, "complementary": Money}')]
    problems = [
        unknown_key_problem("/paid", k, ["basic", "complementary"])
        for k in value
        if k not in ("basic", "complementary")
    ]
    parts = {}
    for part in ("basic", "complementary"):
        if part not in value:
            problems.append(Problem(f"/paid/{part}", "missing-key", f"paid.{part} is required"))
            continue
        money, found = _money(f"/paid/{part}", value[part])
        problems += found
        parts[part] = money
    if problems:
        return None, problems
    return PaidPay(**parts), []  # type: ignore[arg-type]


def _worker(data: Any, line: int) -> Worker | list[Problem]:
    """The worker on one parsed line, or every problem of it."""
    if not isinstance(data, dict):
        return [Problem("", "not-an-object", "a workforce line is a JSON object, one worker")]
    problems = [unknown_key_problem("", key, list(_KEYS)) for key in data if key not in _KEYS]
    problems += [Problem(f"/{key}", "missing-key", f"{key} is required") for key in _REQUIRED if key not in data]
    if "schema_version" in data and data["schema_version"] != "1":
        problems.append(Problem("/schema_version", "unknown-version", 'schema_version must be "1" (workforce-v1)'))
    for key in ("employee_id", "category"):
        if key in data:
            problems += field_problems(key, data[key])
            if data[key] == "":
                problems.append(Problem(f"/{key}", "empty-string", f"{key} must not be empty"))
    gender = data.get("gender")
    if "gender" in data and gender not in tuple(Gender):
        choices = ", ".join(Gender)
        problems.append(Problem("/gender", "unknown-gender", f"{gender!r} is not a gender of the file: {choices}"))
    hours = None
    if "hours_per_week" in data:
        hours, found = _decimal("/hours_per_week", data["hours_per_week"], "hours_per_week")
        problems += found
        if hours is not None and hours == 0:
            problems.append(Problem("/hours_per_week", "not-positive", "hours_per_week must be above zero"))
    offer = None
    if "offer" in data:
        report = validate(data["offer"])
        problems += [problem.under("/offer") for problem in report.problems]
        offer = report.document
    paid = None
    if "paid" in data:
        paid, found = _paid(data["paid"])
        problems += found
    if problems:
        return problems
    assert offer is not None  # no problems: the offer and hours were read
    assert hours is not None
    return Worker(data["employee_id"], Gender(data["gender"]), data["category"], hours, offer, paid, line)


def read_workforce(
    data: bytes | str | IO[bytes] | IO[str] | os.PathLike[str], source: str | None = None
) -> Iterator[Worker | RejectedRecord]:
    """Read a workforce file a line at a time: a :class:`Worker` for each good line, a rejected record for a bad one.

    *data* is the file's text or bytes, a file object, or a path
    (:class:`~pathlib.Path`; its name is then the *source*). A file is read
    a chunk at a time, so a file of any size is read in bounded memory;
    blank lines are passed over. A bad line (not JSON, not a worker, an
    invalid offer, an ``employee_id`` an earlier line holds) comes out as a
    :class:`~tokencomp.codec.sources.RejectedRecord` with its line number
    and every problem, each at its JSON Pointer in the line (the offer's
    under ``/offer``).

    Raises:
        SourceError: The file is not UTF-8 text (UTF-16 and UTF-32 are named), or a path cannot be read.

    >>> from tokencomp import read_workforce
    >>> offer = ('{"schema_version": "1", "id": "o", "effective_date": "2026-01-01", "currency": "EUR", '
    ...          '"salary": {"rate": {"amount": "52000.00", "currency": "EUR"}, "period": "year"}}')
    >>> lines = [f'{{"schema_version": "1", "employee_id": "{e}", "gender": "female", "category": "A", '
    ...          f'"hours_per_week": "40", "offer": {offer}}}' for e in ("e1", "e1")]
    >>> first, second = read_workforce("\\n".join(lines))
    >>> first.employee_id, second.where, second.reason
    ('e1', 'line 2', "/employee_id: 'e1' is the employee_id of an earlier line too: each worker's is unique")
    """
    if isinstance(data, os.PathLike):
        try:
            with open(data, "rb") as stream:
                yield from read_workforce(stream, source if source is not None else os.fspath(data))
        except OSError as exc:
            raise SourceError(f"cannot read {os.fspath(data)}: {exc.strerror or exc}") from None
        return
    unique = _Unique()
    for number, text in split_lines(text_chunks(data)):
        if text is not None and not text.strip():
            continue
        if text is None:
            problems = [Problem("", "line-too-long", "the line is longer than any worker's: not read")]
            yield RejectedRecord(tuple(problems), line=number, source=source)
            continue
        try:
            yield unique.checked(_worker(parse_record(text), number), number, source)
        except InvalidDocumentError as exc:
            yield RejectedRecord(exc.problems, line=number, source=source)


class _Unique:
    """Turns a worker whose ``employee_id`` an earlier one holds into a rejected line (the earlier one stays)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()  # a set, not the lines: memory for a million ids is what the check needs

    def checked(self, found: Worker | list[Problem], line: int | None, source: str | None) -> Worker | RejectedRecord:
        if isinstance(found, Worker):
            if found.employee_id not in self.seen:
                self.seen.add(found.employee_id)
                return found
            message = f"{found.employee_id!r} is the employee_id of an earlier line too: each worker's is unique"
            found = [Problem("/employee_id", "duplicate-employee-id", message)]
        return RejectedRecord(tuple(found), line=line, source=source)


def workers_of(
    workers: Iterable[Worker | RejectedRecord | Mapping[str, Any]] | os.PathLike[str],
) -> Iterator[Worker | RejectedRecord]:
    """The workers a report reads: a workforce file's path (:func:`read_workforce`), or workers one by one.

    Workers one by one are :class:`Worker` objects and rejected lines (as
    :func:`read_workforce` gives them), or workforce lines already parsed
    (dicts, numbers exact as :func:`~tokencomp.codec.converter.parse_json`
    reads them), each checked as a line is: the *n*-th item is line *n*.

    >>> from tokencomp import RejectedRecord
    >>> from tokencomp.transparency.workforce import workers_of
    >>> [type(w).__name__ for w in workers_of([{"schema_version": "1"}])]
    ['RejectedRecord']
    """
    if isinstance(workers, os.PathLike):
        yield from read_workforce(workers)
        return
    unique = _Unique()
    for number, item in enumerate(workers, start=1):
        if isinstance(item, Mapping):
            try:
                check_depth(item)  # parsed elsewhere: it may nest deeper than what reads it can follow
                yield unique.checked(_worker(dict(item), number), number, None)
            except InvalidDocumentError as exc:
                yield RejectedRecord(exc.problems, line=number)
        else:
            yield item
