"""Fixtures of the dashboard tests: figures of the hand-made extract of `test_activity`."""

from __future__ import annotations

import pytest
from handmade_warehouse import build_warehouse, d
from test_activity import ROWS

from perfml.dashboard import compute_figures, parse_period
from perfml.warehouse import connect

CONTEXT_ROWS = [
    {"code_ml": "01001", "annee": 2024, "neet_16_25": 100, "population": 1000, "taux_chomage": 8.0},
    {"code_ml": "01002", "annee": 2023, "neet_16_25": 50, "population": 3000, "taux_chomage": 12.0},
    {"code_ml": "13001", "annee": 2024, "neet_16_25": 40, "population": 2000, "taux_chomage": 7.0},
]
ICARE_ROWS = [
    {"code_ml": "01001", "annee": 2024, "etp": 10.0, "ressources_eur": 500000.0},
    {"code_ml": "01002", "annee": 2024, "etp": 4.5, "ressources_eur": 250000.0,
     "etp_conseillers_gj": 1.5},
]  # fmt: skip


@pytest.fixture(scope="package")
def dashboard_warehouse(tmp_path_factory):
    rows = dict(ROWS, contexte=CONTEXT_ROWS, structures_annee=ICARE_ROWS)
    extra = {"contexte": {"population": "BIGINT", "taux_chomage": "DOUBLE"}}
    path = tmp_path_factory.mktemp("dashboard") / "w.duckdb"
    return build_warehouse(path, rows, extract_date=d("2024-10-15"), extra_columns=extra)


@pytest.fixture(scope="package")
def figures(dashboard_warehouse):
    return compute_figures(connect(dashboard_warehouse), parse_period("2024-S1"))
