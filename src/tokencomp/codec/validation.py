"""Validation: every problem in a document, each with a JSON Pointer and a code.

Two layers explain a document:

1. the JSON Schema generated from the model (:mod:`tokencomp.codec.schema`),
   with format checking for dates;
2. the domain rules the model enforces when it is built (dates that exist,
   cliff within duration, shares summing to 1, known currencies, ...).

Where both layers find a problem at the same pointer, the domain layer's
(more specific) problem is kept; otherwise every problem of both is reported.

A valid offer does not need the schema layer to say so: the domain rules
are at least as strict as the schema, once the few keys the contract
requires but the model defaults are checked, and repeated keys are
counted. So offers take a fast path first (parse, count keys, build the
model) and go through both layers only when that fails, to explain why.
``tests/test_differential.py`` checks that both paths give one verdict.
"""

from __future__ import annotations

import functools
import json
import numbers
import re
import threading
import types
import typing
import warnings
from collections.abc import Container, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

import attrs
import cattrs
import orjson
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from ..errors import InvalidDocumentError, InvalidOfferError, InvalidPostingError, Problem, escape_pointer_token
from ..model.arguments import ROUTE
from ..model.limits import MAX_ITEMS, MAX_KEYS, check_depth, decimal_text_problems, string_problems
from ..model.offer import Offer
from ..model.posting import JobPosting
from ..model.scalars import kind_of, shown
from .build import build_trusted, check_trusted
from .compiled import SchemaError, gate_validator, halved_floats, plain_text, schema_errors
from .converter import (
    DATE_PATTERN,
    DECIMAL_PATTERN,
    Prebuilt,
    make_converter,
    parse_json,
    structure_as,
    unknown_key_problem,
    unstructure,
)
from .schema import (
    CAP_PERCENT_PATTERN,
    DATE_RANGE_PATTERN,
    HOURS_PATTERN,
    NEEDS_VERSION_1_1,
    NON_NEGATIVE_PATTERN,
    POSITIVE_PATTERN,
    SCHEMAS,
    SHARE_PATTERN,
    ZERO_SHARE_PATTERN,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "ValidationReport",
    "load_offer",
    "load_posting",
    "loads",
    "structure_offer",
    "validate",
    "validate_posting",
]

#: The largest document read, in bytes (an offer is a few kilobytes), so a
#: larger one is refused before it is parsed, keeping memory and time bounded.
DEFAULT_MAX_BYTES = 1024 * 1024

_BUILDING = threading.Lock()  # a valid offer's document is built once

if TYPE_CHECKING:
    # A report built without a document (the command line's) is a plain ValidationReport: any document.
    DocumentT = TypeVar("DocumentT", default=Any)
else:  # TypeVar takes a default from Python 3.13 on; only type checkers read it
    DocumentT = TypeVar("DocumentT")


@attrs.frozen(eq=False, repr=False)
class ValidationReport(Generic[DocumentT]):
    """The outcome of validating one document.

    Generic in the document's type: :func:`validate` returns a
    ``ValidationReport[Offer]`` and :func:`validate_posting` a
    ``ValidationReport[JobPosting]``, so that a type checker (and an
    editor's completion) knows what :attr:`document` holds once it is not
    ``None``. Test the document itself, which narrows it (``valid`` says
    the same, but a type checker cannot tell): ``if report.document is not
    None:``, or ``if (offer := report.document) is not None:``.

    Attributes:
        problems: Every problem found, ordered by pointer; empty when valid.

    >>> from tokencomp import validate
    >>> report = validate(b'{"schema_version": "1"}')
    >>> report.valid, len(report.problems), report.document
    (False, 4, None)
    """

    problems: tuple[Problem, ...]
    _document: DocumentT | None = attrs.field(default=None, alias="document")
    #: A valid offer's parse, to be built on the trusted route when the document is first asked for.
    _pending: dict[str, Any] | None = attrs.field(default=None, alias="_pending", kw_only=True)

    @property
    def document(self) -> DocumentT | None:
        """The document as a model object (an offer, or a posting for :func:`validate_posting`), when it is valid.

        :func:`validate` builds a valid offer the first time it is asked for
        (from the text as parsed, on the trusted route, once whichever thread
        asks), so a caller who wants the verdict alone does not pay for the
        objects. ``None`` for an invalid document.
        """
        if self._pending is not None:
            with _BUILDING:  # once, whichever thread asks first
                pending = self._pending
                if pending is not None:
                    object.__setattr__(self, "_document", build_trusted(Offer, pending))  # a pending one is an offer
                    object.__setattr__(self, "_pending", None)
        return self._document

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ValidationReport):
            return NotImplemented
        return (self.problems, self.document) == (other.problems, other.document)

    def __hash__(self) -> int:
        return hash((self.problems, self.document))

    def __repr__(self) -> str:
        return f"ValidationReport(problems={self.problems!r}, document={self.document!r})"

    @property
    def valid(self) -> bool:
        """Whether the document is valid."""
        return not self.problems

    @property
    def offer(self) -> DocumentT | None:
        """The valid document, offer or posting, under its old name (deprecated, use :attr:`document`).

        >>> import warnings
        >>> from tokencomp import validate
        >>> with warnings.catch_warnings(record=True) as caught:
        ...     warnings.simplefilter("always")
        ...     validate(b'{"schema_version": "1"}').offer
        ...     print(caught[0].category.__name__)
        DeprecationWarning
        """
        warnings.warn(
            "ValidationReport.offer is deprecated, and holds postings too: use ValidationReport.document",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.document


@functools.cache
def _validator(schema: str) -> Draft202012Validator:
    return Draft202012Validator(SCHEMAS[schema](), format_checker=Draft202012Validator.FORMAT_CHECKER)


def _pointer(path: Any) -> str:
    return "".join(f"/{escape_pointer_token(part)}" for part in path)


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


def _problems_of(error: ValidationError | SchemaError, covered: Container[str] = ()) -> Iterator[Problem]:
    """Turn one jsonschema error into problems at the pointers people look for.

    An unknown key at a pointer in *covered* (the domain layer's, which wins) is not explained again.
    """
    at = _pointer(error.absolute_path)
    # jsonschema types these as "maybe unset"; on an error from iter_errors they are always set.
    keyword: Any = error.validator
    instance: Any = error.instance
    if "propertyNames" in error.absolute_schema_path:  # the key is wrong, not the object
        at += f"/{escape_pointer_token(instance)}"
    schema: Any = error.schema
    expected: Any = error.validator_value
    if keyword == "required":
        for key in expected:
            if key not in instance and repr(key) in error.message:
                yield Problem(f"{at}/{escape_pointer_token(key)}", "missing-key", f"{key} is required here")
    elif keyword == "dependentRequired":
        for key, needed in expected.items():
            for missing in (n for n in needed if key in instance and n not in instance):
                if repr(missing) in error.message:
                    yield Problem(f"{at}/{missing}", "missing-key", f"{missing} is required when {key} is given")
    elif keyword == "additionalProperties":
        allowed = schema.get("properties", {})
        for key in (k for k in instance if k not in allowed and f"{at}/{escape_pointer_token(k)}" not in covered):
            yield unknown_key_problem(at, key, list(allowed))
    elif keyword == "type" and expected == "string" and _is_number(instance):
        yield Problem(
            at,
            "number-not-string",
            f'send this figure as a decimal string such as "{instance}": JSON numbers lose cents',
        )
    elif keyword == "type":
        yield Problem(at, "wrong-type", f"expected {expected}, got {kind_of(instance)}")
    elif keyword == "pattern":
        yield _pattern_problem(at, instance, expected)
    elif keyword == "format":
        yield Problem(at, "no-such-date", f"{instance} is not a date that exists")
    elif keyword == "enum" and "ISO 4217" in schema.get("description", ""):
        upper = instance.upper() if isinstance(instance, str) else None
        near = [code for code in expected if code == upper]
        hint = f"; did you mean {near[0]!r}?" if near else ""
        yield Problem(at, "unknown-currency", f"{shown(instance)} is not an ISO 4217 currency code{hint}")
    elif keyword == "enum":
        choices = ", ".join(f'"{c}"' for c in expected[:12])
        more = ", ..." if len(expected) > 12 else ""
        yield Problem(at, "not-allowed", f"{shown(instance)} is not allowed here; use one of {choices}{more}")
    elif keyword == "const":
        yield Problem(at, "not-allowed", f"must be {shown(expected)}")
    elif keyword == "oneOf":
        names = [branch["required"][0] for branch in expected]
        yield Problem(at, "exactly-one-of", f"give exactly one of {', '.join(names)}")
    elif keyword == "minimum":
        yield Problem(at, "below-minimum", f"must be {expected} or more")
    elif keyword == "minLength":
        yield Problem(at, "empty-string", "must not be empty")
    elif keyword == "maximum":
        yield Problem(at, "above-maximum", f"must be at most {expected:,} (offer-v1 limits)")
    elif keyword == "maxLength":
        yield Problem(at, "too-long", f"a string has at most {expected:,} characters")
    elif keyword == "minItems":
        yield Problem(at, "empty-list", f"this array needs at least {expected} item")
    elif keyword == "maxItems":
        yield Problem(at, "too-many-items", f"this array has {len(instance):,} items; the most is {expected}")
    elif keyword == "maxProperties":
        yield Problem(at, "too-many-keys", f"this object has {len(instance):,} keys; the most is {expected}")
    elif keyword == "not" and isinstance(expected, dict) and expected.get("$comment") == _NEEDS_1_1_MARK:
        yield Problem(at, "needs-version-1.1", f'{at} is a version 1.1 key: say schema_version "1.1"')
    elif keyword == "not" and expected == {"const": "sign_on"}:
        yield Problem(at, "sign-on-twice", "a sign-on is given in bonus.sign_on already")
    elif keyword == "not" and expected == {}:  # schema.FORBIDDEN
        yield Problem(at, "not-allowed-here", "this key is not allowed here")
    elif keyword == "not" and isinstance(instance, str):  # the Text definition's forbidden characters
        yield from (problem.under(at) for problem in string_problems(instance) if problem.code != "too-long")
    elif keyword is None:  # the schema `false`: a key that may not be here
        yield Problem(at, "not-allowed-here", "this key is not allowed here")
    else:
        yield Problem(at, f"schema-{keyword}", error.message)


_NEEDS_1_1_MARK = NEEDS_VERSION_1_1["not"]["$comment"]  # a 1.1 key, or a value 1.1 adds to an enum
_DECIMAL = re.compile(DECIMAL_PATTERN)
_DATE = re.compile(DATE_PATTERN)
# Patterns that bound a decimal string: a string that is a decimal but out of bounds gets the domain layer's code.
_BOUNDED_PATTERNS = {
    NON_NEGATIVE_PATTERN: ("negative-amount", "must not be negative"),
    SHARE_PATTERN: ("share-out-of-range", "a share must be between 0 and 1"),
    POSITIVE_PATTERN: ("not-positive", "must be above zero"),
    HOURS_PATTERN: ("hours-out-of-range", "hours_per_week must be above 0 and at most 168"),
    CAP_PERCENT_PATTERN: ("cap-below-target", "cap_percent must be 100 or more"),
    ZERO_SHARE_PATTERN: (
        "cached-share-without-price",
        "the usage mix has cached input but pricing has no cached_input_per_million",
    ),
}


def _pattern_problem(at: str, value: str, pattern: str) -> Problem:
    if pattern == DATE_RANGE_PATTERN and _DATE.fullmatch(value):
        return Problem(at, "date-out-of-range", f"{value} is outside the dates a document may carry")
    if pattern == DATE_RANGE_PATTERN:
        return Problem(at, "bad-date", f'expected an ISO 8601 date such as "2026-04-01", got {value!r}')
    if _DECIMAL.fullmatch(value) and decimal_text_problems(value):
        return decimal_text_problems(value)[0].under(at)
    if pattern in _BOUNDED_PATTERNS and _DECIMAL.fullmatch(value):
        code, message = _BOUNDED_PATTERNS[pattern]
        return Problem(at, code, message)
    return Problem(
        at,
        "bad-decimal",
        f'{value!r} is not a plain decimal string: use digits with an optional "." and "-", such as "120000.50"',
    )


def _schema_problems(instance: Any, schema: str, *, reference: bool = False) -> list[Problem]:
    """The schema layer's problems: from the compiled core when it reads *instance* as the reference does.

    With *reference*, always from jsonschema (the differential tests and the fuzzer compare the two).
    """
    return [
        problem for error in _schema_errors(instance, schema, reference=reference)[0] for problem in _problems_of(error)
    ]


def _schema_errors(
    instance: Any, schema: str, *, reference: bool = False, view: Any = None
) -> tuple[list[Any], set[tuple[Any, ...]] | None]:
    """The schema layer's errors, and the first two steps of each one's path when the compiled core spoke.

    The places are for :func:`_built_parts`, which trusts the compiled core's
    "no error here" as the fast path trusts its "valid"; the reference's is
    not the same promise (its ``$`` takes a final newline), so it gives ``None``.
    *view*: *instance* as the compiled core sees it, when the text gave it
    (:func:`~tokencomp.codec.compiled.plain_text`).
    """
    errors: Any = None if reference else schema_errors(instance, schema, view=view)
    if errors is None:
        return list(_validator(schema).iter_errors(instance)), None
    errors = list(errors)
    return errors, {error.absolute_path[:2] for error in errors}


def _parse(data: bytes | bytearray | str, max_bytes: int) -> Any:
    size = len(data) if isinstance(data, bytes | bytearray) else len(data.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise InvalidOfferError(
            [Problem("", "too-large", f"the document is {size:,} bytes; the most read is {max_bytes:,}")]
        )
    return parse_json(data)


@functools.cache
def _named_keys(schema: str) -> frozenset[str]:
    """Every key a property of *schema* names, at any depth."""
    names: set[str] = set()
    stack: list[Any] = [SCHEMAS[schema]()]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            names.update(node.get("properties", {}))
            stack += node.values()
        elif isinstance(node, list):
            stack += node
    return frozenset(names)


def _first_items(instance: Any, named: frozenset[str] = frozenset()) -> Any:
    """*instance* with every array cut to ``MAX_ITEMS + 1`` items and every object to ``MAX_KEYS + 1`` keys.

    This is for the schema layer. Past the limit the count is the problem,
    said once (``maxItems``, ``maxProperties``); the items beyond would only
    repeat their predecessors' problems, and 300,000 empty grants or 70,000
    metadata keys fit in a megabyte. An object keeps every key in *named*
    (the schema's property names), so that no key it needs goes missing.
    """
    if isinstance(instance, list):
        return [_first_items(item, named) for item in instance[: MAX_ITEMS + 1]]
    if isinstance(instance, dict) and len(instance) > MAX_KEYS + 1:
        others = [key for key in instance if key not in named][: MAX_KEYS + 1]
        kept = set(others).union(key for key in instance if key in named)
        instance = {key: value for key, value in instance.items() if key in kept}
    if isinstance(instance, dict) and any(isinstance(value, list | dict) for value in instance.values()):
        return {key: _first_items(value, named) for key, value in instance.items()}
    return instance


#: The schemas that state every check the trusted route skips (``tests/test_differential.py`` holds it to them).
_TRUSTED_ROUTE_SCHEMAS = frozenset({"offer-v1"})


@functools.cache
def _parts(cls: Any) -> tuple[tuple[str, type[Any], bool], ...]:
    """The fields of *cls* that hold model objects: JSON key, class, and whether it is an array of them."""
    attrs.resolve_types(cls)
    found = []
    for field in attrs.fields(cls):
        annotation: Any = field.type
        if typing.get_origin(annotation) in (typing.Union, types.UnionType):
            annotation = next(arg for arg in typing.get_args(annotation) if arg is not type(None))
        items = typing.get_origin(annotation) is tuple
        if items:
            annotation = typing.get_args(annotation)[0]
        if field.init and attrs.has(annotation):
            found.append((field.metadata.get("json", field.name), annotation, items))
    return tuple(found)


def _prebuilt(cls: type[Any], value: Any) -> Any:
    """*value* built as a *cls* on the trusted route, or itself when that fails (the hooks explain it)."""
    if type(value) is not dict:
        return value
    try:
        return Prebuilt(build_trusted(cls, value))
    except Exception:  # any failure means: structure it the detailed way
        return value


def _built_parts(instance: Any, cls: Any, places: set[tuple[Any, ...]]) -> Any:
    """*instance* with each part of a model object that the schema layer found no error in built already.

    *places* holds the first two steps of each schema error's path. A part
    without an error is valid by the schema, and the trusted route builds it
    (running the rules the schema cannot state) as the hooks would, in a
    fraction of the time; the hooks take it as built (:class:`~tokencomp.codec.converter.Prebuilt`)
    and explain only the rest. A part the trusted route cannot build is left
    for the hooks to explain, so the problems are the same as without this.
    """
    if type(instance) is not dict:
        return instance
    wrong = {place[0] for place in places if place}
    data = instance
    for key, part, items in _parts(cls):
        value = instance.get(key)
        if items and type(value) is list and (key,) not in places:
            built: Any = [item if (key, i) in places else _prebuilt(part, item) for i, item in enumerate(value)]
        elif not items and type(value) is dict and key not in wrong:
            built = _prebuilt(part, value)
        else:
            continue
        if data is instance:
            data = dict(instance)
        data[key] = built
    return data


def _validate(
    data: Any, cls: type[Any], schema: str, max_bytes: int, *, reference: bool = False, read: _Read | None = None
) -> ValidationReport[Any]:
    """Both layers' problems of *data*, or the document.

    *read* is text *data* as the fast path read it (:func:`_fast_text`): its
    parse is :func:`~tokencomp.codec.converter.parse_json`'s when exact, once the text
    is known not to nest too deep, and a text of printable ASCII gives the
    compiled core its view without a walk. With *reference*, the schema layer
    is jsonschema's and the domain layer builds every part through the hooks:
    the way the new paths are held to.
    """
    read = None if reference else read
    try:
        floats = read is not None and read.unique and read.floats
        if read is not None and read.unique:
            check_depth(read.text)
            # orjson took the text, so it is UTF-8 without NaN; with unique keys the stdlib needs no hook.
            instance = read.parsed if not floats else json.loads(read.text, parse_float=Decimal)
        elif isinstance(data, bytes | bytearray | str):
            instance = _parse(data, max_bytes)
        else:
            check_depth(data)  # text is checked before it is parsed; data parsed elsewhere, here
            instance = data
    except InvalidDocumentError as exc:
        return ValidationReport(exc.problems)
    if reference:
        errors, places = _schema_errors(_first_items(instance, _named_keys(schema)), schema, reference=True)
    else:
        # A text of at most MAX_ITEMS commas has no array or object longer than MAX_ITEMS + 1: nothing to cut.
        whole = read is not None and read.text.count(b",") <= min(MAX_ITEMS, MAX_KEYS)
        cut = instance if whole else _first_items(instance, _named_keys(schema))
        view = None
        if whole and read is not None and read.unique and plain_text(read.text):
            view = halved_floats(read.parsed) if floats else read.parsed
        errors, places = _schema_errors(cut, schema, view=view)
        # Parts are built on the trusted route only where the schema saw all of them.
        if places is not None and schema in _TRUSTED_ROUTE_SCHEMAS and (whole or cut == instance):
            instance = _built_parts(instance, cls, places)
    try:
        document: Any = structure_as(instance, cls)
        domain_problems: list[Problem] = []
    except InvalidDocumentError as exc:
        document, domain_problems = None, list(exc.problems)
    covered = {problem.pointer for problem in domain_problems}
    schema_problems = (problem for error in errors for problem in _problems_of(error, covered))
    problems = domain_problems + [p for p in schema_problems if p.pointer not in covered]
    if problems:
        # The message breaks ties, so that the order does not depend on which schema engine spoke.
        return ValidationReport(tuple(sorted(problems, key=lambda p: (p.pointer, p.code, p.message))))
    return ValidationReport((), document)


def _document_of(report: ValidationReport[Any], error: type[InvalidDocumentError]) -> Any:
    if report.document is None:
        raise error(report.problems)
    return report.document


class _RepeatedKey(ValueError):
    """A key appears twice in one object: the full path reports where."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _RepeatedKey
    return result


@functools.cache
def _fast_converter() -> Any:
    return make_converter(detailed_validation=False)


def _holds_float(value: Any) -> bool:
    """Whether a parsed document holds a float anywhere."""
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is dict:
            stack += item.values()
        elif kind is list:
            stack += item
        elif kind is float:
            return True
    return False


def _fast_parse(raw: bytes) -> Any:
    """*raw* parsed by orjson when that is exact and keys are unique; ``None`` for anything else.

    orjson refuses a byte order mark (stripped first, as :func:`~tokencomp.codec.converter.parse_json`
    ignores it), turns integers beyond 64 bits into floats and has no Decimal: a float
    anywhere means the document is not valid (no field of the contract takes one), and it
    is left to the full path, which reads numbers exactly. Repeated keys: see :func:`_unique_keys_in`.
    """
    read = _Read.of(raw)
    return read.parsed if read is not None and read.exact else None


def _unique_keys_in(text: bytes, parsed: Any) -> bool:
    """Whether no object of JSON *text* repeats a key; *parsed* is orjson's parse of it (the last value kept).

    Every key puts exactly one ``:`` outside strings. Without a backslash
    the text's strings are the parse's, so orjson writing the parse again
    gives as many ``:`` as the text, less one a repeated key and every one
    in the values it replaced: the counts are equal exactly when no key
    repeats. An escape may spell a ``:`` (``\\u003a``): then the text is
    parsed again, strictly.
    """
    if b"\\" not in text:
        try:
            return orjson.dumps(parsed).count(b":") == text.count(b":")
        except orjson.JSONEncodeError:  # nested deeper than orjson writes: the strict parse says
            pass
    try:
        json.loads(text, object_pairs_hook=_unique_keys)
    except (ValueError, RecursionError):
        return False
    return True


class _Read(NamedTuple):
    """A text as the fast path read it, kept for the full path to explain it without reading it again."""

    #: The text's bytes, without a byte order mark.
    text: bytes
    #: orjson's parse of it.
    parsed: Any
    #: Whether no key is repeated.
    unique: bool

    @property
    def floats(self) -> bool:
        """Whether the parse holds a float (a fraction, or an integer beyond 64 bits): a walk, for the full path."""
        return _holds_float(self.parsed)

    @property
    def exact(self) -> bool:
        """Whether the parse is :func:`~tokencomp.codec.converter.parse_json`'s (no float, no repeated key)."""
        return self.unique and not self.floats

    @classmethod
    def of(cls, raw: bytes) -> _Read | None:
        """*raw* read by orjson (see :func:`_fast_parse`); ``None`` when orjson refuses it."""
        text = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            parsed = orjson.loads(text)
        except orjson.JSONDecodeError:
            return None
        return cls(text, parsed, _unique_keys_in(text, parsed))


def _fast_text(data: bytes | bytearray | str, max_bytes: int) -> _Read | None:
    """Text *data* read by orjson (:class:`_Read`); ``None`` when it is too large or orjson refuses it."""
    if isinstance(data, str):
        raw = data.encode("utf-8", "surrogatepass")
    else:
        raw = data if type(data) is bytes else bytes(data)
    if len(raw) > max_bytes:
        return None
    return _Read.of(raw)


def _gate_passed(read: _Read | None) -> dict[str, Any] | None:
    """The parse of text *read* (:func:`_fast_text`) if its keys are unique and the gate passes it.

    A float in the parse fails the gate where the contract wants text, and
    the trusted route where it wants an integer (``48.0``): no walk looks for one.
    """
    if read is None or not read.unique:
        return None
    parsed = read.parsed
    if type(parsed) is not dict or not gate_validator("offer-v1").is_valid(parsed):
        return None
    return parsed


def _fast_built(read: _Read | None) -> Offer | None:
    """The offer in text *read* (:func:`_fast_text`) if the gate and the trusted route take it."""
    parsed = _gate_passed(read)
    if parsed is None:
        return None
    try:
        return build_trusted(Offer, parsed)
    except Exception:  # any failure means: explain it the slow way
        return None


def _text_report(data: bytes | bytearray | str, max_bytes: int) -> ValidationReport[Offer]:
    """:func:`validate`'s report on text *data*: a valid offer's document is built when first asked for."""
    # Parsed once: the full path explains an invalid text from the fast path's parse when it is exact.
    read = _fast_text(data, max_bytes)
    if (parsed := _gate_passed(read)) is not None:
        try:
            check_trusted(Offer, parsed)
            return ValidationReport((), _pending=parsed)
        except Exception:  # any failure means: explain it the slow way
            pass
    return _validate(data, Offer, "offer-v1", max_bytes, read=read)


def _fast_offer(data: Any, max_bytes: int) -> Offer | None:
    """The offer in *data* if it is valid, checked on the compiled core; ``None`` for anything else.

    Text is parsed by orjson (:func:`_fast_parse`), checked against the schema by
    jsonschema-rs, and built on the trusted route (:mod:`tokencomp.codec.build`), whose objects
    run the rules the schema cannot state. Anything that fails is explained by the full
    path, so problem lists are always the reference's.
    """
    if isinstance(data, bytes | bytearray | str):
        return _fast_built(_fast_text(data, max_bytes))
    parsed = data
    if not isinstance(parsed, dict) or "schema_version" not in parsed:
        return None
    budget = parsed.get("token_budget")
    if isinstance(budget, dict) and ("vests" not in budget or "portable" not in budget):
        return None
    try:
        # arguments.trusted() written out: a call less per document is 1 % of the fast path.
        before, ROUTE.trusted = ROUTE.trusted, True
        try:
            offer: Offer = _fast_converter().structure(parsed, Offer)
        finally:
            ROUTE.trusted = before
    except Exception:  # any failure means: explain it the slow way
        return None
    return offer


def _validate_offer_fully(data: Any, max_bytes: int, *, reference: bool = False) -> ValidationReport[Offer]:
    """Both layers' problems; with *reference*, the schema layer's from jsonschema itself."""
    return _validate(data, Offer, "offer-v1", max_bytes, reference=reference)


def validate(data: bytes | bytearray | str | Any, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ValidationReport[Offer]:
    """Validate an offer document and report every problem.

    Args:
        data: JSON text (bytes or str), or data already parsed. Parsed data
            should come from a parser that keeps numbers exact (such as
            :func:`~tokencomp.codec.converter.parse_json`); a float where money belongs
            is reported all the same. An :class:`~tokencomp.model.offer.Offer`
            built in Python is checked through its JSON form: what
            :func:`~tokencomp.codec.converter.dumps` would write for it must be a valid
            document.
        max_bytes: The largest JSON text read.

    >>> from tokencomp import Offer, validate
    >>> report = validate(b'{"schema_version": "1", "id": "x", "effective_date": "2026-02-30"}')
    >>> report.valid, [(p.pointer, p.code) for p in report.problems]
    (False, [('/currency', 'missing-key'), ('/effective_date', 'no-such-date'), ('/salary', 'missing-key')])
    >>> from tokencomp import Money, Salary, SalaryPeriod
    >>> offer = Offer("x", "2026-01-01", "USD", Salary(Money("1E+5", "USD"), "year"))
    >>> report = validate(offer)
    >>> if report.document is not None:  # valid: an Offer, to a type checker too
    ...     print(report.valid, report.document == offer, report.document.salary.rate.amount)
    True True 100000
    """
    if isinstance(data, bytes | bytearray | str):
        return _text_report(data, max_bytes)
    offer = _fast_offer(data, max_bytes)
    if offer is not None:
        return ValidationReport((), offer)
    if isinstance(data, Offer):
        return validate(unstructure(data), max_bytes=max_bytes)
    return _validate_offer_fully(data, max_bytes)


def load_offer(data: bytes | bytearray | str | Any, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Offer:
    """Return the offer in *data* (JSON text or parsed data), validated by both layers.

    Raises:
        InvalidOfferError: Carrying every problem found.

    >>> from tokencomp import load_offer
    >>> load_offer(b'{"schema_version": "1", "id": "x", "effective_date": "2026-01-01", "currency": "USD", '
    ...            b'"salary": {"rate": {"amount": "100.00", "currency": "USD"}, "period": "hour"}}').id
    'x'
    """
    if isinstance(data, bytes | bytearray | str):
        read = _fast_text(data, max_bytes)
        offer = _fast_built(read)
        if offer is not None:  # valid: no report to make
            return offer
        report = _validate(data, Offer, "offer-v1", max_bytes, read=read)
    else:
        report = validate(data, max_bytes=max_bytes)
    result: Offer = _document_of(report, InvalidOfferError)
    return result


def validate_posting(
    data: bytes | bytearray | str | Any, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> ValidationReport[JobPosting]:
    """Validate a job-posting document (``job-posting-v1``) and report every problem.

    The valid posting is in the report's ``document`` attribute.

    A :class:`~tokencomp.model.posting.JobPosting` built in Python is checked
    through its JSON form, as :func:`validate` checks an offer.

    >>> from tokencomp import validate_posting
    >>> validate_posting(b'{"schema_version": "1"}').valid
    False
    """
    if isinstance(data, JobPosting):
        data = unstructure(data)
    return _validate(data, JobPosting, "job-posting-v1", max_bytes)


def load_posting(data: bytes | bytearray | str | Any, *, max_bytes: int = DEFAULT_MAX_BYTES) -> JobPosting:
    """Return the job posting in *data*, validated by both layers.

    Raises:
        InvalidPostingError: Carrying every problem found (an
            :class:`~tokencomp.errors.InvalidDocumentError`).

    >>> import importlib.resources
    >>> from tokencomp import load_posting
    >>> data = importlib.resources.files("tokencomp") / "data" / "postings" / "staff-engineer.json"
    >>> load_posting(data.read_bytes()).title
    'Staff Software Engineer'
    """
    result: JobPosting = _document_of(validate_posting(data, max_bytes=max_bytes), InvalidPostingError)
    return result


def structure_offer(data: Any, converter: cattrs.Converter | None = None) -> Offer:
    """Build an :class:`~tokencomp.model.offer.Offer` from parsed JSON data.

    It runs the model's rules only; :func:`load_offer`
    runs the JSON Schema as well.

    Raises:
        InvalidOfferError: With every problem the model found, each with its pointer.

    >>> from tokencomp import structure_offer
    >>> structure_offer({"schema_version": "1", "id": "x", "effective_date": "2026-01-01", "currency": "USD",
    ...                  "salary": {"rate": {"amount": "100.00", "currency": "USD"}, "period": "hour"}}).salary.period
    <SalaryPeriod.HOUR: 'hour'>
    """
    return structure_as(data, Offer, converter)


def loads(data: bytes | str) -> Offer:
    """Parse and build an offer from JSON text: :func:`load_offer` under its short name.

    The verdict is :func:`validate`'s on every document (the schema's rules,
    the model's and the contract's limits, text of at most ``DEFAULT_MAX_BYTES``).

    Raises:
        InvalidOfferError: The text is not JSON or not a valid offer.

    >>> from tokencomp import loads
    >>> offer = loads('''{"schema_version": "1", "id": "x", "effective_date": "2026-01-01", "currency": "USD",
    ...   "salary": {"rate": {"amount": "375000.00", "currency": "USD"}, "period": "year"}}''')
    >>> offer.salary.rate
    Money(amount=Decimal('375000.00'), currency='USD')
    """
    return load_offer(data)
