"""The snapshot cache: one build per warehouse version, on disk and in memory."""

from __future__ import annotations

import os
import shutil

import pytest

from perfml.web.figures import store


@pytest.fixture
def warehouse(handmade_warehouse, tmp_path, settings):
    settings.PERFML_CACHE_DIR = tmp_path / "cache"
    path = tmp_path / "entrepot.duckdb"
    shutil.copy(handmade_warehouse, path)
    return path


@pytest.fixture
def counted_builds(monkeypatch, figures):
    """Replace the build by a counter returning the hand-made snapshot."""
    calls = []

    def build(warehouse, year=None, progress=False):
        calls.append(warehouse)
        return figures.__class__(campaign=figures.campaign, structures=figures.structures)

    monkeypatch.setattr("perfml.web.figures.build.build_snapshot", build)
    return calls


def test_version_changes_when_the_warehouse_is_written(warehouse):
    before = store.warehouse_version(warehouse, None)
    stat = warehouse.stat()
    os.utime(warehouse, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert store.warehouse_version(warehouse, None) != before


def test_second_prepare_reads_the_disk_cache(warehouse, counted_builds):
    store.prepare(warehouse)
    store.prepare(warehouse)
    assert len(counted_builds) == 1


def test_new_version_is_built_again(warehouse, counted_builds):
    store.prepare(warehouse)
    stat = warehouse.stat()
    os.utime(warehouse, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    store.prepare(warehouse)
    assert len(counted_builds) == 2


def test_only_the_latest_version_stays_on_disk(warehouse, counted_builds, settings):
    store.prepare(warehouse)
    stat = warehouse.stat()
    os.utime(warehouse, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    store.prepare(warehouse)
    assert len(list(settings.PERFML_CACHE_DIR.glob("chiffres-*.pickle"))) == 1


def test_missing_warehouse_is_a_french_user_error(settings, tmp_path):
    from perfml.errors import UserError

    store.install(None)
    settings.PERFML_ENTREPOT = tmp_path / "absent.duckdb"
    with pytest.raises(UserError, match="n'existe pas"):
        store.current_snapshot()
