"""The trusted route into the model: frozen objects built from data already validated.

A document that passed the trusted route's gate (the schema on the compiled
core, every withdrawn currency refused: ``tokencomp.codec.compiled.gate_validator``)
has every value of the right JSON type and form (decimal strings, dates that
exist, enum values, no unknown keys, no withdrawn currency). Building its
model objects through the public constructors would check every argument
again (``check_arguments`` in ``tokencomp.model.arguments``), and through cattrs
would run a hook a field. :func:`builder` instead
generates, once per class, a function that reads the JSON keys, converts
each value the one way its annotation says (``Decimal(text)``,
``date.fromisoformat``, the enum's member, a nested builder), stores the
fields straight into the frozen object's slots (through each slot's own
setter) and then runs only the class's rules that the gate cannot state
(its ``_beyond_schema`` method: the cliff within the vesting, shares
summing to one, the strike's currency; docs/schema.md lists them with
withdrawn currencies), so every rule
holds and nothing is checked twice. A JSON integer is taken as it is, but
only an integer: orjson reads ``48.0`` as a float, which jsonschema-rs counts
as an integer and the contract does not. A class that does not name them runs
all of its own (``__attrs_post_init__`` and attrs validators).

Only :mod:`tokencomp.codec.validation` uses it, after the gate said yes (for a part
of an offer, the schema: the offer's own rules then run in its constructor),
so it must never see data the schema has not passed; public constructors
keep checking their arguments and run every rule.

>>> from tokencomp import Money
>>> build_trusted(Money, {"amount": "1.50", "currency": "USD"})
Money(amount=Decimal('1.50'), currency='USD')
"""

from __future__ import annotations

import datetime
import enum
import functools
import inspect
import threading
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from ..errors import RuleViolation
from ..model.arguments import ROUTE

__all__ = ["build_trusted", "builder", "check_trusted"]

T = TypeVar("T")
_UNSAID = object()  # a class that does not name its rules beyond the schema
_Convert = Callable[[Any], Any]
_LOCK = threading.RLock()  # re-entered: a class generates the builders of its fields


def _tuple_of(convert: _Convert | None) -> _Convert:
    if convert is None:
        return tuple

    def items(values: list[Any]) -> tuple[Any, ...]:
        return tuple([convert(value) for value in values])

    return items


def _integer(value: Any) -> int:
    """*value* if it is an int: a float the schema passed as an integer (``48.0``) is the full path's to explain."""
    if type(value) is not int:
        msg = f"{value!r} is not a JSON integer"
        raise TypeError(msg)
    return value


def _held(annotation: Any) -> tuple[Any, bool]:
    """The type a field of type *annotation* holds, and whether it holds a tuple of them (``None`` aside)."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        # An absent optional key takes the field's default; a schema-valid document has no null here.
        (annotation,) = [arg for arg in args if arg is not type(None)]
        args = typing.get_args(annotation)
    if typing.get_origin(annotation) is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0], True
    return annotation, False


def _conversion(annotation: Any) -> _Convert | None:
    """How a validated JSON value becomes a field of type *annotation*; ``None``: it already is one."""
    kind, items = _held(annotation)
    convert = _conversion_of(kind)
    return _tuple_of(convert) if items else convert


def _conversion_of(annotation: Any) -> _Convert | None:
    if annotation == dict[str, str]:
        return dict
    if annotation is Decimal:
        return Decimal
    if annotation is datetime.date:
        return datetime.date.fromisoformat
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return annotation._value2member_map_.__getitem__
    if annotation is int:
        return _integer
    if annotation in (str, bool):
        return None
    if attrs.has(annotation):
        return builder(annotation)
    msg = f"no trusted conversion for {annotation!r}"
    raise TypeError(msg)


def _setter(cls: type[Any], name: str) -> Callable[[Any, Any], None]:
    """What stores field *name* of a new *cls*, past its frozen ``__setattr__``: the slot itself where it has one.

    A slot's own setter is a third cheaper than ``object.__setattr__`` (no name to look up).
    """
    slot = inspect.getattr_static(cls, name, None)
    if type(slot) is types.MemberDescriptorType:
        setter: Callable[[Any, Any], None] = slot.__set__
        return setter
    return lambda self, value: object.__setattr__(self, name, value)


def _generate(cls: type[Any]) -> Callable[[dict[str, Any]], Any]:
    attrs.resolve_types(cls)
    # A class says which of its rules the schema cannot state (`_beyond_schema`: a method, or None for none);
    # only those run here. A class that does not say keeps all of its own: validators and __attrs_post_init__.
    beyond = cls.__dict__.get("_beyond_schema", _UNSAID)
    names: dict[str, Any] = {
        "new": object.__new__,
        "cls": cls,
        "ABSENT": object(),
        "beyond": beyond,
        "raise_for": RuleViolation.raise_for,
    }
    lines = ["def build(data):", "    self = new(cls)"]
    for index, field in enumerate(attrs.fields(cls)):
        if not field.init:
            continue
        key = field.metadata.get("json", field.name)
        convert = _conversion(field.type)
        names[f"convert{index}"] = convert
        names[f"store{index}"] = _setter(cls, field.name)
        value = f"convert{index}(value)" if convert is not None else "value"
        if field.default is attrs.NOTHING:
            lines.append(f"    value = data[{key!r}]")
            lines.append(f"    store{index}(self, {value})")
        else:
            if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
                msg = f"{cls.__name__}.{field.name}: a factory default has no trusted route"
                raise TypeError(msg)
            names[f"default{index}"] = field.default
            lines.append(f"    value = data.get({key!r}, ABSENT)")
            lines.append(f"    store{index}(self, default{index} if value is ABSENT else {value})")
        if field.validator is not None and beyond is _UNSAID:
            names[f"validate{index}"], names[f"field{index}"] = field.validator, field
            lines.append(f"    validate{index}(self, field{index}, self.{field.name})")
    if beyond is _UNSAID and hasattr(cls, "__attrs_post_init__"):
        lines.append("    self.__attrs_post_init__()")
    elif beyond not in (_UNSAID, None):
        lines.append("    raise_for(beyond(self))")
    lines.append("    return self")
    # Generated from the class's own fields only; nothing from a document reaches this text.
    exec("\n".join(lines), names)
    generated: Callable[[dict[str, Any]], Any] = names["build"]
    return generated


_BUILDERS: dict[type[Any], Callable[[dict[str, Any]], Any]] = {}  # one a model class: bounded


def _cached_builder(cls: type[Any]) -> Callable[[dict[str, Any]], Any]:
    build = _BUILDERS.get(cls)
    if build is None:
        with _LOCK:  # one generation a class, even when threads ask at once
            build = _BUILDERS.get(cls)
            if build is None:
                build = _BUILDERS[cls] = _generate(cls)
    return build


def builder(cls: type[T]) -> Callable[[dict[str, Any]], T]:
    """Return the function that builds a *cls* from validated JSON data, generated once per class.

    Its objects run their class's rules; call it on the trusted route
    (:func:`build_trusted`), or each object also checks its arguments.

    >>> from tokencomp import Money
    >>> builder(Money) is builder(Money)
    True
    """
    built: Callable[[dict[str, Any]], T] = _cached_builder(cls)
    return built


@functools.cache
def _checker(cls: type[Any]) -> _Convert | None:
    """What building a *cls* checks, without keeping the objects; ``None`` when the gate checked all of it.

    A class with rules of its own beyond the gate (or one that does not
    say) is built, and the object dropped; in any other, only its integers
    (:func:`_integer`) and the parts that need a check are looked at.
    """
    if cls.__dict__.get("_beyond_schema", _UNSAID) is not None:
        return builder(cls)
    attrs.resolve_types(cls)
    steps = []
    for field in attrs.fields(cls):
        kind, items = _held(field.type)
        check = _integer if kind is int else _checker(kind) if attrs.has(kind) else None
        if field.init and check is not None:
            steps.append((field.metadata.get("json", field.name), check, items))
    if not steps:
        return None

    def check_parts(data: dict[str, Any]) -> None:
        for key, check, items in steps:
            value = data.get(key)
            if value is None:  # absent: the field's default
                continue
            for item in value if items else (value,):
                check(item)

    return check_parts


def check_trusted(cls: Any, data: dict[str, Any]) -> None:
    """Check *data*, which the gate passed, as :func:`build_trusted` would, building only what has rules to run.

    :func:`~tokencomp.validate` needs the verdict, not the objects: an
    offer without equity or a usage mix is checked without building one.

    Raises:
        RuleViolation: As :func:`build_trusted` would.
        TypeError: As :func:`build_trusted` would, for a float where an integer belongs.

    >>> from tokencomp import Vesting
    >>> vesting = {"start_date": "2026-03-01", "duration_months": 48, "cliff_months": 60, "frequency": "monthly"}
    >>> check_trusted(Vesting, vesting)
    Traceback (most recent call last):
    ...
    tokencomp.errors.RuleViolation: /cliff_months: cliff_months must be from 0 to duration_months (48), not 60
    """
    check = _checker(cls)
    if check is None:
        return
    before, ROUTE.trusted = ROUTE.trusted, True
    try:
        check(data)
    finally:
        ROUTE.trusted = before


def build_trusted(cls: type[T], data: dict[str, Any]) -> T:
    """Return a *cls* built from *data*, which the schema layer found valid, without checking its arguments again.

    Raises:
        RuleViolation: The data breaks one of the model's rules that the
            schema cannot state (the caller explains the document the full way).

    >>> from tokencomp import Salary
    >>> build_trusted(Salary, {"rate": {"amount": "95.00", "currency": "EUR"}, "period": "hour"}).period
    <SalaryPeriod.HOUR: 'hour'>
    """
    build = builder(cls)
    before, ROUTE.trusted = ROUTE.trusted, True
    try:
        return build(data)
    finally:
        ROUTE.trusted = before
