"""The built documentation has its pages and a complete schema reference (run by tox -e docs after the build)."""

from __future__ import annotations

import html
import importlib
import inspect
import json
import re
from pathlib import Path

import pytest

import tokencomp

pytestmark = pytest.mark.docs

REPO = Path(__file__).resolve().parent.parent
BUILT = REPO / "docs" / "_build" / "html"


#: reStructuredText that reached a page as text: a directive or a field of an unparsed docstring.
RAW_RST = re.compile(r"\.\. [a-z-]+(:[a-z-]+)?::|:(ivar|vartype|param|type|rtype|returns?|raises|members)[ :]")
#: Code a page shows on purpose (``.. py:class::`` quoted in the changelog), left out of that search.
CODE = re.compile(r"<(code|pre)\b.*?</\1>", re.DOTALL)


def page(name: str, *, without_code: bool = False) -> str:
    path = BUILT / f"{name}.html"
    assert path.is_file(), f"{path} is missing: build the docs first (tox -e docs does)"
    source = path.read_text(encoding="utf-8")
    if without_code:
        source = CODE.sub("", source)
    return html.unescape(re.sub(r"<[^>]+>", "", source))


def test_pages() -> None:
    """The tutorial, token budget, schema, conversion, API and changelog pages are built."""
    assert "Tutorial" in page("tutorial")
    assert "Gesamtvergütung" in page("locales")
    assert "総報酬" in page("locales")
    assert "does not vest" in page("token-budget")
    assert "ajv" in page("schema")
    assert "Exact money" in page("conversion")
    assert "tokencomp.model.money.Money" in page("api")
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


def inventory() -> dict[str, set[str]]:
    """The built objects.inv: each role (``py:class``, ...) with the names it lists."""
    # Imported here: Sphinx is in the docs environment only, and the other test runs collect this file too.
    from sphinx.util.inventory import InventoryFile

    path = BUILT / "objects.inv"
    assert path.is_file(), f"{path} is missing: build the docs first (tox -e docs does)"
    with path.open("rb") as stream:
        data = InventoryFile.load(stream, "", lambda base, uri: uri)
    return {role: set(names) for role, names in data.items()}


def role_of(value: object) -> str:
    """The Python domain's role for a public object, as Sphinx files it."""
    if inspect.isclass(value):
        return "py:exception" if issubclass(value, BaseException) else "py:class"
    return "py:function" if callable(value) else "py:data"


class TestApiReference:
    """The API reference renders the public API as Python objects, not as reStructuredText text."""

    def test_every_exported_name_is_in_the_inventory_as_its_kind(self) -> None:
        """Each name of tokencomp.__all__ is in objects.inv under its public path, as a class, function, ..."""
        listed = inventory()
        missing = []
        for name in tokencomp.__all__:
            role = role_of(getattr(tokencomp, name))
            # tokencomp.reports.compare is the module too; the function keeps its module path.
            public = f"tokencomp.{name}"
            target = f"{public}.{name}" if public in listed.get("py:module", set()) else public
            if target not in listed.get(role, set()):
                missing.append(f"{role} {target}")
        assert [] == missing

    def test_attributes_and_methods_are_objects(self) -> None:
        """Attributes from docstrings, methods and the modules' other public names can be linked too."""
        listed = inventory()
        assert {
            "tokencomp.model.money.Money.amount",
            "tokencomp.reports.summary.Summary.return_on_spend",
        } <= listed.get("py:attribute", set())
        assert "tokencomp.model.money.Money.rounded" in listed.get("py:method", set())
        assert "tokencomp.reports.render.summary_text" in listed.get("py:function", set())
        assert "tokencomp.errors" in listed.get("py:module", set())

    def test_signatures_and_attributes_are_rendered(self) -> None:
        """The API page shows a class with its signature and attributes, and the index lists it."""
        text = page("api")
        assert "class tokencomp.model.money.Money(amount, currency)" in text
        assert "The amount, exact." in text
        assert "summarize(offer, currency=None" in text
        assert "Money (class in tokencomp.model.money)" in page("genindex")

    def test_no_page_shows_raw_restructuredtext(self) -> None:
        """No built page contains directive source (``.. py:class::``) or docstring fields (``:ivar``)."""
        pages = sorted(BUILT.glob("*.html"))
        assert len(pages) > 5
        raw = {
            path.name: match.group(0) for path in pages if (match := RAW_RST.search(page(path.stem, without_code=True)))
        }
        assert {} == raw


def pages_of(role: str) -> dict[str, str]:
    """The objects.inv entries of *role* (``py:class``, ...), each with the page that documents it."""
    from sphinx.util.inventory import InventoryFile

    with (BUILT / "objects.inv").open("rb") as stream:
        data = InventoryFile.load(stream, "", lambda base, uri: uri)
    # An entry is a tuple before Sphinx 8.2 and has .uri after.
    return {name: str(getattr(item, "uri", None) or item[2]).split("#")[0] for name, item in data.get(role, {}).items()}


class TestPublicApiAlone:
    """The API reference is tokencomp.__all__ alone; the modules and their internals are on a page of their own."""

    def test_api_page_documents_only_exported_names(self) -> None:
        """Every class, function, exception and constant the API page documents is one of tokencomp.__all__."""
        exported = {getattr(tokencomp, name) for name in tokencomp.__all__ if name != "__version__"}
        others = []
        for role in ("py:class", "py:function", "py:exception", "py:data"):
            for name, uri in pages_of(role).items():
                module, _, attribute = name.rpartition(".")
                if uri != "api.html" or module == "tokencomp":
                    continue  # tokencomp.X: a public path, or the version
                if getattr(importlib.import_module(module), attribute, None) not in exported:
                    others.append(name)
        assert [] == others

    def test_internals_are_apart(self) -> None:
        """The trusted route and the scalar readers are on the internals page, and the API page names neither."""
        api = page("api")
        assert ("tokencomp.codec.build" in api, "tokencomp.model.scalars" in api) == (False, False)
        assert {
            "tokencomp.codec.build.build_trusted": "internals.html",
            "tokencomp.model.scalars.read_date": "internals.html",
        } == {
            name: uri
            for name, uri in pages_of("py:function").items()
            if name in {"tokencomp.codec.build.build_trusted", "tokencomp.model.scalars.read_date"}
        }

    def test_api_page_is_the_public_api_in_topics(self) -> None:
        """The public API's classes appear under topics, none left unfiled; a module's other names do not."""
        api = page("api")
        assert "Not yet filed under a topic" not in api
        assert "class tokencomp.model.offer.Offer(" in api
        assert "summary_text" not in api
