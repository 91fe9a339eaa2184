"""Writing files safely: whole or not at all, and never through a symbolic link.

A file is written under a temporary name in its own folder and then moved
into place (``os.replace()``, atomic on one file system), so a reader sees
the old file or the new one, never half of one, and a write that fails leaves
the old file as it was. A path that is a symbolic link is refused rather than
followed: writing through it would overwrite whatever it points to.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from ..errors import UnsafeWriteError

__all__ = ["write_text"]


def write_text(path: Path, text: str) -> Path:
    """Write *text* to *path* as UTF-8, through a temporary file in the same folder; return *path*.

    Raises:
        UnsafeWriteError: *path* is empty or is a symbolic link (also an :class:`OSError`).
        OSError: The folder cannot be written, or *path* is a folder.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     written = write_text(Path(folder) / "a.json", "{}\\n")
    ...     written.read_text(), sorted(p.name for p in Path(folder).iterdir())
    ('{}\\n', ['a.json'])
    """
    if not str(path) or not path.name:
        raise UnsafeWriteError(repr(str(path)), "no file name; give the path of a file")
    if path.is_symlink():
        raise UnsafeWriteError(path, "it is a symbolic link, which would be written through; remove it first")
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)  # replaces a link made meanwhile, never what it points to
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return path
