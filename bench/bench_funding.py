"""Benchmarks of performance funding on the national extract's last complete year.

Each run gets a private, writable copy of the warehouse (see `bench/run.py`). The
regional allocation (with a what-if comparison, as `perfml allocation --comparer`) is
measured twice: with a target set for every ML × indicator (storing them, a few thousand
rows, is part of the job), and with last year's « raisonnable » proposals, which need
the groups of the year before (built within the job when missing, as a user would with
`perfml groupes`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bench.context import BenchContext

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "exemples" / "allocation.toml"


def _last_year(warehouse: Path) -> int:
    from perfml.warehouse import connect

    con = connect(warehouse)
    try:
        return int(con.sql("SELECT max(annee) AS annee FROM contexte").execute()["annee"][0])
    finally:
        con.disconnect()


def _allocate(context: BenchContext, year: int) -> None:
    """Run what `perfml allocation --comparer` runs: two configurations, all outputs."""
    from perfml.funding.campaign import allocate, prepare
    from perfml.funding.config import load_config
    from perfml.funding.export import write_allocation
    from perfml.funding.inputs import open_warehouse

    reference = load_config(EXAMPLE, "regionale")
    variant_path = context.work_dir / "variante.toml"
    variant_path.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace(
            'mode_atteinte = "progressif"', 'mode_atteinte = "binaire"'
        ),
        encoding="utf-8",
    )
    variant = load_config(variant_path, "regionale")
    con = open_warehouse(context.warehouse)
    try:
        inputs = prepare(con, year, [reference, variant])
        result = allocate(reference, inputs)
        other = allocate(variant, inputs)
        write_allocation(result, context.work_dir / "allocation", other)
    finally:
        con.disconnect()


def allocation_with_set_targets(context: BenchContext) -> None:
    """Store a target for every ML × indicator 1–6, then allocate and compare."""
    from perfml.targets import SetTarget, store_targets
    from perfml.warehouse import connect

    year = _last_year(context.warehouse)
    con = connect(context.warehouse)
    codes = con.table("structures").code_ml.execute().tolist()
    con.disconnect()
    targets = [
        SetTarget(year, code, k, 20.0 if k == 3 else 50.0, "saisie", "mesure")
        for code in codes
        for k in range(1, 7)
    ]
    store_targets(context.warehouse, targets, "mesure", dt.datetime(year, 1, 15))
    _allocate(context, year)


def allocation_with_proposals(context: BenchContext) -> None:
    """Build last year's groups if missing, then allocate on « raisonnable » proposals."""
    from perfml.groups import build_groups, has_groups
    from perfml.warehouse import connect

    year = _last_year(context.warehouse)
    con = connect(context.warehouse)
    missing = not has_groups(con, year - 1)
    con.disconnect()
    if missing:
        build_groups(context.warehouse, year - 1, k=20)
    _allocate(context, year)


def split_between_regions(context: BenchContext) -> None:
    """Run what `perfml allocation-nationale` runs."""
    from perfml.funding.campaign import national_split, prepare
    from perfml.funding.config import load_config
    from perfml.funding.export import write_national
    from perfml.funding.inputs import open_warehouse

    year = _last_year(context.warehouse)
    rules = load_config(EXAMPLE, "nationale")
    con = open_warehouse(context.warehouse)
    try:
        inputs = prepare(con, year, [rules])
        result = national_split(rules, inputs)
        write_national(result, rules, inputs.labels, year, context.work_dir / "nationale")
    finally:
        con.disconnect()


BENCHMARKS = [
    ("allocation régionale + comparaison (cibles fixées)", allocation_with_set_targets),
    (
        "allocation régionale + comparaison (propositions, groupes N−1 compris)",
        allocation_with_proposals,
    ),
    ("répartition nationale entre régions", split_between_regions),
]
