"""The application as it runs in production, for the browser tests: `perfml web serve
--production` (gunicorn, WhiteNoise; `perfml.testing.production`) with its tables on a
throwaway PostgreSQL database, and the test OpenID Connect provider.

Servers listen on 127.0.0.1 only and are stopped (their whole process group) when the
block ends. Accounts are written straight into the site's database (password hashed by
Django).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

from perfml.testing.loopback import HOST, free_port
from perfml.testing.production import (
    ROOT,
    ProductionServer,
    production_server,
    start_process,
    stop_process,
    wait_until_up,
)


class ProductionSite(ProductionServer):
    """A running production server whose accounts the tests write."""

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


@contextlib.contextmanager
def production_site(
    warehouse: Path,
    var_dir: Path,
    database_url: str,
    extra_env: dict[str, str] | None = None,
    port: int | None = None,
) -> Iterator[ProductionSite]:
    """Run `perfml web serve --production` on a loopback port until the block ends."""
    with production_server(warehouse, var_dir, database_url, extra_env, port) as server:
        yield ProductionSite(server.url, server.database_url, server.log, server.env)


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
    process = start_process(["node", str(PROVIDER_SCRIPT)], env, log)
    try:
        discovery = f"{issuer}/.well-known/openid-configuration"
        wait_until_up(discovery, process, log, 60, "le fournisseur OIDC")
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
        stop_process(process, timeout=10)
