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
        assert "tokencomp.model.offer" not in graph["tokencomp.codec.converter"]
        assert "tokencomp.codec.converter" not in graph["tokencomp.reference.pricing"]
        assert "tokencomp.reports.summary" not in graph["tokencomp.reports.advisories"]

    def test_circle_found(self) -> None:
        """The check sees a circle when there is one."""
        assert [["a", "b", "c"]] == circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}})


@pytest.mark.parametrize(
    "module",
    [
        "reports.advisories",
        "model.arguments",
        "codec.build",
        "codec.converter",
        "model.offer",
        "reference.pricing",
        "reports.summary",
        "codec.validation",
    ],
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


#: The rooms of the house, lowest first: a module imports only from its own room and the rooms before it.
LAYERS = [
    "tokencomp.errors",
    "tokencomp._internal",
    "tokencomp.model",
    "tokencomp.reference",
    "tokencomp.codec",
    "tokencomp.budget",
    "tokencomp.reports",
    "tokencomp.ocf",
    "tokencomp.transparency",
    "tokencomp.importers",
    "tokencomp.spark",
    "tokencomp.cli",
    "tokencomp.__main__",
]


def layer_of(module: str) -> int:
    """The index in LAYERS of the room holding *module*; the package's own __init__ is above them all."""
    for index, room in enumerate(LAYERS):
        if module == room or module.startswith(room + "."):
            return index
    raise AssertionError(f"{module} is in no room of LAYERS: give it one")


class TestLayers:
    """The folder tree is the architecture: each room imports only from rooms below it."""

    def test_every_module_has_a_room(self) -> None:
        """No module sits beside the rooms (the package's __init__ and its __main__ aside)."""
        for module in import_graph():
            layer_of(module)

    def test_no_room_imports_a_higher_one(self) -> None:
        """A lower layer never imports a higher one, not even for type checking or inside a function."""
        upward = [
            (module, target)
            for module, targets in import_graph().items()
            for target in targets
            if layer_of(target) > layer_of(module)
        ]
        assert [] == upward

    def test_no_circle_between_rooms(self) -> None:
        """Taken room by room (each subpackage one node), the imports form no circle either."""
        rooms: dict[str, set[str]] = {}
        for module, targets in import_graph().items():
            room = LAYERS[layer_of(module)]
            rooms.setdefault(room, set()).update(LAYERS[layer_of(t)] for t in targets if LAYERS[layer_of(t)] != room)
        assert [] == circles(rooms)

    def test_an_upward_import_is_seen(self) -> None:
        """The check would see a model module importing the command line."""
        assert layer_of("tokencomp.model.money") < layer_of("tokencomp.cli._run")
