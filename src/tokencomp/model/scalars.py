"""The contract's scalar values read from JSON: decimal strings, dates and enum values, one way.

The codec reads documents with these, and the model's constructors read
their arguments' JSON spellings with them (``tokencomp.model.arguments``), so
``"120000.50"`` means the same thing on both routes. Both import this
module; it imports neither, which keeps the codec and the constructors
out of an import circle.
"""

from __future__ import annotations

import datetime
import enum
import re
from decimal import Decimal

from ..errors import Problem, RuleViolation
from .limits import date_problems, decimal_text_problems

__all__ = [
    "DATE_PATTERN",
    "DECIMAL_PATTERN",
    "kind_of",
    "read_date",
    "read_decimal",
    "read_enum",
    "read_source_decimal",
    "wrong",
]

#: A decimal string as the contract allows it, with no exponent, no leading zeros and no "+".
DECIMAL_PATTERN = r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$"
#: An ISO 8601 calendar date, as the contract allows it.
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

_DECIMAL = re.compile(DECIMAL_PATTERN)
_DATE = re.compile(DATE_PATTERN)


def wrong(code: str, message: str) -> RuleViolation:
    """The violation of one value, at its own place (the caller puts it under its pointer).

    >>> wrong("bad-date", "expected a date").problems[0].code
    'bad-date'
    """
    return RuleViolation([Problem("", code, message)])


def kind_of(value: object) -> str:
    """What *value* is, in the words of JSON.

    >>> kind_of(True), kind_of(12), kind_of([])
    ('a boolean', 'a number', 'an array')
    """
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | Decimal):
        return "a number"
    return {str: "a string", list: "an array", dict: "an object", type(None): "null"}.get(
        type(value), type(value).__name__
    )


def shown(value: object) -> str:
    """*value* as a message shows it, in the words of JSON: a string quoted, a number, true, false or null.

    >>> shown("hour"), shown(Decimal("48.0")), shown(True), shown(None), shown([1])
    ("'hour'", 'the number 48.0', 'true', 'null', 'an array')
    """
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return f"the number {value}"
    return kind_of(value)


def read_decimal(value: object, _: type) -> Decimal:
    """A decimal string as an exact Decimal, within the contract's digits; any other spelling is refused.

    Raises:
        RuleViolation: ``number-not-string``, ``not-a-string``, ``bad-decimal``
            or a limit's code (:func:`~tokencomp.model.limits.decimal_text_problems`).

    >>> read_decimal("120000.50", Decimal)
    Decimal('120000.50')
    """
    return _read_decimal(value, bounded=True)


def read_source_decimal(value: object, _: type) -> Decimal:
    """A decimal string as an exact Decimal with every digit its source gave (a price catalog's).

    >>> read_source_decimal("0.0000000000001", Decimal)
    Decimal('1E-13')
    """
    return _read_decimal(value, bounded=False)


def _read_decimal(value: object, *, bounded: bool) -> Decimal:
    if isinstance(value, int | Decimal | float) and not isinstance(value, bool):
        raise wrong(
            "number-not-string",
            f'send this figure as a decimal string such as "{value}": '
            "JSON numbers are read as binary floats by many systems and lose cents",
        )
    if not isinstance(value, str):
        raise wrong("not-a-string", f'expected a decimal string such as "120000.50", got {kind_of(value)}')
    if not _DECIMAL.fullmatch(value):
        raise wrong(
            "bad-decimal",
            f'{value!r} is not a plain decimal string: use digits with an optional "." '
            'and "-", such as "120000.50" (no exponent, spaces or leading zeros)',
        )
    if bounded:  # counted on the text, before a figure of any length becomes a Decimal
        RuleViolation.raise_for(decimal_text_problems(value))
    return Decimal(value)


def read_date(value: object, _: type) -> datetime.date:
    """An ISO 8601 date string as a date.

    Raises:
        RuleViolation: ``bad-date`` (not of the form), ``no-such-date`` (no such day), or
            ``date-out-of-range`` (:func:`~tokencomp.model.limits.date_problems`).

    >>> read_date("2028-02-29", datetime.date)
    datetime.date(2028, 2, 29)
    """
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise wrong("bad-date", f'expected an ISO 8601 date such as "2026-04-01", got {shown(value)}')
    try:
        date = datetime.date.fromisoformat(value)
    except ValueError:
        raise wrong("no-such-date", f"{value} is not a date that exists") from None
    RuleViolation.raise_for(date_problems(date))
    return date


def read_enum(value: object, cls: type[enum.Enum]) -> enum.Enum:
    """The member of *cls* whose value is *value*.

    Raises:
        RuleViolation: ``not-allowed``, naming the values allowed.

    >>> from tokencomp import SalaryPeriod
    >>> read_enum("year", SalaryPeriod)
    <SalaryPeriod.YEAR: 'year'>
    """
    if isinstance(value, str) and value in cls._value2member_map_:
        return cls._value2member_map_[value]
    choices = ", ".join(f'"{member.value}"' for member in cls)
    raise wrong("not-allowed", f"{shown(value)} is not allowed here; use one of {choices}")
