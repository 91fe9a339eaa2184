"""What commands read, within bounds: files and standard input, offers and postings (or a bundled
example), usage files and exchange-rate files.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import functools
import importlib.resources
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from ..budget.usage import UsageRecord, read_usage
from ..codec.bulk import too_large as too_large_problem
from ..codec.converter import parse_json
from ..codec.schema import SCHEMAS
from ..codec.sources import RejectedRecord
from ..codec.validation import (
    DEFAULT_MAX_BYTES,
    load_offer,
    load_posting,
)
from ..errors import (
    InvalidDocumentError,
    InvalidOfferError,
    InvalidPostingError,
    Problem,
    SourceError,
)
from ..model.offer import Offer
from ..model.posting import JobPosting
from ..reference.fx import RateTable
from ..reference.rate_files import (
    RATES_CSV_COLUMNS,
    default_rates,
    read_ecb,
    read_rates_csv,
)
from ._common import UsageError, _InvalidDocumentLine, _not_one_of, _with_progress


def _examples(kind: str = "examples") -> dict[str, importlib.resources.abc.Traversable]:
    """The bundled documents of one *kind*: ``examples`` (offers) or ``postings``."""
    folder = importlib.resources.files("tokencomp") / "data" / kind
    return {f.name.removesuffix(".json"): f for f in folder.iterdir() if f.name.endswith(".json")}


def _example(name: str, kind: str = "examples") -> bytes:
    examples = _examples(kind)
    if name not in examples:
        other = "postings" if kind == "examples" else "examples"
        if name in _examples(other):
            command = "posting" if other == "postings" else "summarize"
            raise UsageError(f"{name!r} is a bundled {_BUNDLED[other]}: use it with tokencomp {command} --example")
        raise _not_one_of("example", name, sorted(examples))
    return examples[name].read_bytes()


_BUNDLED = {"examples": "offer", "postings": "posting"}


#: The largest exchange-rate file read with --rates: the ECB's whole history since 1999, as XML, is about 6 MB.
RATES_MAX_BYTES = 32 * 1024 * 1024


def _open(path: str) -> contextlib.AbstractContextManager[IO[bytes]]:
    """*path* opened for reading bytes (``-``: standard input, left open for a later ``-``)."""
    if path == "-":
        return contextlib.nullcontext(sys.stdin.buffer)
    try:
        return Path(path).open("rb")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None


def _read_at_most(path: str, limit: int) -> bytes:
    """The bytes of *path*, at most *limit* + 1 of them: more than *limit* says the input is too large.

    Every command reads its inputs through this (or :func:`_lines`), so memory is bounded by the
    limit, never by the input: a 1 GB file or ``/dev/zero`` costs *limit* + 1 bytes.
    """
    with _open(path) as stream:
        try:
            return stream.read(limit + 1)
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None


def _read(path: str, limit: int = DEFAULT_MAX_BYTES, kind: str = "offer") -> bytes:
    """The bytes of *path* (``-``: standard input); more than *limit* is an invalid *kind* of document (exit 1)."""
    data = _read_at_most(path, limit)
    if len(data) > limit:
        raise _InvalidDocumentLine(f"{path}: invalid {kind}, {too_large_problem(limit).message}")
    return data


def _from_the_start(offer: Offer, **days: datetime.date | None) -> None:
    """Refuse, as misuse, a --terminated or --as-of before the offer's effective date (the ledger's start)."""
    for name, day in days.items():
        if day is not None and day < offer.effective_date:
            option = "--" + name.replace("_", "-")
            raise UsageError(f"{option} {day} is before the offer's effective date, {offer.effective_date}")


def _rates(paths: Sequence[str] | None) -> RateTable | None:
    """The tables of ``--rates``: ECB files in place of the embedded ones, files of your own rates beside them."""
    if not paths:
        return None
    ecb, own = [], []
    for path in paths:
        data = _read_at_most(path, RATES_MAX_BYTES)
        if len(data) > RATES_MAX_BYTES:
            raise UsageError(f"{path} is more than {RATES_MAX_BYTES:,} bytes, the most read of an exchange-rate file")
        try:
            text = data.decode("utf-8-sig")
            header = [cell.strip().lower() for cell in text.lstrip().partition("\n")[0].split(",")]
            if header[:4] == list(RATES_CSV_COLUMNS[:4]):
                own.append(read_rates_csv(text, source=path))
            else:
                ecb.append(read_ecb(data, source=path))
        except (UnicodeDecodeError, ValueError) as exc:
            raise UsageError(
                f"{path} is neither an ECB reference-rate file (CSV or XML) nor a rates file with the header "
                f"{','.join(RATES_CSV_COLUMNS)}: {exc}"
            ) from None
    try:
        table = functools.reduce(RateTable.merge, ecb) if ecb else default_rates()
    except ValueError as exc:
        raise UsageError(f"the --rates files disagree: {exc}") from None
    return table.with_others(*own)


#: How many problems an error line names before it points to ``tokencomp validate`` for the rest.
PROBLEMS_SHOWN = 3


# What each kind of document is called, how to validate it, and what to do with it.
_KINDS = {
    "offer": ("offer-v1", "tokencomp validate", "summarize, statement or compare"),
    "posting": ("job-posting-v1", "tokencomp validate --posting", "posting"),
}


def _kind_of(data: bytes) -> str | None:
    """The kind of document *data* looks like, from the keys only one kind requires; None when unclear."""
    try:
        document = parse_json(data)
    except InvalidDocumentError:
        return None
    if not isinstance(document, dict):
        return None
    required = {kind: set(SCHEMAS[schema]()["required"]) for kind, (schema, *_) in _KINDS.items()}
    shared = set.intersection(*required.values())
    found = {kind: len((keys - shared) & document.keys()) for kind, keys in required.items()}
    likely = [kind for kind, count in found.items() if count >= 2 and sum(found.values()) == count]
    return likely[0] if likely else None


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _invalid(where: str, kind: str, data: bytes, problems: Sequence[Problem]) -> _InvalidDocumentLine:
    """One line that says why *data* is not a valid *kind*: another kind of document, or its first problems."""
    validate_command = _KINDS[kind][1]
    other = _kind_of(data)
    if other is not None and other != kind:
        return _InvalidDocumentLine(
            f"{where}: this looks like {_a(other)}, not {_a(kind)}: use tokencomp {_KINDS[other][2]} with it"
        )
    if kind == "offer" and problems and problems[0].code == "invalid-json" and "looks like CSV" in problems[0].message:
        return _InvalidDocumentLine(
            f"{where}: {problems[0].message}; a spreadsheet of offers is read with tokencomp import --from csv {where}"
        )
    shown = "; ".join(f"{p.pointer or '/'}: {p.message}" for p in problems[:PROBLEMS_SHOWN])
    rest = f"; … run `{validate_command} {where}` for all {len(problems)}" if len(problems) > PROBLEMS_SHOWN else ""
    count = f"{len(problems)} problems: " if len(problems) > 1 else ""
    return _InvalidDocumentLine(f"{where}: invalid {kind}, {count}{shown}{rest}")


def _offer_in(data: bytes, where: str) -> Offer:
    try:
        return load_offer(data)
    except InvalidOfferError as exc:
        raise _invalid(where, "offer", data, exc.problems) from None


def _offer_from(path: str) -> Offer:
    return _offer_in(_read(path), path)


def _posting_in(data: bytes, where: str) -> JobPosting:
    try:
        return load_posting(data)
    except InvalidPostingError as exc:
        raise _invalid(where, "posting", data, exc.problems) from None


def _one_of(file: str | None, example: str | None) -> None:
    if (file is None) == (example is None):
        raise UsageError("give a FILE, or --example NAME for a bundled example")


def _offer_of(file: str | None, example: str | None) -> Offer:
    """The offer of a command's FILE or --example NAME, exactly one of them given."""
    _one_of(file, example)
    return _offer_in(_example(example), example) if example is not None else _offer_from(str(file))


def _usage(paths: Sequence[str]) -> Iterator[UsageRecord | RejectedRecord]:
    """The records of each usage file in turn, read a chunk at a time, with progress on a terminal."""
    for path in paths:
        with _open(path) as stream:
            try:
                yield from _with_progress(read_usage(stream, path), path, " records")
            except SourceError as exc:  # not a usage file at all: a wrong file, as for import
                raise UsageError(f"{path}: {exc}") from None


def _offers_after_usage(
    args: argparse.Namespace, command: str, *, many: bool = False, usage_required: bool = True
) -> list[str]:
    """The command's OFFER files, also when typed after ``--usage FILE...``, which takes every file that follows it.

    ``ledger --usage usage.csv offer.json`` is read as it was meant: the files at the end of
    ``--usage`` that hold offer documents are the offers (one for *command*, all of them when *many*).
    """
    given = list(args.offers if many else filter(None, [args.offer]))
    usage = list(args.usage or [])
    while usage and (many or not given) and usage[-1] != "-" and _is_offer_file(usage[-1]):
        given.insert(0, usage.pop())
    usage_form = "--usage FILE..." if usage_required else "[--usage FILE...]"
    form = f"tokencomp {command} OFFER{'...' if many else ''} {usage_form}"
    if not given:
        none_is = f": none of {', '.join(usage)} is an offer document" if usage else ""
        raise UsageError(f"give the offer, as in {form}{none_is}")
    if usage_required and not usage:
        raise UsageError(f"give the usage files, as in {form}: {', '.join(given)} holds offers, not usage")
    args.usage = usage or None
    return given


def _is_offer_file(path: str) -> bool:
    return _kind_of(_read_at_most(path, DEFAULT_MAX_BYTES)) == "offer"


def _text_lines(stream: IO[str], path: str, limit: int = DEFAULT_MAX_BYTES) -> Iterator[str]:
    """The lines of a text *stream*, each read at most *limit* + 1 characters: a longer one is the file's error."""
    while line := stream.readline(limit + 1):
        if len(line) > limit:
            raise UsageError(f"{path}: a line is more than {limit:,} characters, longer than any record: not read")
        yield line
