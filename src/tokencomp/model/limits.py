"""The contract's limits: how big a document and each of its values may be.

Payroll figures are large but not unbounded, and a validator that accepts
anything can be made to crash or hang (offer-v1, "Limits"). Every bound
here is checked on both ways into the model: by the codec's hooks for
documents and by ``tokencomp.model.arguments`` for public constructors; the
JSON Schema states those it can say (:mod:`tokencomp.codec.schema`).

==========================================  ======================  ==================
limit                                       problem code            pointer
==========================================  ======================  ==================
15 digits before the point, 12 after        ``too-many-digits``     the figure's
``units``, ``tokens`` at most 10^15         ``above-maximum``       the number's
months at most 600                          ``above-maximum``       the number's
dates from 1900-01-01 to 2199-12-31         ``date-out-of-range``   the date's
strings of at most 1,000 characters         ``too-long``            the string's
no control characters (C0, DEL, C1)         ``control-character``   the string's
no unpaired surrogates                      ``unpaired-surrogate``  the string's
``metadata`` of at most 100 keys            ``too-many-keys``       ``/metadata``
``equity`` of at most 100 grants            ``too-many-items``      ``/equity``
UTF-8 only                                  ``invalid-utf8``        ``""``
at most 1 MiB                               ``too-large``           ``""``
nesting at most 32 levels                   ``too-deep``            ``""``
==========================================  ======================  ==================

>>> decimal_problems(Decimal("1234567890123456.5"))[0].code
'too-many-digits'
>>> [p.code for p in string_problems("Staff\\x1b[31m Engineer")]
['control-character']
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from ..errors import InvalidOfferError, Problem

__all__ = [
    "EARLIEST_DATE",
    "LATEST_DATE",
    "LIST_LIMITS",
    "MAX_COUNT",
    "MAX_DEPTH",
    "MAX_FRACTION_DIGITS",
    "MAX_INTEGER_DIGITS",
    "MAX_ITEMS",
    "MAX_KEYS",
    "MAX_MONTHS",
    "MAX_PROSE_LENGTH",
    "MAX_STRING_LENGTH",
    "check_depth",
    "count_problems",
    "date_problems",
    "decimal_problems",
    "decimal_text_problems",
    "string_problems",
]

#: Digits a decimal may have before its point, and after it.
MAX_INTEGER_DIGITS = 15
MAX_FRACTION_DIGITS = 12
#: The largest ``units`` of a grant and ``tokens`` of a budget.
MAX_COUNT = 10**15
#: The largest number of months (``duration_months``, ``cliff_months``, ``sign_on_clawback_months``).
MAX_MONTHS = 600
#: The dates a document may carry.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2199, 12, 31)
#: Characters in one string (code points, not UTF-16 units or bytes).
MAX_STRING_LENGTH = 1000
#: Characters in prose (a job posting's description, paragraphs with line breaks).
MAX_PROSE_LENGTH = 20_000
#: Keys of ``metadata``; grants of ``equity`` (and entries of a posting's lists).
MAX_KEYS = 100
MAX_ITEMS = 100
#: The lists version 1.1 adds, each with the most items it may have.
LIST_LIMITS = {"one_time": 20, "allowances": 20, "benefits": 50}
#: Arrays and objects inside one another; the document's own object is level 1.
MAX_DEPTH = 32

#: A year the contract allows, for the schema's date pattern: 1900 to 2199.
YEAR_PATTERN = "(19[0-9]{2}|2[01][0-9]{2})"
#: What a string may not hold: C0 controls, DEL, C1 controls and surrogates (which UTF-8 cannot carry alone).
#: C1 holds a terminal's control sequence introducer (U+009B) and a line break to some readers (U+0085).
FORBIDDEN_CHARACTERS = "[\\u0000-\\u001f\\u007f-\\u009f\\ud800-\\udfff]"
#: What prose may not hold: the same, but for its line breaks (LF and CR).
FORBIDDEN_IN_PROSE = "[\\u0000-\\u0009\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\ud800-\\udfff]"
#: Put in front of a decimal pattern (after its ``^``) to bound its digits, in Python and ECMA-262 alike.
DIGITS_LOOKAHEAD = f"(?!-?[0-9]{{{MAX_INTEGER_DIGITS + 1}}})(?![^.]*\\.[0-9]{{{MAX_FRACTION_DIGITS + 1}}})"

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_IN_PROSE = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_DIGITS_MESSAGE = (
    f"at most {MAX_INTEGER_DIGITS} digits before the point and {MAX_FRACTION_DIGITS} after it (offer-v1 limits)"
)


def _too_many_digits(integer_digits: int, fraction_digits: int) -> list[Problem]:
    if integer_digits <= MAX_INTEGER_DIGITS and fraction_digits <= MAX_FRACTION_DIGITS:
        return []
    return [
        Problem(
            "",
            "too-many-digits",
            f"this figure has {integer_digits:,} digits before the point and {fraction_digits:,} after; "
            f"a decimal has {_DIGITS_MESSAGE}",
        )
    ]


def decimal_text_problems(text: str) -> list[Problem]:
    """The limit a plain decimal string such as ``"-120000.50"`` breaks, counted without converting it.

    >>> [p.code for p in decimal_text_problems("0.1234567890123")], decimal_text_problems("120000.50")
    (['too-many-digits'], [])
    """
    whole, _, fraction = text.removeprefix("-").partition(".")
    return _too_many_digits(len(whole), len(fraction))


def decimal_problems(value: Decimal) -> list[Problem]:
    """The limit a finite :class:`~decimal.Decimal` breaks, counted from its exponent (cheap for any size).

    >>> decimal_problems(Decimal("1E+2")), len(decimal_problems(Decimal("1E+15")))
    ([], 1)
    """
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite: the callers refuse NaN and infinities first
    return _too_many_digits(max(len(digits) + exponent, 1), max(-exponent, 0))


def count_problems(value: int, maximum: int) -> list[Problem]:
    """The problem of a whole number above *maximum* (``MAX_COUNT`` or ``MAX_MONTHS``).

    >>> count_problems(601, MAX_MONTHS)[0].message
    'must be at most 600 (offer-v1 limits)'
    """
    if value <= maximum:
        return []
    return [Problem("", "above-maximum", f"must be at most {maximum:,} (offer-v1 limits)")]


def date_problems(value: datetime.date) -> list[Problem]:
    """The problem of a date outside 1900-01-01 … 2199-12-31.

    >>> date_problems(datetime.date(2300, 1, 1))[0].code
    'date-out-of-range'
    """
    if EARLIEST_DATE <= value <= LATEST_DATE:
        return []
    return [
        Problem(
            "",
            "date-out-of-range",
            f"{value.isoformat()} is outside the dates a document may carry, {EARLIEST_DATE} to {LATEST_DATE}",
        )
    ]


def string_problems(value: str, *, prose: bool = False) -> list[Problem]:
    """Every limit a string breaks: its length, control characters, unpaired surrogates.

    Control characters are C0 (U+0000 to U+001F), DEL and C1 (U+007F to
    U+009F). Bidirectional controls and the line and paragraph separators
    (U+2028, U+2029) are not refused here: right-to-left names need marks,
    so output keeps them from acting instead (:mod:`tokencomp._internal.escaping`).
    *prose* (a posting's description) may hold line breaks and up to
    :data:`MAX_PROSE_LENGTH` characters.

    The readers of usage files and imports call this same check on every
    string they take from outside.

    >>> [p.code for p in string_problems("\\ud800" + "x" * 1000)]
    ['too-long', 'unpaired-surrogate']
    >>> string_problems("Paragraph one.\\n\\nParagraph two.", prose=True)
    []
    >>> print(string_problems("p75\\x9b31m")[0].message)  # doctest: +NORMALIZE_WHITESPACE
    control character U+009B at position 3: strings may not hold control characters
    (U+0000 to U+001F, U+007F to U+009F)
    >>> string_problems("\\u202bדנה כהן\\u202c, Ra\\u2028nd")
    []
    """
    most = MAX_PROSE_LENGTH if prose else MAX_STRING_LENGTH
    # Most strings are short printable ASCII, which holds no control character and no surrogate.
    if len(value) <= most and value.isascii() and value.isprintable():
        return []
    problems = []
    if len(value) > most:
        problems.append(Problem("", "too-long", f"this string has {len(value):,} characters; the most is {most:,}"))
    control = (_CONTROL_IN_PROSE if prose else _CONTROL).search(value)
    if control:
        problems.append(
            Problem(
                "",
                "control-character",
                f"control character U+{ord(control.group()):04X} at position {control.start()}: "
                "strings may not hold control characters (U+0000 to U+001F, U+007F to U+009F)",
            )
        )
    if _SURROGATE.search(value):
        problems.append(
            Problem(
                "",
                "unpaired-surrogate",
                "this string holds an unpaired UTF-16 surrogate (such as \\ud800), which is not a character",
            )
        )
    return problems


# Strings (skipped whole, escapes included) and the brackets outside them.
_STRUCTURE = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)
_STRUCTURE_TEXT = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)


def _too_deep() -> InvalidOfferError:
    return InvalidOfferError(
        [
            Problem(
                "",
                "too-deep",
                f"the document nests more than {MAX_DEPTH} levels deep (arrays and objects inside one "
                "another); an offer nests 4",
            )
        ]
    )


def _check_parsed_depth(value: object) -> None:
    # Iterative: the data may nest deeper than Python's stack.
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                raise _too_deep()
            stack += [(child, depth + 1) for child in (item.values() if isinstance(item, dict) else item)]


def check_depth(data: object) -> None:
    """Refuse a document that nests deeper than ``MAX_DEPTH``, before anything recurses into it.

    *data* is JSON text (bytes or str) or data already parsed. A text with
    no more than ``MAX_DEPTH`` brackets cannot nest deeper, and is not
    scanned; otherwise the brackets outside strings are counted. Text that
    is not JSON is left for the parser to explain.

    Raises:
        InvalidOfferError: ``too-deep`` at the pointer ``""``.

    >>> check_depth(b'{"a": [[]]}')
    >>> check_depth("[" * 100_000)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tokencomp.errors.InvalidOfferError: invalid offer: /: the document nests more than 32 levels deep ...
    """
    if not isinstance(data, bytes | bytearray | str):
        _check_parsed_depth(data)
        return
    if isinstance(data, bytes | bytearray):
        if data.count(b"[") + data.count(b"{") <= MAX_DEPTH:
            return
        tokens = (match.group() for match in _STRUCTURE.finditer(data))
        opening: tuple[bytes | str, ...] = (b"[", b"{")
        closing: tuple[bytes | str, ...] = (b"]", b"}")
    else:
        if data.count("[") + data.count("{") <= MAX_DEPTH:
            return
        tokens = (match.group() for match in _STRUCTURE_TEXT.finditer(data))  # type: ignore[misc]
        opening, closing = ("[", "{"), ("]", "}")
    depth = 0
    for token in tokens:
        if token in opening:
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep()
        elif token in closing:
            depth -= 1
