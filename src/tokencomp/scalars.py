"""The contract's scalar values read from JSON: decimal strings, dates and enum values, one way.

The codec reads documents with these, and the model's constructors read
their arguments' JSON spellings with them (:mod:`tokencomp.arguments`), so
``"120000.50"`` means the same thing on both routes. Both import this
module; it imports neither, which keeps the codec and the constructors
out of an import circle.
"""

from __future__ import annotations

import datetime
import enum
import re
from decimal import Decimal

from .errors import Problem, RuleViolation

__all__ = ["DATE_PATTERN", "DECIMAL_PATTERN", "kind_of", "read_date", "read_decimal", "read_enum", "wrong"]

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


def read_decimal(value: object, _: type) -> Decimal:
    """A decimal string as an exact Decimal; a JSON number or any other spelling is refused.

    Raises:
        RuleViolation: ``number-not-string``, ``not-a-string`` or ``bad-decimal``.

    >>> read_decimal("120000.50", Decimal)
    Decimal('120000.50')
    """
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
    return Decimal(value)


def read_date(value: object, _: type) -> datetime.date:
    """An ISO 8601 date string as a date.

    Raises:
        RuleViolation: ``bad-date`` (not of the form), ``no-such-date`` (no such day).

    >>> read_date("2028-02-29", datetime.date)
    datetime.date(2028, 2, 29)
    """
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise wrong("bad-date", f'expected an ISO 8601 date such as "2026-04-01", got {value!r}')
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise wrong("no-such-date", f"{value} is not a date that exists") from None


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
    raise wrong("not-allowed", f"{value!r} is not allowed here; use one of {choices}")
