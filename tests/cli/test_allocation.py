"""`perfml allocation` and `perfml allocation-nationale` end to end on the `mini` extract."""

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from perfml.cli import app
from perfml.errors import UserError
from perfml.outputs import read_rows

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "exemples" / "allocation.toml"
YEAR = "2024"  # the mini extract covers 2022-2024


def _rows(path: Path) -> list[dict]:
    return read_rows(path)


def _run(*args: str):
    return CliRunner().invoke(app, list(args))


def _allocation(warehouse: Path, out: Path, *extra: str):
    return _run(
        "allocation", "--entrepot", str(warehouse), "--annee", YEAR, "--config", str(EXAMPLE),
        "--sortie", str(out), *extra,
    )  # fmt: skip


@pytest.fixture
def warehouse_with_groups(mini_warehouse_copy):
    """The mini warehouse with its 2023 groups, for last year's « raisonnable » proposals."""
    from perfml.groups import build_groups

    build_groups(mini_warehouse_copy, 2023, k=3)
    return mini_warehouse_copy


def test_allocation_with_proposals_and_comparison(warehouse_with_groups, tmp_path):
    variant = tmp_path / "variante.toml"
    variant.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace(
            'mode_atteinte = "progressif"', 'mode_atteinte = "binaire"'
        ),
        encoding="utf-8",
    )
    out = tmp_path / "allocation"
    result = _allocation(warehouse_with_groups, out, "--comparer", str(variant))
    assert result.exit_code == 0, result.output
    assert "résultats 2024, crédits 2025" in result.output

    summary = _rows(out / "synthese_2024.csv")
    assert len(summary) == 2  # the mini extract's two regions, all allocated
    assert sum(int(r["enveloppe_eur"]) for r in summary) == 350_000_000
    for region in summary:
        parts = sum(int(region[k]) for k in ("base_eur", "bonus_eur", "reserve_eur"))
        assert parts == int(region["enveloppe_eur"])

    mls = _rows(out / "allocation_ml_2024.csv")
    for region in summary:
        paid = sum(int(m["total_eur"]) for m in mls if m["code_region"] == region["code_region"])
        assert paid == int(region["base_eur"]) + int(region["bonus_eur"])

    origins = {r["origine_cible"] for r in _rows(out / "explication_2024.csv")}
    assert origins <= {
        "proposition raisonnable (aucune cible fixée)",
        "aucune cible (ni fixée, ni proposée)",
    }
    comparison = _rows(out / "comparaison_2024.csv")
    assert {r["code_ml"] for r in comparison} == {m["code_ml"] for m in mls}
    assert "Comparaison" in openpyxl.load_workbook(out / "allocation_2024.xlsx").sheetnames


def _allocate_with_targets(warehouse, tmp_path, target_of):
    """Store `target_of(code, k, value)` for every ML × indicator 1–6, then allocate."""
    from perfml.indicators import Period, compute_indicators, official_as_of
    from perfml.targets import SetTarget, store_targets
    from perfml.warehouse import connect

    con = connect(warehouse)
    period = Period.year(int(YEAR))
    values = compute_indicators(con, period, as_of=official_as_of(period))
    con.disconnect()
    values = values[values["niveau"] == "ML"]
    targets = [
        SetTarget(int(YEAR), code, int(k), target_of(code, int(k), value), "saisie", "test")
        for code, k, value in zip(
            values["code"], values["indicateur"], values["valeur"], strict=True
        )
        if int(k) <= 6
    ]
    store_targets(warehouse, targets, "dreets", dt.datetime(2024, 1, 15))
    config = tmp_path / "obligatoires.toml"
    config.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace(
            "cibles_obligatoires = false", "cibles_obligatoires = true"
        ),
        encoding="utf-8",
    )
    out = tmp_path / "allocation"
    result = _run(
        "allocation", "--entrepot", str(warehouse), "--annee", YEAR,
        "--config", str(config), "--sortie", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


def test_allocation_with_every_target_set_and_reached(mini_warehouse_copy, tmp_path):
    # Each target is the ML's own value (reached at equality): an ML with a measurable
    # indicator gets exactly its full 10 % (rounded down), one without gets nothing.
    def own_value(code, k, value):
        return 50.0 if value != value else float(value)

    out = _allocate_with_targets(mini_warehouse_copy, tmp_path, own_value)
    mls = _rows(out / "allocation_ml_2024.csv")
    for ml in mls:
        full = int(ml["base_eur"]) // 10
        assert int(ml["bonus_eur"]) == (0 if ml["remarque"] else full), ml
    assert any(not ml["remarque"] and int(ml["bonus_eur"]) > 0 for ml in mls)
    assert {r["origine_cible"] for r in _rows(out / "explication_2024.csv")} == {"fixée"}


def test_targets_asking_nothing_pay_no_bonus(mini_warehouse_copy, tmp_path):
    # 0 where higher is better, 100 where lower is: reached by an ML that does nothing.
    out = _allocate_with_targets(
        mini_warehouse_copy, tmp_path, lambda code, k, value: 100.0 if k == 3 else 0.0
    )
    for ml in _rows(out / "allocation_ml_2024.csv"):
        assert int(ml["bonus_eur"]) == 0
        assert "pas de majoration" in ml["remarque"]


def test_national_split_adds_up_to_the_credit(mini_warehouse, tmp_path):
    out = tmp_path / "nationale"
    result = _run(
        "allocation-nationale", "--entrepot", str(mini_warehouse), "--annee", YEAR,
        "--config", str(EXAMPLE), "--sortie", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    regions = _rows(out / "repartition_nationale_2024.csv")
    assert sum(int(r["total_eur"]) for r in regions) == 350_000_000
    assert (out / "repartition_nationale_2024.xlsx").exists()


def test_a_bad_configuration_stops_with_a_french_message(tmp_path):
    config = tmp_path / "faux.toml"
    config.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace("part_fixe = 0.10", "part_fixe = 0.20"),
        encoding="utf-8",
    )
    result = _run(
        "allocation", "--entrepot", str(tmp_path / "absent.duckdb"), "--annee", YEAR,
        "--config", str(config), "--sortie", str(tmp_path / "out"),
    )  # fmt: skip
    assert isinstance(result.exception, UserError)
    assert "Les poids de [criteres] font 1,1 au lieu de 1" in str(result.exception)


def test_year_option_and_configuration_year_must_agree(tmp_path):
    config = tmp_path / "annee.toml"
    config.write_text("annee = 2023\n" + EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    result = _run(
        "allocation", "--annee", YEAR, "--config", str(config), "--sortie", str(tmp_path / "o"),
    )  # fmt: skip
    assert isinstance(result.exception, UserError)
    assert "--annee 2024 ne correspond pas à « annee = 2023 »" in str(result.exception)


@pytest.mark.slow
def test_allocation_right_after_loading_builds_last_year_groups(region_warehouse, tmp_path):
    import shutil

    warehouse = tmp_path / "entrepot.duckdb"
    shutil.copy(region_warehouse, warehouse)
    out = tmp_path / "allocation"
    result = _run(
        "allocation", "--entrepot", str(warehouse), "--annee", "2025", "--config", str(EXAMPLE),
        "--sortie", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Groupes homogènes 2024 absents de l'entrepôt : calcul et enregistrement." in (
        result.stdout
    )
    from perfml.groups import has_groups
    from perfml.warehouse import connect

    con = connect(warehouse)
    try:
        assert has_groups(con, 2024)
    finally:
        con.disconnect()
    assert (out / "allocation_ml_2025.csv").exists()
