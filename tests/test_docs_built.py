"""The built documentation has its pages and a complete schema reference (run by tox -e docs after the build)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.docs

REPO = Path(__file__).resolve().parent.parent
BUILT = REPO / "docs" / "_build" / "html"


def page(name: str) -> str:
    path = BUILT / f"{name}.html"
    assert path.is_file(), f"{path} is missing: build the docs first (tox -e docs does)"
    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")))


def test_pages() -> None:
    """The tutorial, token budget, schema, conversion, API and changelog pages are built."""
    assert "Tutorial" in page("tutorial")
    assert "does not vest" in page("token-budget")
    assert "ajv" in page("schema")
    assert "Exact money" in page("conversion")
    assert "tokencomp.money.Money" in page("api")
    assert "Unreleased" in page("changelog")
    assert "jobBenefits" in page("disclosure")


@pytest.mark.parametrize("name", ["offer-v1", "job-posting-v1", "price-catalog-v1"])
def test_schema_reference_lists_every_property(name: str) -> None:
    """Every property of every object of the schema appears in its reference page, with its description."""
    schema = json.loads((REPO / "schemas" / f"{name}.json").read_text())
    text = page("schema-" + name.removesuffix("-v1"))
    for definition in [schema, *schema["$defs"].values()]:
        for key, prop in definition.get("properties", {}).items():
            assert key in text
            assert prop["description"] in text


@pytest.mark.parametrize("name", ["offer-v1", "job-posting-v1", "price-catalog-v1"])
def test_schema_reference_shows_real_regexes(name: str) -> None:
    """Every pattern of a definition shows as written: no table escape (`0\\|[1-9]`) inside a regex."""
    schema = json.loads((REPO / "schemas" / f"{name}.json").read_text())
    text = page("schema-" + name.removesuffix("-v1"))
    assert "\\|" not in text
    for definition in schema["$defs"].values():
        if "pattern" in definition:
            assert definition["pattern"] in text


def test_tutorial_figures_are_the_ones_the_code_prints() -> None:
    """The seeds' figures appear on the tutorial page as printed (the page's examples are run by docs-doctest)."""
    text = page("tutorial")
    for figure in ("475000.00", "0.2105", "250000.00", "18766.26", "36031.23", "9876543209", "36000000000"):
        assert figure in text
