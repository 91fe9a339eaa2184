"""Keep the API reference in step with the package's ``__all__``, at every build.

``docs/api.md`` documents each module of tokencomp with ``automodule`` (its public
members). ``.. public-api:: tokencomp``, last on the page, closes the gaps that leaves:

- it documents every module that defines an exported name and that the page has
  not documented above it, so a name added to ``__all__`` in a new module
  appears without a hand edit;
- it registers every exported name under the path people import it by
  (``tokencomp.Money`` besides ``tokencomp.money.Money``), so
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
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.domains.python import PythonDomain
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)


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


class PublicApi(SphinxDirective):
    """Close the page's gaps against the package's ``__all__``; goes last on the page.

    Documents each module that defines an exported name and has no section above,
    then registers every exported name under its public path.
    """

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        package_name = self.arguments[0]
        package_file = importlib.import_module(package_name).__file__
        if package_file:
            # A name added to __all__ changes this page: read it again.
            self.env.note_dependency(package_file)
        domain = cast("PythonDomain", self.env.get_domain("py"))
        homes = exported(package_name)
        lines: list[str] = []
        for module_name in sorted(set(homes.values()) - set(domain.modules) - {package_name}):
            docstring = inspect.getdoc(importlib.import_module(module_name)) or module_name
            lines += [f".. rubric:: {docstring.splitlines()[0]}", "", f".. automodule:: {module_name}", ""]
        container = nodes.container()
        self.state.nested_parse(StringList(lines, self.get_source_info()[0]), self.content_offset, container)
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
            # A name that is also a submodule's (tokencomp.compare) keeps its module path.
            if public not in domain.objects:
                domain.objects[public] = documented._replace(aliased=True)
        return container.children


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("public-api", PublicApi)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
