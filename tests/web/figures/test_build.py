"""The snapshot built through the core API from a tiny hand-made warehouse."""

from __future__ import annotations

import pytest

from perfml.web.figures.build import build_snapshot


@pytest.fixture(scope="module")
def built(handmade_warehouse):
    return build_snapshot(handmade_warehouse)


def test_year_is_the_last_complete_year_of_the_extract(built):
    assert built.year == 2024  # extract of 28 February 2025


def test_every_ml_has_its_group(built):
    assert {code: ml.groupe for code, ml in built.mls.items()} == {
        "29001": 1,
        "35001": 2,
        "35002": 1,
        "69001": 2,
    }


def test_first_receptions_of_neet_over_neet_on_the_territory(built):
    # 29001: 4 NEET youths first received in 2024, 1 000 NEET on its territory.
    assert built.figure("ML", "29001", 1).valeur == pytest.approx(0.4)


def test_monthly_series_covers_the_twelve_months(built):
    months = built.monthly_of("ML", "29001")["mois"].unique()
    assert len(months) == 12


def test_figures_before_consolidation_are_provisional_with_a_typical_revision(built):
    # Extract of 28 February 2025, before the consolidation of 1 March 2025: 2023 replayed.
    assert built.is_provisional
    assert built.typical_revision("29001", 1) is not None


def test_every_ml_has_its_share_of_late_entries(built):
    # The hand-made rows have no entry date: nothing is late.
    assert {code: built.late_share(code) for code in built.mls} == dict.fromkeys(
        ["29001", "35001", "35002", "69001"], 0.0
    )


def test_warehouse_being_written_is_a_french_user_error(tmp_path):
    import subprocess
    import sys

    from perfml.errors import UserError
    from perfml.web.figures.build import open_read_only

    path = tmp_path / "entrepot.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('ok', flush=True); "
         "sys.stdin.read()", str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "ok"  # the writer holds the file
        with pytest.raises(UserError, match="en cours d'écriture"):
            open_read_only(path)
    finally:
        holder.communicate("")


def test_a_year_after_the_extract_is_refused_before_any_computation(handmade_warehouse):
    from perfml.errors import UserError

    with pytest.raises(UserError, match=r"\(année 2026\) commence après la date d'extraction"):
        build_snapshot(handmade_warehouse, 2026)


def test_a_year_not_over_is_marked_provisional_by_the_core(handmade_warehouse):
    from perfml.web.steering.presenters import provisional_text

    snapshot = build_snapshot(handmade_warehouse, 2025)  # extract of 28 February 2025
    assert snapshot.campaign.provisional_note.startswith("Résultats provisoires")
    assert provisional_text(snapshot).startswith(snapshot.campaign.provisional_note)


def test_a_complete_year_has_no_provisional_note(built):
    assert built.campaign.provisional_note is None
