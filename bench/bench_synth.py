"""Benchmark of the synthetic extract: the national network over three years.

As `perfml synth --echelle national --graine 1` does: about 440 MLs, three reported
years after three years of warm-up, about 34 million rows written as Parquet.
"""

from __future__ import annotations

from bench.context import BenchContext


def national_extract(context: BenchContext) -> None:
    """Generate the national extract (seed 1, default years) into the scratch folder."""
    from perfml.synth import generate

    generate("national", 1, context.work_dir / "national")


BENCHMARKS = [("génération de l'extrait national", national_extract)]
