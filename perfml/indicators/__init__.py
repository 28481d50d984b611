"""The 10 national indicators of the DGEFP instruction of 16 May 2019.

`compute_indicators(con, period, as_of=None)` computes them for every ML, region and the
nation on any Ibis backend holding the contract's tables (DuckDB, PostgreSQL, PySpark);
`monthly_series` gives the 12-rolling-month values at each month end; `CATALOGUE` holds
their labels, themes, units and directions; `indicator_sql` shows the SQL one runs.

The names are loaded on first use: reading the catalogue does not load Ibis and pandas.
"""

import importlib

from perfml.indicators import dialects

# Before any Ibis backend is loaded: only the SQL dialect an engine uses is imported.
dialects.install()

_EXPORTS = {
    "CATALOGUE": "catalogue",
    "THEMES": "catalogue",
    "Indicator": "catalogue",
    "Theme": "catalogue",
    "indicator": "catalogue",
    "LEVELS": "engine",
    "compute_indicators": "engine",
    "indicator_sql": "engine",
    "Period": "periods",
    "add_months": "periods",
    "official_as_of": "periods",
    "monthly_series": "series",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
