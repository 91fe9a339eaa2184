"""Sphinx configuration for tokencomp's documentation (furo theme, MyST Markdown)."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

import tokencomp  # noqa: E402  # installed (tox -e docs), or found on PYTHONPATH=src

project = "tokencomp"
author = "tokencomp developers"
copyright = "2026, tokencomp developers"
release = tokencomp.__version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "schema_reference",
    "public_api",
]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 4
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "_generated/*.md"]
html_theme = "furo"
html_title = "tokencomp"
# Quotes in field descriptions are JSON and code: keep them straight.
smartquotes = False

autodoc_typehints = "description"
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": True}
# Attributes: sections become attribute entries (the attrs fields carry no docstrings of
# their own, so nothing is described twice): each can be linked, and is in objects.inv.
napoleon_use_ivar = False
napoleon_google_docstring = True

# The build has no network, so no intersphinx: types from the standard library and
# our dependencies are named in full but not linked. Every tokencomp name must resolve.
nitpicky = True
nitpick_ignore_regex = [
    # The standard library's types in our signatures, and :mod:`decimal` in prose.
    (r"py:(class|mod)", r"(decimal|datetime|enum|fractions|gettext|os|pathlib|typing|collections\.abc)(\..*)?"),
    # Our dependencies' types in our signatures: babel's Locale, a cattrs Converter.
    (r"py:class", r"(babel|cattrs)\..*"),
]
