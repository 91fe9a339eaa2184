"""Files from other systems, taken in as warily as offers: text, lines and JSON values, one record at a time.

Usage files (a CSV, LiteLLM's spend logs) and HR exports (Merge, Finch, a
CSV of offers) come from systems tokencomp does not control. Every reader of
them takes them in through here, so that each holds to the offer contract's
limits (offer-v1, "Limits") and reads a file of any size in bounded memory:

- Text is UTF-8, with or without a byte order mark. A file in UTF-16 or
  UTF-32 is refused whole, named as such (:class:`~tokencomp.errors.SourceError`);
  a byte that is not UTF-8 spoils only the record it is in
  (:func:`text_problems`).
- Lines end in LF, CR LF or CR (:func:`split_lines`).
- A record (a line, an array entry) is at most :data:`MAX_RECORD_CHARACTERS`;
  a longer one is passed over, never held whole, and rejected by the reader.
- A JSON value is found by its brackets and quotes alone (:class:`JsonScanner`),
  never by a parser that recurses, and then parsed by
  :func:`~tokencomp.codec.converter.parse_json`, as an offer is: at most 32 levels deep,
  no repeated key, no ``NaN``, a number's digits counted before it is converted.
- Strings that reach people (names, models, ids) are checked by
  :func:`~tokencomp.model.limits.string_problems`, as an offer's are (:func:`field_problems`).
"""

from __future__ import annotations

import codecs
import io
import json
import re
from collections.abc import Iterator
from typing import IO, Any

import attrs

from ..errors import InvalidDocumentError, Problem, SourceError, escape_pointer_token
from ..model.limits import string_problems
from .converter import parse_json

__all__ = [
    "RejectedRecord",
    "CHUNK",
    "MAX_RECORD_CHARACTERS",
    "JsonScanner",
    "check_encoding",
    "field_problems",
    "parse_record",
    "shown",
    "split_lines",
    "text_chunks",
    "text_problems",
]

#: The longest record read, in characters (an offer's limit, 1 MiB); a record is a few hundred.
MAX_RECORD_CHARACTERS = 1 << 20
#: How much of a file is read at a time.
CHUNK = 1 << 16

_BREAK = re.compile(r"\r\n|\r|\n")
# Characters that are no text: the stand-ins of bytes that are not UTF-8 (U+DC80 to U+DCFF) and lone surrogates.
_NOT_TEXT = re.compile("[\ud800-\udfff]")
_SPACE = re.compile(r"[ \t\n\r]*")
# Outside a string, the characters that matter to a value's extent; inside one, up to and with its closing quote.
_STRUCTURE = re.compile(r'["\[\]{}]')
# Unrolled ("normal* (special normal*)*"): the regex engine keeps state per repetition of the group, so one
# repetition a character would cost memory in proportion to the string.
_STRING_BODY = re.compile(r'[^"\\]*(?:\\.[^"\\]*)*', re.DOTALL)
_SCALAR = re.compile(r'[^\s,\]}\[{":]*')
_SHOWN = 40
# Finds where a well-formed value ends at C speed, converting nothing (a number stays its text): the
# value is parsed again, by parse_record. A value it cannot take (too deep, broken) goes to the scan.
_FINDER = json.JSONDecoder(parse_float=str, parse_int=str, parse_constant=str)


def shown(value: object) -> str:
    """*value* as a message quotes it: its ``repr()``, cut after 40 characters, so a message stays small.

    >>> shown("x" * 100)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx… (102 characters)"
    """
    text = repr(value) if len(str(value)) <= 10 * _SHOWN else repr(str(value)[: 2 * _SHOWN])
    return text if len(text) <= _SHOWN else f"{text[: _SHOWN - 1]}… ({len(repr(value)):,} characters)"


def check_encoding(head: bytes) -> None:
    """Refuse a file whose first bytes show UTF-16 or UTF-32 (a byte order mark, NUL bytes), naming it.

    Raises:
        SourceError: Naming the encoding, and asking for UTF-8.
    """
    for name, marks in (("UTF-32", (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")), ("UTF-16", (b"\xff\xfe", b"\xfe\xff"))):
        if head.startswith(marks):
            raise SourceError(f"not UTF-8 text: the file is {name} (it starts with its byte order mark): save as UTF-8")
    # ASCII in UTF-16 or UTF-32 is every other (or three in four) byte NUL; one NUL is a bad record's, not this.
    start = head[:64]
    if start and start.count(0) * 4 >= len(start):
        raise SourceError("not UTF-8 text: it has NUL bytes, as UTF-16 or UTF-32 text does; save it as UTF-8")


def text_chunks(data: bytes | str | IO[bytes] | IO[str], chunk: int = CHUNK) -> Iterator[str]:
    """The text of *data* (bytes, text, or a file of either), a chunk at a time, without a byte order mark.

    Bytes that are not UTF-8 come through as stand-ins (Python's
    ``surrogateescape``), which :func:`text_problems` finds in the record
    that holds them: one bad byte rejects one record, not the file.

    Raises:
        SourceError: The file is UTF-16 or UTF-32 (a byte order mark, or NUL bytes at its start).

    >>> list(text_chunks(b"\\xef\\xbb\\xbfdate,person\\r\\n"))
    ['date,person\\r\\n']
    >>> list(text_chunks("a\\x00b".encode("utf-16")))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tokencomp.errors.SourceError: not UTF-8 text: the file is UTF-16 ...
    """
    if isinstance(data, str):
        yield data.removeprefix("\ufeff")
        return
    stream: IO[Any] = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    first = stream.read(chunk)
    if isinstance(first, str):
        yield first.removeprefix("\ufeff")
        while text := stream.read(chunk):
            yield text
        return
    check_encoding(first[:chunk])
    decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
    yield decoder.decode(first.removeprefix(codecs.BOM_UTF8))
    while piece := stream.read(chunk):
        yield decoder.decode(piece)
    if rest := decoder.decode(b"", final=True):
        yield rest


def text_problems(text: str) -> list[Problem]:
    """The problem of a record's text that holds bytes that are not UTF-8 (or a lone surrogate).

    >>> [p.code for p in text_problems(b"caf\\xe9".decode("utf-8", "surrogateescape"))]
    ['invalid-utf8']
    """
    found = _NOT_TEXT.search(text)
    if found is None:
        return []
    byte = ord(found.group())
    what = f"the byte 0x{byte - 0xDC00:02X}" if 0xDC80 <= byte <= 0xDCFF else f"U+{byte:04X}"
    return [
        Problem("", "invalid-utf8", f"not UTF-8 text: {what} at column {found.start() + 1}; save the file as UTF-8")
    ]


def split_lines(chunks: Iterator[str], limit: int = MAX_RECORD_CHARACTERS) -> Iterator[tuple[int, str | None]]:
    """Each line of the text in *chunks* with its number, from 1, without its line break (LF, CR LF or CR).

    A line longer than *limit* is ``None``: passed over a chunk at a time, never held whole.

    >>> list(split_lines(iter(["a\\rb\\r", "\\nc"])))
    [(1, 'a'), (2, 'b'), (3, 'c')]
    >>> list(split_lines(iter(["ok\\n", "x" * 5, "y\\nz"]), limit=4))
    [(1, 'ok'), (2, None), (3, 'z')]
    """
    buffer, number, skipping = "", 0, False
    for chunk in chunks:
        buffer += chunk
        start = 0
        for found in _BREAK.finditer(buffer):
            if found.end() == len(buffer) and found.group() == "\r":
                break  # maybe the first half of a CR LF split between two chunks
            number += 1
            line = buffer[start : found.start()]
            yield number, None if skipping or len(line) > limit else line
            skipping, start = False, found.end()
        buffer = buffer[start:]
        if len(buffer) > limit + 1:
            skipping, buffer = True, buffer[-1:] if buffer.endswith("\r") else ""
    if buffer.endswith("\r"):
        buffer = buffer[:-1]
        number += 1
        yield number, None if skipping or len(buffer) > limit else buffer
    elif buffer or skipping:
        number += 1
        yield number, None if skipping or len(buffer) > limit else buffer


def parse_record(text: str) -> Any:
    """Parse one record's JSON text by the offer reader's rules (:func:`~tokencomp.codec.converter.parse_json`).

    Raises:
        InvalidDocumentError: Every problem, at the record's pointers: not UTF-8, not JSON,
            ``NaN``, too deep, a repeated key, a number of more digits than any figure has.

    >>> parse_record('{"spend": 0.0045}')
    {'spend': Decimal('0.0045')}
    >>> parse_record('{"a": 1, "a": 2}')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tokencomp.errors.InvalidOfferError: invalid offer: /a: the key 'a' appears more than once ...
    """
    problems = text_problems(text)
    if problems:
        raise InvalidDocumentError(problems)
    return parse_json(text)


def field_problems(name: str, value: object) -> list[Problem]:
    """The problems of a string read from a file that people will see (a name, a model, an id), at ``/name``.

    The same check as an offer's strings (:func:`~tokencomp.model.limits.string_problems`):
    at most 1,000 characters, no control character, no lone surrogate.

    >>> [p.pointer + " " + p.code for p in field_problems("user", "ada\\x1b[2J")]
    ['/user control-character']
    """
    if not isinstance(value, str):
        return [Problem(f"/{escape_pointer_token(name)}", "not-a-string", f"{name} is not a string: {shown(value)}")]
    return [problem.under(f"/{escape_pointer_token(name)}") for problem in string_problems(value)]


class JsonScanner:
    """Walks JSON text that comes in chunks, a value at a time, without parsing it and in bounded memory.

    A value's end is found from its brackets and quotes alone, so a value
    nested 100,000 levels deep, a number of 5,000 digits or a ``NaN`` is
    handed on as text, for :func:`parse_record` to refuse, and the values
    after it are still read. A value longer than :data:`MAX_RECORD_CHARACTERS`
    is passed over, never held whole.

    >>> scanner = JsonScanner(iter(['[{"a": [1, 2]}, 3', '7]']))
    >>> scanner.take("[", "an array"); scanner.value(), scanner.peek()
    ('{"a": [1, 2]}', ',')
    >>> scanner.pos += 1; scanner.value()
    '37'
    """

    def __init__(self, chunks: Iterator[str], limit: int = MAX_RECORD_CHARACTERS) -> None:
        self.chunks = chunks
        self.limit = limit
        self.buffer = ""
        self.pos = 0
        self.lines_before = 0  # line breaks in the text already dropped from the buffer
        self.ended = False

    def more(self) -> bool:
        """Read the next chunk into the buffer, dropping what was read already; False at the end."""
        if self.ended:
            return False
        chunk = next(self.chunks, None)
        if chunk is None:
            self.ended = True
            return False
        self.drop(self.pos)
        self.buffer += chunk
        return True

    def drop(self, upto: int) -> None:
        self.lines_before += self.buffer.count("\n", 0, upto)
        self.buffer = self.buffer[upto:]
        self.pos -= upto

    def line(self) -> int:
        """The line of the file the next character is on, from 1."""
        return self.lines_before + self.buffer.count("\n", 0, self.pos) + 1

    def peek(self) -> str:
        """The next character that is not white space; "" at the end of the text."""
        while True:
            self.pos = _SPACE.match(self.buffer, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self.more():
                return ""

    def take(self, expected: str, what: str) -> None:
        """Step over *expected*, the next character that is not white space.

        Raises:
            SourceError: Another character is next, naming *what* was expected and the line.
        """
        found = self.peek()
        if found != expected:
            shown_found = repr(found) if found else "the end of the file"
            raise SourceError(f"not the JSON expected: {what} at line {self.line()}, found {shown_found}")
        self.pos += 1

    def value(self) -> str | None:
        """The text of the next value; ``None`` for one longer than the limit, which is passed over whole.

        At the end of the text the value is what is left, for the parser to refuse.
        """
        self.peek()
        self.drop(self.pos)
        try:
            _, end = _FINDER.raw_decode(self.buffer)
        except (ValueError, RecursionError):
            end = -1
        # Something follows a whole value (a number may go on in the text not read yet).
        if 0 < end <= self.limit and (end < len(self.buffer) or self.ended):
            self.pos = end
            return self.buffer[:end]
        end, depth, in_string, scanned, skipped = 0, 0, False, 0, False
        while True:
            end, depth, in_string, scanned = self._scan(depth, in_string, scanned)
            if end >= 0:
                break
            if scanned > self.limit:
                # Too long to hold: drop what was scanned, keep the scan's state, and go on to the value's end.
                skipped = True
                self.drop(scanned)
                self.pos, scanned = 0, 0
            if not self.more():
                end = len(self.buffer)
                break
        text = self.buffer[:end]
        self.pos = end
        return None if skipped or len(text) > self.limit else text

    def _scan(self, depth: int, in_string: bool, scanned: int) -> tuple[int, int, bool, int]:
        """Scan the value that starts the buffer from *scanned* on; its end (-1 when not yet) and the state."""
        buffer = self.buffer
        if depth == 0 and not in_string and buffer[:1] not in ('"', "[", "{"):
            match = _SCALAR.match(buffer, scanned)
            assert match is not None  # the pattern matches the empty string
            # A number may go on in the text not read yet: it ends only where something follows it.
            return (match.end() if match.end() < len(buffer) else -1), 0, False, match.end()
        position = scanned
        while True:
            if in_string:
                body = _STRING_BODY.match(buffer, position)
                assert body is not None  # the pattern matches the empty string
                if body.end() >= len(buffer) or buffer[body.end()] != '"':
                    # The string goes on past the buffer (a backslash at its end waits for what it escapes).
                    return -1, depth, True, body.end()
                position, in_string = body.end() + 1, False
                if depth == 0:
                    return position, 0, False, position
                continue
            mark = _STRUCTURE.search(buffer, position)
            if mark is None:
                return -1, depth, False, len(buffer)
            position = mark.end()
            character = mark.group()
            if character == '"':
                in_string = True
            elif character in "[{":
                depth += 1
            else:
                depth -= 1
                if depth <= 0:
                    return position, 0, False, position


@attrs.frozen
class RejectedRecord:
    """A record of a file from outside kept out of every result, with where it is and why: one type for
    usage files and spend logs (kept out of every total) and for imports (not made an offer).

    Attributes:
        problems: Every reason, each with the field's pointer.
        line: The line of the file (CSV, JSON Lines).
        index: The place in the file, from 0 (JSON arrays and JSON Lines; an import's records).
        source: The file, when known.
        reason: Why, in one sentence for people: the problems' messages by default; an importer says it
            in the source's own words (a CSV names its column).

    >>> from tokencomp import Problem, RejectedRecord
    >>> rejected = RejectedRecord((Problem("/date", "bad-date", "'May 1' is not a date"),), line=3)
    >>> rejected.where, rejected.reason
    ('line 3', "/date: 'May 1' is not a date")
    """

    problems: tuple[Problem, ...]
    line: int | None = None
    index: int | None = None
    source: str | None = None
    reason: str = attrs.field(default=attrs.Factory(lambda self: _said(self.problems), takes_self=True))

    @property
    def where(self) -> str:
        """Where the record is, for people, such as ``line 3`` or ``usage.csv, index 2`` (the file when known)."""
        place = f"line {self.line}" if self.line is not None else f"index {self.index}"
        return f"{self.source}: {place}" if self.source else place


def _said(problems: tuple[Problem, ...]) -> str:
    """The problems' messages in one sentence, each after its pointer."""
    return "; ".join(f"{p.pointer}: {p.message}" if p.pointer else p.message for p in problems)
