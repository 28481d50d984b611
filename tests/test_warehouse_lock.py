"""One writer at a time: loads, targets and groups take the warehouse's lock; readers don't."""

import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from loading.builder import load_rows, valid_rows, write_extract

from perfml.errors import UserError
from perfml.loading import load_extract
from perfml.loading.replacement import PAUSE_HOOK
from perfml.targets import SetTarget, store_targets
from perfml.warehouse_lock import WAIT_VARIABLE, lock_path, writing

ROOT = Path(__file__).resolve().parents[1]
BUSY = r"en cours d'écriture \(perfml charger, depuis \d\d:\d\d\)"
LOAD = (
    "import sys; from pathlib import Path; from perfml.loading import load_extract; "
    "load_extract(Path(sys.argv[1]), Path(sys.argv[2])); print('fini')"
)
TARGET = SetTarget(annee=2024, code_ml="01001", indicateur=1, cible=0.5, source="saisie")


@pytest.fixture
def warehouse(tmp_path):
    _, path = load_rows(tmp_path / "avant")
    return path


@pytest.fixture
def short_wait(monkeypatch):
    monkeypatch.setenv(WAIT_VARIABLE, "0.3")


def start_load(directory: Path, warehouse: Path, pause: str) -> subprocess.Popen:
    """A `perfml charger` in another process, paused at step `pause` (`step:seconds`)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "perfml", "charger", "--donnees", str(directory),
         "--entrepot", str(warehouse)],
        env={**os.environ, PAUSE_HOOK: pause, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while b"perfml charger" not in _read(lock_path(warehouse)):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "le chargement n'a pas pris le verrou"
        time.sleep(0.05)
    return process


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""


def targets_of(warehouse: Path) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("SELECT annee, code_ml, indicateur, cible FROM cibles_fixees").fetchall()


def test_a_second_load_during_a_load_stops_naming_the_first(tmp_path, warehouse, short_wait):
    directory = write_extract(tmp_path / "extrait")
    first = start_load(directory, warehouse, "remplacement:4")
    with pytest.raises(UserError, match=BUSY):
        load_extract(directory, warehouse)
    _out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err.decode()


def test_targets_written_during_a_load_are_refused_not_lost(tmp_path, warehouse, short_wait):
    store_targets(warehouse, [TARGET], author="test")
    directory = write_extract(tmp_path / "extrait")
    load = start_load(directory, warehouse, "remplacement:4")
    later = SetTarget(annee=2024, code_ml="2A004", indicateur=1, cible=0.7, source="saisie")
    with pytest.raises(UserError, match=BUSY):
        store_targets(warehouse, [later], author="application web")
    load.communicate(timeout=120)
    assert load.returncode == 0
    assert targets_of(warehouse) == [(2024, "01001", 1, 0.5)]


def test_targets_survive_a_reload(tmp_path, warehouse):
    store_targets(warehouse, [TARGET], author="test")
    load_extract(write_extract(tmp_path / "extrait"), warehouse)
    assert targets_of(warehouse) == [(2024, "01001", 1, 0.5)]


def test_readers_keep_working_during_a_load(tmp_path, warehouse):
    rows = valid_rows()
    del rows["jeunes"][1:]
    del rows["dispositifs"][2:]
    directory = write_extract(tmp_path / "extrait", rows)
    load = start_load(directory, warehouse, "remplacement:3")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM jeunes").fetchone() == (3,)
    load.communicate(timeout=120)


def test_the_lock_is_released_when_its_holder_is_killed(tmp_path, short_wait):
    warehouse = tmp_path / "entrepot.duckdb"
    code = (
        "import sys, time; from pathlib import Path; from perfml.warehouse_lock import writing\n"
        "with writing(Path(sys.argv[1]), 'perfml charger'):\n"
        "    print('pris', flush=True); time.sleep(60)"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(warehouse)], cwd=ROOT, stdout=subprocess.PIPE
    )
    assert holder.stdout is not None and holder.stdout.readline() == b"pris\n"
    with pytest.raises(UserError, match=BUSY), writing(warehouse):
        pass
    holder.kill()
    holder.wait()
    with writing(warehouse, "perfml groupes"):
        assert b"perfml groupes" in lock_path(warehouse).read_bytes()


def test_a_writer_inside_a_writer_of_the_same_process_does_not_wait(tmp_path, short_wait):
    warehouse = tmp_path / "entrepot.duckdb"
    with writing(warehouse, "perfml indicateurs"), writing(warehouse):
        assert b"perfml indicateurs" in lock_path(warehouse).read_bytes()


def test_targets_on_a_warehouse_another_program_holds_open_are_refused_in_french(warehouse):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
         "print('ouvert', flush=True); time.sleep(60)", str(warehouse)],
        stdout=subprocess.PIPE,
    )  # fmt: skip
    try:
        assert holder.stdout.readline() == b"ouvert\n"
        with pytest.raises(UserError, match="ouvert par un autre programme"):
            store_targets(warehouse, [TARGET], "test")
    finally:
        holder.kill()
        holder.wait()
