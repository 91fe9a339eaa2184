"""The benchmark can be set up with the pip a new virtual environment has: through tox."""

from __future__ import annotations

import configparser
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


class TestBenchEnvironment:
    """`tox -e bench` installs the bench dependency group (tox resolves groups itself, any pip will do)."""

    def test_tox_runs_the_benchmark_with_the_bench_group(self) -> None:
        """tox.ini has a bench env on the bench group that runs python -m benchmarks, outside the default list."""
        tox = configparser.ConfigParser(interpolation=None)
        tox.read(REPO / "tox.ini")
        bench = tox["testenv:bench"]
        groups = tomllib.loads((REPO / "pyproject.toml").read_text())["dependency-groups"]
        assert ["bench"] == bench["dependency_groups"].split()
        assert {"pydantic", "msgspec"} <= {requirement.split(">")[0] for requirement in groups["bench"]}
        assert bench["commands"].startswith("python -m benchmarks")
        assert "bench" not in [env.strip() for env in tox["tox"]["env_list"].split(",")]

    def test_instructions_lead_with_tox(self) -> None:
        """The benchmark's own usage and the README both say `python -m tox -e bench`."""
        for path in (REPO / "benchmarks" / "__main__.py", REPO / "README.md"):
            assert "python -m tox -e bench" in path.read_text(), path.name
