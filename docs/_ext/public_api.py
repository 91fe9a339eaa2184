"""The API reference: the package's ``__all__``, and nothing else, kept in step with it at every build.

``docs/api.md`` documents the public API, topic by topic::

    .. public-api:: tokencomp
       :modules: tokencomp.model.money tokencomp.model.historical

documents each name of ``tokencomp.__all__`` defined in those modules (in
their source order), and only those: a module's internals are documented on
``docs/internals.md``, whose ``automodule`` sections leave the public names
out (``autodoc-skip-member`` below), so no object is described twice. A last
``.. public-api:: tokencomp`` without ``:modules:`` closes the gaps:

- it documents every exported name no topic has placed, so a name added to
  ``__all__`` appears without a hand edit;
- it registers every exported name under the path people import it by
  (``tokencomp.Money`` besides ``tokencomp.model.money.Money``), so
  ``{py:class}`tokencomp.Money``` links and ``objects.inv`` lists it;
- an exported name documented nowhere (most often: it has no docstring, which
  autodoc skips) is a warning, so ``sphinx-build -W`` fails.
"""

from __future__ import annotations

import importlib
import inspect
import sys
from types import ModuleType
from typing import Any, cast

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.domains.python import PythonDomain
from sphinx.pycode import ModuleAnalyzer
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

#: The package whose ``__all__`` is the public API.
PACKAGE = "tokencomp"


def _home(package: ModuleType, name: str) -> str:
    """The module whose documentation holds the exported *name*: where it is defined."""
    value = getattr(package, name)
    prefix = package.__name__ + "."
    module = getattr(value, "__module__", None) if callable(value) else None
    if isinstance(module, str) and module.startswith(prefix):
        return module
    # A constant knows no module: its home is the submodule that exports it.
    for module_name, candidate in sorted(sys.modules.items()):
        if (
            module_name.startswith(prefix)
            and name in getattr(candidate, "__all__", ())
            and getattr(candidate, name, None) is value
        ):
            return module_name
    return package.__name__


def exported(package_name: str) -> dict[str, str]:
    """Each name of the package's ``__all__``, with the module that documents it."""
    package = importlib.import_module(package_name)
    return {name: _home(package, name) for name in package.__all__}


def _directive(value: object) -> str:
    """The autodoc directive that documents *value*."""
    if inspect.isclass(value):
        return "autoexception" if issubclass(value, BaseException) else "autoclass"
    return "autofunction" if callable(value) else "autodata"


def _in_source_order(home: str, names: list[str]) -> list[str]:
    """*names* of module *home* in the order its source defines them (as autodoc's ``bysource``)."""
    analyzer = ModuleAnalyzer.for_module(home)
    analyzer.analyze()
    order = analyzer.tagorder
    return sorted(names, key=lambda name: (order.get(name, len(order)), name))


class PublicApi(SphinxDirective):
    """Document the exported names defined in ``:modules:``; without it, every one not yet documented.

    Without ``:modules:`` it goes last on the page, and also registers every
    exported name under its public path.
    """

    required_arguments = 1
    option_spec = {"modules": directives.unchanged}  # noqa: RUF012  # docutils reads it from the class

    def run(self) -> list[nodes.Node]:
        package_name = self.arguments[0]
        package = importlib.import_module(package_name)
        if package.__file__:
            # A name added to __all__ changes this page: read it again.
            self.env.note_dependency(package.__file__)
        domain = cast("PythonDomain", self.env.get_domain("py"))
        homes = exported(package_name)
        chosen = self.options.get("modules")
        modules = chosen.split() if chosen else sorted(set(homes.values()))
        lines: list[str] = []
        for home in modules:
            names = [name for name, place in homes.items() if place == home]
            if chosen and not names:
                logger.warning("%s defines no name of %s.__all__", home, package_name, location=self.get_location())
            for name in _in_source_order(home, names):
                if f"{home}.{name}" in domain.objects:
                    continue
                lines += [f".. {_directive(getattr(package, name))}:: {home}.{name}", ""]
        if lines and not chosen:
            lines = [".. rubric:: Not yet filed under a topic", "", *lines]
        container = nodes.container()
        self.state.nested_parse(StringList(lines, self.get_source_info()[0]), self.content_offset, container)
        if not chosen:
            self._register_public_paths(domain, package_name, homes)
        return container.children

    def _register_public_paths(self, domain: PythonDomain, package_name: str, homes: dict[str, str]) -> None:
        for name, home in homes.items():
            public = f"{package_name}.{name}"
            documented = domain.objects.get(f"{home}.{name}")
            if documented is None:
                logger.warning(
                    "%s is in %s.__all__ but the API reference does not document it: "
                    "give it a docstring (a #: comment for a constant) in %s",
                    public,
                    package_name,
                    home,
                    location=self.get_location(),
                    type="public_api",
                )
                continue
            # A name that is also a submodule's (tokencomp.reports.compare) keeps its module path.
            if public not in domain.objects:
                domain.objects[public] = documented._replace(aliased=True)


def skip_public_in_modules(app: Sphinx, what: str, name: str, obj: object, skip: bool, options: Any) -> bool | None:
    """Leave the public API out of a module's ``automodule`` section: the API reference documents it."""
    if what != "module":
        return None
    package = sys.modules.get(PACKAGE)
    if package is not None and name in package.__all__ and getattr(package, name, None) is obj:
        return True
    return None


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("public-api", PublicApi)
    app.connect("autodoc-skip-member", skip_public_in_modules)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
