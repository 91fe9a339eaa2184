"""Read the records of a large JSON file one at a time, in bounded memory.

An HR system's export is one JSON document: a page ``{"results": [...]}``
or a bare array. :func:`json_records` walks its outer object and the array
named by a key, and hands each record on as its own JSON text (with the
file's line it starts on), so the importer parses it exactly, with
:func:`~tokencomp.codec.parse_json`, and memory holds one record at a time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import IO, Any

from ..errors import SourceError

__all__ = ["json_records"]

_SPACE = re.compile(r"[ \t\n\r]*")
_CHUNK = 1 << 16
#: The longest value read, in characters: a record is a few kilobytes; a file with a longer value is refused
#: there, so a value of a gigabyte (or a stream that never ends) is never held whole.
MAX_VALUE_CHARACTERS = 1 << 20


def _finder() -> json.JSONDecoder:
    # Only to find where a value ends: the record itself is parsed again by parse_json.
    return json.JSONDecoder(parse_float=Decimal, parse_int=int)


class _Reader:
    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.buffer = ""
        self.pos = 0
        self.lines_before = 0  # lines in the text already dropped from the buffer
        self.eof = False
        self.finder = _finder()

    def more(self, at_least: int = _CHUNK) -> bool:
        if self.eof:
            return False
        text = self.stream.read(max(at_least, _CHUNK))
        if not text:
            self.eof = True
            return False
        self.lines_before += self.buffer.count("\n", 0, self.pos)
        self.buffer = self.buffer[self.pos :] + text
        self.pos = 0
        return True

    def line(self) -> int:
        return self.lines_before + self.buffer.count("\n", 0, self.pos) + 1

    def peek(self) -> str:
        """The next character that is not white space; "" at the end."""
        while True:
            self.pos = _SPACE.match(self.buffer, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self.more():
                return ""

    def take(self, expected: str, what: str) -> None:
        found = self.peek()
        if found != expected:
            shown = repr(found) if found else "the end of the file"
            raise SourceError(f"not the JSON expected: {what} at line {self.line()}, found {shown}")
        self.pos += 1

    def value(self) -> str:
        """The text of the next JSON value; the buffer grows until it holds the whole value."""
        self.peek()
        while True:
            try:
                _, end = self.finder.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as exc:
                if len(self.buffer) - self.pos > MAX_VALUE_CHARACTERS:
                    raise SourceError(
                        f"the value at line {self.line()} is more than {MAX_VALUE_CHARACTERS:,} characters, "
                        "longer than any record: not read"
                    ) from None
                if self.more(len(self.buffer)):
                    continue
                line = self.lines_before + self.buffer.count("\n", 0, exc.pos) + 1
                raise SourceError(f"not valid JSON: {exc.msg} at line {line}") from None
            # A number may go on in the text not read yet: the value ends only where something follows it.
            if end == len(self.buffer) and self.more(len(self.buffer)):
                continue
            text = self.buffer[self.pos : end]
            self.pos = end
            return text


def _array(reader: _Reader) -> Iterator[tuple[int, int, str]]:
    reader.take("[", "an array")
    if reader.peek() == "]":
        reader.pos += 1
        return
    index = 0
    while True:
        reader.peek()
        line = reader.line()
        yield index, line, reader.value()
        index += 1
        if reader.peek() == ",":
            reader.pos += 1
            continue
        reader.take("]", "',' or ']' after a record")
        return


def json_records(stream: IO[str], key: str) -> Iterator[tuple[int, int, str]]:
    """Yield (index, line, JSON text) for each record of *stream*: the array under *key*, or a bare array.

    Raises:
        SourceError: The text is not JSON, or not an object with a *key* array, or not an array.

    >>> import io
    >>> list(json_records(io.StringIO('{"next": null, "results": [{"a": 1.5},\\n {"a": 2}]}'), "results"))
    [(0, 1, '{"a": 1.5}'), (1, 2, '{"a": 2}')]
    """
    reader = _Reader(stream)
    if reader.peek() == "\ufeff":
        reader.pos += 1
    first = reader.peek()
    if first == "[":
        yield from _array(reader)
    elif first == "{":
        reader.pos += 1
        found = False
        while reader.peek() != "}":
            name: Any = json.loads(reader.value())
            if not isinstance(name, str):
                raise SourceError(f"not valid JSON: a key that is not a string at line {reader.line()}")
            reader.take(":", "':' after a key")
            if name == key and reader.peek() == "[":
                found = True
                yield from _array(reader)
            else:
                reader.value()
            if reader.peek() != ",":
                break
            reader.pos += 1
        reader.take("}", "',' or '}' after a value")
        if not found:
            raise SourceError(f"no {key!r} array: give the response object as the API returns it, or an array")
    else:
        shown = repr(first) if first else "an empty file"
        raise SourceError(f"not the JSON expected: an object with a {key!r} array or an array, found {shown}")
    if reader.peek():
        raise SourceError(f"more text after the end of the JSON document at line {reader.line()}")
