"""Rebuild tokencomp's embedded ECB rate snapshot from the files as published.

Usage: python scripts/snapshot_ecb.py ../shared/data/ecb

Keeps the history from 2015-01-01 on, drops currencies the ECB no longer
published in that span (columns that are all N/A), and copies the daily file
unchanged. The figures are not touched: each kept cell is the published text.
"""

from __future__ import annotations

import gzip
import shutil
import sys
from pathlib import Path

FIRST = "2015-01-01"
DATA = Path(__file__).resolve().parent.parent / "src" / "tokencomp" / "data"


def main(ecb: Path) -> None:
    lines = (ecb / "eurofxref-hist.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    rows = [line.split(",") for line in lines[1:] if line[:10] >= FIRST]
    keep = [0] + [i for i in range(1, len(header)) if header[i] and any(row[i] != "N/A" for row in rows)]
    text = "".join(",".join(row[i] for i in keep) + ",\n" for row in [header, *rows])
    # mtime=0 keeps the archive byte-for-byte reproducible.
    (DATA / "ecb-eurofxref-hist-2015.csv.gz").write_bytes(gzip.compress(text.encode(), mtime=0))
    shutil.copyfile(ecb / "eurofxref.csv", DATA / "ecb-eurofxref-daily.csv")
    print(f"{len(rows)} days from {rows[-1][0]} to {rows[0][0]}, {len(keep) - 1} currencies")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
