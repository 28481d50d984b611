"""Incoherent paths that get through the loader."""

from __future__ import annotations

import pytest
from handmade_warehouse import d

from perfml.quality.coherence import coherence_checks
from perfml.warehouse import connect


@pytest.fixture(scope="module")
def checks(quality_warehouse):
    return coherence_checks(connect(quality_warehouse), 2024, today=d("2025-06-30"))


def pair(checks, code_ml, key):
    return checks.loc[code_ml, key], checks.loc[code_ml, f"{key}_den"]


def test_exit_without_destination(checks):
    # D1 left without destination; PK3 left to EMPLOI.
    assert pair(checks, "01002", "sortie_sans_situation") == (1, 2)


def test_gj_without_pacea_of_the_same_youth(checks):
    # G1 has no parent, G2's parent is K3's PACEA; G3 and G4 are attached.
    assert pair(checks, "01002", "gj_sans_pacea") == (2, 4)


def test_gj_running_after_its_pacea_ended_is_outside_it(checks):
    assert pair(checks, "01002", "gj_hors_pacea") == (1, 2)


def test_same_kind_situations_overlapping_more_than_30_days(checks):
    # S2/S3 (31 days) and S6/S7 (S6 never closed) are flagged; S4/S5 (11 days) are not.
    assert pair(checks, "01002", "situations_chevauchantes") == (4, 7)


def test_overlap_threshold_is_configurable(quality_warehouse):
    checks = coherence_checks(connect(quality_warehouse), 2024, d("2025-06-30"), 10)
    assert checks.loc["01002", "situations_chevauchantes"] == 6


def test_situation_before_fourteen(checks):
    assert pair(checks, "01002", "situation_avant_14_ans") == (1, 7)


def test_mer_prescribed_before_its_offer_was_collected(checks):
    assert pair(checks, "13001", "mer_avant_offre") == (1, 2)


def test_exit_entered_before_the_entry_was(checks):
    assert pair(checks, "13001", "sortie_saisie_avant_entree") == (1, 1)


def test_entry_before_first_reception(checks):
    assert pair(checks, "13001", "entree_avant_premier_accueil") == (1, 1)


def test_ml_without_anomaly_has_zero(checks):
    assert checks.loc["01001", "gj_sans_pacea"] == 0
