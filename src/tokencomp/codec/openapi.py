"""An OpenAPI 3.1 document whose components are the JSON Schemas.

OpenAPI 3.1 takes JSON Schema 2020-12 as it is, so the components are the
schemas of :mod:`tokencomp.codec.schema`, not a translation: the offer, the job
posting and the price catalog under their titles (``Offer``,
``JobPosting``, ``PriceCatalog``) and every shared definition under its
name (``Money``, ``Currency``, ...), with each ``$ref`` rewritten from
``#/$defs/NAME`` to ``#/components/schemas/NAME``. A vendor ``$ref``\\ s them
from their own API description; the one path, ``POST /offers``, shows how.

The schemas' ``$id`` and ``$schema`` are left out here: an ``$id`` would make
``#/components/...`` resolve against the schema's own URI, and the
document's ``jsonSchemaDialect`` names the draft once for all of them.
"""

from __future__ import annotations

import json
from typing import Any

from .schema import DIALECT, SCHEMAS

__all__ = ["OPENAPI_FILE", "openapi_document", "openapi_json"]

#: The file name of the OpenAPI document in ``schemas/``.
OPENAPI_FILE = "openapi.json"
_COMPONENTS = "#/components/schemas/"


def _rewrite(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: item.replace("#/$defs/", _COMPONENTS, 1) if key == "$ref" else _rewrite(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_rewrite(item) for item in value]
    return value


def _components() -> dict[str, Any]:
    components: dict[str, Any] = {}

    def add(name: str, schema: dict[str, Any], owner: str) -> None:
        if name in components and components[name] != schema:
            msg = f"two different schemas are called {name!r} ({owner} and another): rename one in the model"
            raise ValueError(msg)
        components[name] = schema

    for owner, build in SCHEMAS.items():
        schema = _rewrite(build())
        definitions = schema.pop("$defs", {})
        root = {key: value for key, value in schema.items() if key not in ("$schema", "$id")}
        add(root["title"], root, owner)
        for name, definition in definitions.items():
            add(name, definition, owner)
    return dict(sorted(components.items()))


def openapi_document() -> dict[str, Any]:
    """Return the OpenAPI 3.1 document: every schema as a component, and an example path.

    >>> document = openapi_document()
    >>> document["openapi"], [name for name in document["components"]["schemas"] if name[0] in "OJ"]
    ('3.1.0', ['JobPosting', 'Offer', 'OneTimePayment'])
    >>> document["components"]["schemas"]["Offer"]["properties"]["salary"]["$ref"]
    '#/components/schemas/Salary'
    """
    offer = {"$ref": f"{_COMPONENTS}Offer"}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "tokencomp offer-v1 components",
            "version": "1",
            "summary": "The offer, job posting and price catalog schemas, to $ref from an HR system's own API.",
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "jsonSchemaDialect": DIALECT,
        "paths": {
            "/offers": {
                "post": {
                    "operationId": "submitOffer",
                    "summary": "Submit an offer document (an example of using the components)",
                    "requestBody": {"required": True, "content": {"application/json": {"schema": offer}}},
                    "responses": {
                        "201": {"description": "The offer is valid and was accepted."},
                        "422": {
                            "description": "The offer is not valid: every problem with its JSON Pointer, "
                            "as `tokencomp validate --format json` reports them."
                        },
                    },
                }
            }
        },
        "components": {"schemas": _components()},
    }


def openapi_json() -> str:
    """Return the OpenAPI document as JSON text, as written to ``schemas/openapi.json``.

    >>> import json
    >>> from tokencomp import openapi_json
    >>> json.loads(openapi_json())["jsonSchemaDialect"]
    'https://json-schema.org/draft/2020-12/schema'
    """
    return json.dumps(openapi_document(), indent=2, ensure_ascii=False) + "\n"
