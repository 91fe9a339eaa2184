"""Usage records from AI gateways: a plain CSV, or LiteLLM's spend logs; each bad record reported.

Both readers stream: they yield one :class:`UsageRecord` or
:class:`RejectedRecord` at a time and hold one record (a line of CSV or JSON
Lines, an element of a JSON array) in memory, however large the file. A bad
record is never dropped silently and never stops the rest: it is yielded as a
:class:`RejectedRecord` with its line (CSV, JSON Lines) or index (JSON array)
and every reason, so that it is kept out of every total and still reported.

Numbers are read from their decimal text, never through a binary float:
LiteLLM's ``spend`` of ``0.000123`` is ``Decimal('0.000123')``.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import itertools
import json
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import IO, Any

import attrs

from .errors import Problem, RuleViolation
from .money import Money, to_decimal

__all__ = [
    "CSV_COLUMNS",
    "MAX_RECORD_CHARACTERS",
    "RejectedRecord",
    "UsageRecord",
    "read_litellm_spend",
    "read_usage",
    "read_usage_csv",
]

#: The columns a usage CSV must have, in any order; ``cached_input_tokens``
#: and ``cost,currency`` are optional.
CSV_COLUMNS = ("date", "person", "model", "input_tokens", "output_tokens")

#: The longest line (CSV, JSON Lines) or JSON array entry read, in characters. A usage record is a few
#: hundred; a file with a longer one is cut there, so a line of a gigabyte is never held whole.
MAX_RECORD_CHARACTERS = 1 << 20

_CHUNK = 1 << 16
_SPACE = "\ufeff \t\r\n"


@attrs.frozen
class UsageRecord:
    """What one person used on one day, as a gateway logged it.

    Attributes:
        date: The day of the use.
        person: Who used it, as the offers name people (``metadata.person``, else the offer's id).
        model: The model used.
        input_tokens: Input tokens not read from a cache.
        output_tokens: Output tokens.
        cached_input_tokens: Input tokens read from a cache.
        cost: What the employer paid for it, when the log says; exact.
        line: The line of the file it came from (CSV, JSON Lines).
        index: Its place in the file, from 0 (JSON arrays and JSON Lines).
        source: The file it came from, when known.

    >>> import datetime
    >>> from tokencomp import UsageRecord
    >>> UsageRecord(datetime.date(2026, 1, 20), "ada", "gpt-4o", 1000, 200).cached_input_tokens
    0
    >>> UsageRecord(datetime.date(2026, 1, 20), "", "gpt-4o", -1, 0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tokencomp.errors.RuleViolation: /person: person must not be empty; /input_tokens: ...
    """

    date: datetime.date
    person: str
    model: str
    input_tokens: int = 0
    output_tokens: int = 0
    cached_input_tokens: int = 0
    cost: Money | None = None
    line: int | None = None
    index: int | None = None
    source: str | None = None

    def __attrs_post_init__(self) -> None:
        problems = [Problem(f"/{name}", "empty-string", f"{name} must not be empty")
                    for name in ("person", "model") if not getattr(self, name)]  # fmt: skip
        for name in ("input_tokens", "output_tokens", "cached_input_tokens"):
            if getattr(self, name) < 0:
                problems.append(Problem(f"/{name}", "negative-tokens", f"{name} must not be negative"))
        if self.cost is not None and self.cost.amount.is_signed():
            problems.append(Problem("/cost", "negative-amount", "cost must not be negative"))
        RuleViolation.raise_for(problems)

    @property
    def tokens(self) -> int:
        """The record's input, cached input and output tokens, added up."""
        return self.input_tokens + self.cached_input_tokens + self.output_tokens


@attrs.frozen
class RejectedRecord:
    """A record kept out of every total, with where it is and why.

    Attributes:
        problems: Every reason, each with the field's pointer.
        line: The line of the file (CSV, JSON Lines).
        index: The place in the file, from 0 (JSON arrays and JSON Lines).
        source: The file, when known.

    >>> from tokencomp import Problem, RejectedRecord
    >>> rejected = RejectedRecord((Problem("/date", "bad-date", "'May 1' is not a date"),), line=3)
    >>> rejected.where
    'line 3'
    """

    problems: tuple[Problem, ...]
    line: int | None = None
    index: int | None = None
    source: str | None = None

    @property
    def where(self) -> str:
        """Where the record is, for people, such as ``line 3`` or ``usage.csv, index 2`` (the file when known)."""
        place = f"line {self.line}" if self.line is not None else f"index {self.index}"
        return f"{self.source}: {place}" if self.source else place


def _tokens(name: str, value: object, problems: list[Problem], *, required: bool = True) -> int:
    if value is None or value == "":
        if required:
            problems.append(Problem(f"/{name}", "missing-field", f"{name} is missing"))
        return 0
    text = value.strip() if isinstance(value, str) else value
    if isinstance(text, str) and text.isdigit():
        return int(text)
    if isinstance(text, int) and not isinstance(text, bool) and text >= 0:
        return text
    problems.append(Problem(f"/{name}", "bad-tokens", f"{name} {value!r} is not a whole number of tokens"))
    return 0


def _date(name: str, value: object, problems: list[Problem]) -> datetime.date | None:
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(f"/{name}", "missing-field" if not value else "bad-date", f"{name} is missing"))
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            return datetime.date.fromisoformat(text)
        # A time stamp's own day, in its own offset: the day the gateway logged.
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        problems.append(Problem(f"/{name}", "bad-date", f"{name} {value!r} is not an ISO date such as 2026-01-20"))
        return None


def _cost(name: str, value: object, currency: object, problems: list[Problem]) -> Money | None:
    if value is None or value == "":
        if currency not in (None, ""):
            problems.append(Problem(f"/{name}", "missing-field", f"currency {currency!r} is given without a {name}"))
        return None
    try:
        amount = to_decimal(value.strip() if isinstance(value, str) else value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        problems.append(Problem(f"/{name}", "bad-cost", f"{name} {value!r} is not a decimal amount"))
        return None
    if not isinstance(currency, str) or not currency:
        problems.append(Problem("/currency", "missing-field", f"{name} {value} is given without its currency"))
        return None
    try:
        return Money(amount, currency.strip())
    except RuleViolation as exc:
        problems += exc.problems
        return None


def _build(fields: Mapping[str, Any], problems: list[Problem], **where: Any) -> UsageRecord | RejectedRecord:
    """A record from parsed *fields*, or the rejection that lists *problems* and the model's own."""
    if not problems:
        try:
            return UsageRecord(**fields, **where)
        except RuleViolation as exc:
            problems = list(exc.problems)
    return RejectedRecord(tuple(problems), **where)


def read_usage_csv(lines: Iterable[str], source: str | None = None) -> Iterator[UsageRecord | RejectedRecord]:
    """Read usage from CSV text with a header row, one record a row.

    The header names ``date,person,model,input_tokens,output_tokens`` in any
    order, optionally ``cached_input_tokens`` and ``cost,currency`` (what was
    paid, in that currency); other columns are ignored. Each row is a record,
    or a rejection naming its line.

    Raises:
        RuleViolation: The header lacks a required column (the file is not a usage CSV).

    >>> from tokencomp import read_usage_csv
    >>> rows = ["date,person,model,input_tokens,output_tokens,cost,currency",
    ...         "2026-01-20,ada,gpt-4o,1000,200,0.0045,USD", "2026-01-21,ada,gpt-4o,many,200,,"]
    >>> good, bad = read_usage_csv(rows)
    >>> good.cost, bad.where, bad.problems[0].code
    (Money(amount=Decimal('0.0045'), currency='USD'), 'line 3', 'bad-tokens')
    """
    reader = csv.DictReader(iter(lines))
    if reader.fieldnames is None:
        return  # an empty file holds no records
    header = [name.strip() for name in reader.fieldnames]
    missing = [name for name in CSV_COLUMNS if name not in header]
    if missing:
        message = (
            f"{source or 'the file'} is not a usage CSV: its header has no {', '.join(missing)} "
            f"(it needs {','.join(CSV_COLUMNS)})"
        )
        RuleViolation.raise_for([Problem("", "not-usage-csv", message)])
    reader.fieldnames = header
    for row in _rows(reader, source):
        problems: list[Problem] = []
        fields = {
            "date": _date("date", row.get("date"), problems),
            "person": (row.get("person") or "").strip(),
            "model": (row.get("model") or "").strip(),
            "input_tokens": _tokens("input_tokens", row.get("input_tokens"), problems),
            "output_tokens": _tokens("output_tokens", row.get("output_tokens"), problems),
            "cached_input_tokens": _tokens("cached_input_tokens", row.get("cached_input_tokens"), problems,
                                           required=False),
            "cost": _cost("cost", row.get("cost"), row.get("currency"), problems),
        }  # fmt: skip
        yield _build(fields, problems, line=reader.line_num, source=source)


def _rows(reader: csv.DictReader[str], source: str | None) -> Iterator[dict[str, str]]:
    """The rows of *reader*; a quoted field longer than the csv module reads is the file's error, not a crash."""
    try:
        yield from reader
    except csv.Error as exc:
        where = f"line {reader.line_num + 1}" + (f" of {source}" if source else "")  # the line it failed to finish
        RuleViolation.raise_for([Problem("", "too-large", f"{where} cannot be read as CSV: {exc}")])


def _too_long(number: int, source: str | None) -> RuleViolation:
    where = f"line {number}" + (f" of {source}" if source else "")
    message = f"{where} is more than {MAX_RECORD_CHARACTERS:,} characters, longer than any usage record; not read"
    return RuleViolation([Problem("", "too-large", message)])


def _litellm_record(entry: object, problems: list[Problem], source: str | None = None) -> dict[str, Any]:
    if not isinstance(entry, dict):
        problems.append(Problem("", "not-an-object", "a spend log entry is a JSON object"))
        return {}
    if _is_daily_summary(entry):
        raise RuleViolation([Problem("", "spend-daily-summary", f"{source or 'the file'} {_DAILY_SUMMARY}")])
    prompt = _tokens("prompt_tokens", entry.get("prompt_tokens"), problems)
    # LiteLLM's prompt_tokens already hold the tokens read from a cache: price those once, as cached.
    name, found = _cache_reads(entry)
    cached = _tokens(name, found, problems, required=False)
    if cached > prompt:
        problems.append(Problem(f"/{name}", "bad-tokens", "more cached tokens than prompt_tokens"))
    output = _tokens("completion_tokens", entry.get("completion_tokens"), problems)
    spend = entry.get("spend")
    # LiteLLM logs a spend of 0 when it has no price for the model: that is no cost, not a free request.
    known = spend is not None and not (spend == 0 and prompt + output > 0)
    person = entry.get("user") or entry.get("end_user") or ""
    if not isinstance(person, str) or not person:
        problems.append(Problem("/user", "missing-field", "the entry names no user (nor end_user)"))
    return {
        "date": _date("startTime", entry.get("startTime"), problems),
        "person": person if isinstance(person, str) else "",
        "model": str(entry.get("model") or ""),
        "input_tokens": max(prompt - cached, 0),
        "output_tokens": output,
        "cached_input_tokens": cached,
        "cost": _cost("spend", spend, "USD", problems) if known else None,
    }


_DAILY_SUMMARY = (
    "is LiteLLM's daily spend summary (/spend/logs with a date range: startTime, spend, users, models), "
    "which has no tokens: ask /spend/logs with summarize=false, or /spend/logs/v2, for one row a request"
)


def _is_daily_summary(entry: Mapping[str, Any]) -> bool:
    """Whether *entry* is a day of ``/spend/logs``' summary: its totals by user and model, and no tokens."""
    summary = isinstance(entry.get("users"), dict) and isinstance(entry.get("models"), dict)
    return summary and "prompt_tokens" not in entry and "request_id" not in entry


def _cache_reads(entry: Mapping[str, Any]) -> tuple[str, object]:
    """Where a spend-log row keeps its cache reads, as a pointer without its slash, and the value there.

    LiteLLM writes them into the row's ``metadata`` (an object, or its JSON
    text): ``additional_usage_values.cache_read_input_tokens``, else the
    provider's ``usage_object``; a top-level ``cache_read_input_tokens``
    (written by hand or by other tools) is read last.
    """
    metadata = entry.get("metadata")
    if isinstance(metadata, str):
        metadata = _decode(metadata, [])
    if isinstance(metadata, dict):
        for part in ("additional_usage_values", "usage_object"):
            usage = metadata.get(part)
            if isinstance(usage, dict) and usage.get("cache_read_input_tokens") is not None:
                return f"metadata/{part}/cache_read_input_tokens", usage["cache_read_input_tokens"]
    return "cache_read_input_tokens", entry.get("cache_read_input_tokens")


def _text_chunks(data: bytes | str | IO[bytes] | IO[str]) -> Iterator[str]:
    if isinstance(data, str):
        yield data
        return
    if isinstance(data, bytes):
        yield data.decode("utf-8")
        return
    decoder = codecs.getincrementaldecoder("utf-8")()
    while chunk := data.read(_CHUNK):
        yield chunk if isinstance(chunk, str) else decoder.decode(chunk)
    yield decoder.decode(b"", final=True)


_DECODER = json.JSONDecoder(parse_float=Decimal)


def _decode(text: str, problems: list[Problem]) -> object:
    try:
        return _DECODER.decode(text)
    except ValueError as exc:
        problems.append(Problem("", "invalid-json", f"not JSON: {exc}"))
        return None


def read_litellm_spend(
    data: bytes | str | IO[bytes] | IO[str], source: str | None = None
) -> Iterator[UsageRecord | RejectedRecord]:
    """Read LiteLLM spend logs, as its ``/spend/logs`` API returns them: a JSON array, or JSON Lines.

    Each entry's ``user`` (else ``end_user``) is the person, ``startTime``
    the date, ``prompt_tokens`` and ``completion_tokens`` the tokens, and
    ``spend`` (US dollars) the cost. ``prompt_tokens`` include cached tokens:
    when the row's ``metadata`` says how many (where LiteLLM writes them,
    ``additional_usage_values.cache_read_input_tokens``, else
    ``usage_object.cache_read_input_tokens``), they are priced once, as
    cached. A ``spend`` of 0 for a request with tokens is LiteLLM's "no
    price" and counts as no recorded cost. A rejected entry names its index
    (and its line in JSON Lines); a JSON array broken mid-way is rejected
    from the break on, since nothing after it can be placed.

    Raises:
        RuleViolation: The file is ``/spend/logs``' daily summary (its
            default answer to a date range), which has no tokens
            (``spend-daily-summary``).

    >>> from tokencomp import read_litellm_spend
    >>> log = b'''[{"request_id": "r1", "startTime": "2026-01-20T09:30:00Z", "model": "gpt-4o",
    ...   "user": "ada", "prompt_tokens": 1200, "completion_tokens": 300, "spend": 0.0060},
    ...  {"request_id": "r2", "startTime": "2026-01-20", "model": "gpt-4o", "user": "ada",
    ...   "prompt_tokens": -5, "completion_tokens": 0, "spend": 0}]'''
    >>> good, bad = read_litellm_spend(log)
    >>> good.cost.amount, bad.where, bad.problems[0].pointer
    (Decimal('0.0060'), 'index 1', '/prompt_tokens')
    """
    yield from _spend(_text_chunks(data), source)


def _head(chunks: Iterator[str]) -> tuple[str, Iterator[str]]:
    """The first character that is not white space (or ""), and every chunk of the text from it on."""
    buffer = ""
    for chunk in chunks:
        buffer += chunk
        if buffer.lstrip(_SPACE):
            break
        if len(buffer) > MAX_RECORD_CHARACTERS:
            buffer = ""  # white space only so far: nothing to keep, however much of it there is
    buffer = buffer.removeprefix("\ufeff")
    return buffer.lstrip(_SPACE)[:1], itertools.chain([buffer], chunks)


def _spend(chunks: Iterator[str], source: str | None) -> Iterator[UsageRecord | RejectedRecord]:
    first, chunks = _head(chunks)
    if first == "[":
        text = next(chunks).lstrip(_SPACE)[1:]
        yield from _array(text, chunks, source)
        return
    lines = enumerate(_split_lines(chunks, source), 1)
    for index, (number, line) in enumerate((n, t) for n, t in lines if t.strip()):
        problems: list[Problem] = []
        entry = _decode(line, problems)
        fields = _litellm_record(entry, problems, source) if not problems else {}
        yield _build(fields, problems, line=number, index=index, source=source)


def _split_lines(chunks: Iterator[str], source: str | None = None) -> Iterator[str]:
    """The lines of text that comes in *chunks*, without their line breaks, one in memory at a time.

    Raises:
        RuleViolation: A line is longer than :data:`MAX_RECORD_CHARACTERS` (``too-large``).
    """
    buffer, number = "", 0
    for chunk in chunks:
        *complete, buffer = (buffer + chunk).split("\n")
        for line in complete:
            number += 1
            if len(line) > MAX_RECORD_CHARACTERS:
                raise _too_long(number, source)
            yield line
        if len(buffer) > MAX_RECORD_CHARACTERS:
            raise _too_long(number + 1, source)
    if buffer:
        yield buffer


def _array(buffer: str, chunks: Iterator[str], source: str | None) -> Iterator[UsageRecord | RejectedRecord]:
    index, position, ended = 0, 0, False

    def more() -> bool:
        nonlocal buffer, position, ended
        chunk = next(chunks, None)
        if chunk is None:
            ended = True
            return False
        buffer, position = buffer[position:] + chunk, 0
        return True

    def skip_space() -> str:
        nonlocal position
        while True:
            while position < len(buffer) and buffer[position] in " \t\r\n":
                position += 1
            if position < len(buffer) or not more():
                return buffer[position : position + 1]

    while True:
        if skip_space() == "]" and index == 0:
            return
        while True:
            try:
                entry, end = _DECODER.raw_decode(buffer, position)
                break
            except ValueError as exc:
                if len(buffer) - position > MAX_RECORD_CHARACTERS:
                    message = (
                        f"entry longer than {MAX_RECORD_CHARACTERS:,} characters; the rest of the array was not read"
                    )
                    yield RejectedRecord((Problem("", "too-large", message),), index=index, source=source)
                    return
                if more():
                    continue
                problem = Problem("", "invalid-json", f"not JSON ({exc}); the rest of the array was not read")
                yield RejectedRecord((problem,), index=index, source=source)
                return
        position = end
        problems: list[Problem] = []
        yield _build(_litellm_record(entry, problems, source), problems, index=index, source=source)
        index += 1
        follows = skip_space()
        if follows == "]":
            return
        if follows != ",":
            problem = Problem("", "invalid-json", "expected ',' or ']' after the entry; the rest was not read")
            yield RejectedRecord((problem,), index=index, source=source)
            return
        position += 1
        if skip_space() == "":
            return


def read_usage(
    data: bytes | str | IO[bytes] | IO[str], source: str | None = None
) -> Iterator[UsageRecord | RejectedRecord]:
    """Read a usage file of either kind: LiteLLM spend logs when it starts with ``[`` or ``{``, else CSV.

    A file object is read a chunk at a time, so a file of any size is read in bounded memory.

    >>> from tokencomp import read_usage
    >>> [record.model for record in read_usage(b'{"startTime": "2026-02-03", "model": "gpt-4o", "user": "ada", '
    ...                                        b'"prompt_tokens": 10, "completion_tokens": 5, "spend": 0.0001}')]
    ['gpt-4o']
    """
    first, chunks = _head(_text_chunks(data))
    if not first:
        return  # nothing but white space: no records
    if first in ("[", "{"):
        yield from _spend(chunks, source)
    else:
        yield from read_usage_csv(_split_lines(chunks, source), source)
