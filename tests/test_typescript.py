"""TypeScript declarations (schemas/*.d.ts): current with the schemas, and the examples compile with tsc --strict.

Run by `tox -e schema-ajv`, which installs json-schema-to-typescript and typescript from tests/ajv's lock.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tokencomp.codec.schema import SCHEMAS

from .reference import SPEC_EXAMPLES, version_1
from .test_ajv import AJV, spec_and_bundled_examples
from .test_cli import bundled

pytestmark = pytest.mark.ajv

REPO = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("typescript_bindings", REPO / "scripts" / "typescript_bindings.py")
assert _spec is not None
assert _spec.loader is not None
bindings = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bindings)

#: The root type of each schema's declarations: the schema's title.
ROOTS = {name: SCHEMAS[name]()["title"] for name in SCHEMAS}


def tsc(folder: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    """tsc --strict on *files*, as ECMAScript modules resolved the way Node resolves them."""
    node = shutil.which("node")
    assert node, "node is needed for the TypeScript check"
    compiler = AJV / "node_modules" / ".bin" / "tsc"
    assert compiler.exists(), "run `npm ci --prefix tests/ajv` first (tox -e schema-ajv does)"
    options = ["--strict", "--noEmit", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022"]
    return subprocess.run(
        [str(compiler), *options, *map(str, files)], cwd=folder, capture_output=True, text=True, check=False
    )


def typed(folder: Path, documents: list[tuple[str, Any]]) -> Path:
    """A module that declares each (schema name, document) as a constant of the schema's root type."""
    imports = "".join(f'import type {{ {ROOTS[n]} }} from "./{n}.js";\n' for n in SCHEMAS)
    constants = "".join(
        f"export const document{i}: {ROOTS[name]} = {json.dumps(document, indent=2)};\n"
        for i, (name, document) in enumerate(documents)
    )
    path = folder / "examples.ts"
    path.write_text(imports + constants, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def declared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the declarations as scripts/typescript_bindings.py generates them now."""
    folder = tmp_path_factory.mktemp("typescript")
    for name in SCHEMAS:
        (folder / f"{name}.d.ts").write_text(bindings.declarations(name), encoding="utf-8")
    (folder / "package.json").write_text('{"type": "module"}', encoding="utf-8")
    return folder


class TestDeclarations:
    """schemas/*.d.ts for TypeScript vendors."""

    def test_committed_declarations_are_current(self, declared: Path) -> None:
        """schemas/NAME.d.ts is byte for byte what json-schema-to-typescript makes of the schema now."""
        for name in SCHEMAS:
            committed = (REPO / "schemas" / f"{name}.d.ts").read_text(encoding="utf-8")
            assert (declared / f"{name}.d.ts").read_text(encoding="utf-8") == committed, (
                f"schemas/{name}.d.ts is out of date: run `python scripts/typescript_bindings.py`"
            )

    def test_valid_examples_compile(self, declared: Path) -> None:
        """Every valid example offer, the bundled posting and the price snapshot type-check under --strict,
        and so does the ajv usage the docs show (tests/ajv/usage.ts)."""
        # The contract's version 1.1 examples are not offer-v1 as built yet (#23, #24): tests/reference.py.
        offers = version_1([p for p in spec_and_bundled_examples() if "invalid" not in p.parts])
        catalog = json.loads((REPO / "src" / "tokencomp" / "data" / "prices-litellm.json").read_text())
        documents = [("offer-v1", json.loads(p.read_text())) for p in offers]
        documents += [("job-posting-v1", bundled("postings", "staff-engineer.json")), ("price-catalog-v1", catalog)]
        result = tsc(declared, typed(declared, documents), AJV / "usage.ts")
        assert 0 == result.returncode, result.stdout + result.stderr
        assert 6 <= len(documents)

    @pytest.mark.parametrize(
        ("change", "error"),
        [
            (lambda d: d["salary"]["rate"].update(amount=375000.5), "Type 'number' is not assignable to type 'string'"),
            (lambda d: d["salary"].update(period="yearly"), '"yearly"'),
            (lambda d: d.update(salry=d["salary"]), "'\"salry\"' does not exist in type 'Offer'"),
        ],
    )
    def test_invalid_documents_do_not_compile(self, declared: Path, change: Any, error: str) -> None:
        """A float amount, a period the contract lacks and a misspelt key are type errors."""
        document = json.loads((SPEC_EXAMPLES.excerpt / "valid" / "tunguz-p75.json").read_text())
        change(document)
        result = tsc(declared, typed(declared, [("offer-v1", document)]))
        assert (1, True) == (result.returncode, error in result.stdout), result.stdout
