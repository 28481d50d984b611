"""The current snapshot: built once per warehouse version, kept in memory and on disk.

The version of the warehouse is its file's path, size and modification time (and those
of its write-ahead log): loading a new extract or writing results into the warehouse
makes a new version, and the next request (or `perfml web preparer`) builds its
snapshot once. Requests open the warehouse (read-only) only to build a version's
figures, never to show them.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import threading
from pathlib import Path

from django.conf import settings

from perfml.errors import UserError
from perfml.web.figures.snapshot import Snapshot

# Bumped when the snapshot's fields change: older cache files are then never read.
SNAPSHOT_FORMAT = 3  # 3: late_shares, campaign.typical_revisions
_lock = threading.Lock()
_memory: dict[str, Snapshot] = {}
_installed: Snapshot | None = None


def warehouse_version(warehouse: Path, year: int | None) -> str:
    """Return the key of the warehouse's current version (and the year asked for)."""
    parts = [str(warehouse.resolve()), str(year)]
    for path in (warehouse, warehouse.with_name(warehouse.name + ".wal")):
        if path.exists():
            stat = path.stat()
            parts += [str(stat.st_size), str(stat.st_mtime_ns)]
    return "|".join(parts)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def cache_path(warehouse: Path, key: str) -> Path:
    """Where the snapshot of a warehouse version is kept on disk."""
    version = _digest(f"{SNAPSHOT_FORMAT}|{key}")
    name = f"chiffres-{_digest(str(warehouse.resolve()))}-{version}.pickle"
    return Path(settings.PERFML_CACHE_DIR) / name


def install(snapshot: Snapshot | None) -> None:
    """Serve `snapshot` instead of the warehouse's (tests, demos); None goes back."""
    global _installed
    _installed = snapshot


def current_snapshot() -> Snapshot:
    """Return the snapshot of the warehouse's current version, building it if needed."""
    if _installed is not None:
        return _installed
    warehouse = Path(settings.PERFML_ENTREPOT)
    if not warehouse.exists():
        raise UserError(
            f"L'entrepôt {warehouse} n'existe pas : chargez d'abord un extrait "
            f"(perfml charger --donnees DOSSIER --entrepot {warehouse}) ou indiquez-le "
            "avec la variable PERFML_ENTREPOT."
        )
    key = warehouse_version(warehouse, settings.PERFML_ANNEE)
    snapshot = _memory.get(key)
    if snapshot is not None:
        return snapshot
    with _lock:
        snapshot = _memory.get(key) or prepare(warehouse, settings.PERFML_ANNEE)
        _memory.clear()
        _memory[key] = snapshot
    return snapshot


def prepare(
    warehouse: Path, year: int | None = None, progress: bool = False, force: bool = False
) -> Snapshot:
    """Return the snapshot of the warehouse's version, from the disk cache or built now."""
    key = warehouse_version(warehouse, year)
    path = cache_path(warehouse, key)
    if path.exists() and not force:
        try:
            with path.open("rb") as handle:
                snapshot = pickle.load(handle)
            if isinstance(snapshot, Snapshot) and snapshot.key == key:
                return snapshot
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass  # an unreadable cache file is rebuilt below
    from perfml.web.figures.build import build_snapshot

    snapshot = build_snapshot(warehouse, year, progress=progress)
    snapshot.key = key
    save(snapshot, warehouse)
    return snapshot


def save(snapshot: Snapshot, warehouse: Path) -> None:
    """Write the snapshot to the disk cache (atomically) and drop older versions'."""
    path = cache_path(warehouse, snapshot.key)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    with temporary.open("wb") as handle:
        pickle.dump(snapshot, handle, protocol=pickle.HIGHEST_PROTOCOL)
    temporary.replace(path)
    # Older versions of the same warehouse are of no use any more.
    for old in path.parent.glob(f"chiffres-{_digest(str(warehouse.resolve()))}-*.pickle"):
        if old != path:
            old.unlink(missing_ok=True)


_derived_lock = threading.Lock()


def derived(snapshot: Snapshot, name: str, compute):
    """Return a figure set `compute(con, snapshot)` read from the warehouse on first use.

    Kept on the snapshot (so recomputed only for a new warehouse version): the Garantie
    jeunes follow-up, the dashboard's figures, the funding inputs.
    """
    memo = snapshot.memo
    if name in memo:
        return memo[name]
    with _derived_lock:
        if name not in memo:
            from perfml.web.figures.build import open_read_only

            con = open_read_only(Path(settings.PERFML_ENTREPOT))
            try:
                memo[name] = compute(con, snapshot)
            finally:
                con.disconnect()
    return memo[name]
