"""Rows a second through tokencomp.spark in local mode: validate_offers, then summarize_offers.

Usage (needs the ``spark`` extra and Java 17 or later):

    python -m pip install '.[spark]'
    python -m benchmarks.spark [--rows 100000] [--cores 2] [--rounds 3]

The rows are the bundled example offers, varied (a new id and salary each),
one in twenty made invalid, written to a JSON Lines file and read by Spark
into ``cores`` partitions, cached before the clock starts. Each round runs the whole DataFrame through one bridge
function into Spark's ``noop`` sink, so every row is worked out and
nothing is written; the best round counts. The benchmark harness calls
:func:`rows_per_second` with its own sizes.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import tempfile
import time
from pathlib import Path
from typing import Any

import tokencomp
from benchmarks.corpus import offers, write_lines
from tokencomp.cli import main as command_line
from tokencomp.spark import local_session, summarize_offers, summary_json, validate_offers


def rows_per_second(rows: int = 100_000, cores: int = 2, rounds: int = 3) -> dict[str, Any]:
    """Measure validate_offers and summarize_offers on *rows* rows in local[*cores*]; the best of *rounds*.

    Returns the figures as a dict: ``rows``, ``cores``, ``validate_rows_per_s``,
    ``summarize_rows_per_s`` and the versions of Spark and tokencomp.
    """
    spark = local_session(cores)
    result: dict[str, Any] = {"rows": rows, "cores": cores, "spark": spark.version, "tokencomp": tokencomp.__version__}
    with tempfile.TemporaryDirectory() as folder:
        # Read from a file, as a cluster would: a million rows sent from this process overflow the driver's heap.
        path = Path(folder) / "offers.jsonl"
        write_lines(path, rows)
        df = spark.read.text(str(path)).withColumnRenamed("value", "offer").repartition(cores).cache()
        df.count()
        for name, run in [("validate", validate_offers), ("summarize", summarize_offers)]:
            best = float("inf")
            for _ in range(rounds):
                start = time.perf_counter()
                run(df).write.format("noop").mode("overwrite").save()
                best = min(best, time.perf_counter() - start)
            result[f"{name}_rows_per_s"] = round(rows / best)
        df.unpersist()
    return result


def _printed(arguments: list[str]) -> str:
    """What ``tokencomp ARGUMENTS`` prints, run in this process."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        command_line(arguments)
    return out.getvalue()


def differences_from_the_command_line(rows: int = 10_000, cores: int = 2) -> dict[str, int]:
    """Validate and summarize *rows* rows in Spark and through the command line; count the rows that differ.

    The rows are the benchmark's (one in twenty invalid). Each row's verdict
    and problems are held to ``tokencomp validate --format json`` over the
    same lines, and each valid row's summary to ``tokencomp summarize
    --format json`` of its document (both through :func:`~tokencomp.spark.summary_json`,
    which drops nulls and writes a row's figures as the JSON does).
    Returns ``rows``, ``valid`` and ``differ`` (0 when they agree).
    """
    texts = offers(rows, invalid_every=20)
    spark = local_session(cores)
    df = spark.createDataFrame(list(enumerate(texts)), "n int, offer string").repartition(cores)
    checked = sorted(summarize_offers(validate_offers(df)).collect(), key=lambda row: row["n"])
    differ = valid = 0
    with tempfile.TemporaryDirectory() as folder:
        lines = Path(folder) / "offers.jsonl"
        lines.write_text("".join(text + "\n" for text in texts))
        reports = [json.loads(line) for line in _printed(["validate", str(lines), "--format", "json"]).splitlines()]
        document = Path(folder) / "offer.json"
        for text, row, report in zip(texts, checked, reports, strict=True):
            problems = [(p.pointer, p.code, p.message) for p in row.problems]
            errors = [(e["pointer"], e["code"], e["message"]) for e in report["errors"]]
            same = (row.valid, problems) == (report["valid"], errors)
            if same and row.valid:
                valid += 1
                document.write_text(text)
                printed = json.loads(_printed(["summarize", str(document), "--format", "json"]))
                same = row.summary is not None and summary_json(printed) == summary_json(row.summary)
            differ += not same
    return {"rows": rows, "valid": valid, "differ": differ}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps(rows_per_second(args.rows, args.cores, args.rounds), indent=2))


if __name__ == "__main__":
    main()
