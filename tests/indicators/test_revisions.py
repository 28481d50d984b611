"""Revisions between two as-of dates, their thresholds and last year's typical revision.

The hand-made extract of `tests/quality/extract.py` plus a late exit: P2 (J2, 01001,
AUTRE, 1 December 2024) entered on 1 February 2025. Indicator 5 of 01001 (PACEA exits to
work) is 100 % on 15 January 2025 (P1 only) and 50 % on 1 March 2025 (P1 and P2).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from handmade_warehouse import build_warehouse, d
from quality.extract import ROWS, dispositif

from perfml.errors import UserError
from perfml.indicators import Period
from perfml.indicators.revisions import (
    compare_as_of,
    describe_typical_revision,
    is_provisional,
    measure_revisions,
    parse_thresholds,
    previous_period,
    revision_thresholds,
    typical_revisions,
)
from perfml.indicators.series import first_published_series
from perfml.warehouse import connect

LATE_P2 = dispositif(
    "P2", "J2", "01001", "PACEA", "2024-03-01", "2024-12-01", "AUTRE",
    saisie="2024-03-01", saisie_sortie="2025-02-01",
)  # fmt: skip


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    rows = {**ROWS, "dispositifs": [*ROWS["dispositifs"], LATE_P2]}
    path = tmp_path_factory.mktemp("revisions") / "w.duckdb"
    return connect(build_warehouse(path, rows, extract_date=d("2025-06-30")))


@pytest.fixture(scope="module")
def comparison(con):
    return compare_as_of(con, Period.year(2024), d("2025-01-15"), d("2025-03-01"))


def row_of(frame, niveau, code, number):
    found = frame[
        (frame["niveau"] == niveau) & (frame["code"] == code) & (frame["indicateur"] == number)
    ]
    assert len(found) == 1
    return found.iloc[0]


def test_comparison_gives_both_values_and_the_revision_in_points(comparison):
    row = row_of(comparison, "ML", "01001", 5)
    assert (row["valeur_a"], row["valeur_b"], row["revision"]) == (100.0, 50.0, -50.0)
    assert (row["date_a"], row["date_b"]) == (d("2025-01-15"), d("2025-03-01"))


def test_revision_beyond_5_points_is_flagged(comparison):
    row = row_of(comparison, "ML", "01001", 5)
    assert (row["mesure"], row["seuil"], row["au_dela_du_seuil"]) == ("points", 5.0, True)


def test_unchanged_indicator_is_not_flagged(comparison):
    row = row_of(comparison, "ML", "13001", 5)  # E1's exit entered in 2024
    assert row["revision"] == 0 and not row["au_dela_du_seuil"]


def test_comparison_has_every_level_code_and_indicator(comparison):
    # 3 MLs, 2 regions, the nation; 10 indicators each.
    assert len(comparison) == (3 + 2 + 1) * 10
    assert list(comparison["niveau"].drop_duplicates()) == ["ML", "REGION", "NATIONAL"]


def test_region_revision_pools_its_mls(comparison):
    # Region 84 = 01001 (1 then 2 exits, 1 to work) + 01002 (PK3 to work, D1 without
    # destination): 2 / 3 on 15 January, 2 / 4 on 1 March.
    row = row_of(comparison, "REGION", "84", 5)
    assert row["valeur_a"] == pytest.approx(200 / 3)
    assert row["valeur_b"] == 50.0


def test_relative_revision_beyond_10_percent_is_flagged_for_indicator_9():
    out = measure_revisions(
        pd.Series([2.0, 2.0, 0.0]), pd.Series([2.3, 2.1, 1.0]), pd.Series([9, 9, 9])
    )
    assert list(out["revision_relative"].round(6)[:2]) == [15.0, 5.0]
    assert list(out["au_dela_du_seuil"]) == [True, False, False]  # no base: not judged


def test_unknown_value_is_never_flagged():
    out = measure_revisions(pd.Series([math.nan]), pd.Series([40.0]), pd.Series([1]))
    assert not out["au_dela_du_seuil"].iloc[0]


def test_every_indicator_has_a_threshold():
    assert sorted(revision_thresholds()) == list(range(1, 11))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[seuil]]\nindicateur = 1\nmesure = 'points'\nvaleur = 5.0\n", "pas de seuil"),
        ("[[seuil]]\nindicateur = 1\nmesure = 'pourcent'\nvaleur = 5.0\n", "invalides"),
        ("[[seuil]]\nindicateur = 1\nmesure = 'points'\nvaleur = -1\n", "invalides"),
        ("[[seuil]]\nindicateur = 11\nmesure = 'points'\nvaleur = 1\n", "invalides"),
        ("[[seuil]\n", "illisible"),
        (
            "[[seuil]]\nindicateur = 1\nmesure = 'points'\nvaleur = 5.0\n" * 2,
            "a deux seuils",
        ),
    ],
)
def test_bad_threshold_file_is_refused_in_french(text, message):
    with pytest.raises(UserError, match=message):
        parse_thresholds(text)


def test_year_is_provisional_before_1_march_of_the_next_year():
    year = Period.year(2024)
    assert is_provisional(year, d("2025-02-28"))
    assert not is_provisional(year, d("2025-03-01"))
    assert not is_provisional(year, None)


def test_previous_period_of_a_year_is_the_year_before():
    assert previous_period(Period.year(2025)) == Period.year(2024)


def test_typical_revision_replays_last_year_from_the_same_stage(con):
    # 2025 figures known on 15 January 2026: 2024 replayed on 15 January 2025 (100 %) and
    # on its consolidation date, 1 March 2025 (50 %).
    frame = typical_revisions(con, Period.year(2025), d("2026-01-15"))
    row = frame[(frame["code_ml"] == "01001") & (frame["indicateur"] == 5)].iloc[0]
    assert (row["date_provisoire"], row["date_consolidation"]) == (
        d("2025-01-15"),
        d("2025-03-01"),
    )
    assert (row["valeur_provisoire"], row["valeur_consolidee"], row["revision"]) == (
        100.0,
        50.0,
        -50.0,
    )
    assert describe_typical_revision(row) == "±50,0 points"
    assert describe_typical_revision(row, compact=True) == "±50,0 pt"


def test_typical_revision_of_9_and_10_is_relative():
    row = {"revision": 0.3, "revision_relative": 15.0, "mesure": "relatif"}
    assert describe_typical_revision(row) == "±15\u00a0% de la valeur"


def test_typical_revision_without_last_year_value_is_said_not_measurable():
    row = {"revision": math.nan, "revision_relative": math.nan, "mesure": "points"}
    assert describe_typical_revision(row) == "révision de l'an dernier non mesurable"


def test_monthly_series_shows_the_value_first_published_and_today(con):
    # 12 months to December 2024, 01001: on 31 December 2024 only P1's exit (to work) is
    # known; on 30 June 2025 P2 (1 Dec.) and P5 (15 Nov.), neither to work, are too.
    frame = first_published_series(con, "2024-11", "2024-12", as_of=d("2025-06-30"))
    rows = frame[(frame["niveau"] == "ML") & (frame["code"] == "01001")]
    rows = rows[rows["indicateur"] == 5].set_index("mois")
    december, november = rows.loc[d("2024-12-01")], rows.loc[d("2024-11-01")]
    assert december["date_premiere_publication"] == d("2024-12-31")
    assert (december["valeur_premiere_publication"], december["valeur"]) == (
        100.0,
        pytest.approx(100 / 3),
    )
    assert december["revision"] == pytest.approx(100 / 3 - 100)
    # November's window ends before P2's exit: P1 then P1 and P5.
    assert (november["valeur_premiere_publication"], november["valeur"]) == (100.0, 50.0)
