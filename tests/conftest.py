"""Shared fixtures: the spec's examples, found beside the repository as in CI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("ci", max_examples=200, deadline=None)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TOKENCOMP_SHARED", REPO.parent / "shared"))
SPEC_EXAMPLES = SHARED / "spec" / "examples"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared folder (spec and published reference data) beside the repository."""
    if not (SHARED / "spec").is_dir():
        pytest.fail(f"the shared folder is missing at {SHARED}; set TOKENCOMP_SHARED to its path")
    return SHARED


@pytest.fixture(autouse=True)
def _embedded_data_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the embedded reference data, whatever TOKENCOMP_DATA_DIR the person running them has set."""
    monkeypatch.delenv("TOKENCOMP_DATA_DIR", raising=False)
