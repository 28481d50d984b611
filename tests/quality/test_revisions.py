"""The effect of entries made after the consolidation date on the indicators."""

from __future__ import annotations

from handmade_warehouse import d

from perfml.quality.revisions import indicator_revisions
from perfml.warehouse import connect


def test_consolidation_date_is_1_march_of_next_year(assessment):
    assert assessment.consolidation == d("2025-03-01")


def test_exit_entered_after_consolidation_moves_indicator_5(assessment):
    # On 1 March 2025 only P1 (EMPLOI) has left; P5 (AUTRE) is entered on 1 April.
    row = assessment.revisions.set_index(["niveau", "code"]).loc[("ML", "01001")]
    assert (row["i5_consolide"], row["i5_actuel"], row["i5_ecart"]) == (100.0, 50.0, -50.0)


def test_no_revision_when_the_extract_stops_at_consolidation(quality_warehouse):
    frame, _ = indicator_revisions(connect(quality_warehouse), 2024, d("2025-02-01"))
    row = frame.set_index(["niveau", "code"]).loc[("ML", "01001")]
    assert row["i5_ecart"] == 0
