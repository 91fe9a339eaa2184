"""Every example in the docstrings of the public API runs when pasted on its own into a fresh interpreter.

``pytest --doctest-modules`` runs a docstring's examples with its module's globals, so an example
that never imports what it uses passes there and raises NameError for a reader. Here each public
name's docstrings (its own and its members', as the API reference shows them) run with an empty
namespace: what an example uses, it imports.
"""

from __future__ import annotations

import doctest
import inspect

import pytest

import tokencomp


def public_doctests() -> dict[str, doctest.DocTest]:
    """The examples of each name in ``tokencomp.__all__`` and of its members, by dotted name, each with no globals."""
    finder = doctest.DocTestFinder(recurse=True, exclude_empty=True)
    found: dict[str, doctest.DocTest] = {}
    for name in tokencomp.__all__:
        value = getattr(tokencomp, name)
        if inspect.isclass(value) or inspect.isroutine(value):
            module = inspect.getmodule(value)
            for test in finder.find(value, f"tokencomp.{name}", module=module, globs={}):
                if test.examples:
                    found[test.name] = test
    return found


PUBLIC_DOCTESTS = public_doctests()


def run_alone(test: doctest.DocTest) -> tuple[int, str]:
    """Run *test* in an empty namespace: (failures, the report of each)."""
    test.globs = {}
    report: list[str] = []
    # ELLIPSIS: pytest's default for doctests, which the examples are written for.
    runner = doctest.DocTestRunner(verbose=False, optionflags=doctest.ELLIPSIS)
    result = runner.run(test, out=report.append, clear_globs=True)
    return result.failed, "".join(report)


class TestFinder:
    """The examples checked are the API reference's: the public names and their members."""

    def test_classes_functions_and_members(self) -> None:
        """A class, a method, a property and a function of the public API are all among them."""
        expected = {
            "tokencomp.Offer",
            "tokencomp.Money.rounded",
            "tokencomp.ValidationReport.offer",
            "tokencomp.summarize",
        }
        assert expected <= PUBLIC_DOCTESTS.keys()
        assert len(PUBLIC_DOCTESTS) >= 150

    def test_an_example_without_its_import_fails(self) -> None:
        """An example that uses a name it never imports fails here, as it would for a reader."""
        test = doctest.DocTestParser().get_doctest(">>> Money('1.00', 'USD').currency\n'USD'\n", {}, "t", None, 0)
        failed, report = run_alone(test)
        assert (1, True) == (failed, "NameError: name 'Money' is not defined" in report)


class TestPublicExamplesRunAlone:
    """Each public docstring's examples pass with no globals but the ones they import."""

    @pytest.mark.parametrize("name", sorted(PUBLIC_DOCTESTS))
    def test_examples(self, name: str) -> None:
        """The docstring's examples, run in order in a fresh namespace, all give what they show."""
        failed, report = run_alone(PUBLIC_DOCTESTS[name])
        assert 0 == failed, report
