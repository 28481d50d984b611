"""Production settings: the documented environment passes `check --deploy`; errors are logged.

The environment is read from docs/application-web.md itself (the ```ini block under
« Fichier d'environnement »), so the documentation cannot drift from what is checked.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "application-web.md"


def documented_environment() -> dict[str, str]:
    """The variables of the environment file given in docs/application-web.md."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("#### Fichier d'environnement") :]
    block = re.search(r"```ini\n(.*?)```", section, re.S).group(1)
    values = {}
    for line in block.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    return values


def run_manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    # Only the machine's environment: not the test session's (the browser tests set
    # DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy rightly reports).
    prefixes = ("PERFML_", "DATABASE_", "DJANGO_")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    return subprocess.run(
        [sys.executable, "-m", "perfml.web.manage", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "perfml.web.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_documented_environment_names_every_production_setting():
    env = documented_environment()
    for name in ("DATABASE_URL", "PERFML_SECRET_KEY", "PERFML_HOTES", "PERFML_PROXYS"):
        assert name in env
    assert env["PERFML_HTTPS"] == "1"


def test_documented_environment_passes_check_deploy(tmp_path):
    env = {**documented_environment(), "PERFML_VAR": str(tmp_path), "PERFML_PRODUCTION": "1"}
    done = run_manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_demonstration_settings_fail_check_deploy(tmp_path):
    # The check is not a formality: without the production variables it complains.
    done = run_manage({"PERFML_VAR": str(tmp_path)}, "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode != 0
    assert "security.W004" in done.stderr  # no HSTS


def test_bad_proxy_count_is_refused_in_french(tmp_path):
    done = run_manage({"PERFML_VAR": str(tmp_path), "PERFML_PROXYS": "un"}, "check")
    assert done.returncode != 0
    assert "La variable PERFML_PROXYS doit être un nombre entier" in done.stderr


@pytest.fixture
def failing_url(settings):
    settings.ROOT_URLCONF = "web.failing_urls"


@pytest.mark.django_db
def test_a_500_is_logged_with_its_traceback(client, users, failing_url):
    import logging

    handler = logging.getLogger("django.request").handlers[0]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        client.raise_request_exception = False
        client.force_login(users["DGEFP"])
        response = client.get("/panne/")
    finally:
        handler.setStream(previous)
    assert response.status_code == 500
    log = stream.getvalue()
    assert "Traceback" in log
    assert "RuntimeError: panne simulée" in log


@pytest.mark.django_db
def test_signed_in_page_is_not_stored(client, users):
    client.force_login(users["DGEFP"])
    response = client.get("/pilotage/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_pages_carry_a_csp_with_a_nonce_on_the_design_system_scripts(client, users):
    client.force_login(users["DGEFP"])
    response = client.get("/pilotage/")
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "default-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    scripts = re.findall(r"<script[^>]*>", response.content.decode())
    assert scripts
    assert all(f'nonce="{nonce}"' in tag for tag in scripts)


def test_production_server_refuses_sqlite_in_french(tmp_path):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PERFML_", "DATABASE_"))}
    done = subprocess.run(
        [sys.executable, "-m", "perfml", "web", "serve", "--production"],
        cwd=ROOT,
        env={**clean, "PERFML_VAR": str(tmp_path), "PERFML_ENTREPOT": str(tmp_path / "e.duckdb")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "les tables de l'application vont dans PostgreSQL" in " ".join(
        (done.stdout + done.stderr).split()
    )
