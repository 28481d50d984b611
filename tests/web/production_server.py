"""The application as it runs in production, for the browser tests: `perfml web serve
--production` (gunicorn, WhiteNoise) with its tables on a throwaway PostgreSQL database.

The server listens on 127.0.0.1 only and is stopped (its whole process group) when the
block ends. Accounts are written straight into its database (password hashed by Django).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
START_TIMEOUT = 600  # seconds: static files collected and figures prepared on a busy machine


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@dataclass
class ProductionSite:
    url: str
    database_url: str
    log: Path
    env: dict[str, str]

    def add_user(self, username: str, password: str, role: str, **territory: str) -> None:
        """Create (or replace) an account with its membership in the server's database."""
        import psycopg
        from django.contrib.auth.hashers import PBKDF2PasswordHasher

        # The server's own hasher (the test session's settings may name a faster one).
        hasher = PBKDF2PasswordHasher()
        encoded = hasher.encode(password, hasher.salt())

        codes = {"code_region": "", "code_departement": "", "code_ml": "", **territory}
        with psycopg.connect(self.database_url, autocommit=True) as con:
            con.execute("DELETE FROM auth_user WHERE username = %s", [username])
            user_id = con.execute(
                "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name,"
                " email, is_staff, is_active, date_joined) VALUES (%s, false, %s, '', '', '',"
                " false, true, now()) RETURNING id",
                [encoded, username],
            ).fetchone()[0]
            con.execute(
                "INSERT INTO accounts_membership (user_id, role, code_region, code_departement,"
                " code_ml) VALUES (%s, %s, %s, %s, %s)",
                [user_id, role, codes["code_region"], codes["code_departement"], codes["code_ml"]],
            )


def _start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    """Start `command` in its own process group, its output going to `log`."""
    with log.open("w") as output:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip


def _wait_until_up(
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


def _stop(process: subprocess.Popen, timeout: float) -> None:
    """Stop `process` and its children (its whole group), killed if they outlive `timeout`."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextlib.contextmanager
def production_site(
    warehouse: Path,
    var_dir: Path,
    database_url: str,
    extra_env: dict[str, str] | None = None,
    port: int | None = None,
) -> Iterator[ProductionSite]:
    """Run `perfml web serve --production` on a loopback port until the block ends."""
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
    command += ["--port", str(port), "--processus", "2"]
    process = _start(command, env, log)
    url = f"http://{HOST}:{port}"
    try:
        _wait_until_up(f"{url}/connexion/", process, log, START_TIMEOUT, "le serveur")
        yield ProductionSite(url, database_url, log, env)
    finally:
        _stop(process, timeout=30)


NODE_MODULES = ROOT / "var" / "npm" / "node_modules"
PROVIDER_SCRIPT = Path(__file__).resolve().parent / "e2e" / "oidc_provider.mjs"
CLIENT_ID, CLIENT_SECRET = "perfml-tests", "secret-du-client-perfml-des-tests"
# The SIRET of some agents' organisations, as the test provider gives it (claim `siret`).
AGENT_SIRETS = {"agent.arml@arml-bretagne.fr": "13000766900019"}


def can_run_provider() -> bool:
    """Whether Node and the npm package oidc-provider (make node-deps) are here."""
    import shutil

    return shutil.which("node") is not None and (NODE_MODULES / "oidc-provider").is_dir()


@contextlib.contextmanager
def oidc_provider(site_url: str, log: Path) -> Iterator[dict[str, str]]:
    """Run the test OpenID Connect provider; yield the site's PERFML_PROCONNECT_* variables."""
    port = free_port()
    issuer = f"http://{HOST}:{port}"
    module = (NODE_MODULES / "oidc-provider" / "lib" / "index.js").as_uri()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "OIDC_MODULE": module,
        "OIDC_PORT": str(port),
        "OIDC_SITE": site_url,
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_SIRETS": json.dumps(AGENT_SIRETS),
    }
    process = _start(["node", str(PROVIDER_SCRIPT)], env, log)
    try:
        discovery = f"{issuer}/.well-known/openid-configuration"
        _wait_until_up(discovery, process, log, 60, "le fournisseur OIDC")
        yield {
            "PERFML_PROCONNECT_CLIENT_ID": CLIENT_ID,
            "PERFML_PROCONNECT_SECRET": CLIENT_SECRET,
            "PERFML_PROCONNECT_AUTORISATION": f"{issuer}/auth",
            "PERFML_PROCONNECT_JETON": f"{issuer}/token",
            "PERFML_PROCONNECT_UTILISATEUR": f"{issuer}/me",
            "PERFML_PROCONNECT_CLES": f"{issuer}/jwks",
            "PERFML_PROCONNECT_DECONNEXION": f"{issuer}/session/end",
            "PERFML_PROCONNECT_EMETTEUR": issuer,
            "PERFML_PROCONNECT_ACR": "eidas1",
        }
    finally:
        _stop(process, timeout=10)
