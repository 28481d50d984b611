"""Benchmark of the loader: the national synthetic extract into a fresh warehouse.

The target (must stay under 60 s on the 2-core machine): every rule checked on every row
of the ~30 million rows of the national extract, then the warehouse written.
"""

from __future__ import annotations

from bench.context import BenchContext


def load_national_extract(context: BenchContext) -> None:
    """Load the national extract into a scratch warehouse, as `perfml charger` does."""
    from perfml.loading import load_extract

    target = context.work_dir / "entrepot.duckdb"
    target.unlink(missing_ok=True)
    load_extract(context.extract_dir, target)


BENCHMARKS = [("chargement de l'extrait national", load_national_extract)]
