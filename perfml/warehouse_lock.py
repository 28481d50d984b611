"""One writer at a time on a warehouse: the lock every command that writes it takes.

A load replaces the warehouse file with a new one, carrying over the tables the other
features wrote (`groupes`, `cibles_fixees`…). A targets synchronisation written into the
old file while a load runs would vanish with it; two loads at once would each think
they won. So every writer (`perfml charger`, `groupes`, `cibles --importer`,
`web synchroniser`, `indicateurs --donnees`) holds this lock while it writes: an
advisory `flock` on `.<entrepôt>.verrou`, beside the warehouse, released by the system
even when the process is killed. The file says who holds the lock and since when. A
second writer waits a few seconds, then stops with a French message naming the holder.
Readers (the web application, the indicators) never take it: a load writes a new file
and swaps it in atomically, so they keep reading the previous one meanwhile.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from perfml.errors import UserError

LOCK_SUFFIX = ".verrou"
# How long a second writer waits; `PERFML_ATTENTE_VERROU` (seconds) changes it.
WAIT_SECONDS = 10.0
WAIT_VARIABLE = "PERFML_ATTENTE_VERROU"
POLL_SECONDS = 0.1

# Locks this process holds: path -> (file descriptor, depth), so that a writer calling
# another (`indicateurs --donnees` loading an extract) does not wait for itself.
_held: dict[Path, list[int]] = {}


def lock_path(warehouse: Path) -> Path:
    """The lock file of `warehouse` (`.entrepot.duckdb.verrou`, hidden beside it)."""
    return Path(warehouse).with_name(f".{Path(warehouse).name}{LOCK_SUFFIX}")


def current_command() -> str:
    """The running perfml command as a user typed it (« perfml web synchroniser »)."""
    words = []
    for arg in sys.argv[1:3]:
        if arg.startswith("-"):
            break
        words.append(arg)
    return " ".join(["perfml", *words])


@contextlib.contextmanager
def writing(warehouse: Path, command: str | None = None) -> Iterator[None]:
    """Hold the warehouse's writer lock for the block (waiting a bounded time for it)."""
    key = lock_path(warehouse).resolve()
    if key in _held:
        _held[key][1] += 1
        try:
            yield
        finally:
            _held[key][1] -= 1
        return
    fd = _acquire(Path(warehouse), command or current_command())
    _held[key] = [fd, 1]
    try:
        yield
    finally:
        del _held[key]
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        os.close(fd)


def _acquire(warehouse: Path, command: str) -> int:
    path = lock_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + _wait_seconds()
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                holder = read_holder(warehouse)
                os.close(fd)
                raise UserError(busy_message(warehouse, holder)) from None
            time.sleep(POLL_SECONDS)
    info = {
        "commande": command,
        "pid": os.getpid(),
        "depuis": dt.datetime.now().replace(microsecond=0).isoformat(),
    }
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(info, ensure_ascii=False).encode(), 0)
    return fd


def read_holder(warehouse: Path) -> dict[str, str]:
    """Who holds the lock and since when, as written in the lock file (may be empty)."""
    try:
        data = json.loads(lock_path(warehouse).read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def busy_message(warehouse: Path, holder: dict[str, str]) -> str:
    """The French message of a writer that could not get the lock."""
    command = holder.get("commande") or "une autre commande perfml"
    since = ""
    with contextlib.suppress(TypeError, ValueError):
        since = f", depuis {dt.datetime.fromisoformat(holder['depuis']).strftime('%H:%M')}"
    return (
        f"L'entrepôt {warehouse} est en cours d'écriture ({command}{since}) : une seule "
        "commande peut l'écrire à la fois. Relancez celle-ci quand l'autre sera terminée ; "
        "rien n'a été écrit."
    )


def _wait_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get(WAIT_VARIABLE, WAIT_SECONDS)))
    except ValueError:
        return WAIT_SECONDS
