"""Replace the warehouse file all-or-nothing, keeping the other features' tables.

The new warehouse is written into a temporary DuckDB file beside the target, then moved
over it with `os.replace` (atomic): a crash or a kill leaves the previous warehouse as it
was. The tables other features wrote into the previous warehouse (`groupes`,
`cibles_fixees`…: every table that is neither a contract table nor `_`-prefixed) are
copied into the new one.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import time
from pathlib import Path

import duckdb

from perfml.contract import TABLES_BY_NAME
from perfml.errors import UserError
from perfml.loading.formats import sql_name, sql_string

# Test hook: `PERFML_TEST_ARRET_CHARGEMENT=<step>` kills the loader at that step
# (`lecture:<table>`, `ecriture:<table>`, `remplacement`) to prove a kill leaves the
# previous warehouse intact.
KILL_HOOK = "PERFML_TEST_ARRET_CHARGEMENT"
# Test hook: `PERFML_TEST_PAUSE_CHARGEMENT=<step>:<seconds>` makes the loader wait at that
# step, to prove that other writers are kept out and readers are not.
PAUSE_HOOK = "PERFML_TEST_PAUSE_CHARGEMENT"
TEMP_MARK = ".chargement-"


def temporary_paths(warehouse: Path) -> tuple[Path, Path]:
    """The temporary DuckDB file of this load and its folder of transcoded files."""
    stem = f".{warehouse.name}{TEMP_MARK}{os.getpid()}"
    return warehouse.with_name(f"{stem}.duckdb"), warehouse.with_name(f"{stem}.fichiers")


def replace_warehouse(temporary: Path, warehouse: Path) -> None:
    """Move the finished temporary warehouse over the target, atomically."""
    interrupt_if_asked("remplacement")
    os.replace(temporary, warehouse)
    sync_directory(warehouse.parent)


def remove_temporaries(temporary: Path, scratch: Path) -> None:
    """Remove what a load leaves beside the warehouse (file, log, spill, scratch)."""
    for path in (temporary, scratch):
        remove(path)
    for suffix in (".wal", ".tmp"):
        remove(temporary.with_name(temporary.name + suffix))


def interrupt_if_asked(step: str) -> None:
    """Kill (or pause) this process at `step` when a test hook asks for it."""
    if os.environ.get(KILL_HOOK) == step:
        os.kill(os.getpid(), signal.SIGKILL)
    pause_step, _, seconds = os.environ.get(PAUSE_HOOK, "").partition(":")
    if pause_step == step:
        time.sleep(float(seconds or 5))


def remove_stale_temporaries(warehouse: Path) -> None:
    """Remove the temporary files of earlier loads that were killed."""
    pattern = re.compile(re.escape(f".{warehouse.name}{TEMP_MARK}") + r"(\d+)\.")
    for path in warehouse.parent.glob(f".{warehouse.name}{TEMP_MARK}*"):
        match = pattern.match(path.name)
        if match and not _is_alive(int(match.group(1))):
            remove(path)


def _is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def sync_directory(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def tables_to_keep(warehouse: Path) -> list[str]:
    """The tables of the existing warehouse that a load keeps (other features' products)."""
    if not warehouse.exists():
        return []
    wal = warehouse.with_name(warehouse.name + ".wal")
    try:
        # A write-ahead log left beside the file would be replayed onto the new file:
        # merge it into the old one first.
        with duckdb.connect(str(warehouse), read_only=not wal.exists()) as con:
            if wal.exists():
                con.execute("CHECKPOINT")
            names = [
                row[0]
                for row in con.execute(
                    "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' "
                    "ORDER BY table_name"
                ).fetchall()
            ]
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            raise UserError(
                f"L'entrepôt {warehouse} est ouvert en écriture par un autre programme : "
                "fermez-le, puis relancez le chargement."
            ) from None
        raise _not_a_warehouse(warehouse) from None
    except duckdb.Error:
        raise _not_a_warehouse(warehouse) from None
    return [n for n in names if n not in TABLES_BY_NAME and not n.startswith("_")]


def _not_a_warehouse(path: Path) -> UserError:
    return UserError(
        f"Le fichier {path} existe mais n'est pas un entrepôt DuckDB lisible : choisissez un "
        "autre fichier avec --entrepot (il n'a pas été modifié)."
    )


def copy_kept_tables(
    con: duckdb.DuckDBPyConnection, warehouse: Path, names: list[str]
) -> list[str]:
    """Copy the tables `names` of the previous warehouse into the new one."""
    if not names:
        return []
    con.execute(f"ATTACH {sql_string(warehouse)} AS ancien (READ_ONLY)")
    try:
        for name in names:
            con.execute(
                f"CREATE TABLE main.{sql_name(name)} AS SELECT * FROM ancien.main.{sql_name(name)}"
            )
    finally:
        con.execute("DETACH ancien")
    return names
