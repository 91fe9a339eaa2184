"""The ``tokencomp`` command line: :func:`main` parses the arguments and runs a command.

Every command is a module of this package, each adding its parsers and running its work through the
library; none holds logic of its own. Exit status: 0 success, 1 an invalid document or a figure that
cannot be worked out, 2 a file that cannot be read or misuse, 130 interrupted, 141 the reader went away.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from ..errors import (
    DataFileError,
    InvalidDocumentError,
    TokencompError,
)
from ._common import (
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_PIPE_CLOSED,
    EXIT_USAGE,
    UsageError,
    _complain,
    _InvalidDocumentLine,
)
from .parser import _parser

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (``sys.argv[1:]`` by default); return the exit status."""
    parser = _parser()
    try:
        try:
            args = parser.parse_args(argv)
        except SystemExit:
            sys.stdout.flush()  # --help has printed: a reader gone away is noticed here too, not as Python exits
            raise
        status: int = args.run(args)
        sys.stdout.flush()  # here, so that a reader gone away is noticed now, not as Python exits
    except UsageError as exc:
        _complain(f"tokencomp: error: {exc}")
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, and keep Python from complaining at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PIPE_CLOSED
    except _InvalidDocumentLine as exc:
        _complain(f"tokencomp: {exc}")
        return EXIT_INVALID
    except DataFileError as exc:
        _complain(f"tokencomp: error: {exc}")
        return EXIT_USAGE
    except InvalidDocumentError as exc:
        where = getattr(args, "file", None) or getattr(args, "example", None) or exc.kind
        _complain(f"tokencomp: {where}: {exc}")
        return EXIT_INVALID
    except (TokencompError, ValueError) as exc:
        _complain(f"tokencomp: error: {exc}")
        return EXIT_INVALID
    except KeyboardInterrupt:
        # Ctrl-C: one line and the shell's status for SIGINT; the workers (validate --jobs) were stopped on the way out.
        _complain("tokencomp: interrupted")
        return EXIT_INTERRUPTED
    return status
