"""Missing data that blocks an indicator."""

from __future__ import annotations

import pytest

from perfml.quality.missing import missing_data
from perfml.warehouse import connect


@pytest.fixture(scope="module")
def gaps(quality_warehouse):
    return missing_data(connect(quality_warehouse), 2024)


def test_no_context_row_blocks_indicator_1(gaps):
    assert gaps.loc["13001", "sans_contexte"]


def test_older_context_row_is_reported_without_blocking(gaps):
    assert gaps.loc["01002", "contexte_ancien"]
    assert "1" not in gaps.loc["01002", "indicateurs_bloques"].split(", ")


def test_zero_etp_blocks_indicator_9(gaps):
    assert gaps.loc["01001", "etp_nul"]


def test_blocked_indicators_of_each_ml(gaps):
    assert gaps["indicateurs_bloques"].to_dict() == {
        "01001": "7, 8, 9",
        "01002": "2, 7, 8, 10",
        "13001": "1, 9, 10",
    }


def test_missing_counsellor_figure_is_reported(gaps):
    assert gaps["sans_conseillers_gj"].to_dict() == {"01001": True, "01002": False, "13001": True}
