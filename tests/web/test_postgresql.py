"""The permission matrix and the dialogue workflow, again with the application's tables
on PostgreSQL (`DATABASE_URL`), as a production setup would have them.

Django sets its database up once per test session, so the PostgreSQL run is a second
pytest session in a subprocess, pointed at a database of the throwaway cluster.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INNER = "PERFML_TESTS_SUR_POSTGRESQL"
SUITES = [
    "tests/web/test_postgresql.py::test_application_tables_follow_database_url",
    "tests/web/test_permission_matrix.py",
    "tests/web/dialogue/test_workflow.py",
    "tests/web/accounts/test_throttling.py",
]


@pytest.mark.postgres
@pytest.mark.slow
def test_matrix_and_workflow_pass_on_postgresql(postgres_cluster):
    if os.environ.get(INNER):
        pytest.skip("déjà dans la session PostgreSQL")
    url = postgres_cluster.create_database("perfml_web")
    env = {**os.environ, "DATABASE_URL": url, INNER: "1"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *SUITES, "-q", "-x", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]
    summary = done.stdout.strip().splitlines()[-1]
    assert " passed" in summary and "skipped" not in summary


@pytest.mark.django_db
def test_application_tables_follow_database_url():
    from django.db import connection

    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert connection.vendor == expected
