"""Every benchmark in one run: tokencomp against pydantic v2 and msgspec, interleaved, medians and ratios.

Usage, from a clone (tox installs the package and the ``bench`` group):

    python -m tox -e bench [-- --lines 100000 --spark-rows 100000]

or, in an environment with the package and the ``bench`` group installed:

    python -m benchmarks [--documents 5000] [--rounds 5] [--lines 1000000] [--workers 10000] [--spark-rows 1000000]

Each section runs its contestants one after another, round after round
(interleaved, so that machine noise hits all alike), and prints the median
round in µs a document and as a ratio to pydantic v2 in the same run:

- load: bytes to a typed, validated model;
- validate: a verdict and, for invalid documents, the problems, on valid,
  5 %-invalid and mostly-invalid corpora (pydantic builds its error list);
  on valid documents also the compiled pieces alone (the floors: orjson and
  jsonschema-rs, then with the repeated-key check), which no Python around
  them can go below;
- dumps: a model to JSON text;
- summarize: offers a second, one process;
- bulk: ``tokencomp validate --jobs 1`` and ``--jobs 2`` against a pydantic
  loop in one process, each a subprocess over the same generated JSON Lines
  file (``--lines``), documents a second and the largest process's peak memory;
- pay-gap: ``tokencomp pay-gap`` (JSON) on a generated workforce file of
  ``--workers`` workers (the bundled examples in 40 categories, USD and GBP
  converted, one bad line in 50,000): workers a second and the peak memory;
- Spark: ``benchmarks/spark.py``'s ``rows_per_second`` in local[2] on
  ``--spark-rows`` rows, skipped with a message without pyspark or Java.

The versions, the machine and its load average are printed first.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import msgspec
import orjson
import pydantic

import tokencomp
from benchmarks.corpus import mostly_invalid, offers, write_lines, write_workforce
from benchmarks.peers import MOffer, POffer
from tokencomp.codec.compiled import gate_validator
from tokencomp.codec.validation import _Read

PEER = "pydantic v2"


def _versions() -> str:
    found = [f"tokencomp {tokencomp.__version__}"]
    names = ["pydantic", "msgspec", "orjson", "jsonschema", "cattrs", "attrs", "pyspark"]
    for name in names:
        try:
            found.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{name} absent")
    return ", ".join(found)


def _machine() -> str:
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"
    return (
        f"{platform.platform()}, {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()} ({platform.python_implementation()}); load average {load}"
    )


def _rounds(contestants: dict[str, Callable[[], int]], rounds: int) -> dict[str, float]:
    """Run each contestant (returning how many documents it did) in turn, *rounds* times; median seconds a document."""
    times: dict[str, list[float]] = {name: [] for name in contestants}
    for _ in range(rounds):
        for name, run in contestants.items():
            start = time.perf_counter()
            count = run()
            times[name].append((time.perf_counter() - start) / count)
    return {name: statistics.median(values) for name, values in times.items()}


def _table(title: str, medians: dict[str, float], peer: str = PEER) -> None:
    print(f"\n{title}")
    base = next((seconds for name, seconds in medians.items() if name.startswith(peer)), None)
    for name, seconds in medians.items():
        ratio = f"{seconds / base:6.2f}× {peer}" if base else ""
        print(f"  {name:40s} {seconds * 1e6:9.1f} µs/doc {1 / seconds:12,.0f} docs/s  {ratio}")


def _each(function: Callable[[Any], Any], items: Sequence[Any]) -> Callable[[], int]:
    def run() -> int:
        for item in items:
            function(item)
        return len(items)

    return run


def _pydantic_verdict(data: bytes) -> object:
    try:
        return POffer.model_validate_json(data)
    except pydantic.ValidationError as exc:
        return exc.errors()


def _msgspec_verdict(decoder: msgspec.json.Decoder[MOffer]) -> Callable[[bytes], object]:
    def verdict(data: bytes) -> object:
        try:
            return decoder.decode(data)
        except msgspec.ValidationError as exc:
            return str(exc)

    return verdict


def _floors() -> dict[str, Callable[[bytes], object]]:
    """The compiled pieces of validate alone, for valid documents: what no Python around them can go below.

    orjson's parse and jsonschema-rs's verdict on it; then with the repeated-key
    check that makes orjson's parse sound (the contract refuses a repeated key).
    Neither runs the rules the schema cannot state, builds anything or says why.
    """
    gate = gate_validator("offer-v1")

    def parse_and_schema(data: bytes) -> object:
        return gate.is_valid(orjson.loads(data))

    def with_repeated_keys(data: bytes) -> object:
        read = _Read.of(data)
        return read is not None and read.unique and gate.is_valid(read.parsed)

    return {
        "floor: orjson + jsonschema-rs": parse_and_schema,
        "floor: the same + repeated keys": with_repeated_keys,
    }


def micro(documents: int, rounds: int) -> None:
    valid = [text.encode() for text in offers(documents)]
    decoder = msgspec.json.Decoder(MOffer)
    _table(
        f"load: bytes to a typed, validated model ({documents:,} valid documents, median of {rounds} rounds)",
        _rounds(
            {
                f"{PEER} model_validate_json": _each(POffer.model_validate_json, valid),
                "msgspec decode": _each(decoder.decode, valid),
                "tokencomp load_offer": _each(tokencomp.load_offer, valid),
            },
            rounds,
        ),
    )
    corpora = {
        "valid": valid,
        "5 %-invalid": [text.encode() for text in offers(documents, invalid_every=20)],
        "mostly invalid": [text.encode() for text in mostly_invalid(documents)],
    }
    for name, corpus in corpora.items():
        contestants = {
            f"{PEER} model_validate_json": _each(_pydantic_verdict, corpus),
            "msgspec decode": _each(_msgspec_verdict(decoder), corpus),
            "tokencomp validate": _each(tokencomp.validate, corpus),
        }
        if name == "valid":
            contestants |= {floor: _each(function, corpus) for floor, function in _floors().items()}
        _table(f"validate, {name} ({documents:,} documents; invalid ones explained)", _rounds(contestants, rounds))
    models = [tokencomp.load_offer(data) for data in valid]
    peers = [POffer.model_validate_json(data) for data in valid]
    structs = [decoder.decode(data) for data in valid]
    _table(
        f"dumps: a model to JSON text ({documents:,} offers)",
        _rounds(
            {
                f"{PEER} model_dump_json": _each(lambda model: model.model_dump_json(exclude_none=True), peers),
                "msgspec encode": _each(msgspec.json.encode, structs),
                "tokencomp dumps": _each(tokencomp.dumps, models),
            },
            rounds,
        ),
    )
    _table(
        f"summarize: an offer's figures ({documents:,} offers, one process; no peer)",
        _rounds({"tokencomp summarize": _each(tokencomp.summarize, models)}, rounds),
    )


_PYDANTIC_LOOP = """
import sys
import pydantic
from benchmarks.peers import POffer
valid = invalid = 0
with open(sys.argv[1], "rb") as lines:
    for line in lines:
        if line.strip():
            try:
                POffer.model_validate_json(line)
                valid += 1
            except pydantic.ValidationError as exc:
                exc.errors()
                invalid += 1
print(valid, invalid)
"""


def bulk(lines: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "offers.jsonl"
        write_lines(path, lines)
        commands = {
            f"{PEER} loop, one process": [sys.executable, "-c", _PYDANTIC_LOOP, str(path)],
            "tokencomp validate --jobs 1": [sys.executable, "-m", "tokencomp", "validate", "--quiet", "--jobs", "1"],
            "tokencomp validate --jobs 2": [sys.executable, "-m", "tokencomp", "validate", "--quiet", "--jobs", "2"],
        }
        for name in ("tokencomp validate --jobs 1", "tokencomp validate --jobs 2"):
            commands[name].append(str(path))
        size = path.stat().st_size
        print(f"\nbulk: {lines:,} lines of JSON Lines ({size / 1e6:,.0f} MB, 5 % invalid), median of {rounds} rounds")
        times: dict[str, list[float]] = {name: [] for name in commands}
        peaks: dict[str, int] = {}
        for _ in range(rounds):
            for name, arguments in commands.items():
                # ru_maxrss of children is the largest so far: measure each command's in a fresh child.
                measured = _measure_in_child(arguments)
                times[name].append(measured[0])
                peaks[name] = max(peaks.get(name, 0), measured[1])
        base = statistics.median(times[f"{PEER} loop, one process"])
        for name, values in times.items():
            seconds = statistics.median(values)
            print(
                f"  {name:40s} {lines / seconds:12,.0f} docs/s  {base / seconds:6.2f}× the {PEER} loop's docs/s"
                f"  peak {peaks[name] / 1024:6.0f} MB (largest process)"
            )


def _measure_in_child(arguments: list[str]) -> tuple[float, int]:
    """Wall time and peak memory of *arguments*, measured by a child Python whose only children are its own."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False)\n"
        "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, *arguments],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    seconds, peak = result.stdout.split()
    return float(seconds), int(peak)


def pay_gap(workers: int) -> None:
    """``tokencomp pay-gap`` over a generated workforce: its time and its peak memory, in a fresh child."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "workforce.jsonl"
        write_workforce(path, workers)
        command = [sys.executable, "-m", "tokencomp", "pay-gap", str(path), "--currency", "EUR",
                   "--reference-date", "2026-12-31", "--format", "json"]  # fmt: skip
        size = path.stat().st_size
        print(f"\npay-gap: {workers:,} workers of JSON Lines ({size / 1e6:,.0f} MB), one run")
        seconds, peak = _measure_in_child(command)
        print(f"  tokencomp pay-gap --format json  {seconds:8.1f} s  {workers / seconds:10,.0f} workers/s"
              f"  peak {peak / 1024:6.0f} MB")  # fmt: skip


def spark(rows: int) -> None:
    print(f"\nSpark local[2]: {rows:,} rows, validate_offers then summarize_offers")
    try:
        import pyspark  # noqa: F401
    except ImportError:
        print("  skipped: pyspark is not installed (python -m pip install '.[spark]'; Java 17 or later)")
        return
    from benchmarks.spark import differences_from_the_command_line, rows_per_second

    try:
        figures = rows_per_second(rows, cores=2, rounds=1)
    except Exception as exc:
        print(f"  skipped: Spark could not run here: {str(exc).splitlines()[0]}")
        return
    print(f"  validate_offers   {figures['validate_rows_per_s']:12,} rows/s  (Spark {figures['spark']})")
    print(f"  summarize_offers  {figures['summarize_rows_per_s']:12,} rows/s")
    sample = differences_from_the_command_line(min(rows, 10_000))
    print(
        f"  against the command line on {sample['rows']:,} rows ({sample['valid']:,} valid, their summaries too):"
        f" {sample['differ']:,} differ"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=5000, help="documents a micro-benchmark (default: 5000)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds; the median counts (default: 5)")
    parser.add_argument("--lines", type=int, default=1_000_000, help="lines of the bulk JSONL (default: 1,000,000)")
    parser.add_argument("--bulk-rounds", type=int, default=1, help="rounds of the bulk section (default: 1)")
    parser.add_argument("--workers", type=int, default=10_000, help="workers for pay-gap (default: 10,000; 0 skips it)")
    parser.add_argument("--spark-rows", type=int, default=1_000_000, help="rows for Spark; 0 skips it")
    args = parser.parse_args(argv)
    print(time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))
    print(_machine())
    print(_versions())
    micro(args.documents, args.rounds)
    if args.lines:
        bulk(args.lines, args.bulk_rounds)
    if args.workers:
        pay_gap(args.workers)
    if args.spark_rows:
        spark(args.spark_rows)


if __name__ == "__main__":
    main()
