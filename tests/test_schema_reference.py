"""The schema reference pages (docs/_ext/schema_reference.py) show every regex as it is."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
_SPEC = importlib.util.spec_from_file_location("schema_reference", REPO / "docs" / "_ext" / "schema_reference.py")
assert _SPEC is not None
assert _SPEC.loader is not None
schema_reference = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(schema_reference)


def page_patterns(schema: dict[str, Any]) -> set[str]:
    """The patterns of the objects and definitions the page describes (the root, each definition, their properties)."""
    found = set()
    for definition in [schema, *schema["$defs"].values()]:
        for node in [definition, *definition.get("properties", {}).values()]:
            if isinstance(node, dict) and "pattern" in node:
                found.add(node["pattern"])
    return found


@pytest.mark.parametrize("name", ["offer-v1", "job-posting-v1", "price-catalog-v1"])
class TestPatterns:
    """Regexes are shown outside tables, where no escape is needed, so readers see the real regex."""

    def test_no_escapes_in_code(self, name: str) -> None:
        """No code span in the page holds a table escape (`0\\|[1-9]` showed literally before)."""
        page = schema_reference.render(REPO / "schemas" / f"{name}.json")
        spans = re.findall(r"(`+)(.+?)\1", page)
        assert [] == [code for _, code in spans if "\\|" in code]

    def test_every_pattern_verbatim_outside_tables(self, name: str) -> None:
        """Each of the schema's patterns that the page shows appears as written, on a line that is no table row."""
        schema = json.loads((REPO / "schemas" / f"{name}.json").read_text(encoding="utf-8"))
        page = schema_reference.render(REPO / "schemas" / f"{name}.json")
        shown = {code for line in page.splitlines() if not line.startswith("|") for _, code in
                 re.findall(r"(`+)(.+?)\1", line)}  # fmt: skip
        assert page_patterns(schema) <= shown
        assert page_patterns(schema)
