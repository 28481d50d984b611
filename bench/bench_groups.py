"""Benchmark of the homogeneous groups: 20 groups of the national extract's last year.

The bench warehouse is read-only, and `build_groups` writes its tables: the function
first copies `structures` and `contexte` (a few hundred rows a year) into a scratch
warehouse, then builds and stores the groups of the last year (PCA, Ward, Hartigan–Wong,
description), as `perfml groupes` does.
"""

from __future__ import annotations

import duckdb

from bench.context import BenchContext

COPIED_TABLES = ("structures", "contexte")


def build_twenty_groups(context: BenchContext) -> None:
    """Copy the context into a scratch warehouse and build the last year's 20 groups."""
    from perfml.groups import build_groups

    scratch = context.work_dir / "groupes.duckdb"
    scratch.unlink(missing_ok=True)
    con = duckdb.connect(str(scratch))
    con.execute(f"ATTACH '{context.warehouse}' AS source (READ_ONLY)")
    for table in COPIED_TABLES:
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM source.{table}")
    year = con.execute("SELECT max(annee) FROM contexte").fetchone()[0]
    con.execute("DETACH source")
    con.close()
    build_groups(scratch, int(year), k=20)


BENCHMARKS = [("groupes homogènes (20)", build_twenty_groups)]
