"""Model objects to JSON fast: an unstructure function generated once per class, and orjson.

:func:`~tokencomp.codec.converter.dumps` and :func:`~tokencomp.codec.converter.unstructure` write
through here. The generated functions give exactly what the cattrs converter
of :func:`~tokencomp.codec.converter.make_converter` gives (the same keys, in the same
order, ``None`` fields left out, decimals in plain notation as strings), a
test holds them to it, and a value of a kind they do not know is handed to
that converter. orjson writes the text; what it cannot write exactly (a
string with a lone surrogate, an integer beyond 64 bits) is written by the
standard library in the same form. Control and bidi characters are escaped
as :func:`~tokencomp._internal.escaping.json_text` escapes them.
"""

from __future__ import annotations

import datetime
import enum
import functools
import json
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import cattrs
import orjson

from .._internal.escaping import escape_json

__all__ = ["encode", "unstructure_with"]

# The generated functions are kept per class; classes are few, the bound is a guard.
_CACHE_SIZE = 256
# The functions in use, found by one dict lookup (a call of the cache below costs more than a Money's writing).
_FUNCTIONS: dict[tuple[Any, cattrs.Converter], Callable[[Any], dict[str, Any]]] = {}
# How deep classes with nothing to leave out are written in place of a call.
_INLINE_DEPTH = 3


class _Writer:
    """Writes the Python source of one class's unstructure function, naming the helpers it needs."""

    def __init__(self, converter: cattrs.Converter) -> None:
        self.converter = converter
        self.names: dict[str, Any] = {}

    def helper(self, value: Any) -> str:
        name = f"_h{len(self.names)}"
        self.names[name] = value
        return name

    def literal(self, cls: Any, fields: list[attrs.Attribute[Any]], value: str, depth: int) -> str:
        """A dict display of *fields* of *value* (of class *cls*), in their order."""
        hints = typing.get_type_hints(cls)
        items = (
            f"{field.metadata.get('json', field.name)!r}: "
            f"{self.expression(hints.get(field.name, Any), f'{value}.{field.name}', depth)}"
            for field in fields
        )
        return "{" + ", ".join(items) + "}"

    def expression(self, kind: Any, value: str, depth: int) -> str:
        """An expression that unstructures *value* (a Python expression) of declared type *kind*."""
        if kind in (str, int, bool):
            return value
        if kind is Decimal:
            # Fixed-point, as the decimal-string pattern wants: str() writes 0.0000001 as "1E-7", so a
            # str() with an exponent is written again by format(), three times slower, which never has one.
            text = f"_s{depth}"
            return f'({text} if "E" not in ({text} := str({value})) else format({value}, "f"))'
        if kind is datetime.date:
            return f"{value}.isoformat()"
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            # The member's own slot: Enum.value is a property, several times slower to read.
            return f"{value}._value_"
        if isinstance(kind, type) and attrs.has(kind):
            fields = [field for field in attrs.fields(kind) if field.init]
            if depth < _INLINE_DEPTH and all(field.default is not None for field in fields):
                # A small class with nothing to leave out (Money, ...) is written in place: no call.
                return self.literal(kind, fields, value, depth + 1)
            return f"{self.helper(_unstructure_fn(kind, self.converter))}({value})"
        origin, args = typing.get_origin(kind), typing.get_args(kind)
        item = f"_i{depth}"
        if (origin is tuple and len(args) == 2 and args[1] is Ellipsis) or (origin is list and len(args) == 1):
            return f"[{self.expression(args[0], item, depth + 1)} for {item} in {value}]"
        if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
            (inner,) = [arg for arg in args if arg is not type(None)]
            return f"(None if {value} is None else {self.expression(inner, value, depth)})"
        # Anything else (a mapping, a union of models, ...) goes through the converter, as cattrs would.
        hook = self.converter.get_unstructure_hook(kind)
        return f"{self.helper(hook)}({value})"


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _unstructure_fn(cls: Any, converter: cattrs.Converter) -> Callable[[Any], dict[str, Any]]:
    """Generate the unstructure function of attrs class *cls*: one statement a field, in the fields' order."""
    hints = typing.get_type_hints(cls)
    writer = _Writer(converter)
    fields = [field for field in attrs.fields(cls) if field.init]
    # cattrs' order: the fields always written first, then those left out when None, each in the class's order.
    always = [field for field in fields if field.default is not None]
    lines = [f"def unstructure_{cls.__name__}(value):", f"    result = {writer.literal(cls, always, 'value', 0)}"]
    for field in [f for f in fields if f.default is None]:
        key = repr(field.metadata.get("json", field.name))
        # Left out when the document did not give it, as make_converter's hooks do: also a field the class works
        # out from another when that other is given (a grant's units, from its grant value).
        source = field.metadata.get("worked_out_from")
        given = "field is not None" if source is None else f"field is not None and value.{source} is None"
        lines += [
            f"    field = value.{field.name}",
            f"    if {given}:",
            f"        result[{key}] = {writer.expression(_required(hints.get(field.name, Any)), 'field', 0)}",
        ]
    lines.append("    return result")
    namespace = dict(writer.names)
    # The source was written above from the class's own fields, never from data.
    exec("\n".join(lines), namespace)
    function: Callable[[Any], dict[str, Any]] = namespace[f"unstructure_{cls.__name__}"]
    return function


def _required(kind: Any) -> Any:
    """*kind* without its ``| None``: the value is known not to be None here."""
    args = typing.get_args(kind)
    if typing.get_origin(kind) in (typing.Union, types.UnionType) and type(None) in args:
        rest = [arg for arg in args if arg is not type(None)]
        return rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]  # noqa: UP007 - built at run time
    return kind


def unstructure_with(value: Any, converter: cattrs.Converter) -> Any:
    """Return *value* as JSON-ready data, as *converter* (made by ``make_converter()``) would, faster.

    A model object goes through its generated function; anything else
    through *converter*.

    >>> from tokencomp import Money
    >>> from tokencomp.codec.converter import make_converter
    >>> unstructure_with(Money("0.0000001", "USD"), make_converter())
    {'amount': '0.0000001', 'currency': 'USD'}
    """
    cls: Any = type(value)
    function = _FUNCTIONS.get((cls, converter))
    if function is not None:
        return function(value)
    if attrs.has(cls):
        function = _unstructure_fn(cls, converter)
        if len(_FUNCTIONS) < _CACHE_SIZE:
            _FUNCTIONS[cls, converter] = function
        return function(value)
    return converter.unstructure(value)


def encode(data: Any, *, indent: int | None = None) -> str:
    """Write JSON-ready *data* as JSON text: compact, or indented by *indent* spaces.

    Non-ASCII characters are written as they are, less those
    :func:`~tokencomp._internal.escaping.json_text` escapes. The text is the standard
    library's ``json.dumps(data, ensure_ascii=False)`` with compact separators
    (``","`` and ``":"``) or, with *indent*, its indented form, so escaped.

    >>> encode({"amount": "1.50", "currency": "EUR", "tags": ["é"]})
    '{"amount":"1.50","currency":"EUR","tags":["é"]}'
    >>> print(encode({"amount": "1.50"}, indent=2))
    {
      "amount": "1.50"
    }
    """
    if indent is None or indent == 2:
        try:
            return escape_json(orjson.dumps(data, option=orjson.OPT_INDENT_2 if indent else 0).decode())
        except TypeError:
            pass  # a lone surrogate or an integer beyond 64 bits: the standard library writes those
    separators = (",", ":") if indent is None else (",", ": ")
    return escape_json(json.dumps(data, indent=indent, separators=separators, ensure_ascii=False))
