"""A seeded fuzzer of the readers of other systems' files: Merge, Finch, CSV imports, usage CSV, spend logs.

The offer fuzzer (:mod:`tests.fuzz`) covers documents; this one covers the
files tokencomp reads from HR systems and AI gateways. Input *index* of run
*seed* is one of six readers' files, made from clean records by one of:

- one record mutated (a field set to a value at or past a limit, of a wrong
  type, a number of 5,000 digits, ``NaN``, nesting 100,000 deep, a key given
  twice, control characters, a stray quote, bytes that are not UTF-8) and
  put anywhere among the clean records;
- the whole file's bytes changed (UTF-16, Latin-1, CESU-8, truncated, ...),
  as :func:`tests.fuzz._mutate_bytes` changes a document's.

Every input goes through the reader's API and, one in ``cli_every``, the
command line, and must raise nothing but the library's errors, finish each
call within the time bound, print no traceback, and give one verdict from
both (a file the API refuses is exit 2). A file with one mutated record
must be *isolated*: the clean records give what they give without it, and
the mutated record is one more record, counted or rejected (as many as the
lines it spans, for a CSV), never lost and never taking others with it.

``tests/test_fuzz.py`` runs a few hundred inputs in the normal test run. The long run::

    PYTHONPATH=src python -m tests.fuzz_readers --inputs 600000 --seed 16 --jobs 2

and one input, to look at::

    PYTHONPATH=src python -m tests.fuzz_readers --seed 16 --show 4711 > case.bin
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import csv
import datetime
import io
import json
import multiprocessing
import random
import re
import signal
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from tokencomp import TokencompError, ledger_for, loads
from tokencomp.budget.usage import UsageRecord, read_usage
from tokencomp.cli import main as cli_main
from tokencomp.codec.converter import parse_json
from tokencomp.importers import ImportResult
from tokencomp.importers.csv import read_csv, write_csv
from tokencomp.importers.finch import read_finch
from tokencomp.importers.merge import read_merge

from .fuzz import _FAILED, DATES, DECIMALS, ODD, RAW_NUMBERS, STRINGS, TIME_BOUND, WHOLE_NUMBERS, Calls, Finding
from .fuzz import _mutate_bytes as mutate_bytes

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "hris"
EXAMPLES = ROOT / "src" / "tokencomp" / "data" / "examples"
READERS = ("merge", "finch", "csv-import", "usage-csv", "spend-json", "spend-jsonl")

MERGE_RECORDS: list[Any] = parse_json((FIXTURES / "merge-employments.json").read_bytes())["results"]
FINCH_RECORDS: list[Any] = parse_json((FIXTURES / "finch-employment.json").read_bytes())["responses"]
OFFER = loads((EXAMPLES / "p75-engineer.json").read_bytes())
SPEND_RECORDS = [
    {"request_id": f"r{n}", "startTime": f"2026-0{3 + n % 6}-1{n % 9}T09:30:00Z", "model": ("gpt-4o", "o3")[n % 2],
     "user": "example-p75", "prompt_tokens": 1200 + n, "completion_tokens": 300, "cache_read_input_tokens": n * 10,
     "spend": Decimal(f"0.00{n + 1}5")}
    for n in range(8)
]  # fmt: skip
USAGE_ROWS = [
    {"date": f"2026-0{3 + n % 6}-1{n % 9}", "person": "example-p75", "model": ("gpt-4o", "o3")[n % 2],
     "input_tokens": str(1000 + n), "output_tokens": "250", "cached_input_tokens": str(n), "cost": f"0.{n}5",
     "currency": ("USD", "EUR")[n % 2]}
    for n in range(8)
]  # fmt: skip
RAW_JSON = [*RAW_NUMBERS, "[" * 100_000 + "]" * 100_000, '{"a": ' * 40 + "1" + "}" * 40, '{"a": 1, "a": 2}',
            '"' + "x" * 70_000 + '"', "[" + ",".join(["{}"] * 10_000) + "]", "tru", '"\\ud800"', "-"]  # fmt: skip
CELLS = [*DECIMALS, *DATES, *(str(n) for n in WHOLE_NUMBERS), *(s for s in STRINGS if "\r" not in s and "\n" not in s),
         '"', 'x"y', '"open', "a,b", "\u0661\u0662", "9" * 5000, "1e308", "-1e-999999", "NaN", "sNaN", "x" * 200_000,
         "2026-01-01T25:00:00Z", "2026-02-03T10:00:00+99:00"]  # fmt: skip


@dataclass(frozen=True)
class FileCase:
    """One fuzzed file.

    Attributes:
        seed: The run's seed.
        index: The input's number in the run.
        reader: Which reader reads it (one of :data:`READERS`).
        mutations: What was done to it.
        data: The file's bytes.
        clean: The file without its mutated record, when one record was mutated.
        lines: The lines the mutated record spans (a CSV cell may hold a line break).
        first: Whether the mutated record is the first (it decides whether a JSON file is of the format at all).
    """

    seed: int
    index: int
    reader: str
    mutations: tuple[str, ...]
    data: bytes
    clean: bytes | None = None
    lines: int = 1
    first: bool = False


class _Raw:
    """Placeholders for JSON text written as it is (a number json.dumps cannot write, deep nesting)."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, text: str) -> str:
        self.texts.append(text)
        return f"\x00raw{len(self.texts) - 1}\x00"

    def dumps(self, value: Any) -> str:
        def exact(item: Any) -> Any:
            if isinstance(item, Decimal):
                return self(format(item, "f") if item.is_finite() else str(item))
            raise TypeError(type(item).__name__)

        text = json.dumps(value, default=exact)
        return re.sub(r'"\\u0000raw(\d+)\\u0000"', lambda match: self.texts[int(match[1])], text)


def _json_value(rng: random.Random, raw: _Raw, current: Any) -> Any:
    if rng.random() < 0.25:
        return raw(rng.choice(RAW_JSON))
    if isinstance(current, bool) or current is None or rng.random() < 0.2:
        return copy.deepcopy(rng.choice(ODD))
    if isinstance(current, int | Decimal):
        return rng.choice([*WHOLE_NUMBERS, *(raw(text) for text in ("1e308", "-5", "0.5", "1" * 5000))])
    if isinstance(current, str) and re.match(r"\d{4}-\d\d-\d\d", current):
        return rng.choice([*DATES, "9999-12-31T00:00:00Z", "2026-02-30T00:00:00Z"])
    return rng.choice([*STRINGS, *DECIMALS])


def _mutated_record(rng: random.Random, raw: _Raw, record: dict[str, Any]) -> tuple[dict[str, Any], str]:
    record = copy.deepcopy(record)
    places = [(record, key) for key in record] + [
        (value, key) for value in record.values() if isinstance(value, dict) for key in value
    ]
    if isinstance(record.get("body"), dict) and isinstance(record["body"].get("income"), dict):
        places += [(record["body"]["income"], key) for key in record["body"]["income"]]
    action = rng.random()
    if action < 0.1:
        key = rng.choice(list(record))
        del record[key]
        return record, f"{key} left out"
    parent, key = rng.choice(places)
    parent[key] = _json_value(rng, raw, parent[key])
    return record, f"{key} set to a hostile value"


def _csv_text(rows: list[dict[str, str]], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _offer_rows() -> tuple[list[dict[str, str]], list[str]]:
    out = io.StringIO()
    clean = read_merge((FIXTURES / "merge-employments.json").read_bytes(), days_per_year=260).offers
    write_csv(clean, out)
    reader = csv.DictReader(io.StringIO(out.getvalue()))
    return list(reader), list(reader.fieldnames or [])


OFFER_ROWS, OFFER_COLUMNS = _offer_rows()


def _write(reader: str, records: list[Any], raw: _Raw) -> bytes:
    if reader in ("usage-csv", "csv-import"):
        columns = list(USAGE_ROWS[0]) if reader == "usage-csv" else OFFER_COLUMNS
        return _csv_text(records, columns).encode("utf-8", "surrogatepass")  # a lone surrogate: bytes not UTF-8
    texts = [raw.dumps(record) for record in records]
    if reader == "spend-jsonl":
        return ("\n".join(texts) + "\n").encode("utf-8", "surrogatepass")
    array = "[\n  " + ",\n  ".join(texts) + "\n]"
    key = {"merge": "results", "finch": "responses"}.get(reader)
    text = '{"next": null, "' + key + '": ' + array + "}" if key else array
    return text.encode("utf-8", "surrogatepass")


def generate_file(seed: int, index: int) -> FileCase:
    """Input *index* of the run with *seed*: the same bytes on every machine and every run."""
    rng = random.Random(f"readers/{seed}/{index}")
    reader = READERS[index % len(READERS)]
    raw = _Raw()
    base: list[Any] = {
        "merge": MERGE_RECORDS, "finch": FINCH_RECORDS, "csv-import": OFFER_ROWS, "usage-csv": USAGE_ROWS,
        "spend-json": SPEND_RECORDS, "spend-jsonl": SPEND_RECORDS,
    }[reader]  # fmt: skip
    clean = [copy.deepcopy(rng.choice(base)) for _ in range(rng.randint(1, 6))]
    if rng.random() < 0.2:
        data, what = mutate_bytes(rng, _write(reader, clean, raw).decode("utf-8", "surrogatepass"))
        return FileCase(seed, index, reader, (what,), data)
    where = rng.randint(0, len(clean))
    if reader.endswith("csv") or reader == "csv-import":
        row = dict(rng.choice(base))
        column = rng.choice(list(row))
        row[column] = rng.choice(CELLS)
        if rng.random() < 0.1:
            row[column] = row[column] + "\udcff"  # written by surrogatepass: bytes that are not UTF-8
        spoiled, what = row, f"{column} set to a hostile cell"
        lines = 1
    else:
        spoiled, what = _mutated_record(rng, raw, rng.choice(base))
        lines = 1
    records = [*clean[:where], spoiled, *clean[where:]]
    return FileCase(seed, index, reader, (what,), _write(reader, records, raw), _write(reader, clean, raw), lines,
                    where == 0)  # fmt: skip


_AS_OF = datetime.date(2026, 12, 31)


def _figures(outcome: Any) -> tuple[Counter[str], int]:
    """What a reading gave: each good record (or offer) once, and how many records there were."""
    if isinstance(outcome, ImportResult):
        return Counter(repr(offer) for offer in outcome.offers), len(outcome.offers) + len(outcome.rejected)
    good = Counter(repr(attrs_fields(r)) for r in outcome if isinstance(r, UsageRecord))
    return good, len(outcome)


def attrs_fields(record: UsageRecord) -> tuple[Any, ...]:
    """A record without its place in the file (which moves when a record is put before it)."""
    return (record.date, record.person, record.model, record.input_tokens, record.output_tokens,
            record.cached_input_tokens, record.cost)  # fmt: skip


class ReaderChecker(Calls):
    """Reads fuzzed files through the API and the command line and collects what went wrong.

    Attributes:
        bound: The time bound of one call, in seconds.
        cli_every: Run the command line on one input in this many (0: never).
        findings: What went wrong, as (case, finding).
        counts: Inputs read, refused as wrong files, isolated, through the command line.
    """

    def __init__(self, *, bound: float = TIME_BOUND, cli_every: int = 20) -> None:
        super().__init__(bound=bound)
        self.cli_every = cli_every
        self.findings: list[tuple[FileCase, Finding]] = []
        self._folder = Path(tempfile.mkdtemp(prefix="tokencomp-fuzz-readers-"))
        self._offer_path = self._folder / "offer.json"
        self._offer_path.write_bytes((EXAMPLES / "p75-engineer.json").read_bytes())

    def _read(self, reader: str, data: bytes) -> Any:
        if reader == "merge":
            return read_merge(data, days_per_year=260)
        if reader == "finch":
            return read_finch(data, days_per_year=260)
        if reader == "csv-import":
            # As the command line decodes it: a byte order mark dropped, a byte that is not UTF-8 kept in its line.
            return read_csv(data.decode("utf-8-sig", "surrogateescape"))
        return list(read_usage(io.BytesIO(data), "usage"))

    def check(self, case: FileCase) -> list[Finding]:
        """Check one input; return (and keep) its findings."""
        self._found = []
        self.counts["inputs"] += 1
        self.counts[case.reader] += 1
        outcome = self._call(f"read {case.reader}", self._read, case.reader, case.data)
        if isinstance(outcome, TokencompError):
            self.counts["refused whole"] += 1
        elif outcome is not _FAILED and not case.reader.startswith(("merge", "finch", "csv-import")):
            self._call(f"ledger of {case.reader}", lambda: ledger_for(OFFER, iter(outcome), as_of=_AS_OF))
        if case.clean is not None and outcome is not _FAILED:
            self._isolated(case, outcome)
        if self.cli_every and case.index % self.cli_every == 0:
            self._check_cli(case, outcome)
        self.findings += [(case, finding) for finding in self._found]
        return self._found

    def _isolated(self, case: FileCase, outcome: Any) -> None:
        """The clean records give the same with the mutated one among them, which is one record more."""
        assert case.clean is not None
        clean = self._read(case.reader, case.clean)
        if isinstance(outcome, TokencompError):
            # Only the first record decides whether a JSON file is of its format at all.
            if not (case.first and case.reader in ("merge", "finch", "spend-json", "spend-jsonl")):
                self._found.append(Finding("isolation", f"read {case.reader}", f"refused whole: {outcome}"))
            return
        (good, total), (clean_good, clean_total) = _figures(outcome), _figures(clean)
        lost = clean_good - good
        extra = good - clean_good
        if lost or sum(extra.values()) > case.lines or total != clean_total + case.lines:
            detail = f"{clean_total} records became {total}; lost {sum(lost.values())}, gained {sum(extra.values())}"
            self._found.append(Finding("isolation", f"read {case.reader}", detail))
        else:
            self.counts["isolated"] += 1

    def _check_cli(self, case: FileCase, outcome: Any) -> None:
        path = self._folder / f"input-{case.reader}"
        path.write_bytes(case.data)
        if case.reader in ("merge", "finch", "csv-import"):
            source = case.reader.removesuffix("-import")
            argv = ["import", "--from", source, "--days-per-year", "260", str(path)]
        else:
            argv = ["ledger", str(self._offer_path), "--as-of", "2026-12-31", "--usage", str(path)]
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = self._call("cli " + argv[0], cli_main, argv)
        self.counts["through the command line"] += 1
        if status is _FAILED:
            return
        if status not in (0, 1, 2):
            self._found.append(Finding("crash", "cli " + argv[0], f"exit status {status!r}"))
        if "Traceback" in err.getvalue():
            self._found.append(Finding("crash", "cli " + argv[0], "printed a traceback"))
        refused = isinstance(outcome, TokencompError)
        if refused != (status == 2):
            self._found.append(Finding("disagreement", "cli " + argv[0], f"API refused: {refused}, exit {status}"))


def _worker(seed: int, start: int, stop: int, step: int, queue: Any, bound: float, cli_every: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    checker = ReaderChecker(bound=bound, cli_every=cli_every)
    try:
        for index in range(start, stop, step):
            for finding in checker.check(generate_file(seed, index)):
                queue.put(("finding", index, finding))
    except BaseException as exc:  # the fuzzer's own failure: said, not a silent stop
        queue.put(("finding", index, Finding("crash", "the fuzzer", f"{type(exc).__name__}: {exc}")))
    finally:
        queue.put(("counts", checker.counts, None))


def run(inputs: int, seed: int, jobs: int, *, bound: float = TIME_BOUND, cli_every: int = 20) -> dict[str, Any]:
    """Check inputs 0 to *inputs* of run *seed* in *jobs* processes; return counts and findings."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    processes = [
        context.Process(target=_worker, args=(seed, job, inputs, jobs, queue, bound, cli_every)) for job in range(jobs)
    ]
    began = time.monotonic()
    for process in processes:
        process.start()
    counts: Counter[str] = Counter()
    findings: list[tuple[int, Finding]] = []
    done = 0
    while done < jobs:
        message, value, finding = queue.get()
        if message == "finding":
            findings.append((value, finding))
        else:
            counts.update(value)
            done += 1
    for process in processes:
        process.join()
    return {"counts": counts, "findings": findings, "seconds": time.monotonic() - began}


def main(argv: list[str] | None = None) -> int:
    """Run the readers' fuzzer from the command line; exit 1 if anything was found."""
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz_readers", description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=6_000, help="how many files (default 6,000)")
    parser.add_argument("--seed", type=int, default=16, help="the run's seed (default 16)")
    parser.add_argument("--jobs", type=int, default=1, help="processes (default 1)")
    parser.add_argument("--bound", type=float, default=TIME_BOUND, help="seconds a call may take (default 2)")
    parser.add_argument("--cli-every", type=int, default=20, help="run the CLI on one input in N (default 20)")
    parser.add_argument("--show", type=int, metavar="INDEX", help="print input INDEX's bytes and exit")
    args = parser.parse_args(argv)
    if args.show is not None:
        case = generate_file(args.seed, args.show)
        print(f"{case.reader}: {'; '.join(case.mutations)}", file=sys.stderr)
        sys.stdout.buffer.write(case.data)
        return 0
    totals = run(args.inputs, args.seed, args.jobs, bound=args.bound, cli_every=args.cli_every)
    counts, findings = totals["counts"], totals["findings"]
    print(f"seed {args.seed}: {counts['inputs']:,} inputs in {totals['seconds']:.0f} s "
          f"({counts['inputs'] / max(totals['seconds'], 1):.0f}/s), {len(findings)} findings")  # fmt: skip
    print("  by reader: " + ", ".join(f"{reader} {counts[reader]:,}" for reader in READERS))
    print(f"  refused whole {counts['refused whole']:,}; one record isolated {counts['isolated']:,}; "
          f"through the command line {counts['through the command line']:,}")  # fmt: skip
    signatures = Counter(finding.signature() for _, finding in findings)
    for signature, count in signatures.most_common(20):
        first = next(index for index, finding in findings if finding.signature() == signature)
        print(f"  {count:,} x {signature} (first: input {first})")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
