"""The ``tokencomp`` command line: :func:`main` parses the arguments and runs a command.

Every command is a module of this package, each adding its parsers and running its work through the
library; none holds logic of its own. Exit status: 0 success, 1 an invalid document or a figure that
cannot be worked out, 2 a file that cannot be read or misuse, 130 interrupted, 141 the reader went away.
"""

from ._run import main

__all__ = ["main"]
