"""A Hypothesis strategy that generates documents shaped by a JSON Schema.

It follows types, properties, enums, consts, patterns, formats, minimums and
$refs, and deliberately ignores the cross-field rules (oneOf, if/then,
dependentRequired), so that many documents break them: validation must
then explain each with a pointer. (hypothesis-jsonschema 0.23 does not run
with current Hypothesis, hence this small walker.)
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from tokencomp.model.limits import DIGITS_LOOKAHEAD


def from_schema(root: dict[str, Any], unknown_keys: bool = True) -> st.SearchStrategy[Any]:
    defs = root.get("$defs", {})

    def build(schema: dict[str, Any] | bool) -> st.SearchStrategy[Any]:
        if schema is False or schema is True:
            return st.none()
        if "$ref" in schema:
            return st.deferred(lambda: build(defs[schema["$ref"].rsplit("/", 1)[-1]]))
        if "const" in schema:
            return st.just(schema["const"])
        if "enum" in schema:
            return st.sampled_from(schema["enum"])
        kind = schema.get("type")
        if kind == "string":
            if schema.get("format") == "date":
                return st.dates().map(lambda d: d.isoformat()) | st.from_regex(schema["pattern"], fullmatch=True)
            if "pattern" in schema:
                # Without the digit bound's lookaheads: Hypothesis would filter for them (slowly), and figures
                # past the bound are worth generating too.
                return st.from_regex(schema["pattern"].replace(DIGITS_LOOKAHEAD, ""), fullmatch=True)
            return st.text(min_size=schema.get("minLength", 0), max_size=12)
        if kind == "integer":
            return st.integers(min_value=schema.get("minimum"), max_value=schema.get("maximum", 10**12 - 1) + 1)
        if kind == "boolean":
            return st.booleans()
        if kind == "array":
            return st.lists(build(schema["items"]), max_size=3)
        if kind == "object":
            return objects(schema)
        raise AssertionError(f"the generator does not know {schema!r}")

    @st.composite
    def objects(draw: st.DrawFn, schema: dict[str, Any]) -> dict[str, Any]:
        properties = schema.get("properties", {})
        result = {}
        for key, sub in properties.items():
            if key in schema.get("required", ()) or draw(st.booleans()):
                result[key] = draw(build(sub))
        extra = schema.get("additionalProperties", True)
        if isinstance(extra, dict):
            result |= draw(st.dictionaries(st.text(max_size=6), build(extra), max_size=2))
        elif unknown_keys and draw(st.integers(0, 20)) == 0:
            result["unexpected"] = draw(st.integers())
        return result

    return build(root)
