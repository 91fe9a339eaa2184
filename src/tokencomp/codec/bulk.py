"""Bulk validation: every line of a JSON Lines file or stream, across worker processes, in the input's order.

:func:`validate_many` is what ``tokencomp validate --jobs`` runs: a file is
cut into ranges of about a MiB, each ending with a line break, that each
worker reads for itself and answers with only the problems of its lines; a
stream (a pipe, standard input) is read here and sent to the workers in
chunks. At most two ranges or chunks a worker are read ahead, and no line is
ever held whole past the size limit, so memory stays bounded whatever the
input's size. The verdicts and problems are those of
:func:`~tokencomp.codec.validation.validate` line by line.
"""

from __future__ import annotations

import collections
import concurrent.futures
import itertools
import os
import signal
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, Literal, TypeVar

from ..errors import Problem, SourceError
from .validation import DEFAULT_MAX_BYTES, ValidationReport, validate, validate_posting

__all__ = ["CHUNK_BYTES", "CHUNK_LINES", "RANGE_BYTES", "read_lines", "validate_many"]

T = TypeVar("T")

#: The most lines, and bytes, in one chunk of JSON Lines read from a stream and sent to a worker process.
CHUNK_LINES, CHUNK_BYTES = 2000, 4 << 20
#: About how many bytes of a file each worker reads for itself at a time (a range ends with a line break).
RANGE_BYTES = 1 << 20
#: A file is read this many bytes at a time when looking for the line break that ends a range.
_SCAN_BYTES = 1 << 16
#: The report of every valid line, shared: a worker sends back only the problems of the others.
_VALID: ValidationReport[Any] = ValidationReport(())

_CHECKS: dict[str, Callable[..., ValidationReport[Any]]] = {"offer": validate, "posting": validate_posting}


def validate_many(
    source: str | os.PathLike[str] | IO[bytes],
    *,
    jobs: int | None = None,
    kind: Literal["offer", "posting"] = "offer",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[tuple[int, ValidationReport[Any]]]:
    """Validate each line of JSON Lines and yield ``(line_number, report)`` in the input's order.

    Blank lines are passed over; a line of more than *max_bytes* is reported
    ``too-large``, never read whole. Each report carries the verdict and the
    problems that :func:`~tokencomp.codec.validation.validate` (or
    :func:`~tokencomp.codec.validation.validate_posting`, with ``kind="posting"``)
    gives that line, and no document: read a valid line again with
    :func:`~tokencomp.codec.validation.load_offer` to have its offer.

    Args:
        source: A path, or a binary stream such as ``sys.stdin.buffer``.
        jobs: How many processes check lines; ``None`` uses every core, 1
            checks them in this process. Processes start only when the input
            has more than one chunk's worth.
        kind: ``"offer"`` or ``"posting"``.
        max_bytes: The longest line read.

    Raises:
        SourceError: The path cannot be read (a ValueError).

    >>> import io
    >>> from tokencomp import validate_many
    >>> lines = io.BytesIO(b'{"schema_version": "1"}\\n\\nnot json\\n')
    >>> [(number, report.valid, report.problems[0].code) for number, report in validate_many(lines, jobs=1)]
    [(1, False, 'missing-key'), (3, False, 'invalid-json')]
    """
    check = _CHECKS[kind]
    workers = _Workers((os.cpu_count() or 1) if jobs is None else jobs)
    try:
        if isinstance(source, str | os.PathLike):
            yield from _file(Path(source), check, max_bytes, workers)
        else:
            yield from _stream(source, check, max_bytes, workers)
    finally:
        workers.close()


def _file(
    path: Path, check: Callable[..., ValidationReport[Any]], max_bytes: int, workers: _Workers
) -> Iterator[tuple[int, ValidationReport[Any]]]:
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from None
    with stream:
        size = _file_size(stream)
        if workers.jobs > 1 and size is not None and size > RANGE_BYTES:
            yield from workers.check_file(stream, path, size, check, max_bytes)
        else:  # a file of one range at most: not worth starting processes
            yield from _stream(stream, check, max_bytes, _Workers(1))


def _stream(
    stream: IO[bytes], check: Callable[..., ValidationReport[Any]], max_bytes: int, workers: _Workers
) -> Iterator[tuple[int, ValidationReport[Any]]]:
    documents = _documents_in(read_lines(stream, max_bytes))
    if workers.jobs > 1:
        yield from workers.check(_chunks(documents), check, max_bytes)
        return
    # One line at a time: memory holds one line and one report, whatever the input's size.
    for number, line in documents:
        yield number, ValidationReport(_check_line(check, max_bytes, line).problems)


def read_lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Each line of *stream* and its number, without its line break; None for a line of more than *limit* bytes.

    A line is read at most *limit* + 2 bytes at a time (its line break may be two): the rest of a
    longer line is passed over a piece at a time, never held whole.

    >>> import io
    >>> list(read_lines(io.BytesIO(b"ab\\r\\n\\nabcdef\\n"), 4))
    [(1, b'ab'), (2, b''), (3, None)]
    """
    number = 0
    try:
        while line := stream.readline(limit + 2):
            number += 1
            if not line.endswith(b"\n") and len(line) == limit + 2:
                while (rest := stream.readline(limit + 2)) and not rest.endswith(b"\n"):
                    pass
                yield number, None
                continue
            line = line.rstrip(b"\r\n")
            yield number, None if len(line) > limit else line
    except OSError as exc:
        raise SourceError(f"cannot read {getattr(stream, 'name', 'the input')}: {exc.strerror or exc}") from None


def too_large(limit: int, what: str = "document") -> Problem:
    """The problem of a document (or line) of more than *limit* bytes."""
    return Problem("", "too-large", f"the {what} is more than {limit:,} bytes; the most read is {limit:,}")


def _file_size(stream: IO[bytes]) -> int | None:
    """The size of *stream* when it is a regular file (whose workers can read their own ranges); else None."""
    try:
        status = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):
        return None
    return status.st_size if stat.S_ISREG(status.st_mode) else None


def _documents_in(lines: Iterator[tuple[int, bytes | None]]) -> Iterator[tuple[int, bytes | None]]:
    """(line number, text) of each line of JSON Lines that is not blank; None for one too long."""
    for number, line in lines:
        if is_document(line):
            # Without its line break a line is one line of text: its problems name a column,
            # and the report names the file's line.
            yield number, line


def is_document(line: bytes | None) -> bool:
    """Whether a line of JSON Lines holds a document to check: any but a blank one (None: one too long)."""
    return line is None or bool(line.strip())


def _check_line(
    check: Callable[..., ValidationReport[Any]], max_bytes: int, line: bytes | None
) -> ValidationReport[Any]:
    """The report of one line of JSON Lines (None: a line longer than *max_bytes*)."""
    if line is None:
        return ValidationReport((too_large(max_bytes, "line"),))
    return check(line, max_bytes=max_bytes)


def _ranges(stream: IO[bytes], size: int) -> Iterator[tuple[int, int]]:
    """(start, length) of consecutive ranges of the first *size* bytes of *stream*, each ending with a line break.

    Each is about RANGE_BYTES long: it ends with the first line break from there (or at *size*),
    looked for a piece at a time, so a line of any length is never held whole.
    """
    start = 0
    while start < size:
        end = start + RANGE_BYTES
        while end < size:
            stream.seek(end)
            piece = stream.read(_SCAN_BYTES)
            if not piece:  # the end of the file, shorter now than *size*
                end = size
                break
            found = piece.find(b"\n")
            if found >= 0:
                end += found + 1
                break
            end += len(piece)
        end = min(end, size)
        yield start, end - start
        start = end


def _check_range(
    check: Callable[..., ValidationReport[Any]], max_bytes: int, path: str, start: int, length: int
) -> tuple[int, list[tuple[int, tuple[Problem, ...]]]]:
    """Check the documents in *length* bytes of *path* from *start* (in a worker process, which reads them itself).

    Returns the number of lines in the range and, for each document (line that is not blank), its
    line number in the range and its problems: no document or report is pickled back, so the
    calling process does next to nothing a line.
    """
    checked = []
    number = 0
    with Path(path).open("rb") as stream:
        stream.seek(start)
        end = start + length
        for number, line in read_lines(stream, max_bytes):
            if is_document(line):
                checked.append((number, _check_line(check, max_bytes, line).problems))
            if stream.tell() >= end:
                break
    return number, checked  # the last line's number is how many lines the range holds


def _chunks(lines: Iterator[tuple[int, bytes | None]]) -> Iterator[list[tuple[int, bytes | None]]]:
    """Group *lines* into chunks of at most CHUNK_LINES lines and about CHUNK_BYTES bytes."""
    chunk: list[tuple[int, bytes | None]] = []
    size = 0
    for item in lines:
        chunk.append(item)
        size += len(item[1] or b"")
        if len(chunk) >= CHUNK_LINES or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _check_chunk(
    check: Callable[..., ValidationReport[Any]], max_bytes: int, chunk: list[tuple[int, bytes | None]]
) -> list[tuple[int, ValidationReport[Any]]]:
    """Check each line of *chunk* (in a worker process): the reports' problems, without documents.

    Verdicts and problems only; a document would be pickled back for nothing.
    """
    return [(number, ValidationReport(_check_line(check, max_bytes, line).problems)) for number, line in chunk]


def _leave_interrupts_to_the_caller() -> None:
    """In a worker: ignore Ctrl-C, which a terminal sends to every process of the command; the calling
    process stops the workers (and the command says so in one line), where each worker would print a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class _Workers:
    """Worker processes for :func:`validate_many`, started only when the input has more than one chunk."""

    def __init__(self, jobs: int) -> None:
        self.jobs = max(jobs, 1)
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None

    def check(
        self,
        chunks: Iterator[list[tuple[int, bytes | None]]],
        check: Callable[..., ValidationReport[Any]],
        max_bytes: int,
    ) -> Iterator[tuple[int, ValidationReport[Any]]]:
        """Check *chunks* across the processes and yield their reports in the input's order.

        At most two chunks a process are read ahead, so memory stays bounded whatever the input's size.
        """
        first = next(chunks, [])
        second = next(chunks, None)
        if second is None:  # one chunk at most: not worth starting processes
            yield from _check_chunk(check, max_bytes, first)
            return
        pool = self._pool()
        submitted = (
            pool.submit(_check_chunk, check, max_bytes, chunk) for chunk in itertools.chain([first, second], chunks)
        )
        for reports in self._in_order(submitted):
            yield from reports

    def check_file(
        self, stream: IO[bytes], path: Path, size: int, check: Callable[..., ValidationReport[Any]], max_bytes: int
    ) -> Iterator[tuple[int, ValidationReport[Any]]]:
        """Check the first *size* bytes of file *path* (open as *stream*) across the processes, each reading its ranges.

        Reports come in the file's order, numbered by the file's lines.
        """
        pool, where = self._pool(), str(path.absolute())
        submitted = (
            pool.submit(_check_range, check, max_bytes, where, start, length) for start, length in _ranges(stream, size)
        )
        line_base = 0
        try:
            for lines, checked in self._in_order(submitted):
                for number, problems in checked:
                    yield line_base + number, ValidationReport(problems) if problems else _VALID
                line_base += lines
        except OSError as exc:  # the file went away, or cannot be read, while the workers read it
            raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from None

    def _pool(self) -> concurrent.futures.ProcessPoolExecutor:
        if self.pool is None:
            self.pool = concurrent.futures.ProcessPoolExecutor(self.jobs, initializer=_leave_interrupts_to_the_caller)
        return self.pool

    def _in_order(self, submitted: Iterator[concurrent.futures.Future[T]]) -> Iterator[T]:
        """The results of *submitted*, in its order, with at most two a process submitted ahead (bounded memory)."""
        pending: collections.deque[concurrent.futures.Future[T]] = collections.deque()
        for future in submitted:
            pending.append(future)
            if len(pending) >= 2 * self.jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
