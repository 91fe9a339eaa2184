"""Shared fixtures: Hypothesis profiles, and the full published reference files when they are at hand."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from .reference import NOT_PRESENT, REFERENCES, shared_folder

settings.register_profile("ci", max_examples=200, deadline=None)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(scope="session")
def published() -> Path:
    """The shared folder with the full published files (spec and reference data); skips the test without it."""
    folder = shared_folder()
    if folder is None:
        pytest.skip(NOT_PRESENT)
    missing = [reference.published for reference in REFERENCES if not (folder / reference.published).exists()]
    if missing:
        # A folder that was named but is incomplete is a mistake to report, not a reason to skip quietly.
        pytest.fail(
            f"the shared folder {folder} lacks {', '.join(missing)}; set TOKENCOMP_SHARED to the folder "
            "holding spec/ and data/"
        )
    return folder


@pytest.fixture(autouse=True)
def _embedded_data_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the embedded reference data, whatever TOKENCOMP_DATA_DIR the person running them has set."""
    monkeypatch.delenv("TOKENCOMP_DATA_DIR", raising=False)
