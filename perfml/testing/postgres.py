"""A throwaway PostgreSQL cluster on a loopback port, for tests and benchmarks.

`initdb` refuses to run as root, so as root the cluster belongs to the `postgres`
system user; otherwise to the current user. The cluster lives in a temporary
directory and is stopped and removed by `stop()`.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from perfml.testing.loopback import free_port


def find_pg_bin() -> Path | None:
    """Return the directory of PostgreSQL's server binaries, or None when not installed."""
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists():
            return Path(candidate)
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


@dataclass
class Cluster:
    """A running throwaway cluster."""

    directory: Path
    port: int
    bin_dir: Path
    run_as: str | None

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True)

    def create_database(self, name: str) -> str:
        """Create a database and return its URL."""
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        """Stop the server and remove its files."""
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run("pg_ctl", "-D", str(self.directory / "data"), "-m", "immediate", "stop")
        shutil.rmtree(self.directory, ignore_errors=True)


def start_cluster() -> Cluster:
    """Create and start a cluster on a free loopback port; raise RuntimeError if impossible."""
    bin_dir = find_pg_bin()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL (initdb) n'est pas installé")
    run_as = "postgres" if os.geteuid() == 0 else None
    directory = Path(tempfile.mkdtemp(prefix="perfml-pg-"))
    cluster = Cluster(directory, free_port(), bin_dir, run_as)
    if run_as:
        shutil.chown(directory, user=run_as)
    data = directory / "data"
    cluster._run(
        "initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"
    )
    options = (
        f"-p {cluster.port} -k {directory} -c listen_addresses=127.0.0.1 "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    cluster._run(
        "pg_ctl", "-D", str(data), "-o", options, "-l", str(directory / "log"), "-w", "start"
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", cluster.port)):
            return cluster
        time.sleep(0.2)
    cluster.stop()
    raise RuntimeError("le serveur PostgreSQL de test n'a pas démarré")
