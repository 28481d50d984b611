"""All-or-nothing: a failed or killed load leaves the previous warehouse as it was;
reloads are repeatable and keep the tables of the other features."""

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from loading.builder import contents, load_rows, valid_rows, write_extract
from perfml.errors import UserError
from perfml.loading import load_extract
from perfml.loading.replacement import KILL_HOOK
from perfml.warehouse_lock import lock_path

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def previous(tmp_path):
    """A warehouse loaded from the valid extract, and its contents."""
    _, warehouse = load_rows(tmp_path / "avant")
    return warehouse, contents(warehouse)


def test_a_failed_load_leaves_the_previous_warehouse_untouched(tmp_path, previous):
    warehouse, before = previous
    directory = write_extract(tmp_path / "extrait")
    (directory / "offres.csv").write_bytes(b"")
    with pytest.raises(UserError):
        load_extract(directory, warehouse)
    assert contents(warehouse) == before
    hidden = [p for p in warehouse.parent.iterdir() if p.name.startswith(".")]
    assert hidden == [lock_path(warehouse)]  # the writers' lock file stays, empty


@pytest.mark.parametrize("step", ["lecture:jeunes", "ecriture:situations", "remplacement"])
def test_a_killed_load_leaves_the_previous_warehouse_untouched(tmp_path, previous, step):
    warehouse, before = previous
    rows = valid_rows()
    rows["offres"][0]["nb_postes"] = 99
    directory = write_extract(tmp_path / "nouvel_extrait", rows)
    code = (
        "import sys; from pathlib import Path; from perfml.loading import load_extract; "
        "load_extract(Path(sys.argv[1]), Path(sys.argv[2]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(directory), str(warehouse)],
        env={**os.environ, KILL_HOOK: step},
        cwd=ROOT,
        capture_output=True,
    )
    assert done.returncode == -9, done.stderr.decode()
    assert contents(warehouse) == before


def test_a_load_after_a_killed_one_cleans_its_temporary_files(tmp_path, previous):
    warehouse, _ = previous
    stale = warehouse.with_name(f".{warehouse.name}.chargement-999999999.duckdb")
    stale.write_bytes(b"reste d'un chargement interrompu")
    load_extract(write_extract(tmp_path / "extrait"), warehouse)
    assert not stale.exists()


def test_loading_the_same_extract_twice_gives_the_same_warehouse(tmp_path):
    rows = valid_rows()
    rows["jeunes"][0]["sexe"] = "X"
    directory = write_extract(tmp_path / "extrait", rows)
    warehouse = tmp_path / "entrepot.duckdb"
    load_extract(directory, warehouse, force=True)
    first = contents(warehouse)
    load_extract(directory, warehouse, force=True)
    assert contents(warehouse) == first


def test_a_reload_keeps_the_tables_of_other_features(tmp_path, previous):
    warehouse, _ = previous
    with duckdb.connect(str(warehouse)) as con:
        con.execute("CREATE TABLE groupes AS SELECT 2024 AS annee, '01001' AS code_ml, 3 AS groupe")
        con.execute("CREATE TABLE _brouillon AS SELECT 1 AS x")
    rows = valid_rows()
    del rows["structures_annee"][1]
    report = load_extract(write_extract(tmp_path / "extrait", rows), warehouse, force=True)
    tables = contents(warehouse)
    assert tables["groupes"] == [(2024, "01001", 3)]
    assert "_brouillon" not in tables
    assert len(tables["structures_annee"]) == 1
    assert report.kept_tables == ["groupes"]


def test_a_file_that_is_not_a_warehouse_is_never_overwritten(tmp_path):
    target = tmp_path / "notes.duckdb"
    target.write_text("pas un entrepôt")
    with pytest.raises(UserError, match="n'est pas un entrepôt DuckDB"):
        load_extract(write_extract(tmp_path / "extrait"), target)
    assert target.read_text() == "pas un entrepôt"
