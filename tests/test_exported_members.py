"""The public API: __all__ is sorted and names exactly what the package exports."""

from __future__ import annotations

import inspect
import types

import tokencomp


def test_all_is_sorted_and_complete() -> None:
    """Every public name but the submodules is in __all__, sorted, and every name in __all__ exists."""
    public = {name for name in dir(tokencomp) if not name.startswith("_")}
    submodules = {name for name in public if isinstance(getattr(tokencomp, name), types.ModuleType)}
    assert sorted(tokencomp.__all__) == tokencomp.__all__
    assert public - submodules == set(tokencomp.__all__) - {"__version__"}
    for name in tokencomp.__all__:
        assert getattr(tokencomp, name) is not None


def test_every_public_class_and_function_has_an_example() -> None:
    """Each class and function in __all__ shows how it is used in its docstring (the docs build runs them)."""
    without = [
        name
        for name in tokencomp.__all__
        if (inspect.isclass(getattr(tokencomp, name)) or inspect.isfunction(getattr(tokencomp, name)))
        and ">>>" not in (getattr(tokencomp, name).__doc__ or "")
    ]
    assert [] == without


def test_importers_and_openapi_are_exported() -> None:
    """The HR-system importers, the CSV form and the OpenAPI document are importable from tokencomp itself."""
    from tokencomp import importers
    from tokencomp.codec import openapi
    from tokencomp.importers import csv, finch, merge

    expected = {
        "ImportResult": importers.ImportResult,
        "read_merge": merge.read_merge,
        "read_finch": finch.read_finch,
        "read_csv": csv.read_csv,
        "write_csv": csv.write_csv,
        "csv_columns": csv.csv_columns,
        "openapi_json": openapi.openapi_json,
    }
    assert expected == {name: getattr(tokencomp, name) for name in expected}
    assert set(expected) <= set(tokencomp.__all__)
