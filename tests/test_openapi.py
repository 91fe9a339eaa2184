"""The OpenAPI 3.1 document: a valid description whose components are the JSON Schemas, refs rewritten."""

from __future__ import annotations

import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_spec

from tokencomp import validate, validate_posting
from tokencomp.cli import main
from tokencomp.codec.openapi import openapi_document, openapi_json
from tokencomp.codec.schema import SCHEMAS

from .test_ajv import spec_and_bundled_examples
from .test_cli import bundled


def refs(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [v for k, v in value.items() if k == "$ref"] + [r for v in value.values() for r in refs(v)]
    if isinstance(value, list):
        return [r for v in value for r in refs(v)]
    return []


def component_validator(document: dict[str, Any], name: str) -> Draft202012Validator:
    """A validator of the component *name*, its refs resolved inside the OpenAPI document."""
    root = {**document, "$schema": document["jsonSchemaDialect"], "$ref": f"#/components/schemas/{name}"}
    return Draft202012Validator(root, format_checker=Draft202012Validator.FORMAT_CHECKER)


class TestOpenApi:
    """tokencomp schema --openapi: OpenAPI 3.1 with the offer, posting and price-catalog schemas as components."""

    def test_the_spec_validator_accepts_it(self) -> None:
        """openapi-spec-validator finds nothing wrong with the document (OpenAPI 3.1)."""
        document = openapi_document()
        validate_spec(document)
        assert "3.1.0" == document["openapi"]

    def test_components(self) -> None:
        """Each schema's root is a component under its title, every $defs entry too, and every $ref points at one."""
        document = openapi_document()
        components = document["components"]["schemas"]
        expected = {SCHEMAS[name]()["title"] for name in SCHEMAS} | {d for b in SCHEMAS.values() for d in b()["$defs"]}
        assert expected == set(components)
        targets = {ref.removeprefix("#/components/schemas/") for ref in refs(document)}
        assert all(ref.startswith("#/components/schemas/") for ref in refs(document))
        assert targets <= set(components)
        assert not any("$id" in schema or "$schema" in schema for schema in components.values())

    def test_the_example_path_refs_the_offer(self) -> None:
        """POST /offers takes an Offer by reference, as a vendor's own spec would."""
        body = openapi_document()["paths"]["/offers"]["post"]["requestBody"]
        assert {"$ref": "#/components/schemas/Offer"} == body["content"]["application/json"]["schema"]

    def test_components_judge_as_tokencomp_does(self) -> None:
        """Through the components, every example offer gets the verdict tokencomp validate gives it."""
        paths = spec_and_bundled_examples()
        checker = component_validator(openapi_document(), "Offer")
        assert [validate(p.read_bytes()).valid for p in paths] == [
            checker.is_valid(json.loads(p.read_text())) for p in paths
        ]
        posting = bundled("postings", "staff-engineer.json")
        assert validate_posting(json.dumps(posting)).valid
        assert component_validator(openapi_document(), "JobPosting").is_valid(posting)

    def test_command(self, capsys: pytest.CaptureFixture[str], tmp_path: Any) -> None:
        """schema --openapi prints the document; with --out it writes openapi.json."""
        assert 0 == main(["schema", "--openapi"])
        assert openapi_json() == capsys.readouterr().out
        assert 0 == main(["schema", "--openapi", "--out", str(tmp_path)])
        assert openapi_json() == (tmp_path / "openapi.json").read_text(encoding="utf-8")
