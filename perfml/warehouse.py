"""The embedded warehouse: one DuckDB file holding the loaded extract and the results.

Tables of the data contract keep their names (`structures`, `jeunes`, …). Besides them:
`_meta` (key, value: at least `date_extraction`), `_rejets` (the rejected rows of the
last load), `_chargements` (one row per table per load: read, loaded, rejected), and the
tables each feature writes (`groupes`, `cibles_fixees`, …), always keyed by year.

Every command that writes the warehouse holds its writers' lock
(`perfml.warehouse_lock.writing`) for the whole time it writes; readers never take it.
A command writes into the warehouse in place only through `open_for_writing`, which takes
the lock; a load builds a new file and swaps it in, under the same lock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import ibis

from perfml.errors import UserError
from perfml.warehouse_lock import writing

META_TABLE = "_meta"
REJECTS_TABLE = "_rejets"
LOADS_TABLE = "_chargements"


def connect(path: str | Path, read_only: bool = True) -> ibis.BaseBackend:
    """Open the warehouse at `path` as an Ibis DuckDB connection."""
    path = Path(path)
    if read_only and not path.exists():
        raise UserError(
            f"L'entrepôt {path} n'existe pas : chargez d'abord un extrait "
            f"(perfml charger --donnees DOSSIER --entrepot {path})."
        )
    return ibis.duckdb.connect(str(path), read_only=read_only)


@contextlib.contextmanager
def open_for_writing(path: str | Path) -> Iterator[ibis.BaseBackend]:
    """Open the warehouse at `path` to write into it, holding its writers' lock until the
    connection is closed at the end of the block."""
    path = Path(path)
    with writing(path):
        try:
            con = ibis.duckdb.connect(str(path), read_only=False)
        except duckdb.IOException as error:
            raise UserError(
                f"L'entrepôt {path} est ouvert par un autre programme (application web, autre "
                "commande perfml) : fermez-le puis relancez la commande."
            ) from error
        try:
            yield con
        finally:
            con.disconnect()


def read_meta(con: ibis.BaseBackend) -> dict[str, str]:
    """Return the warehouse's metadata as a dict (empty when there is none)."""
    if META_TABLE not in con.list_tables():
        return {}
    frame = con.table(META_TABLE).execute()
    return dict(zip(frame["key"], frame["value"], strict=True))


def extract_date(con: ibis.BaseBackend) -> dt.date | None:
    """Return the extract date recorded at load time (newest `date_saisie` or user's date)."""
    value = read_meta(con).get("date_extraction")
    return dt.date.fromisoformat(value) if value else None
