"""Ctrl-C: one line, exit 130, the workers stopped (issue #29, item 4)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import tokencomp
from tokencomp.codec.bulk import CHUNK_LINES

LINE = json.dumps(
    json.loads((Path(tokencomp.__file__).parent / "data" / "examples" / "p75-engineer.json").read_bytes())
)


def group_gone(group: int, within: float) -> bool:
    """Whether every process of *group* has ended within *within* seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(sys.platform == "win32", reason="process groups and SIGINT to a group are POSIX")
class TestInterrupt:
    @pytest.mark.parametrize("jobs", ["1", "2"])
    def test_validate_from_a_pipe(self, jobs: str) -> None:
        """validate, with or without --jobs, interrupted mid-stream as a terminal does (SIGINT to the whole group)."""
        command = [sys.executable, "-m", "tokencomp", "validate", "--lines", "--jobs", jobs, "-"]
        process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
        )
        assert process.stdin is not None
        # Enough lines for the workers to start on the first chunks; the pipe stays open, so the command waits for more.
        process.stdin.write((LINE + "\n").encode() * (2 * CHUNK_LINES + 10))
        process.stdin.flush()
        time.sleep(2)
        os.killpg(process.pid, signal.SIGINT)
        try:
            _, err = process.communicate(timeout=60)
        finally:
            process.kill()
        assert (130, "tokencomp: interrupted\n") == (process.returncode, err.decode())
        assert group_gone(process.pid, within=10)
