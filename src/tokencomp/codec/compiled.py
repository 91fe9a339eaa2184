"""The schema layer on a compiled core: jsonschema-rs, its errors in jsonschema's terms.

:mod:`tokencomp.codec.validation` turns each schema error into problems by its
keyword, instance, subschema and the keyword's value. jsonschema (pure
Python) is the reference; jsonschema-rs gives the same errors about fifty
times faster. This module compiles each schema once and describes every
jsonschema-rs error as a :class:`SchemaError` with the attributes
validation reads, so one function explains the errors of both.

The two libraries read numbers and strings differently, so a document is
only given to jsonschema-rs when their verdicts are known to match (see
:func:`compiled_view`); for any other, :func:`schema_errors` says ``None``
and the reference explains it. ``tests/test_differential.py`` and the
fuzzer (``tests/fuzz.py``) hold the two to identical problem lists.
"""

from __future__ import annotations

import decimal
import functools
import json
import math
from collections.abc import Iterator
from typing import Any

import attrs
import jsonschema_rs

from ..model.historical import withdrawn_currencies
from ..model.limits import DIGITS_LOOKAHEAD, MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS
from .schema import SCHEMAS

__all__ = [
    "SchemaError",
    "compiled_validator",
    "compiled_view",
    "gate_validator",
    "halved_floats",
    "plain_text",
    "schema_errors",
]

# jsonschema-rs reads integers as 64-bit numbers; beyond that, the reference explains.
_LARGEST_INT = 2**63 - 1
# Below this a float holds ``floor(d) + 0.5`` exactly.
_EXACT_HALVES = 2**51


# The runs of digits in the contract's decimal patterns, each bounded as DIGITS_LOOKAHEAD bounds it:
# 15 digits before the point, 12 after (a share above zero and below one: 12 digits, one of them not 0).
_BOUNDED_RUNS = (
    (
        r"0\.0*[1-9][0-9]*",
        "0\\.("
        + "|".join(
            f"0{{{zeros}}}[1-9][0-9]{{0,{MAX_FRACTION_DIGITS - 1 - zeros}}}" for zeros in range(MAX_FRACTION_DIGITS)
        )
        + ")",
    ),
    (r"[1-9][0-9]*", f"[1-9][0-9]{{0,{MAX_INTEGER_DIGITS - 1}}}"),
    (r"(\.[0-9]+)?", f"(\\.[0-9]{{1,{MAX_FRACTION_DIGITS}}})?"),
    (r"(\.0+)?", f"(\\.0{{1,{MAX_FRACTION_DIGITS}}})?"),
)


def without_lookahead(pattern: str) -> str:
    """*pattern* with the contract's digit limits written into its runs instead of a lookahead, when it can be.

    Rust's regular expressions have no lookahead, so jsonschema-rs runs a
    pattern with one on a slower, backtracking engine; the same language
    without it runs on the fast one. A pattern this cannot bound is returned
    as it is. ``tests/test_compiled.py`` holds each rewritten pattern to its
    original on strings at and around every limit.

    >>> without_lookahead("^" + DIGITS_LOOKAHEAD + r"(0|[1-9][0-9]*)(\\.[0-9]+)?$")
    '^(0|[1-9][0-9]{0,14})(\\\\.[0-9]{1,12})?$'
    """
    if not pattern.startswith("^" + DIGITS_LOOKAHEAD):
        return pattern
    body = pattern.removeprefix("^" + DIGITS_LOOKAHEAD)
    for run, bounded in _BOUNDED_RUNS:
        body = body.replace(run, bounded)
    return pattern if "*" in body or "+" in body else "^" + body


def _rust_ready(node: Any) -> Any:
    """A schema (part) as jsonschema-rs should compile it: the same language, patterns without lookahead."""
    if isinstance(node, dict):
        return {
            key: without_lookahead(value) if key == "pattern" else _rust_ready(value) for key, value in node.items()
        }
    if isinstance(node, list):
        return [_rust_ready(item) for item in node]
    return node


def _compiled_schema(schema: str) -> dict[str, Any]:
    """A fresh copy of the schema named *schema*, ready for jsonschema-rs (:func:`_rust_ready`)."""
    # The forbidden-character patterns name lone surrogates, which Rust's regular expressions cannot
    # spell; text with one never gets here (compiled_view and orjson refuse it), so without that
    # range they match the same.
    text = json.dumps(_schema(schema)).replace("\\\\ud800-\\\\udfff", "")
    ready: dict[str, Any] = _rust_ready(json.loads(text))
    return ready


@functools.cache
def compiled_validator(schema: str) -> jsonschema_rs.Draft202012Validator:
    """The compiled validator of the schema named *schema*, made once; safe to share between threads."""
    return jsonschema_rs.Draft202012Validator(_compiled_schema(schema), validate_formats=True)


@functools.cache
def gate_validator(schema: str) -> jsonschema_rs.Draft202012Validator:
    """The fast path's yes: the schema named *schema*, with every withdrawn currency code refused.

    Whether a withdrawn code may be used depends on the document's date (a
    rule the schema cannot state), so the schema takes them all; the gate
    takes none, and a document using one is explained, and judged, by the
    full path. A document the gate passes holds no withdrawn currency at all.

    >>> offer = {"schema_version": "1", "id": "x", "effective_date": "2022-06-01", "currency": "HRK",
    ...          "salary": {"rate": {"amount": "100.00", "currency": "HRK"}, "period": "hour"}}
    >>> compiled_validator("offer-v1").is_valid(offer), gate_validator("offer-v1").is_valid(offer)
    (True, False)
    """
    ready = _compiled_schema(schema)
    currency = ready["$defs"]["Currency"]
    withdrawn = withdrawn_currencies()
    currency["enum"] = [code for code in currency["enum"] if code not in withdrawn]
    return jsonschema_rs.Draft202012Validator(ready, validate_formats=True)


@functools.cache
def _schema(name: str) -> dict[str, Any]:
    """The schema named *name*, built once (read, never changed)."""
    return SCHEMAS[name]()


class _Unlike(Exception):
    """A value the two libraries read differently: the reference explains the document."""


def _text(value: str) -> str:
    # Python's `$` matches before a final newline and its `\s` takes \x1c-\x1f, Rust's do not;
    # every such string holds a character str.isprintable() refuses (as do lone surrogates, the C1
    # controls the limits refuse, and the bidi controls and separators they allow).
    # Python's dates have no year 0, jsonschema-rs's "date" format takes it.
    if not value.isprintable() or value.startswith("0000-"):
        raise _Unlike
    return value


def _number(value: decimal.Decimal) -> float:
    """A float that jsonschema-rs judges as jsonschema judges *value*.

    jsonschema takes a Decimal for a number but never for an integer (even
    ``48.0``), and compares it exactly. The schema's limits are whole
    numbers, so ``floor(value) + 0.5`` (never whole, exact in a float) is on
    the same side of each as a *value* that is not whole. A whole Decimal,
    or one too large for that, is left to the reference.
    """
    if not value.is_finite() or value == value.to_integral_value() or abs(value) >= _EXACT_HALVES:
        raise _Unlike
    return int(value.to_integral_value(decimal.ROUND_FLOOR)) + 0.5


def _view(value: Any) -> Any:
    kind = type(value)
    if kind is str:
        return _text(value)
    if kind is int:
        if -_LARGEST_INT <= value <= _LARGEST_INT:
            return value
        raise _Unlike
    if kind is bool or value is None:
        return value
    if isinstance(value, dict):
        if "" in value:  # jsonschema-rs drops an empty key from an error's path
            raise _Unlike
        return {_text(key): _view(item) for key, item in value.items()}
    if kind is list:
        return [_view(item) for item in value]
    if kind is decimal.Decimal:
        return _number(value)
    raise _Unlike


def compiled_view(instance: Any) -> Any | None:
    """*instance* as jsonschema-rs should see it, or ``None`` when only the reference may judge it.

    Non-whole Decimals become floats on the same side of every limit
    (:func:`_number`); whole Decimals, integers beyond 64 bits, floats and
    text that Python's regular expressions read differently (control
    characters, a final newline, lone surrogates), dates in the year 0 and
    empty keys send the document to the reference.
    """
    try:
        return _view(instance)
    except _Unlike:
        return None


# A run of digits as long as _LARGEST_INT's (in a number or a string: either way, the walk decides),
# looked for as zeros in the text with every digit made a zero (a regular expression takes ten times longer).
_LONG_DIGITS = b"0" * len(str(_LARGEST_INT))
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"0" * 9)


def plain_text(raw: bytes | bytearray) -> bool:
    """Whether JSON text *raw*, parsed exactly (no floats), is its own view (:func:`compiled_view`).

    Printable ASCII without escapes has no string the two libraries read
    differently, and integers of fewer than 19 digits are 64-bit ones; an
    empty string (perhaps a key) or a date in the year 0 is left to the walk.
    A text that says no here may still have a view: the walk finds it.

    >>> plain_text(b'{"id": "x", "units": 48}'), plain_text(b'{"id": "caf\\u00e9"}'), plain_text(b'{"": 1}')
    (True, False, False)
    """
    return (
        raw.isascii()
        and b"\\" not in raw
        and b"\x7f" not in raw
        and b'""' not in raw
        and b'"0000-' not in raw
        and _LONG_DIGITS not in raw.translate(_DIGITS_AS_ZERO)
    )


def halved_floats(parsed: Any) -> Any | None:
    """orjson's parse of a plain text (:func:`plain_text`) made its view in place: each float becomes a half.

    A float that is not whole is on the same side of every whole number as
    the decimal it was read from (a whole number between them would be a
    nearer float), so ``floor(float) + 0.5`` is what :func:`_number` makes
    of that decimal. A whole float may come from a decimal that is not
    (``0.99999999999999999``): ``None``, and the walk decides.

    >>> halved_floats({"a": [1.25, -0.5, 3]}), halved_floats({"a": 2.0})
    ({'a': [1.5, -0.5, 3]}, None)
    """
    stack = [parsed]
    while stack:
        node = stack.pop()
        places = node.items() if type(node) is dict else enumerate(node) if type(node) is list else ()
        for place, value in places:
            kind = type(value)
            if kind is float:
                if not abs(value) < _EXACT_HALVES - 1 or value.is_integer():
                    return None
                node[place] = math.floor(value) + 0.5
            elif kind is dict or kind is list:
                stack.append(value)
    return parsed


@attrs.frozen
class SchemaError:
    """One schema error in the terms of :class:`jsonschema.exceptions.ValidationError` that validation reads.

    Attributes:
        validator: The keyword that failed (``None`` for the schema ``false``).
        absolute_path: Where in the document, as keys and indexes.
        absolute_schema_path: Where in the schema.
        instance: The failing value, from the document as parsed (Decimals kept).
        schema: The subschema holding the keyword.
        validator_value: The keyword's value.
        message: For ``required`` and ``dependentRequired``, the missing key's repr.
    """

    validator: Any
    absolute_path: tuple[str | int, ...]
    absolute_schema_path: tuple[str | int, ...]
    instance: Any
    schema: Any
    validator_value: Any
    message: str


def _at(node: Any, path: Any) -> Any:
    for part in path:
        node = node[part]
    return node


def _described(error: Any, document: Any, schema: Any) -> SchemaError:
    path = tuple(error.instance_path)
    schema_path = tuple(error.schema_path)  # the keyword's own place: a $ref is already followed
    kind = type(error.kind).__name__
    instance = _at(document, path)
    if kind == "FalseSchema":
        return SchemaError(None, path, schema_path, instance, False, None, error.message)
    keyword = schema_path[-1]
    subschema = _at(schema, schema_path[:-1])
    message = repr(error.kind.property) if kind == "Required" else error.message
    if kind == "PropertyNames":
        # The key is wrong, not the object; validation looks for the word in the schema path.
        instance = error.kind.error.instance
        schema_path = ("propertyNames", *schema_path)
    return SchemaError(keyword, path, schema_path, instance, subschema, subschema[keyword], message)


def schema_errors(instance: Any, schema: str, *, view: Any = None) -> Iterator[SchemaError] | None:
    """The errors of *instance* against the schema named *schema*, from jsonschema-rs.

    ``None`` when the document holds a value the two libraries read
    differently (see :func:`compiled_view`): the reference must explain it.
    *view*: *instance*'s view when the caller has it from the text (:func:`plain_text`,
    :func:`halved_floats`); otherwise :func:`compiled_view` makes it.
    """
    if view is None:
        view = compiled_view(instance)
    if view is None:
        return None
    whole = _schema(schema)
    return (_described(error, instance, whole) for error in compiled_validator(schema).iter_errors(view))
