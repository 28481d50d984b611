"""Fixtures of the data-quality tests: the hand-made extract of `extract.py`."""

from __future__ import annotations

import pytest
from handmade_warehouse import build_warehouse, d

from quality.extract import ROWS


@pytest.fixture(scope="package")
def quality_warehouse(tmp_path_factory):
    path = tmp_path_factory.mktemp("quality") / "w.duckdb"
    return build_warehouse(path, ROWS, extract_date=d("2025-06-30"))


@pytest.fixture(scope="package")
def assessment(quality_warehouse):
    from perfml.quality import assess_quality
    from perfml.warehouse import connect

    return assess_quality(connect(quality_warehouse), 2024)
