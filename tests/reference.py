"""The published reference files the tests read: tests/data's excerpts, and the full files when at hand.

Every test reads the excerpts in tests/data (see its README), so a clone with
nothing beside it passes. The full published files live in a shared folder
(``spec/``, ``data/``): the one ``TOKENCOMP_SHARED`` names, else ``../shared``
beside the repository, as in CI. Tests that want them take the ``published``
fixture (conftest.py), or a fixture parametrized by :func:`reference_file`;
without the folder those cases are skipped and say why.
"""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
#: The two sources a parametrized fixture runs on: tests/data's excerpt, then the full published file.
VARIANTS = ["excerpt", "published"]
NOT_PRESENT = (
    "full published files not present: set TOKENCOMP_SHARED to the folder holding spec/ and data/ "
    "(or put it at ../shared beside the repository) to run this case; tests/data's excerpts are tested either way"
)


class Reference(NamedTuple):
    """A published file the tests read: its excerpt in tests/data, and its path inside the shared folder."""

    excerpt: Path
    published: str


ECB_HISTORY = Reference(DATA / "ecb" / "eurofxref-hist-excerpt.csv", "data/ecb/eurofxref-hist.csv")
ECB_DAILY = Reference(DATA / "ecb" / "eurofxref.csv", "data/ecb/eurofxref.csv")
LITELLM = Reference(
    DATA / "litellm" / "model_prices_and_context_window-excerpt.json",
    "data/litellm/model_prices_and_context_window.json",
)
#: The contract's example documents, copied whole (with their .summary.json and .expected.json).
SPEC_EXAMPLES = Reference(DATA / "spec-examples", "spec/examples")
REFERENCES = (ECB_HISTORY, ECB_DAILY, LITELLM, SPEC_EXAMPLES)


def shared_folder() -> Path | None:
    """The folder ``TOKENCOMP_SHARED`` names, else ``../shared`` when it exists, else None."""
    configured = os.environ.get("TOKENCOMP_SHARED")
    if configured:
        return Path(configured)
    beside = REPO.parent / "shared"
    return beside if beside.is_dir() else None


def reference_file(request: pytest.FixtureRequest, reference: Reference) -> Path:
    """*reference*'s excerpt, or its full published file when the fixture's parameter is ``"published"``."""
    if request.param == "published":
        folder: Path = request.getfixturevalue("published")
        return folder / reference.published
    return reference.excerpt


def load_script(name: str) -> ModuleType:
    """scripts/*name*.py as a module, for the tests of what a script makes (the scripts are not a package)."""
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def contract_version(path: Path) -> str:
    """The ``schema_version`` of a spec example document, or of the document a ``.summary.json`` or
    ``.expected.json`` belongs to."""
    document = path.with_name(path.name.replace(".summary.json", ".json").replace(".expected.json", ".json"))
    return str(json.loads(document.read_bytes()).get("schema_version"))


#: Spec examples of contract version 1.1 that tokencomp reads today: the cash side (issue #23) is built.
READ_VERSION_1_1 = frozenset({"berlin-sales-ote-v1.1"})


def version_1(paths: Iterable[Path]) -> list[Path]:
    """The spec examples among *paths* that tokencomp reads today: version 1, and the version 1.1 ones built.

    The contract's version 1.1 examples are copied in tests/data with the others; ``sde-backweighted-v1.1``
    needs the equity side (issue #24), and until it is built tests/test_summary.py holds it as a strict
    expected failure, and every test that runs "every example" runs the others.
    """
    return [path for path in paths if contract_version(path) == "1" or _stem(path) in READ_VERSION_1_1]


def _stem(path: Path) -> str:
    """The example's name without ``.json``, ``.summary.json`` or ``.expected.json``."""
    return path.name.split(".json")[0].removesuffix(".summary").removesuffix(".expected")
