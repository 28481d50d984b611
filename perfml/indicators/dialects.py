"""Load only the Ibis SQL compiler an engine needs.

Every Ibis SQL backend starts with `import ibis.backends.sql.compilers`, whose package
imports the compilers of all 20 SQL dialects Ibis knows (Athena, BigQuery, Trino…):
about a third of a second on each perfml command for code it never runs. `install()`
puts in its place a package that imports a compiler module on first use (attribute
`DuckDBCompiler` or `duckdb`): same names, same modules, loaded when asked for.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
import types
from pathlib import Path

PACKAGE = "ibis.backends.sql.compilers"
_IMPORT = re.compile(rf"^from {re.escape(PACKAGE)}\.(\w+) import (\w+)\s*$", re.MULTILINE)


def install() -> bool:
    """Make `ibis.backends.sql.compilers` load each dialect's compiler on first use; say
    whether it was done (not when the package is already loaded or looks different)."""
    if PACKAGE in sys.modules:
        return False
    # Found from Ibis's folder: `find_spec` of the package itself would import its parents,
    # Ibis among them, on a start that only reads the catalogue.
    root = importlib.util.find_spec(PACKAGE.split(".")[0])
    if root is None or not root.submodule_search_locations:
        return False
    folder = Path(root.submodule_search_locations[0], *PACKAGE.split(".")[1:])
    spec = importlib.util.spec_from_file_location(
        PACKAGE, folder / "__init__.py", submodule_search_locations=[str(folder)]
    )
    if spec is None or spec.origin is None or not Path(spec.origin).is_file():
        return False
    source = Path(spec.origin).read_text(encoding="utf-8")
    classes = {name: module for module, name in _IMPORT.findall(source)}
    if not classes:
        return False
    package = types.ModuleType(PACKAGE)
    package.__file__ = spec.origin
    package.__path__ = list(spec.submodule_search_locations)
    package.__package__ = PACKAGE
    package.__spec__ = spec
    package.__all__ = sorted(classes)

    def load(name: str):
        module = classes.get(name, name)
        try:
            loaded = importlib.import_module(f"{PACKAGE}.{module}")
        except ModuleNotFoundError as error:
            if error.name != f"{PACKAGE}.{module}":
                raise
            raise AttributeError(f"module {PACKAGE!r} has no attribute {name!r}") from None
        return getattr(loaded, name) if name in classes else loaded

    package.__getattr__ = load
    sys.modules[PACKAGE] = package
    return True
