"""Fixtures of the web tests: the hand-made snapshot served to the pages, one user per role.

The pages read their figures from the snapshot installed here (see `handmade.py`), so
the permission and workflow tests run on tiny known data without a warehouse.
"""

from __future__ import annotations

import pytest

from perfml.web.figures import store
from web.handmade import handmade_snapshot

# (username, role, territory field, code): in-scope territories hold ML 35001.
ROLE_USERS = {
    "DGEFP": ("dgefp", {}),
    "DREETS_UR": ("ur53", {"code_region": "53"}),
    "DREETS_UD": ("ud35", {"code_departement": "35"}),
    "ARML": ("arml53", {"code_region": "53"}),
    "ML": ("ml35001", {"code_ml": "35001"}),
}


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # Real hashing costs ~0.3 s per password; the tests do not measure it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def snapshot():
    """The hand-made snapshot (shared, read-only)."""
    return handmade_snapshot()


@pytest.fixture(autouse=True)
def figures(snapshot):
    """Serve the hand-made snapshot to every page of the test."""
    store.install(snapshot)
    yield snapshot
    store.install(None)


def make_user(username: str, role: str | None, **territory):
    """A user with a membership (or none when `role` is None)."""
    from django.contrib.auth import get_user_model

    from perfml.web.accounts.models import Membership

    user = get_user_model().objects.create_user(username=username, password="motdepasse-test-1")
    if role is not None:
        Membership.objects.create(user=user, role=role, **territory)
    return user


def page_as(client, user, url: str) -> str:
    """The HTML that `url` answers to `user` (signed in on `client`)."""
    client.force_login(user)
    return client.get(url).content.decode()


@pytest.fixture
def users(db):
    """One user per role, each in a territory holding ML 35001 (region 53, département 35)."""
    return {
        role: make_user(name, role, **territory) for role, (name, territory) in ROLE_USERS.items()
    }


@pytest.fixture(scope="session")
def handmade_warehouse(tmp_path_factory):
    """A tiny DuckDB warehouse of the snapshot's four MLs (for the files made from it)."""
    import datetime as dt

    from handmade_warehouse import build_warehouse

    from web.handmade import YEAR, add_groups, warehouse_rows

    path = tmp_path_factory.mktemp("entrepot_web") / "entrepot.duckdb"
    build_warehouse(path, warehouse_rows(), extract_date=dt.date(YEAR + 1, 2, 28))
    add_groups(path)
    return path


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory):
    """The tests' cache folder: files made once (PDF, workbooks) serve the whole session."""
    return tmp_path_factory.mktemp("cache_web")


@pytest.fixture(autouse=True)
def _warehouse_settings(settings, handmade_warehouse, cache_dir):
    """Point the application at the tiny warehouse and the tests' cache folder."""
    settings.PERFML_ENTREPOT = handmade_warehouse
    settings.PERFML_CACHE_DIR = cache_dir
