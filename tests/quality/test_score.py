"""The quality score and the reliability of indicators 7 to 10."""

from __future__ import annotations

import pandas as pd
import pytest

from perfml.quality.score import lowercase_first, reliability


def test_score_of_an_ml_adds_its_three_parts(assessment):
    # 01001: 4 late of 8 rows → 40 × 0.5 = 20; no anomaly in 8 rows checked → 30;
    # 3 of 9 blocking gaps (ETP, internal offers, MER) → 30 × 6/9 = 20.
    row = assessment.ml.loc["01001"]
    assert (row["ponctualite"], row["coherence"], row["completude"]) == pytest.approx((20, 30, 20))
    assert row["score"] == pytest.approx(70)


def test_coherence_points_fall_to_zero_at_ten_percent_of_anomalies(assessment):
    # 13001: 3 anomalies among 5 rows checked.
    assert assessment.ml.loc["13001", "coherence"] == 0


def test_region_score_uses_the_summed_counts(assessment):
    levels = assessment.levels.set_index(["niveau", "code"])
    ml = assessment.ml
    late = sum(ml.loc[c, [x for x in ml.columns if x.startswith("tardives_")]].sum()
               for c in ("01001", "01002"))  # fmt: skip
    rows = sum(ml.loc[c, [x for x in ml.columns if x.startswith("lignes_")]].sum()
               for c in ("01001", "01002"))  # fmt: skip
    assert levels.loc[("REGION", "84"), "ponctualite"] == pytest.approx(40 * (1 - late / rows))


def test_extract_date_is_the_default_today(assessment):
    assert assessment.today == pd.Timestamp("2025-06-30").date()


def reliable_ml(**changes) -> pd.DataFrame:
    """One ML whose indicators 7 and 9 are reliable, with `changes` applied."""
    row = {
        "lignes_mer": 100, "tardives_mer": 5, "lignes_offres": 50, "tardives_offres": 0,
        "lignes_sorties": 40, "tardives_sorties": 2,
        "mer_avant_offre": 0, "mer_avant_offre_den": 100,
        "sortie_sans_situation": 0, "sortie_sans_situation_den": 40,
        "sortie_saisie_avant_entree": 0, "sortie_saisie_avant_entree_den": 40,
        "sans_mer_offre_interne": False, "sans_offre_interne": False, "sans_icare": False,
        "etp_nul": False, "ressources_nulles": False, "icare_ancien": False,
    }  # fmt: skip
    for k in (7, 8, 9, 10):
        row |= {f"i{k}_num": 30.0, f"i{k}_den": 40.0, f"i{k}_consolide": 75.0,
                f"i{k}_actuel": 75.0, f"i{k}_ecart": 0.0}  # fmt: skip
    row |= changes
    return pd.DataFrame([row], index=["01001"])


def test_indicator_with_clean_data_is_reliable():
    assert reliability(reliable_ml()).loc["01001", "fiable_7"]


def test_more_than_ten_percent_late_entries_makes_it_unreliable():
    # (20 + 0) late MER and offers of 150 rows: 13.3 %.
    out = reliability(reliable_ml(tardives_mer=20)).loc["01001"]
    assert not out["fiable_7"]
    assert out["motif_7"] == "saisies tardives : 13,3\u00a0%"


def test_fewer_than_20_mer_makes_indicator_7_unreliable():
    assert reliability(reliable_ml(i7_den=19.0)).loc["01001", "motif_7"] == (
        "moins de 20 mises en relation sur offres internes"
    )


def test_revision_of_more_than_5_points_makes_indicator_7_unreliable():
    out = reliability(reliable_ml(i7_actuel=81.0, i7_ecart=6.0)).loc["01001"]
    assert out["motif_7"] == "révisée de 6,0 points après consolidation"


def test_gap_before_consolidation_is_not_a_revision_after_consolidation():
    # Values taken before the consolidation date: the 6-point gap is what the provisional
    # value still lacked, not an entry made after consolidation.
    out = reliability(reliable_ml(i7_actuel=81.0, i7_ecart=6.0), after_consolidation=False)
    assert out.loc["01001", "fiable_7"]


def test_relative_revision_of_more_than_10_percent_makes_indicator_9_unreliable():
    out = reliability(reliable_ml(i9_consolide=2.0, i9_actuel=2.3, i9_ecart=0.3)).loc["01001"]
    assert not out["fiable_9"]


def test_older_icare_year_makes_indicator_10_unreliable():
    out = reliability(reliable_ml(icare_ancien=True)).loc["01001"]
    assert out["motif_10"] == "données ICARE d'une année antérieure"


def test_lowercase_first_keeps_an_acronym():
    assert lowercase_first("ETP de conseillers non renseigné") == "ETP de conseillers non renseigné"
    assert lowercase_first("Aucune ligne ICARE") == "aucune ligne ICARE"
