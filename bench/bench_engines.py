"""Benchmarks of the engines, and of the whole default command against a hand-written
DuckDB script.

Engines: the 10 indicators of the extract's last complete year as known on its
official date, on DuckDB, PostgreSQL (a throwaway cluster on loopback), Spark in local
mode and Spark on a standalone cluster (master + 1 worker of 2 cores and 3 GB on
loopback, driven through Spark Connect), on the regional and the national extracts.
Each engine runs in its own process (`bench/run.py` runs one benchmark per process):
its figures are `calcul_s` (the computation alone), `preparation_s` (copy to the
engine, Spark start), `identique` (1 when every figure equals DuckDB's), and
`duckdb_calcul_s` and `x_duckdb`: DuckDB's time in the same process just before, and
the ratio of the two.

Command: `perfml indicateurs --annee A` on the national warehouse, the whole process
(imports included), and `bench/hand_indicators.py` giving the same ML rows.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

from bench.bench_indicators import last_complete_year
from bench.context import BenchContext

ROOT = Path(__file__).resolve().parent.parent
REGION_SEED = 1


def _region() -> tuple[Path, Path]:
    """The regional extract and its warehouse, prepared once under `var/bench/`."""
    from bench.run import prepare

    return prepare("region", REGION_SEED, ROOT / "var" / "bench")


def _paths(context: BenchContext, scale: str) -> tuple[Path, Path]:
    return _region() if scale == "region" else (context.extract_dir, context.warehouse)


def _year_and_as_of(warehouse: Path):
    from perfml.indicators import Period, official_as_of
    from perfml.warehouse import connect, extract_date

    con = connect(warehouse, read_only=True)
    day = extract_date(con) or dt.date.today()
    con.disconnect()
    period = Period.year(last_complete_year(day))
    return period, official_as_of(period)


def _timed(action):
    """`action()`'s result and the seconds it took."""
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def _indicators_timed(con, period, as_of):
    """The indicators of `period` as of `as_of` on `con`, and the seconds they took."""
    from perfml.indicators import compute_indicators

    return _timed(lambda: compute_indicators(con, period, as_of=as_of))


def _reference(warehouse: Path, period, as_of):
    from perfml.warehouse import connect

    con = connect(warehouse, read_only=True)
    frame, elapsed = _indicators_timed(con, period, as_of)
    con.disconnect()
    return frame, elapsed


def _against(reference, con, period, as_of, preparation_s: float) -> dict:
    """Compute on `con`; the engine's figures, compared with DuckDB's `reference` (its
    frame and time, measured in the same process just before: on a shared machine, the
    ratio of two times taken together means more than two medians taken apart)."""
    expected, duckdb_s = reference
    got, elapsed = _indicators_timed(con, period, as_of)
    return {
        "calcul_s": elapsed,
        "preparation_s": preparation_s,
        "identique": _same(got, expected),
        "duckdb_calcul_s": duckdb_s,
        "x_duckdb": elapsed / duckdb_s,
    }


def _same(got, expected) -> int:
    import pandas.testing as pdt

    try:
        pdt.assert_frame_equal(got, expected)
    except AssertionError:
        return 0
    return 1


def on_duckdb(scale: str):
    """DuckDB, the warehouse itself."""

    def run(context: BenchContext) -> dict:
        _, warehouse = _paths(context, scale)
        period, as_of = _year_and_as_of(warehouse)
        _, elapsed = _reference(warehouse, period, as_of)
        return {"calcul_s": elapsed, "preparation_s": 0.0, "identique": 1}

    return run


def on_postgres(scale: str):
    """PostgreSQL: the warehouse copied into a throwaway cluster, then computed there."""

    def run(context: BenchContext) -> dict:
        from perfml.indicators.backends import copy_to_postgres
        from perfml.testing.postgres import start_cluster
        from perfml.warehouse import connect

        _, warehouse = _paths(context, scale)
        period, as_of = _year_and_as_of(warehouse)
        reference = _reference(warehouse, period, as_of)
        cluster = start_cluster()
        try:
            url = cluster.create_database("bench")
            source = connect(warehouse, read_only=True)
            pg, copied = _timed(lambda: copy_to_postgres(source, url))
            figures = _against(reference, pg, period, as_of, copied)
            pg.disconnect()
        finally:
            cluster.stop()
        return figures

    return run


def on_spark(scale: str, cluster: bool):
    """Spark reading the extract's Parquet files itself: local mode, or a standalone
    cluster on loopback through Spark Connect."""

    def run(context: BenchContext) -> dict:
        from perfml.indicators.spark import connect_spark, spark_session
        from perfml.testing.spark import start_spark_cluster

        extract, warehouse = _paths(context, scale)
        period, as_of = _year_and_as_of(warehouse)
        reference = _reference(warehouse, period, as_of)
        running = (
            start_spark_cluster(
                worker_memory="3g", worker_cores=2, connect=True, connect_alone=True
            )
            if cluster
            else None
        )
        try:
            session, started = _timed(
                lambda: spark_session(running.connect_url if running else None)
            )
            con, registered = _timed(lambda: connect_spark(extract, session))
            figures = _against(reference, con, period, as_of, started + registered)
            session.stop()
        finally:
            if running:
                running.stop()
        return figures

    return run


def _wall(args: list[str]) -> float:
    return _timed(lambda: subprocess.run(args, check=True, capture_output=True, cwd=ROOT))[1]


def command_against_hand_script(context: BenchContext) -> dict:
    """`perfml indicateurs --annee A` (whole process) and the hand-written DuckDB script
    on the national warehouse, alternated 3 times; medians and their ratio."""
    import statistics

    import pandas as pd

    period, _ = _year_and_as_of(context.warehouse)
    year = str(period.start.year)
    ours, hand = context.work_dir / "perfml.csv", context.work_dir / "script.csv"
    command = [sys.executable, "-m", "perfml", "indicateurs", "--entrepot",
               str(context.warehouse), "--annee", year, "--csv", "standard",
               "--sortie", str(ours)]  # fmt: skip
    script = [sys.executable, str(ROOT / "bench" / "hand_indicators.py"),
              str(context.warehouse), year, str(hand)]  # fmt: skip
    perfml_s, hand_s = [], []
    for _ in range(3):
        perfml_s.append(_wall(command))
        hand_s.append(_wall(script))
    got = pd.read_csv(ours, dtype={"code": str})
    got = got[got["niveau"] == "ML"].rename(columns={"code": "code_ml"})
    keys = ["code_ml", "indicateur"]
    got = got[[*keys, "numerateur", "denominateur"]].sort_values(keys, ignore_index=True)
    expected = pd.read_csv(hand, dtype={"code_ml": str}).sort_values(keys, ignore_index=True)
    same = len(got) == len(expected) and all(
        ((got[c] - expected[c]).abs().fillna(0) < 1e-6).all()
        and (got[c].isna() == expected[c].isna()).all()
        for c in ("numerateur", "denominateur")
    )
    median_perfml, median_hand = statistics.median(perfml_s), statistics.median(hand_s)
    return {
        "perfml_s": median_perfml,
        "script_s": median_hand,
        "rapport": median_perfml / median_hand,
        "lignes_ml": len(got),
        "identique": int(same),
    }


ENGINES = [
    ("DuckDB", on_duckdb),
    ("PostgreSQL", on_postgres),
    ("Spark local", lambda scale: on_spark(scale, cluster=False)),
    ("Spark cluster", lambda scale: on_spark(scale, cluster=True)),
]
SCALES = [("régional", "region"), ("national", "national")]

BENCHMARKS = [
    (f"moteur {engine}, extrait {label}, 10 indicateurs à la date officielle", make(scale))
    for label, scale in SCALES
    for engine, make in ENGINES
] + [("commande indicateurs face au script DuckDB écrit à la main", command_against_hand_script)]
