"""Render the JSON Schemas of ../schemas/ as Markdown reference pages, at every build.

The schema page includes the generated files, so the field tables can never
drift from the schemas that ship.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # Sphinx only runs it: the tests read render() without Sphinx installed
    from sphinx.application import Sphinx

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


def _type_of(schema: dict[str, Any] | bool, patterns: list[str]) -> str:
    """The type of *schema* in words, for a table cell; its pattern, if any, goes to *patterns*.

    A pattern is never written in a cell: a table needs its ``|`` escaped as
    ``\\|``, and inside code the escape would show. It is shown below the
    table instead, as the real regex.
    """
    if schema is False:
        return "not allowed"
    if schema is True:
        return "anything"
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "const" in schema:
        return f"`{json.dumps(schema['const'])}`"
    if "enum" in schema:
        values = schema["enum"]
        if len(values) > 8:
            return f"one of {len(values)} codes"
        return "one of " + ", ".join(f"`{json.dumps(v)}`" for v in values)
    if schema.get("type") == "array":
        return f"array of {_type_of(schema['items'], patterns)}"
    if schema.get("type") == "object" and isinstance(schema.get("additionalProperties"), dict):
        return f"object of {_type_of(schema['additionalProperties'], patterns)}"
    kind = str(schema.get("type", "any"))
    if "pattern" in schema:
        patterns.append(schema["pattern"])
        kind += f" matching pattern {len(patterns)}"
    if "minimum" in schema:
        kind += f", at least {schema['minimum']}"
    return kind


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    """*text* as inline code, fenced with more backticks than it holds."""
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _object(name: str, schema: dict[str, Any], level: str) -> list[str]:
    lines = [f"{level} {name}", "", _cell(schema.get("description", "")), ""]
    properties = schema.get("properties", {})
    patterns: list[str] = []
    if properties:
        required = set(schema.get("required", ()))
        lines += ["| property | type | required | description |", "| --- | --- | --- | --- |"]
        lines += [
            f"| `{key}` | {_cell(_type_of(prop, patterns))} | {'yes' if key in required else 'no'} "
            f"| {_cell(prop.get('description', ''))} |"
            for key, prop in properties.items()
        ]
        lines.append("")
    else:
        lines += [f"Type: {_cell(_type_of(schema, patterns))}.", ""]
    for number, pattern in enumerate(patterns, 1):
        lines += [f"Pattern {number}: {_code(pattern)}", ""]
    return lines


def render(path: Path) -> str:
    """The Markdown reference of one schema file."""
    schema = json.loads(path.read_text(encoding="utf-8"))
    lines = [f"`$id`: `{schema['$id']}` — JSON Schema draft 2020-12.", ""]
    lines += _object(schema["title"], schema, "##")
    for name, definition in schema.get("$defs", {}).items():
        lines += _object(name, definition, "###")
    return "\n".join(lines)


def generate(app: Sphinx) -> None:
    out = Path(app.srcdir) / "_generated"
    out.mkdir(exist_ok=True)
    for path in sorted(SCHEMAS.glob("*-v[0-9]*.json")):
        target = out / f"{path.stem}.md"
        text = render(path)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", generate)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
