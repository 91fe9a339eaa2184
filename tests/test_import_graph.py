"""No import circles among tokencomp's modules: the arrows of the house point one way."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SOURCE / "tokencomp"


def module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, modules: set[str]) -> set[str]:
    """The tokencomp modules *path* imports anywhere: at the top, in a function, or for type checking only."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            target = ".".join(part for part in (base, node.module or "") if part)
            found.add(target)
            found |= {f"{target}.{alias.name}" for alias in node.names}
    # The root package's __init__ only re-exports; every module implies it.
    return {module for module in found if module in modules and module not in {name, "tokencomp"}}


def import_graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(path) for path in paths}
    return {module_name(path): imported(path, modules) for path in paths if module_name(path) != "tokencomp"}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in graph.get(module, ()):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


class TestImportGraph:
    """The import graph built from the source's syntax has no cycle."""

    def test_no_circles(self) -> None:
        """Every tokencomp module's imports, deferred ones included, form no circle."""
        assert [] == circles(import_graph())

    def test_named_edges_gone(self) -> None:
        """The low-level codec does not know the offer, nor the price reader the codec, nor advisories the summary."""
        graph = import_graph()
        assert "tokencomp.offer" not in graph["tokencomp.codec"]
        assert "tokencomp.codec" not in graph["tokencomp.pricing"]
        assert "tokencomp.summary" not in graph["tokencomp.advisories"]

    def test_circle_found(self) -> None:
        """The check sees a circle when there is one."""
        assert [["a", "b", "c"]] == circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}})


@pytest.mark.parametrize(
    "module",
    ["advisories", "arguments", "build", "codec", "offer", "pricing", "summary", "validation"],
)
def test_imports_alone(module: str) -> None:
    """Each module of the former circles imports first, alone, in a fresh interpreter."""
    result = subprocess.run(
        [sys.executable, "-c", f"import tokencomp.{module}"],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(SOURCE)},
        check=False,
    )
    assert (0, "") == (result.returncode, result.stderr)
