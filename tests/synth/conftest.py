"""Fixtures of the synthetic extract's tests: the `mini` extract read with pandas."""

from __future__ import annotations

import pandas as pd
import pytest

from perfml.contract import TABLES


@pytest.fixture(scope="session")
def mini_tables(mini_extract) -> dict[str, pd.DataFrame]:
    """Every table of the `mini` extract (seed 1, 2022-2024) as a pandas DataFrame."""
    return {t.name: pd.read_parquet(mini_extract / f"{t.name}.parquet") for t in TABLES}
