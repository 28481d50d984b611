"""The web application as it runs in production, for the browser tests and the load bench.

`production_server` runs `perfml web serve --production` (migrations, static files and
figures prepared, then gunicorn with WhiteNoise) with its tables in the PostgreSQL
database `database_url`, on a loopback port, and returns once the login page answers.
The server listens on 127.0.0.1 only and is stopped (its whole process group) when the
block ends.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from perfml.testing.loopback import HOST, free_port

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 600  # seconds: static files collected and figures prepared on a busy machine


@dataclass
class ProductionServer:
    """A running production server: its address, database, log file and environment."""

    url: str
    database_url: str
    log: Path
    env: dict[str, str]


def start_process(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    """Start `command` in its own process group, its output going to `log`."""
    with log.open("w") as output:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip


def wait_until_up(
    url: str, process: subprocess.Popen, log: Path, timeout: float, name: str
) -> None:
    """Return once `url` answers 200; raise (with the end of `log`) if `process` stops first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} s'est arrêté :\n{log.read_text()[-4000:]}")
        with (
            contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError),
            urllib.request.urlopen(url, timeout=5) as response,
        ):
            if response.status == 200:
                return
        time.sleep(0.5)
    raise RuntimeError(f"{name} n'a pas démarré à temps :\n{log.read_text()[-4000:]}")


def stop_process(process: subprocess.Popen, timeout: float) -> None:
    """Stop `process` and its children (its whole group), killed if they outlive `timeout`."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextlib.contextmanager
def production_server(
    warehouse: Path,
    var_dir: Path,
    database_url: str,
    extra_env: dict[str, str] | None = None,
    port: int | None = None,
    processes: int = 2,
) -> Iterator[ProductionServer]:
    """Run `perfml web serve --production` on a loopback port until the block ends, with
    `processes` gunicorn processes (0: the production default, 2 per core + 1)."""
    port = port or free_port()
    log = var_dir / "serveur.log"
    var_dir.mkdir(parents=True, exist_ok=True)
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("PERFML_", "DJANGO_", "DATABASE_"))
    }
    env.update(
        {
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": database_url,
            "PERFML_VAR": str(var_dir),
            "PERFML_ENTREPOT": str(warehouse),
            "PERFML_SECRET_KEY": "cle-des-tests-de-bout-en-bout-" + "x" * 40,
            "PERFML_HOTES": HOST,
            # Plain HTTP on the loopback: cookies cannot be « secure » here.
            "PERFML_COOKIES_SECURISES": "0",
            **(extra_env or {}),
        }
    )
    command = [sys.executable, "-m", "perfml", "web", "serve", "--production"]
    command += ["--port", str(port), "--processus", str(processes)]
    process = start_process(command, env, log)
    url = f"http://{HOST}:{port}"
    try:
        wait_until_up(f"{url}/connexion/", process, log, START_TIMEOUT, "le serveur")
        yield ProductionServer(url, database_url, log, env)
    finally:
        stop_process(process, timeout=30)
