"""The one rule every set target passes (workbook import, web form, synchronisation)."""

from __future__ import annotations

import pytest
from reports.campaign_data import campaign

from perfml.target_review import TargetContext, review_target

CONTEXT = TargetContext.from_campaign(campaign())


def test_context_holds_the_recomputed_proposals_and_regions():
    # 01001, indicator 1: légitime = group 1's median of 11 and 31.
    assert CONTEXT.proposals_of("01001", 1).legitime == 21.0
    assert CONTEXT.regions["75001"] == "11"


def test_a_chosen_proposal_passes():
    assert review_target(CONTEXT, "01001", 1, 21.0, "legitime", None, "84") is None


def test_an_ml_of_another_territory_is_refused():
    problem = review_target(CONTEXT, "75001", 1, 21.0, "saisie", "x", "84")
    assert "hors du territoire" in problem


def test_the_nation_may_set_any_ml():
    assert review_target(CONTEXT, "75001", 1, 40.0, "saisie", "raison", "FR") is None


def test_an_unknown_ml_is_refused():
    assert "inconnue" in review_target(CONTEXT, "99999", 1, 21.0, "legitime", None)


def test_a_proposal_source_with_another_value_is_refused():
    problem = review_target(CONTEXT, "01001", 1, 99.0, "legitime", None)
    assert "ne correspond pas à la proposition" in problem


@pytest.mark.parametrize("justification", [None, "", "   "])
def test_a_typed_target_needs_a_non_empty_justification(justification):
    problem = review_target(CONTEXT, "01001", 1, 40.0, "saisie", justification)
    assert "justification est obligatoire" in problem


def test_an_implausible_target_is_refused_in_french():
    problem = review_target(CONTEXT, "01001", 10, 0.0, "saisie", "raison")
    assert problem.startswith("la cible de l'indicateur 10 doit être")


def test_a_justification_longer_than_2000_characters_is_refused():
    problem = review_target(CONTEXT, "01001", 1, 40.0, "saisie", "x" * 2001)
    assert "limitée à 2" in problem
