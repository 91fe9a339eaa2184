"""``python -m tokencomp``: the same as the ``tokencomp`` command."""

import sys

from .cli import main

sys.exit(main())
