"""Login attempts on one login or from one address are checked one at a time.

django-axes counts failures and refuses a locked-out login or address (settings
`AXES_*`), but it reads the count before checking the password and writes the failure
after: requests sent at the same moment would all read "no failure yet" and all have
their password checked. Holding a lock on the login and on the address around the check
makes each attempt see the failures of those before it.

On PostgreSQL the locks are transaction-level advisory locks, shared by every server
process; on SQLite (one process: the demonstration server) one process lock checks every
attempt in turn (no lock kept per login or address ever tried).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

_process_lock = threading.Lock()


def _lock_keys(username: str, ip: str | None) -> list[str]:
    keys = [f"perfml-connexion|identifiant|{username}"]
    if ip:
        keys.append(f"perfml-connexion|adresse|{ip}")
    return sorted(keys)  # always taken in the same order: no deadlock


def _advisory_id(key: str) -> int:
    """A signed 64-bit number naming `key` for pg_advisory_xact_lock."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)


@contextmanager
def one_attempt_at_a_time(username: str, ip: str | None) -> Iterator[None]:
    """Hold the locks of `username` and `ip` while the block checks a password."""
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            for key in _lock_keys(username, ip):
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_advisory_id(key)])
            yield
        return
    with _process_lock:
        yield
