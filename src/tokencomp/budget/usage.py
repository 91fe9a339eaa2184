"""Usage records from AI gateways: a plain CSV, or LiteLLM's spend logs; each bad record reported.

Both readers stream: they yield one :class:`UsageRecord` or
:class:`~tokencomp.codec.sources.RejectedRecord` at a time and hold one record (a line of CSV or JSON
Lines, an element of a JSON array) in memory, however large the file. A bad
record is never dropped silently and never stops the rest: it is yielded as a
:class:`~tokencomp.codec.sources.RejectedRecord` with its line (CSV, JSON Lines) or index (JSON array)
and every reason, so that it is kept out of every total and still reported.

Numbers are read from their decimal text, never through a binary float:
LiteLLM's ``spend`` of ``0.000123`` is ``Decimal('0.000123')``.

Files come in through :mod:`tokencomp.codec.sources`, by the offer reader's
limits: UTF-8 (a UTF-16 file is refused, named as such), a record of at most
1 MiB, JSON at most 32 levels deep with no repeated key and no ``NaN``,
numbers whose digits are counted before they are converted, names and models
checked as an offer's strings, dates within the contract's 1900 to 2199. A
record that breaks one is rejected with its line or index; the file is
refused (:class:`~tokencomp.errors.SourceError`) only when it is not a usage
file at all, which its first record (or a CSV's header) shows. A record is
one line: a CSV's quoting error stays in the line it is on.
"""

from __future__ import annotations

import csv
import datetime
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

import attrs

from ..codec.sources import (
    MAX_RECORD_CHARACTERS,
    JsonScanner,
    RejectedRecord,
    parse_record,
    shown,
    split_lines,
    text_chunks,
    text_problems,
)
from ..errors import InvalidDocumentError, Problem, RuleViolation, SourceError
from ..model.limits import MAX_COUNT, MAX_INTEGER_DIGITS, count_problems, date_problems, string_problems
from ..model.money import Money, to_decimal

__all__ = [
    "CSV_COLUMNS",
    "MAX_RECORD_CHARACTERS",
    "UsageRecord",
    "read_litellm_spend",
    "read_usage",
    "read_usage_csv",
]

#: The columns a usage CSV must have, in any order; ``cached_input_tokens``
#: and ``cost,currency`` are optional.
CSV_COLUMNS = ("date", "person", "model", "input_tokens", "output_tokens")

#: The most digits a cost may have after its point: a LiteLLM spend is a float's shortest text, such as
#: 2.9999999999999997e-06 (22 after the point); a figure of more is no price anyone paid.
MAX_COST_FRACTION_DIGITS = 30
#: The keys of a LiteLLM spend log entry: the first entry of a spend log has at least one.
LITELLM_KEYS = frozenset({"request_id", "startTime", "endTime", "model", "user", "end_user", "prompt_tokens",
                          "completion_tokens", "total_tokens", "spend", "call_type", "api_key"})  # fmt: skip

_WHOLE = re.compile(r"[0-9]+")
_DECIMAL_TEXT = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]{1,6})?")


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
        problems = [problem.under("/date") for problem in date_problems(self.date)]
        for name in ("person", "model"):
            value = getattr(self, name)
            if not value:
                problems.append(Problem(f"/{name}", "empty-string", f"{name} must not be empty"))
            # Names and models reach terminals and pages: held to an offer's strings' rules.
            problems += [problem.under(f"/{name}") for problem in string_problems(value)]
        for name in ("input_tokens", "output_tokens", "cached_input_tokens"):
            if getattr(self, name) < 0:
                problems.append(Problem(f"/{name}", "negative-tokens", f"{name} must not be negative"))
            problems += [problem.under(f"/{name}") for problem in count_problems(getattr(self, name), MAX_COUNT)]
        if self.cost is not None and self.cost.amount.is_signed():
            problems.append(Problem("/cost", "negative-amount", "cost must not be negative"))
        RuleViolation.raise_for(problems)

    @property
    def tokens(self) -> int:
        """The record's input, cached input and output tokens, added up."""
        return self.input_tokens + self.cached_input_tokens + self.output_tokens


def _tokens(name: str, value: object, problems: list[Problem], *, required: bool = True) -> int:
    if value is None or value == "":
        if required:
            problems.append(Problem(f"/{name}", "missing-field", f"{name} is missing"))
        return 0
    if isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
        text = value.strip().lstrip("0") or "0"
        # Counted before it is converted: 5,000 digits are no count of tokens, and int() would fail on them.
        if len(text) > len(str(MAX_COUNT)):
            problems.append(Problem(f"/{name}", "above-maximum", f"{name} has {len(text):,} digits; {_AT_MOST}"))
            return 0
        value = int(text)
    if type(value) is int and value >= 0:
        if value > MAX_COUNT:
            problems.append(Problem(f"/{name}", "above-maximum", f"{name} has {len(str(value)):,} digits; {_AT_MOST}"))
            return 0
        return value
    problems.append(Problem(f"/{name}", "bad-tokens", f"{name} {shown(value)} is not a whole number of tokens"))
    return 0


_AT_MOST = f"a record has at most {MAX_COUNT:,} tokens of each kind (offer-v1 limits)"


def _date(name: str, value: object, problems: list[Problem]) -> datetime.date | None:
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(f"/{name}", "missing-field" if not value else "bad-date", f"{name} is missing"))
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            day = datetime.date.fromisoformat(text)
        else:
            # A time stamp's own day, in its own offset: the day the gateway logged.
            day = datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        problems.append(Problem(f"/{name}", "bad-date", f"{name} {shown(value)} is not an ISO date such as 2026-01-20"))
        return None
    outside = [problem.under(f"/{name}") for problem in date_problems(day)]
    problems += outside
    return None if outside else day


def _cost(name: str, value: object, currency: object, problems: list[Problem]) -> Money | None:
    if value is None or value == "":
        if currency not in (None, ""):
            message = f"currency {shown(currency)} is given without a {name}"
            problems.append(Problem(f"/{name}", "missing-field", message))
        return None
    text = value.strip() if isinstance(value, str) else value
    if isinstance(text, str) and (len(text) > 64 or not _DECIMAL_TEXT.fullmatch(text)):
        problems.append(Problem(f"/{name}", "bad-cost", f"{name} {shown(value)} is not a decimal amount"))
        return None
    try:
        amount = to_decimal(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        problems.append(Problem(f"/{name}", "bad-cost", f"{name} {shown(value)} is not a decimal amount"))
        return None
    # Bounded before any arithmetic: 1e308 or 1e-999999 would make figures of a million digits.
    _, digits, exponent = amount.as_tuple()
    assert isinstance(exponent, int)  # to_decimal refuses NaN and infinities
    if len(digits) + exponent > MAX_INTEGER_DIGITS or -exponent > MAX_COST_FRACTION_DIGITS:
        message = (
            f"{name} {shown(value)} has too many digits: a cost has at most {MAX_INTEGER_DIGITS} before the point "
            f"and {MAX_COST_FRACTION_DIGITS} after it"
        )
        problems.append(Problem(f"/{name}", "too-many-digits", message))
        return None
    if not isinstance(currency, str) or not currency:
        problems.append(Problem("/currency", "missing-field", f"{name} {shown(value)} is given without its currency"))
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


def _too_long(what: str) -> Problem:
    return Problem("", "too-large", f"{what} is more than {MAX_RECORD_CHARACTERS:,} characters, longer than any "
                   "usage record; not read")  # fmt: skip


def _csv_cells(line: str) -> list[str]:
    """The cells of one line of CSV; a quote that does not close within the line is this line's error alone.

    Raises:
        csv.Error: The line is not CSV (an open quote, text after a closing one, a cell beyond the csv module's limit).
    """
    return next(csv.reader([line], strict=True), [])


def read_usage_csv(lines: Iterable[str], source: str | None = None) -> Iterator[UsageRecord | RejectedRecord]:
    """Read usage from CSV text with a header row, one record a line.

    The header names ``date,person,model,input_tokens,output_tokens`` in any
    order, optionally ``cached_input_tokens`` and ``cost,currency`` (what was
    paid, in that currency); other columns are ignored. Each line is a
    record, or a rejection naming its line: a quoted cell cannot go on to
    the next line, so a stray quote spoils only the line it is on. *lines*
    are lines of text, with or without their line breaks.

    Raises:
        SourceError: The header lacks a required column (the file is not a usage CSV).

    >>> from tokencomp import read_usage_csv
    >>> rows = ["date,person,model,input_tokens,output_tokens,cost,currency",
    ...         "2026-01-20,ada,gpt-4o,1000,200,0.0045,USD", "2026-01-21,ada,gpt-4o,many,200,,"]
    >>> good, bad = read_usage_csv(rows)
    >>> good.cost, bad.where, bad.problems[0].code
    (Money(amount=Decimal('0.0045'), currency='USD'), 'line 3', 'bad-tokens')
    """
    yield from _csv(((number, line.rstrip("\r\n")) for number, line in enumerate(lines, 1)), source)


def _csv(lines: Iterable[tuple[int, str | None]], source: str | None) -> Iterator[UsageRecord | RejectedRecord]:
    header: list[str] | None = None
    for number, line in lines:
        if line is not None and not line.strip():
            continue  # a blank line holds no record
        problems = [] if line is None else text_problems(line)
        cells: list[str] = []
        if line is None:
            problems.append(_too_long(f"line {number}"))
        elif not problems:
            try:
                cells = _csv_cells(line)
            except csv.Error as exc:
                problems.append(Problem("", "not-csv", f"this line is not CSV: {exc}"))
        if header is None:
            header = _header(cells, problems)
            continue
        if len(cells) > len(header):
            message = f"{len(cells)} cells under a header of {len(header)} columns (a comma inside an unquoted cell?)"
            problems.append(Problem("", "not-csv", message))
        if problems:
            yield RejectedRecord(tuple(problems), line=number, source=source)
            continue
        row = dict(zip(header, cells, strict=False))
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
        yield _build(fields, problems, line=number, source=source)


def _header(cells: list[str], problems: list[Problem]) -> list[str]:
    """The columns of a usage CSV's first line.

    Raises:
        SourceError: The line cannot be read, or lacks a required column: the file is not a usage CSV.
    """
    header = [name.strip() for name in cells]
    missing = [name for name in CSV_COLUMNS if name not in header]
    if problems or missing:
        why = "; ".join(p.message for p in problems) or f"its header has no {', '.join(missing)}"
        raise SourceError(
            f"this is not a usage CSV: {why} (its first line names the columns {','.join(CSV_COLUMNS)}, in any order)"
        )
    return header


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
    model = entry.get("model") or ""
    if not isinstance(model, str):
        problems.append(Problem("/model", "not-a-string", f"model {shown(model)} is not a string"))
    return {
        "date": _date("startTime", entry.get("startTime"), problems),
        "person": person if isinstance(person, str) else "",
        "model": model if isinstance(model, str) else "",
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
        metadata = _entry(metadata, "the metadata", [])  # by the offer reader's rules, as the entry was
    if isinstance(metadata, dict):
        for part in ("additional_usage_values", "usage_object"):
            usage = metadata.get(part)
            if isinstance(usage, dict) and usage.get("cache_read_input_tokens") is not None:
                return f"metadata/{part}/cache_read_input_tokens", usage["cache_read_input_tokens"]
    return "cache_read_input_tokens", entry.get("cache_read_input_tokens")


def _entry(text: str | None, what: str, problems: list[Problem]) -> object:
    """One entry's JSON, parsed by the offer reader's rules; its problems added to *problems*."""
    if text is None:
        problems.append(_too_long(what))
        return None
    try:
        return parse_record(text)
    except InvalidDocumentError as exc:
        problems += exc.problems
        return None


#: What spoils one entry of a spend log, not the file: an object too deep, with a key twice, a huge number.
_ENTRY_PROBLEMS = frozenset({"too-deep", "duplicate-key", "too-many-digits", "invalid-utf8"})


def _first_entry(text: str | None, entry: object, problems: list[Problem], what: str) -> None:
    """Refuse a file whose first entry shows it is no spend log: not a JSON object, or one of no LiteLLM key.

    An object that breaks a limit (too deep, a key twice, a number of 5,000
    digits, a byte that is not UTF-8) is a bad entry of a spend log, rejected alone.

    Raises:
        SourceError: Saying what was found and what a spend log holds.
    """
    if isinstance(entry, dict) and LITELLM_KEYS.intersection(entry):
        return
    an_object = text is not None and text.lstrip().startswith("{")
    if an_object and problems and all(p.code in _ENTRY_PROBLEMS for p in problems):
        return
    if problems or not isinstance(entry, dict):
        found = "; ".join(p.message for p in problems) or f"JSON {shown(entry)}"
        said = f"{what} is not a JSON object ({found})"
    elif "schema_version" in entry:
        said = f"{what} is an offer document (tokencomp validate reads those)"
    else:
        said = f"{what} has none of its keys (such as startTime, model, user, prompt_tokens, spend)"
    raise SourceError(
        f"this is not a LiteLLM spend log: {said}; a spend log is a JSON array of entries, or one entry a line"
    )


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
    (and its line in JSON Lines); an entry that is not JSON is rejected
    alone, and a JSON array broken between entries is rejected from the
    break on, since nothing after it can be placed.

    Raises:
        SourceError: The file is not a spend log: not UTF-8 text, or its first entry is not a JSON object
            with a key of LiteLLM's.
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
    yield from _spend(JsonScanner(text_chunks(data)), source)


def _rest_lines(scanner: JsonScanner) -> Iterator[tuple[int, str | None]]:
    """The lines of the text the scanner has not read yet, numbered as the file's lines."""
    offset = scanner.line() - 1
    rest = scanner.buffer[scanner.pos :]
    for number, line in split_lines(itertools.chain([rest], scanner.chunks)):
        yield offset + number, line


def _spend(scanner: JsonScanner, source: str | None) -> Iterator[UsageRecord | RejectedRecord]:
    if scanner.peek() == "[":
        yield from _array(scanner, source)
        return
    index = 0
    for number, line in _rest_lines(scanner):
        if line is not None and not line.strip():
            continue
        problems: list[Problem] = []
        entry = _entry(line, f"line {number}", problems)
        if index == 0:
            _first_entry(line, entry, problems, f"its first line (line {number})")
        fields = _litellm_record(entry, problems, source) if not problems else {}
        yield _build(fields, problems, line=number, index=index, source=source)
        index += 1


def _array(scanner: JsonScanner, source: str | None) -> Iterator[UsageRecord | RejectedRecord]:
    scanner.take("[", "an array")
    if scanner.peek() == "]":
        scanner.pos += 1
        return
    index = 0
    while True:
        line = scanner.line()
        problems: list[Problem] = []
        text = scanner.value()
        entry = _entry(text, f"entry {index} (line {line})", problems)
        if index == 0:
            _first_entry(text, entry, problems, f"its first entry (line {line})")
        fields = _litellm_record(entry, problems, source) if not problems else {}
        yield _build(fields, problems, index=index, source=source)
        index += 1
        follows = scanner.peek()
        if follows == ",":
            scanner.pos += 1
            continue
        if follows == "]":
            scanner.pos += 1
            if scanner.peek():
                message = f"text after the end of the array, at line {scanner.line()}; not read"
                yield RejectedRecord((Problem("", "invalid-json", message),), index=index, source=source)
            return
        said = f"found {follows!r} at line {scanner.line()}" if follows else "the file ends first"
        message = f"expected ',' or ']' after entry {index - 1}, {said}; the rest of the array was not read"
        yield RejectedRecord((Problem("", "invalid-json", message),), index=index, source=source)
        return


def read_usage(
    data: bytes | str | IO[bytes] | IO[str], source: str | None = None
) -> Iterator[UsageRecord | RejectedRecord]:
    """Read a usage file of either kind: LiteLLM spend logs when it starts with ``[`` or ``{``, else CSV.

    A file object is read a chunk at a time, so a file of any size is read in bounded memory.

    Raises:
        SourceError: The file is not a usage file: not UTF-8 text (UTF-16 is named as such), a CSV
            without the usage columns, or JSON whose first entry is not a spend log's.

    >>> from tokencomp import read_usage
    >>> [record.model for record in read_usage(b'{"startTime": "2026-02-03", "model": "gpt-4o", "user": "ada", '
    ...                                        b'"prompt_tokens": 10, "completion_tokens": 5, "spend": 0.0001}')]
    ['gpt-4o']
    """
    scanner = JsonScanner(text_chunks(data))
    first = scanner.peek()
    if not first:
        return  # nothing but white space: no records
    if first in ("[", "{"):
        yield from _spend(scanner, source)
    else:
        yield from _csv(_rest_lines(scanner), source)
