"""The indicators at the asked date against the consolidated ones (`perfml qualite --au`).

The hand-made extract of `extract.py` plus one late row: the exit of P2 (J2, 01001, AUTRE,
1 December 2024) entered on 1 February 2025, before the consolidation date of 1 March 2025.
Indicator 5 of 01001 (PACEA exits to work) is then: 100 % on 15 January 2025 (P1 only),
50 % on 1 March 2025 (P1, P2), 100/3 % on 30 June 2025 (P1, P2 and P5, entered 1 April).
"""

from __future__ import annotations

import math

import pytest
from handmade_warehouse import build_warehouse, d

from perfml.indicators import Period, compute_indicators
from perfml.quality import assess_quality
from perfml.quality.revisions import indicator_revisions
from perfml.warehouse import connect
from quality.extract import ROWS, dispositif

LATE_P2 = dispositif(
    "P2", "J2", "01001", "PACEA", "2024-03-01", "2024-12-01", "AUTRE",
    saisie="2024-03-01", saisie_sortie="2025-02-01",
)  # fmt: skip


def rows_with_p2() -> dict:
    return {**ROWS, "dispositifs": [*ROWS["dispositifs"], LATE_P2]}


@pytest.fixture(scope="module")
def late_warehouse(tmp_path_factory):
    path = tmp_path_factory.mktemp("late") / "w.duckdb"
    return build_warehouse(path, rows_with_p2(), extract_date=d("2025-06-30"))


@pytest.fixture(scope="module")
def short_warehouse(tmp_path_factory):
    """The same rows, but an extract stopping on 15 February 2025, before consolidation."""
    path = tmp_path_factory.mktemp("short") / "w.duckdb"
    return build_warehouse(path, rows_with_p2(), extract_date=d("2025-02-15"))


def i5_of_01001(frame) -> tuple[float, float, float]:
    row = frame.set_index(["niveau", "code"]).loc[("ML", "01001")]
    return row["i5_actuel"], row["i5_consolide"], row["i5_ecart"]


def test_consolidation_date_is_1_march_of_next_year(assessment):
    assert assessment.consolidation == d("2025-03-01")


def test_exit_entered_after_consolidation_moves_indicator_5(assessment):
    # On 1 March 2025 only P1 (EMPLOI) has left; P5 (AUTRE) is entered on 1 April.
    row = assessment.revisions.set_index(["niveau", "code"]).loc[("ML", "01001")]
    assert (row["i5_consolide"], row["i5_actuel"], row["i5_ecart"]) == (100.0, 50.0, -50.0)


def test_value_before_consolidation_is_the_value_at_the_asked_date(late_warehouse):
    frame, _ = indicator_revisions(
        connect(late_warehouse), 2024, d("2025-01-15"), extract=d("2025-06-30")
    )
    assert i5_of_01001(frame) == (100.0, 50.0, 50.0)


def test_value_after_consolidation_is_the_value_at_the_asked_date(late_warehouse):
    frame, _ = indicator_revisions(
        connect(late_warehouse), 2024, d("2025-06-30"), extract=d("2025-06-30")
    )
    current, consolidated, gap = i5_of_01001(frame)
    assert (current, consolidated) == (pytest.approx(100 / 3), 50.0)
    assert gap == pytest.approx(100 / 3 - 50)


def test_gap_is_zero_at_the_consolidation_date(late_warehouse):
    frame, _ = indicator_revisions(
        connect(late_warehouse), 2024, d("2025-03-01"), extract=d("2025-06-30")
    )
    assert i5_of_01001(frame) == (50.0, 50.0, 0.0)


def test_consolidated_value_is_empty_when_the_extract_stops_before_consolidation(
    short_warehouse,
):
    frame, _ = indicator_revisions(
        connect(short_warehouse), 2024, d("2025-02-15"), extract=d("2025-02-15")
    )
    current, consolidated, gap = i5_of_01001(frame)
    assert current == 50.0
    assert math.isnan(consolidated) and math.isnan(gap)


@pytest.mark.parametrize("today", ["2024-09-30", "2025-01-15", "2025-03-01", "2025-06-30"])
def test_assessment_values_are_those_of_compute_indicators_at_the_asked_date(late_warehouse, today):
    con = connect(late_warehouse)
    assessment = assess_quality(con, 2024, d(today))
    expected = compute_indicators(con, Period.year(2024), as_of=d(today))
    expected = expected[expected["niveau"] == "ML"].set_index(["code", "indicateur"])["valeur"]
    for (code, number), value in expected.items():
        got = assessment.ml.loc[code, f"i{number}_actuel"]
        assert (math.isnan(value) and math.isnan(got)) or got == pytest.approx(value), (
            code,
            number,
        )
