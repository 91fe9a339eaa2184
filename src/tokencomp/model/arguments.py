"""How the model's public constructors take their arguments: one rule for every class.

A field takes a value of its own type, or the value as a JSON document
spells it, converted exactly as :mod:`tokencomp.codec.converter` reads the document:

================  ==========================================================
field             also takes
================  ==========================================================
``Decimal``       an ``int``, or a decimal string such as ``"120000.50"``
``date``          an ISO 8601 date string such as ``"2026-04-01"``
an enum           its value, such as ``"year"`` for ``SalaryPeriod.YEAR``
``tuple``         a ``list``
================  ==========================================================

Anything else is refused — a ``float`` above all, which cannot hold decimal
figures exactly, and a ``datetime``, which is not a date — with a
:class:`~tokencomp.errors.RuleViolation` naming every wrong field by its
JSON Pointer, before any other rule is checked. A ``Decimal`` must be
finite. Values are held to the contract's limits (:mod:`tokencomp.model.limits`)
as a document's are: decimals and money of at most 15 digits before the
point and 12 after, dates from 1900 to 2199, strings of at most 1,000
characters without control characters, ``metadata`` of at most 100 keys.
Type checkers see what each constructor takes (its ``__init__``) and each
field's own type (its attribute), as the typing-only converters below say.

Documents read through :mod:`tokencomp.codec.converter` arrive with exact types
already, so the codec builds them on a trusted route that skips this check.

>>> from tokencomp import Bonus
>>> Bonus(target_percent="10").target_percent
Decimal('10')
>>> Bonus(target_percent=0.1, sign_on_clawback_months="12")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
tokencomp.errors.RuleViolation: /target_percent: 0.1 is a float, ...; /sign_on_clawback_months: expected an int, ...
"""

from __future__ import annotations

import datetime
import enum
import functools
import threading
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from ..errors import FloatMoneyError, Problem, RuleViolation, escape_pointer_token
from .limits import MAX_KEYS, date_problems, decimal_problems, string_problems
from .money import Money
from .scalars import read_date, read_enum, read_source_decimal

__all__ = ["ROUTE", "check_argument", "check_arguments", "trusted"]

if TYPE_CHECKING:
    # What a constructor takes for a field that also takes its JSON spelling, for type checkers only. Such a
    # field names one of these as its attrs converter, and mypy's attrs plugin (or a dataclass_transform
    # checker) types that __init__ parameter by the converter's, while the attribute keeps the field's own
    # type. At run time the converter is None: check_arguments converts after __init__, so that every wrong
    # field is named at once, and the codec's trusted route pays for no call per field.
    def takes_date(value: datetime.date | str) -> datetime.date: ...
    def takes_optional_decimal(value: Decimal | int | str | None) -> Decimal | None: ...
else:
    takes_date = takes_optional_decimal = None

T = TypeVar("T")
_Convert = Callable[[Any], Any]


class _Route(threading.local):
    """Which route the model objects of this thread are being built on."""

    #: True while the codec builds a document whose values its hooks typed
    #: exactly; constructors then skip ``check_arguments``
    #: (``if not ROUTE.trusted: check_arguments(self)``), which would cost
    #: the fast path of :func:`~tokencomp.codec.validation.load_offer` a third of
    #: its time. Each thread has its own route.
    trusted = False


ROUTE = _Route()


def trusted(build: Callable[..., T], *args: Any) -> T:
    """Return ``build(*args)`` with the argument checks off, for the codec's exactly typed values.

    >>> from tokencomp import Bonus
    >>> trusted(Bonus, Decimal("10")).target_percent
    Decimal('10')
    """
    before, ROUTE.trusted = ROUTE.trusted, True
    try:
        return build(*args)
    finally:
        ROUTE.trusted = before


def _wrong(expected: str, value: object) -> RuleViolation:
    if isinstance(value, float) and expected == "an int":
        whole = f"such as {int(value)}" if value.is_integer() else "(a whole number)"
        message = f"{value!r} is a float; pass an int {whole}"
        return RuleViolation([Problem("", "wrong-type", message)])
    if isinstance(value, float):
        return RuleViolation([Problem("", "wrong-type", str(FloatMoneyError(value)))])
    got = "None" if value is None else f"{type(value).__name__} {value!r}"
    return RuleViolation([Problem("", "wrong-type", f"expected {expected}, got {got}")])


def _any_decimal(value: object) -> Decimal:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise RuleViolation([Problem("", "not-finite", f"{value} is not a finite number")])
        return value
    if type(value) is int:
        return Decimal(value)
    if isinstance(value, str):
        return read_source_decimal(value, Decimal)
    raise _wrong('a Decimal, an int or a decimal string such as "120000.50"', value)


def _decimal(value: object) -> Decimal:
    result = _any_decimal(value)
    RuleViolation.raise_for(decimal_problems(result))
    return result


def _digit_problems(value: object) -> list[Problem]:
    """The digits beyond the contract's of a Money, or of the figures of a model object that keeps its source's."""
    if isinstance(value, Money):
        return [problem.under("/amount") for problem in decimal_problems(value.amount)]
    cls: Any = type(value)
    if not getattr(cls, "SOURCE_DIGITS", False):
        return []
    return [
        problem.under(f"/{field.name}")
        for field in attrs.fields(cls)
        if isinstance(getattr(value, field.name), Decimal)
        for problem in decimal_problems(getattr(value, field.name))
    ]


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise _wrong("a str", value)
    RuleViolation.raise_for(string_problems(value))
    return value


def _prose(value: object) -> str:
    if not isinstance(value, str):
        raise _wrong("a str", value)
    RuleViolation.raise_for(string_problems(value, prose=True))
    return value


#: The rule of a field marked ``prose`` (a posting's description): line breaks allowed, a longer limit.
_PROSE: tuple[frozenset[type], _Convert] = (frozenset(), _prose)


def _date(value: object) -> datetime.date:
    if isinstance(value, datetime.datetime):
        raise RuleViolation([Problem("", "wrong-type", f"{value!r} is a datetime, not a date: pass its .date()")])
    if isinstance(value, datetime.date):
        RuleViolation.raise_for(date_problems(value))
        return value
    if isinstance(value, str):
        return read_date(value, datetime.date)
    raise _wrong('a datetime.date or an ISO 8601 date string such as "2026-04-01"', value)


def _enum(cls: type[enum.Enum]) -> _Convert:
    def convert(value: object) -> enum.Enum:
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            return read_enum(value, cls)
        choices = ", ".join(f"{cls.__name__}.{member.name}" for member in cls)
        raise _wrong(f"one of {choices} or its value", value)

    return convert


def _exactly(cls: type[Any], name: str) -> _Convert:
    def convert(value: object) -> Any:
        # bool is an int to Python, but not a whole number to an offer.
        if isinstance(value, cls) and not (cls is int and isinstance(value, bool)):
            return value
        raise _wrong(name, value)

    return convert


def _a(name: str) -> str:
    return f"{'an' if name[0].lower() in 'aeiou' else 'a'} {name}"


def _model(cls: type[Any], bounded: bool = True) -> _Convert:
    def convert(value: object) -> Any:
        # Money of any size computes, and a catalog's price keeps its digits; in an offer, they are bounded.
        if bounded:
            RuleViolation.raise_for(_digit_problems(value))
        if isinstance(value, cls):
            return value
        name = cls.__name__
        hint = f" (build it with {name}(...), or from JSON data with structure_as(data, {name}))"
        raise _wrong(_a(name) + (hint if isinstance(value, dict) else ""), value)

    return convert


def _items(convert_item: _Convert, item: str) -> _Convert:
    def convert(value: object) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise _wrong(f"a tuple or list of {item}", value)
        results, problems = [], []
        for index, element in enumerate(value):
            try:
                results.append(convert_item(element))
            except RuleViolation as exc:
                problems += [problem.under(f"/{index}") for problem in exc.problems]
        RuleViolation.raise_for(problems)
        return tuple(results)

    return convert


def _strings(value: object) -> dict[str, str]:
    if not isinstance(value, dict):
        raise _wrong("a dict of strings", value)
    if len(value) > MAX_KEYS:
        raise RuleViolation([Problem("", "too-many-keys", f"{len(value):,} keys; the most is {MAX_KEYS}")])
    problems = []
    for key, item in value.items():
        at = f"/{escape_pointer_token(str(key))}"
        if not isinstance(key, str) or not isinstance(item, str):
            problems.append(Problem(at, "wrong-type", f"expected a str key and value, got {item!r}"))
        else:
            problems += [problem.under(at) for problem in (*string_problems(key), *string_problems(item))]
    RuleViolation.raise_for(problems)
    return value


@functools.cache
def _rule(annotation: Any, bounded: bool = True) -> tuple[frozenset[type], _Convert]:
    """The types taken as they are (checked by identity, fast), and the conversion of anything else.

    *bounded*: hold figures to the contract's digits (not in a price catalog, whose prices keep their source's).
    """
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        (inner,) = [arg for arg in args if arg is not type(None)]
        accepts, convert = _rule(inner, bounded)
        return accepts | {type(None)}, convert
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return frozenset(), _items(_rule(args[0], bounded)[1], f"{args[0].__name__} objects")
    if annotation == dict[str, str]:
        return frozenset(), _strings
    if annotation is Decimal:
        return frozenset(), _decimal if bounded else _any_decimal  # a Decimal is still checked: it is finite
    if annotation is datetime.date:
        return frozenset(), _date  # a date is still checked: it must be within the contract's years
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return frozenset({annotation}), _enum(annotation)
    if annotation is str:
        return frozenset(), _text  # a str is still checked: its length and characters
    if annotation in (int, bool):
        return frozenset({annotation}), _exactly(annotation, _a(annotation.__name__))
    if attrs.has(annotation):
        # Money and a price are still checked: their figures' digits.
        checked = bounded and (annotation is Money or getattr(annotation, "SOURCE_DIGITS", False))
        return (frozenset() if checked else frozenset({annotation})), _model(annotation, bounded)
    msg = f"no argument rule for {annotation!r}"
    raise TypeError(msg)


_Plan = tuple[tuple[str, frozenset[type], _Convert], ...]
_PLANS: dict[type, _Plan] = {}


def _plan(cls: type) -> _Plan:
    plan = _PLANS.get(cls)
    if plan is None:
        attrs.resolve_types(cls)
        source_digits = getattr(cls, "SOURCE_DIGITS", False)
        steps = []
        for field in attrs.fields(cls):
            if not field.init:
                continue
            # A price keeps its source's digits (checked when it is in an offer), and so does a catalog's.
            accepts, convert = _PROSE if field.metadata.get("prose") else _rule(field.type, not source_digits)
            if field.default is None:
                # A field whose default is None takes None although its type does not say so: the class works
                # out what it holds when it is left out (a grant's units, from its grant value).
                accepts = accepts | {type(None)}
            steps.append((field.name, accepts, convert))
        plan = _PLANS[cls] = tuple(steps)
    return plan


def check_arguments(instance: object) -> None:
    """Convert the fields of a model object just built, or raise for every field of a wrong type.

    Called first thing in ``__attrs_post_init__`` by every class of the model,
    except on the codec's trusted route (``ROUTE.trusted``).

    Raises:
        RuleViolation: Each wrong field at its pointer, with what it takes.
    """
    problems = []
    for name, accepts, convert in _plan(type(instance)):
        value = getattr(instance, name)
        if type(value) in accepts:
            continue
        try:
            converted = convert(value)
        except RuleViolation as exc:
            problems += [problem.under(f"/{name}") for problem in exc.problems]
        else:
            if converted is not value:
                object.__setattr__(instance, name, converted)
    RuleViolation.raise_for(problems)


def check_argument(name: str, value: Any, annotation: Any) -> Any:
    """Return a function's argument *value* converted by the constructors' rule for *annotation*.

    Raises:
        RuleViolation: *value* is of a wrong type, at the pointer ``/name``.

    >>> check_argument("as_of", "2026-04-01", datetime.date | None)
    datetime.date(2026, 4, 1)
    """
    accepts, convert = _rule(annotation)
    if type(value) in accepts:
        return value
    try:
        return convert(value)
    except RuleViolation as exc:
        raise RuleViolation([problem.under(f"/{name}") for problem in exc.problems]) from None
