"""The dialogue's workflow on the hand-made snapshot: targets, justification, statuses, log.

ML 35001's proposals (hand-computed from `handmade.py`): indicator 1 (value 20, group 2
= {20, 25}, region 53 = {30, 20, 40}) has légitime 22,5 (group median), raisonnable 21,25
(group Q1, the ML being in the group's first quartile) and atteignable 25 (regional Q1).
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from perfml.web.dialogue.models import AuditEntry, Campaign, Status, Target
from perfml.web.dialogue.workflow import (
    TargetEntry,
    WorkflowError,
    apply_transition,
    campaign_of,
    proposals_of,
    set_targets,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(figures):
    return campaign_of("35001", figures.year + 1)


def all_legitimate(snapshot, code_ml="35001") -> list[TargetEntry]:
    return [
        TargetEntry(n, proposals_of(snapshot, code_ml, n).legitime, "legitime")
        for n in range(1, 11)
    ]


def test_proposals_are_the_hand_computed_ones(figures):
    proposals = proposals_of(figures, "35001", 1)
    # Region 53 has 3 MLs (< 5): atteignable comes from the nation (20, 25, 30, 40 → Q1
    # 23.75); no neighbours in the hand-made snapshot: the group is kept.
    assert (proposals.legitime, proposals.raisonnable, proposals.atteignable) == (
        22.5,
        21.25,
        23.75,
    )


def test_campaign_starts_as_a_draft_for_the_next_year(campaign, figures):
    assert (campaign.year, campaign.status) == (2025, Status.DRAFT)


def test_picking_a_proposal_stores_its_value_and_source(campaign, users, figures):
    set_targets(users["DREETS_UD"], campaign, [TargetEntry(1, 23.75, "atteignable")], figures)
    target = Target.objects.get(campaign=campaign, indicator=1)
    assert (target.value, target.source, target.author_name) == (23.75, "atteignable", "ud35")


def test_value_differing_from_the_proposals_needs_a_justification(campaign, users, figures):
    with pytest.raises(WorkflowError, match="justification est obligatoire"):
        set_targets(users["DREETS_UR"], campaign, [TargetEntry(1, 30.0, "saisie")], figures)


def test_typed_value_equal_to_a_proposal_needs_no_justification(campaign, users, figures):
    assert set_targets(users["DREETS_UR"], campaign, [TargetEntry(1, 22.5, "saisie")], figures) == 1


def test_rate_target_above_100_is_refused(campaign, users, figures):
    with pytest.raises(WorkflowError, match="comprise entre 0 % et 100 %"):
        set_targets(users["DREETS_UR"], campaign, [TargetEntry(1, 130.0, "saisie", "car")], figures)


def test_setting_a_target_writes_who_when_old_new_and_why(campaign, users, figures):
    ur = users["DREETS_UR"]
    set_targets(ur, campaign, [TargetEntry(1, 22.5, "legitime")], figures)
    set_targets(ur, campaign, [TargetEntry(1, 30.0, "saisie", "Nouveau partenariat")], figures)
    entry = AuditEntry.objects.filter(kind=AuditEntry.TARGET).first()  # newest first
    assert (entry.old_value, entry.new_value, entry.old_source, entry.new_source) == (
        22.5,
        30.0,
        "legitime",
        "saisie",
    )
    assert (entry.justification, entry.author_name) == ("Nouveau partenariat", "ur53")


def test_unchanged_target_writes_nothing(campaign, users, figures):
    ur = users["DREETS_UR"]
    set_targets(ur, campaign, [TargetEntry(1, 22.5, "legitime")], figures)
    assert set_targets(ur, campaign, [TargetEntry(1, 22.5, "legitime")], figures) == 0
    assert AuditEntry.objects.count() == 1


def test_validation_needs_all_ten_targets(campaign, users, figures):
    set_targets(users["DREETS_UR"], campaign, all_legitimate(figures)[:9], figures)
    with pytest.raises(WorkflowError, match="il manque l'indicateur 10"):
        apply_transition(users["DREETS_UR"], campaign, "valider")


def test_regional_unit_validates_a_complete_campaign(campaign, users, figures):
    set_targets(users["DREETS_UR"], campaign, all_legitimate(figures), figures)
    apply_transition(users["DREETS_UR"], campaign, "valider")
    assert Campaign.objects.get(pk=campaign.pk).status == Status.VALIDATED


def test_departmental_unit_cannot_validate(campaign, users, figures):
    set_targets(users["DREETS_UD"], campaign, all_legitimate(figures), figures)
    with pytest.raises(PermissionDenied):
        apply_transition(users["DREETS_UD"], campaign, "valider")


def test_validated_campaign_refuses_new_targets(campaign, users, figures):
    ur = users["DREETS_UR"]
    set_targets(ur, campaign, all_legitimate(figures), figures)
    apply_transition(ur, campaign, "valider")
    with pytest.raises(PermissionDenied, match="Validée par la DREETS"):
        set_targets(ur, campaign, [TargetEntry(1, 23.75, "atteignable")], figures)


def test_reopened_campaign_accepts_targets_again(campaign, users, figures):
    ur = users["DREETS_UR"]
    set_targets(ur, campaign, all_legitimate(figures), figures)
    apply_transition(ur, campaign, "valider")
    apply_transition(ur, campaign, "rouvrir")
    assert set_targets(ur, campaign, [TargetEntry(1, 23.75, "atteignable")], figures) == 1


def test_locking_needs_a_validated_campaign(campaign, users):
    with pytest.raises(WorkflowError, match="n'est pas possible"):
        apply_transition(users["DGEFP"], campaign, "verrouiller")


def test_locked_campaign_cannot_be_reopened_by_the_region(campaign, users, figures):
    ur = users["DREETS_UR"]
    set_targets(ur, campaign, all_legitimate(figures), figures)
    apply_transition(ur, campaign, "valider")
    apply_transition(ur, campaign, "verrouiller")
    with pytest.raises(WorkflowError):
        apply_transition(ur, campaign, "rouvrir")


def test_only_the_dgefp_unlocks(campaign, users, figures):
    ur = users["DREETS_UR"]
    set_targets(ur, campaign, all_legitimate(figures), figures)
    apply_transition(ur, campaign, "valider")
    apply_transition(ur, campaign, "verrouiller")
    with pytest.raises(PermissionDenied):
        apply_transition(ur, campaign, "deverrouiller")
    apply_transition(users["DGEFP"], campaign, "deverrouiller")
    assert Campaign.objects.get(pk=campaign.pk).status == Status.VALIDATED


def test_status_change_is_logged(campaign, users, figures):
    ur = users["DREETS_UR"]
    set_targets(ur, campaign, all_legitimate(figures), figures)
    apply_transition(ur, campaign, "valider")
    entry = AuditEntry.objects.filter(kind=AuditEntry.STATUS).get()
    assert (entry.old_status, entry.new_status, entry.author_name) == (
        "brouillon",
        "validee",
        "ur53",
    )


def test_form_post_stores_a_typed_value_with_its_justification(client, users):
    client.force_login(users["DREETS_UR"])
    response = client.post(
        "/dialogue/35001/",
        {"i3-source": "saisie", "i3-valeur": "18,5", "i3-justification": "Public très éloigné"},
    )
    assert response.status_code == 302
    target = Target.objects.get(indicator=3)
    assert (target.value, target.justification) == (18.5, "Public très éloigné")


def test_form_post_without_justification_shows_the_rule(client, users):
    client.force_login(users["DREETS_UR"])
    response = client.post("/dialogue/35001/", {"i3-source": "saisie", "i3-valeur": "18,5"})
    assert "justification est obligatoire" in response.content.decode()
    assert not Target.objects.exists()


def test_form_post_of_an_unreadable_number_is_refused(client, users):
    client.force_login(users["DREETS_UR"])
    response = client.post("/dialogue/35001/", {"i3-source": "saisie", "i3-valeur": "beaucoup"})
    assert "n&#x27;est pas un nombre" in response.content.decode()


def test_validation_without_all_targets_says_which_are_missing(client, users):
    client.force_login(users["DREETS_UR"])
    response = client.post("/dialogue/35001/valider/", follow=True)
    assert "il manque les indicateurs 1, 2, 3" in response.content.decode()


def test_refusal_of_a_validated_campaign_says_why(client, users, figures):
    ur = users["DREETS_UR"]
    campaign = campaign_of("35001", 2025)
    set_targets(ur, campaign, all_legitimate(figures), figures)
    apply_transition(ur, campaign, "valider")
    client.force_login(ur)
    response = client.post("/dialogue/35001/", {"i1-source": "atteignable"})
    assert response.status_code == 403
    assert "les cibles ne peuvent plus être modifiées" in response.content.decode()


@pytest.mark.parametrize(("indicator", "value"), [(10, 0.0), (9, 500.0), (9, 0.0), (1, 120.0)])
def test_implausible_target_is_refused_with_a_french_message(
    campaign, users, figures, indicator, value
):
    entry = TargetEntry(indicator, value, "saisie", "nouvelle antenne")
    with pytest.raises(WorkflowError, match=f"la cible de l'indicateur {indicator} doit être"):
        set_targets(users["DREETS_UR"], campaign, [entry], figures)
    assert not Target.objects.filter(campaign=campaign).exists()
