"""Loading an extract (CSV, Parquet, i-milo referential) into the DuckDB warehouse.

`load_extract` validates every rule of the data contract, rejects (never drops) the rows
that break one, and writes the warehouse all-or-nothing; see `docs/chargement.md`.
"""

from perfml.loading.load import load_extract
from perfml.loading.report import LoadReport, TableReport

__all__ = ["LoadReport", "TableReport", "load_extract"]
