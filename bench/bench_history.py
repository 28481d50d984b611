"""Benchmark of a growing history: the national extract over 3 years, then over 10.

Each run generates (once, kept under `var/bench/`) the national extract with that many
reported years, then times, one after the other: loading it into a fresh warehouse, the
10 indicators of the last year as of its official date, the 12 rolling-month values of
that year, and the 20 homogeneous groups of that year. The figures (`lignes`,
`chargement_s`, `indicateurs_s`, `suivi_mensuel_s`, `groupes_s`) of the two runs make
the history-growth table of `bench/results.md`.
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.bench_indicators import last_complete_year
from bench.context import BenchContext

ROOT = Path(__file__).resolve().parent.parent
SEED = 1


def _extract(years: int) -> Path:
    """The national extract with `years` reported years, generated once."""
    from perfml.synth import generate
    from perfml.synth.generator import resolve_years

    _, end = resolve_years(None, None)
    out = ROOT / "var" / "bench" / f"national-{SEED}-{years}ans"
    if not (out / ".complet").exists():
        import shutil

        shutil.rmtree(out, ignore_errors=True)
        generate("national", SEED, out, start_year=end - years + 1, end_year=end)
        (out / ".complet").touch()
    return out


def with_history(years: int):
    """Load, indicators, monthly series and groups on `years` years of history."""

    def run(context: BenchContext) -> dict:
        from perfml.groups import build_groups
        from perfml.indicators import Period, compute_indicators, monthly_series, official_as_of
        from perfml.loading import load_extract
        from perfml.warehouse import connect, extract_date

        extract = _extract(years)
        warehouse = context.work_dir / f"historique-{years}.duckdb"
        figures = {}
        started = time.perf_counter()
        load_extract(extract, warehouse)
        figures["chargement_s"] = time.perf_counter() - started

        con = connect(warehouse, read_only=True)
        figures["lignes"] = sum(
            con.table(t).count().execute()
            for t in ("jeunes", "dispositifs", "situations", "propositions", "offres",
                      "mises_en_relation")
        )  # fmt: skip
        day = extract_date(con)
        year = last_complete_year(day)
        period = Period.year(year)
        started = time.perf_counter()
        compute_indicators(con, period, as_of=official_as_of(period))
        figures["indicateurs_s"] = time.perf_counter() - started
        started = time.perf_counter()
        monthly_series(con, f"{year}-01", f"{year}-12")
        figures["suivi_mensuel_s"] = time.perf_counter() - started
        con.disconnect()

        started = time.perf_counter()
        build_groups(warehouse, year, k=20)
        figures["groupes_s"] = time.perf_counter() - started
        return figures

    return run


BENCHMARKS = [
    ("historique national sur 3 ans", with_history(3)),
    ("historique national sur 10 ans", with_history(10)),
]
