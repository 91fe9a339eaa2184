"""The user's data folder: newer published reference files, named by ``TOKENCOMP_DATA_DIR``.

The embedded snapshot ages with each release. A user who wants newer rates or
prices downloads the published files into a folder of their own and names it
in the environment variable ``TOKENCOMP_DATA_DIR``; :func:`~tokencomp.default_rates`
and :func:`~tokencomp.default_prices` then use them over the embedded ones.
Only the files' own names are recognised, so what is in the folder says what
is used. Each file is read once per process (and per folder named).
"""

from __future__ import annotations

import datetime
import io
import os
import zipfile
from pathlib import Path

import attrs

from ..errors import DataFileError

__all__ = ["DATA_DIR_VARIABLE", "PRICE_FILE", "RATE_FILES", "DataSource", "data_dir", "data_files", "read_data_file"]

#: The environment variable that names the data folder.
DATA_DIR_VARIABLE = "TOKENCOMP_DATA_DIR"

#: The European Central Bank's reference-rate files, under the names the ECB publishes them,
#: in the order they are read; files that disagree on a date are refused.
RATE_FILES = (
    "eurofxref-hist.zip",
    "eurofxref-hist.csv",
    "eurofxref-hist.xml",
    "eurofxref-hist-90d.xml",
    "eurofxref.zip",
    "eurofxref.csv",
    "eurofxref-daily.xml",
)

#: LiteLLM's price map, under the name LiteLLM publishes it.
PRICE_FILE = "model_prices_and_context_window.json"


@attrs.frozen
class DataSource:
    """One file of reference data in use, and how old it is.

    Attributes:
        kind: ``"exchange rates"`` or ``"token prices"``.
        path: The file in the data folder; ``None`` for the snapshot embedded in the package.
        source: Where the figures come from, as recorded in every figure they give.
        first: The earliest date the file covers (for prices, their date).
        last: The newest date the file covers (for prices, their date).
        retrieved: When the file was taken from its publisher, if known.
        count: How many dates (exchange rates) or models (token prices) it holds.

    >>> import datetime
    >>> from tokencomp import DataSource
    >>> source = DataSource("token prices", None, "example", datetime.date(2026, 11, 22),
    ...                     datetime.date(2026, 11, 22), datetime.date(2026, 11, 22), 37)
    >>> source.age_days(datetime.date(2026, 11, 23))
    1
    """

    kind: str
    path: Path | None
    source: str
    first: datetime.date
    last: datetime.date
    retrieved: datetime.date | None
    count: int

    def age_days(self, today: datetime.date) -> int:
        """Return how many days before *today* the newest figure of the file is dated."""
        return (today - self.last).days


def data_dir() -> Path | None:
    """Return the folder named by ``TOKENCOMP_DATA_DIR``, or ``None`` when it is unset or empty.

    Raises:
        DataFileError: The variable names something that is not a folder.

    >>> import tempfile
    >>> from unittest import mock
    >>> with tempfile.TemporaryDirectory() as folder, mock.patch.dict(os.environ, {DATA_DIR_VARIABLE: folder}):
    ...     data_dir() == Path(folder)
    True
    """
    value = os.environ.get(DATA_DIR_VARIABLE, "").strip()
    if not value:
        return None
    folder = Path(value).expanduser()
    if not folder.is_dir():
        raise DataFileError(folder, "no such folder; set TOKENCOMP_DATA_DIR to a folder, or unset it")
    return folder


def data_files(folder: Path, names: tuple[str, ...]) -> tuple[Path, ...]:
    """Return the files of *folder* called one of *names*, in the order of *names*.

    >>> data_files(Path("/nonexistent"), RATE_FILES)
    ()
    """
    return tuple(folder / name for name in names if (folder / name).is_file())


def read_data_file(path: Path) -> tuple[bytes, datetime.date]:
    """Return a data file's bytes (the one member of a ``.zip``, as the ECB ships it) and the day it was saved.

    A published file carries no retrieval date, so the day the file was last
    modified stands for it.

    Raises:
        DataFileError: The file cannot be read, or a ``.zip`` does not hold exactly one file.
    """
    try:
        data = path.read_bytes()
        saved = datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC).date()
    except OSError as exc:
        raise DataFileError(path, exc.strerror or str(exc)) from None
    if path.suffix == ".zip":
        data = _only_member(path, data)
    return data, saved


def _only_member(path: Path, data: bytes) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = [name for name in archive.namelist() if not name.endswith("/")]
            if len(names) != 1:
                raise DataFileError(path, f"the archive holds {len(names)} files; the ECB's holds one")
            return archive.read(names[0])
    except zipfile.BadZipFile as exc:
        raise DataFileError(path, f"not a zip archive: {exc}") from None
