"""Read the records of a large JSON file one at a time, in bounded memory.

An HR system's export is one JSON document: a page ``{"results": [...]}``
or a bare array. :func:`json_records` walks its outer object and the array
named by a key, and hands each record on as its own JSON text (with the
file's line it starts on), so the importer parses it exactly, with
:func:`~tokencomp.codec.converter.parse_json`, and memory holds one record at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from ..codec.sources import MAX_RECORD_CHARACTERS, JsonScanner, parse_record, text_chunks
from ..errors import InvalidDocumentError, SourceError

__all__ = ["MAX_VALUE_CHARACTERS", "json_records"]

#: The longest value read, in characters (a record is a few kilobytes). A longer one is passed over, never
#: held whole, and rejected; the offer reader's limit, :data:`~tokencomp.codec.sources.MAX_RECORD_CHARACTERS`.
MAX_VALUE_CHARACTERS = MAX_RECORD_CHARACTERS
#: Read this much at a time (tests make it small to put chunk boundaries everywhere).
_CHUNK = 1 << 16


def _array(reader: JsonScanner) -> Iterator[tuple[int, int, str | None]]:
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


def _checked(text: str | None, what: str) -> object:
    """A value of the response outside its records, parsed as strictly as a record is.

    Raises:
        SourceError: It is not JSON by the offer reader's rules (``NaN``, too deep, a repeated key, ...).
    """
    if text is None:
        raise SourceError(f"{what} is more than {MAX_VALUE_CHARACTERS:,} characters, longer than any record: not read")
    try:
        return parse_record(text)
    except InvalidDocumentError as exc:
        said = "; ".join(problem.message for problem in exc.problems)
        raise SourceError(f"{what} is not JSON that can be read: {said}") from None


def json_records(stream: IO[str] | IO[bytes], key: str) -> Iterator[tuple[int, int, str | None]]:
    """Yield (index, line, JSON text) for each record of *stream*: the array under *key*, or a bare array.

    A record's text is found by its brackets and quotes alone, so a record
    nested too deep, holding ``NaN`` or a number of 5,000 digits reaches the
    importer as text, for :func:`~tokencomp.codec.sources.parse_record` to refuse
    it alone; a record longer than :data:`MAX_VALUE_CHARACTERS` is ``None``,
    passed over without being held. The values beside the array are read
    as strictly as records, and a key given twice is refused: two parsers
    must not read one file two ways.

    Raises:
        SourceError: The text is not UTF-8 (UTF-16 is named), not JSON, not an object with one *key*
            array, not an array, or a value beside the records breaks the offer reader's rules.

    >>> import io
    >>> list(json_records(io.StringIO('{"next": null, "results": [{"a": 1.5},\\n {"a": 2}]}'), "results"))
    [(0, 1, '{"a": 1.5}'), (1, 2, '{"a": 2}')]
    """
    reader = JsonScanner(text_chunks(stream, _CHUNK))
    first = reader.peek()
    if first == "[":
        yield from _array(reader)
    elif first == "{":
        reader.pos += 1
        seen: set[str] = set()
        found = False
        while reader.peek() != "}":
            line = reader.line()
            if reader.peek() != '"':
                said = repr(reader.peek()) if reader.peek() else "the end of the file"
                raise SourceError(f"not valid JSON: expected a key in double quotes at line {line}, found {said}")
            name = _checked(reader.value(), f"the key at line {line}")
            if not isinstance(name, str):
                raise SourceError(f"not valid JSON: a key that is not a string at line {line}")
            if name in seen:
                raise SourceError(
                    f"the key {name!r} appears more than once in the response (again at line {line}): "
                    "two readers could take either; keep one"
                )
            seen.add(name)
            reader.take(":", "':' after a key")
            if name == key and reader.peek() == "[":
                found = True
                yield from _array(reader)
            else:
                _checked(reader.value(), f"the value of {name!r}")
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
