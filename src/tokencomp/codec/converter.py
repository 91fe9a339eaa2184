"""JSON in and out: :func:`make_converter` and the offer's JSON form.

JSON is parsed with :class:`~decimal.Decimal` for every number, so a float
never exists; money, percentages and shares must be decimal *strings*
(a JSON number is reported, not rounded). Structuring is strict: no
coercion of ``"12"`` to 12 or of ``1`` to ``True``, and unknown keys are
refused. Every problem is reported with its JSON Pointer.
"""

from __future__ import annotations

import collections
import datetime
import enum
import functools
import json
import types
import typing
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import AttributeValidationNote, ForbiddenExtraKeysError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ..errors import (
    InvalidDocumentError,
    InvalidOfferError,
    Problem,
    RuleViolation,
    close_matches,
    escape_pointer_token,
)
from ..model.arguments import trusted
from ..model.cash import Allowance, Benefit, OneTimePayment
from ..model.equity import EquityGrant
from ..model.limits import (
    LIST_LIMITS,
    MAX_ITEMS,
    MAX_KEYS,
    check_depth,
    string_problems,
)
from ..model.scalars import DATE_PATTERN, DECIMAL_PATTERN
from ..model.scalars import kind_of as _kind
from ..model.scalars import read_date as _structure_date
from ..model.scalars import read_decimal as _structure_decimal
from ..model.scalars import read_enum as _structure_enum
from ..model.scalars import read_source_decimal as _structure_source_decimal
from ..model.scalars import wrong as _wrong
from ..model.vesting import MAX_SEGMENTS, MAX_TRANCHES, Tranche, VestingSegment
from .encoding import encode, unstructure_with

__all__ = [
    "DATE_PATTERN",
    "DECIMAL_PATTERN",
    "decode_utf8",
    "dumps",
    "make_converter",
    "parse_json",
    "problems_from",
    "structure_as",
    "unknown_key_problem",
    "unstructure",
]


T = TypeVar("T")


def _structure_int(value: object, _: type) -> int:
    if type(value) is not int:
        raise _wrong("not-an-integer", f"expected a whole JSON number such as 12, got {_kind(value)} {value!r}")
    return value


def _structure_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise _wrong("not-a-string", f"expected a string, got {_kind(value)}")
    RuleViolation.raise_for(string_problems(value))
    return value


def _structure_prose(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise _wrong("not-a-string", f"expected a string, got {_kind(value)}")
    RuleViolation.raise_for(string_problems(value, prose=True))
    return value


def _structure_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise _wrong("not-a-boolean", f"expected true or false, got {_kind(value)}")
    return value


def _structure_metadata(value: object, _: type) -> dict[str, str]:
    if not isinstance(value, dict):
        raise _wrong("not-an-object", f"metadata must be an object of strings, got {_kind(value)}")
    if len(value) > MAX_KEYS:
        raise _wrong("too-many-keys", f"metadata has {len(value):,} keys; the most is {MAX_KEYS}")
    problems = []
    for key, item in value.items():
        at = f"/{escape_pointer_token(key)}"
        problems += [problem.under(at) for problem in string_problems(key)]
        if isinstance(item, str):
            problems += [problem.under(at) for problem in string_problems(item)]
        else:
            problems.append(Problem(at, "not-a-string", f"metadata values are strings, got {_kind(item)}"))
    RuleViolation.raise_for(problems)
    return dict(value)


def _optional(cls: Any) -> bool:
    args = typing.get_args(cls)
    return typing.get_origin(cls) in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args


def _optional_structure_factory(converter: cattrs.Converter) -> Callable[[Any], Callable[[Any, type], Any]]:
    def factory(cls: Any) -> Callable[[Any, type], Any]:
        (inner,) = [arg for arg in typing.get_args(cls) if arg is not type(None)]
        structure_inner = converter.get_structure_hook(inner)

        def structure(value: Any, _: type) -> Any:
            # An optional key is left out when it has no value; null is not the same thing.
            if value is None:
                raise _wrong("null-not-allowed", "null is not allowed here: leave the key out instead")
            return structure_inner(value, inner)

        return structure

    return factory


def _homogeneous_tuple(cls: Any) -> bool:
    args = typing.get_args(cls)
    return typing.get_origin(cls) is tuple and len(args) == 2 and args[1] is Ellipsis


#: Arrays of these are bounded by the contract's limits (a price catalog lists thousands of models, unbounded).
BOUNDED_ITEMS = {
    EquityGrant: MAX_ITEMS,
    OneTimePayment: LIST_LIMITS["one_time"],
    Allowance: LIST_LIMITS["allowances"],
    Benefit: LIST_LIMITS["benefits"],
    VestingSegment: MAX_SEGMENTS,
    Tranche: MAX_TRANCHES,
}


def _tuple_structure_factory(converter: cattrs.Converter) -> Callable[[Any], Callable[[Any, type], Any]]:
    def factory(cls: Any) -> Callable[[Any, type], Any]:
        item = typing.get_args(cls)[0]
        as_list: Any = list[item]  # type: ignore[valid-type]
        most = BOUNDED_ITEMS.get(item)

        def structure(value: Any, _: type) -> tuple[Any, ...]:
            # cattrs would iterate any iterable, so a string or an object would pass.
            if not isinstance(value, list):
                raise _wrong("not-an-array", f"expected an array, got {_kind(value)}")
            # Counted before any item is built: 300,000 empty grants fit in a megabyte.
            if most is not None and len(value) > most:
                raise _wrong("too-many-items", f"this array has {len(value):,} items; the most is {most}")
            return tuple(converter.structure(value, as_list))

        return structure

    return factory


@attrs.frozen
class Prebuilt:
    """A model object built already, standing where its JSON object was in data given to the structure hooks.

    Validation builds the parts of a document that the schema layer found no
    error in on the trusted route (:mod:`tokencomp.codec.build`), and structures
    the rest through the hooks, which take such a part as it is: the detailed
    hooks then only explain what is wrong. A document never holds one.

    Attributes:
        built: The object, of the very class the hook structures.

    >>> from tokencomp import Money, Salary
    >>> structure_as({"rate": Prebuilt(Money("9.50", "EUR")), "period": "hour"}, Salary).rate
    Money(amount=Decimal('9.50'), currency='EUR')
    """

    built: Any


def _missing_together(cls: type[Any], value: dict[str, Any]) -> list[Problem]:
    """The keys *value* lacks that its class requires with another it gives (``REQUIRED_WITH``)."""
    required_with: dict[str, tuple[str, ...]] = getattr(cls, "REQUIRED_WITH", {})
    return [
        Problem(f"/{name}", "missing-key", f"{name} is required when {key} is given")
        for key, names in required_with.items()
        if key in value
        for name in names
        if name not in value
    ]


def _attrs_structure_factory(converter: cattrs.Converter) -> Callable[[type[Any]], Callable[[Any, type], Any]]:
    def factory(cls: type[Any]) -> Callable[[Any, type], Any]:
        renamed: dict[str, Any] = {
            a.name: override(
                rename=a.metadata.get("json"), struct_hook=_structure_prose if a.metadata.get("prose") else None
            )
            for a in attrs.fields(cls)
            if "json" in a.metadata or a.metadata.get("prose")
        }
        generated = make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True, **renamed)

        def structure(value: Any, _: type) -> Any:
            if not isinstance(value, dict):
                if type(value) is Prebuilt and type(value.built) is cls:
                    return value.built
                raise _wrong("not-an-object", f"expected an object, got {_kind(value)}")
            try:
                return generated(value, cls)
            except cattrs.ClassValidationError as exc:
                # The constructor, which says which keys go together (a uniform schedule's duration, cliff
                # and frequency), was not reached: say it here too, beside what stopped it.
                missing = _missing_together(cls, value)
                if not missing:
                    raise
                raise cattrs.ClassValidationError(exc.message, [*exc.exceptions, RuleViolation(missing)], cls) from None

        return structure

    return factory


def _attrs_unstructure_factory(converter: cattrs.Converter) -> Callable[[type[Any]], Callable[[Any], Any]]:
    def factory(cls: type[Any]) -> Callable[[Any], Any]:
        # Leave out only what the document did not give (None): nothing else is dropped,
        # so every valid document comes back as it was sent.
        overrides: dict[str, Any] = {
            a.name: override(omit_if_default=a.default is None, rename=a.metadata.get("json"))
            for a in attrs.fields(cls)
            if a.init
        }
        generated = make_dict_unstructure_fn(cls, converter, **overrides)
        # A field the class works out from another when it is left out (a grant's units, from its grant value)
        # is written only when that other is absent: the document comes back as it was sent.
        derived = [
            (a.metadata.get("json", a.name), a.metadata["worked_out_from"])
            for a in attrs.fields(cls)
            if "worked_out_from" in a.metadata
        ]
        if not derived:
            return generated

        def unstructure_given(value: Any) -> Any:
            data = generated(value)
            for key, source in derived:
                if getattr(value, source) is not None:
                    del data[key]
            return data

        return unstructure_given

    return factory


def make_converter(*, detailed_validation: bool = True, bounded_digits: bool = True) -> cattrs.Converter:
    """Return a new converter between the model and JSON-ready Python data.

    Decimals are written as strings and read only from strings; dates are ISO
    strings; unknown keys are errors; ``None`` fields are left out.

    Args:
        detailed_validation: Collect every structuring error with its place
            (for reports); ``False`` stops at the first, which is faster.
        bounded_digits: Hold decimal strings to the offer contract's 15
            digits before the point and 12 after; ``False`` reads a price
            catalog, whose prices keep every digit their source gave.

    >>> from tokencomp import make_converter
    >>> converter = make_converter()
    >>> from tokencomp import Money
    >>> converter.unstructure(Money("1.50", "USD"))
    {'amount': '1.50', 'currency': 'USD'}
    """
    converter = cattrs.Converter(detailed_validation=detailed_validation, forbid_extra_keys=True)
    converter.register_structure_hook(Decimal, _structure_decimal if bounded_digits else _structure_source_decimal)
    converter.register_structure_hook(datetime.date, _structure_date)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(enum.Enum, _structure_enum)
    # A StrEnum is also a str: name it so that the str hook does not take it.
    converter.register_structure_hook(enum.StrEnum, _structure_enum)
    converter.register_structure_hook_func(lambda t: t == dict[str, str], _structure_metadata)
    converter.register_structure_hook_factory(_optional, _optional_structure_factory(converter))
    converter.register_structure_hook_factory(_homogeneous_tuple, _tuple_structure_factory(converter))
    converter.register_structure_hook_factory(attrs.has, _attrs_structure_factory(converter))
    converter.register_unstructure_hook_factory(attrs.has, _attrs_unstructure_factory(converter))
    # Fixed-point, as the decimal-string pattern wants: str() would write 0.0000001 as "1E-7".
    converter.register_unstructure_hook(Decimal, lambda value: format(value, "f"))
    converter.register_unstructure_hook(datetime.date, datetime.date.isoformat)
    return converter


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not allowed in JSON documents")


#: The most digits a JSON integer is converted from: Python's own bound on converting text to int.
MAX_INTEGER_TEXT = 4300


class _NumberTooLong(ValueError):
    """A JSON integer longer than any figure, refused on its length, before it is converted."""


def _bounded_int(text: str) -> int:
    # Counted before int() runs: a longer one costs time to convert and fails in Python's own words.
    if len(text) > MAX_INTEGER_TEXT:
        raise _NumberTooLong(
            f"a number of {len(text.lstrip('-')):,} digits; no figure has more than {MAX_INTEGER_TEXT:,}"
        )
    return int(text)


class _Object(dict[str, Any]):
    """A parsed JSON object that repeated some of its keys (the last value is kept)."""

    repeated: list[str]


def _find_repeated(document: Any) -> Iterator[Problem]:
    # Iterative, not recursive: a document may nest deeper than Python's stack.
    stack: list[tuple[str, Any]] = [("", document)]
    while stack:
        pointer, value = stack.pop()
        if isinstance(value, dict):
            for key in getattr(value, "repeated", ()):
                yield Problem(
                    f"{pointer}/{escape_pointer_token(key)}",
                    "duplicate-key",
                    f"the key {key!r} appears more than once in this object; keep one",
                )
            stack += [(f"{pointer}/{escape_pointer_token(k)}", v) for k, v in value.items()]
        elif isinstance(value, list):
            stack += [(f"{pointer}/{i}", v) for i, v in enumerate(value)]


def decode_utf8(data: bytes | bytearray) -> str:
    """Return JSON bytes as text: UTF-8 only, as RFC 8259 wants between systems.

    Strict UTF-8 refuses CESU-8's encoded surrogates and Latin-1's lone high
    bytes; a NUL byte, which JSON text never holds, is how UTF-16 and UTF-32
    without a byte order mark show (with one, the first bytes are not UTF-8).

    Raises:
        InvalidOfferError: ``invalid-utf8`` at the pointer ``""``.

    >>> decode_utf8('{"id": "café"}'.encode())
    '{"id": "café"}'
    >>> decode_utf8('{"id": "x"}'.encode("utf-16-le"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tokencomp.errors.InvalidOfferError: invalid offer: /: the document is not UTF-8 text: it has NUL bytes, ...
    """
    if b"\x00" in data:
        message = "it has NUL bytes, as UTF-16 or UTF-32 text does: save it as UTF-8"
    else:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            message = str(exc)
    raise InvalidOfferError([Problem("", "invalid-utf8", f"the document is not UTF-8 text: {message}")])


def parse_json(data: bytes | bytearray | str) -> Any:
    """Parse JSON text with every number as an exact :class:`~decimal.Decimal` or int.

    A leading UTF-8 byte order mark is ignored, as RFC 8259 allows; any other
    encoding (UTF-16, CESU-8's surrogate bytes, Latin-1) is refused.

    Raises:
        InvalidOfferError: The text is not UTF-8 (``invalid-utf8``), not JSON
            or has ``NaN``/``Infinity`` (``invalid-json``), nests more than
            :data:`~tokencomp.model.limits.MAX_DEPTH` levels (``too-deep``, checked
            before parsing), or repeats a key in an object (``duplicate-key``,
            at the key's pointer).

    >>> from tokencomp import parse_json
    >>> parse_json('{"amount": 120000.5}')
    {'amount': Decimal('120000.5')}
    """
    text = decode_utf8(data) if isinstance(data, bytes | bytearray) else data
    check_depth(text)
    repeated = False

    def keep_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal repeated
        result = dict(pairs)
        if len(result) == len(pairs):
            return result
        repeated = True
        marked = _Object(result)
        marked.repeated = sorted(key for key, count in collections.Counter(k for k, _ in pairs).items() if count > 1)
        return marked

    try:
        value = json.loads(
            text.removeprefix("\ufeff"),
            parse_float=Decimal,
            parse_int=_bounded_int,
            parse_constant=_reject_constant,
            object_pairs_hook=keep_repeats,
        )
    except json.JSONDecodeError as exc:
        raise InvalidOfferError([Problem("", "invalid-json", _not_json_message(text, exc))]) from None
    except _NumberTooLong as exc:
        raise InvalidOfferError([Problem("", "too-many-digits", str(exc))]) from None
    except ValueError as exc:
        raise InvalidOfferError([Problem("", "invalid-json", f"not valid JSON: {exc}")]) from None
    if repeated:
        raise InvalidOfferError(sorted(_find_repeated(value), key=lambda p: p.pointer))
    return value


def _not_json_message(text: str, error: json.JSONDecodeError) -> str:
    """Say why *text* is not JSON in words for what it most likely is: empty, CSV, or a slip at a place."""
    content = text.removeprefix("\ufeff").strip()
    if not content:
        return 'the document is empty: a document is one JSON object, such as {"schema_version": "1", ...}'
    first_line = content.split("\n", 1)[0]
    if content[0] not in "{[" and "," in first_line:
        return (
            "this looks like CSV (comma-separated values), not JSON: a document is one JSON object, "
            'such as {"schema_version": "1", ...}'
        )
    # A document on one line (as each line of JSON Lines is) has no line of its own to name:
    # the reader names the file's line, and the column is enough here.
    where = f"line {error.lineno}, column {error.colno}" if "\n" in text.strip() else f"column {error.colno}"
    if error.msg == "Extra data":
        return (
            f"not valid JSON: more text after the end of the first JSON value, at {where}: "
            "a document is one JSON value (many documents go one a line, as JSON Lines)"
        )
    return f"not valid JSON: {error.msg} at {where}"


def _nearest_key(key: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """The allowed key closest to *key*, if one is close; remembered for short keys (long ones are rare)."""
    return _remembered_nearest_key(key, allowed) if len(key) <= 64 else tuple(close_matches(key, allowed, n=1))


@functools.lru_cache(maxsize=1024)  # bounded (short keys only) and thread-safe: a file's misspelt keys repeat
def _remembered_nearest_key(key: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(close_matches(key, allowed, n=1))


def unknown_key_problem(pointer: str, key: str, allowed: list[str], *, guess: bool = True) -> Problem:
    """The problem of an unknown *key* at *pointer* (its object's), naming the closest allowed key.

    Without *guess*, no closest key is looked for: an object of many unknown
    keys gets the guess for its first ``MAX_KEYS`` only, so that the time it
    takes grows with the document, not with the time a guess takes.

    >>> unknown_key_problem("/token_budget", "vest", ["allowance", "vests", "portable"]).message
    "unknown key 'vest'; did you mean 'vests'? The keys allowed here are: allowance, vests, portable"
    """
    near = _nearest_key(key, tuple(allowed)) if guess else []
    hint = f"; did you mean {near[0]!r}? The keys" if near else "; the keys"
    return Problem(
        f"{pointer}/{escape_pointer_token(key)}",
        "unknown-key",
        f"unknown key {key!r}{hint} allowed here are: {', '.join(allowed)}",
    )


def problems_from(error: BaseException, pointer: str = "") -> list[Problem]:
    """Turn an exception raised while structuring into problems with JSON Pointers.

    Walks cattrs' exception groups, whose notes name each attribute and
    index, down to the rules the model broke.
    """
    if isinstance(error, RuleViolation):
        return [problem.under(pointer) for problem in error.problems]
    if isinstance(error, ForbiddenExtraKeysError):
        known = [a.metadata.get("json", a.name) for a in attrs.fields(error.cl) if a.init] if error.cl else []
        return [
            unknown_key_problem(pointer, key, known, guess=index < MAX_KEYS)
            for index, key in enumerate(sorted(error.extra_fields))
        ]
    if isinstance(error, BaseExceptionGroup):
        problems = []
        for sub in error.exceptions:
            where = pointer
            for note in getattr(sub, "__notes__", ()):
                if isinstance(note, AttributeValidationNote):
                    where = f"{pointer}/{escape_pointer_token(note.name)}"
                elif isinstance(note, IterableValidationNote):
                    where = f"{pointer}/{note.index}"
            problems += problems_from(sub, where)
        return problems
    if isinstance(error, KeyError):
        name = pointer.rsplit("/", 1)[-1]
        return [Problem(pointer, "missing-key", f"{name} is required here")]
    return [Problem(pointer, "invalid-value", str(error))]


@functools.cache
def _shared_converter() -> cattrs.Converter:
    # Built once and never changed afterwards: callers who want to change hooks
    # make their own with make_converter().
    return make_converter()


def structure_as(data: Any, cls: type[T], converter: cattrs.Converter | None = None) -> T:
    """Build a model object of type *cls* (an offer, a posting, ...) from parsed JSON data.

    Raises:
        InvalidDocumentError: With every problem the model found, each with its
            pointer: an :class:`~tokencomp.errors.InvalidOfferError` for an
            offer, an :class:`~tokencomp.errors.InvalidPostingError` for a posting.

    >>> from tokencomp import Money, structure_as
    >>> structure_as({"amount": "1.50", "currency": "EUR"}, Money)
    Money(amount=Decimal('1.50'), currency='EUR')
    """
    try:
        if converter is None:
            # The shared converter's hooks type every value exactly: the constructors need not check again.
            result: T = trusted(_shared_converter().structure, data, cls)
            return result
        return converter.structure(data, cls)
    except (cattrs.BaseValidationError, RuleViolation) as exc:
        # Each kind of document names its own error (Offer.DOCUMENT_ERROR, ...), so the codec
        # need not import the document classes; any other model object gets the neutral one.
        error: type[InvalidDocumentError] = getattr(cls, "DOCUMENT_ERROR", InvalidDocumentError)
        raise error(problems_from(exc)) from None


def unstructure(value: Any, converter: cattrs.Converter | None = None) -> Any:
    """Return a model object (an offer, a summary, ...) as JSON-ready data.

    >>> from tokencomp import Money, unstructure
    >>> unstructure(Money("375000.00", "USD"))
    {'amount': '375000.00', 'currency': 'USD'}
    """
    if converter is None:
        # The shared converter's hooks are known: a function generated once per class gives the same data.
        return unstructure_with(value, _shared_converter())
    return converter.unstructure(value)


def dumps(value: Any, *, indent: int | None = None) -> str:
    """Write a model object (an offer, a summary, ...) as JSON text in the contract's form.

    Fields the document did not give are left out, so a valid document comes
    back as it was sent. The text is compact (no spaces after ``,`` and
    ``:``); *indent* writes one value a line, indented by that many spaces.
    Control and bidi characters and lone surrogates in a value are written
    as ``\\uXXXX`` escapes (:func:`~tokencomp._internal.escaping.json_text`): the same
    data, nothing a terminal acts on, and always encodable as UTF-8.

    >>> import json
    >>> from tokencomp import dumps
    >>> text = ('{"schema_version": "1", "id": "x", "effective_date": "2026-01-01", "currency": "USD", '
    ...         '"salary": {"rate": {"amount": "375000.00", "currency": "USD"}, "period": "year"}}')
    >>> from tokencomp import loads
    >>> json.loads(dumps(loads(text))) == json.loads(text)
    True
    >>> dumps(loads(text).salary.rate)
    '{"amount":"375000.00","currency":"USD"}'
    """
    return encode(unstructure(value), indent=indent)
