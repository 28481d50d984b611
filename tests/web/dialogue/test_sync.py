"""The synchronisation of validated targets into the warehouse's `cibles_fixees`."""

from __future__ import annotations

import shutil

import pytest

from perfml.targets import read_targets
from perfml.warehouse import connect
from perfml.web.dialogue.sync import synchronise
from perfml.web.dialogue.workflow import (
    TargetEntry,
    apply_transition,
    campaign_of,
    proposals_of,
    set_targets,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def warehouse(handmade_warehouse, tmp_path):
    path = tmp_path / "entrepot.duckdb"
    shutil.copy(handmade_warehouse, path)
    return path


def fill(user, figures, code_ml: str) -> None:
    entries = [
        TargetEntry(n, proposals_of(figures, code_ml, n).legitime, "legitime") for n in range(1, 11)
    ]
    set_targets(user, campaign_of(code_ml, 2025), entries, figures)


def stored(warehouse):
    con = connect(warehouse)
    try:
        return read_targets(con, 2025)
    finally:
        con.disconnect()


def test_validated_campaign_is_written_with_its_author(users, figures, warehouse):
    fill(users["DREETS_UR"], figures, "35001")
    apply_transition(users["DREETS_UR"], campaign_of("35001", 2025), "valider")
    assert synchronise(warehouse) == 10
    frame = stored(warehouse)
    assert list(frame["indicateur"]) == list(range(1, 11))
    assert set(frame["auteur"]) == {"ur53"}
    assert frame.loc[frame["indicateur"] == 1, "cible"].item() == 22.5


def test_draft_campaign_is_not_written(users, figures, warehouse):
    fill(users["DREETS_UR"], figures, "35002")
    assert synchronise(warehouse) == 0
    assert stored(warehouse).empty


def test_second_synchronisation_replaces_the_rows(users, figures, warehouse):
    fill(users["DREETS_UR"], figures, "35001")
    apply_transition(users["DREETS_UR"], campaign_of("35001", 2025), "valider")
    synchronise(warehouse)
    synchronise(warehouse)
    assert len(stored(warehouse)) == 10


def test_implausible_target_in_the_database_is_refused_and_nothing_written(
    users, figures, warehouse
):
    from perfml.errors import UserError
    from perfml.web.dialogue.models import Target

    fill(users["DREETS_UR"], figures, "35001")
    apply_transition(users["DREETS_UR"], campaign_of("35001", 2025), "valider")
    # A row written before the rule tightened (or straight into the database).
    Target.objects.filter(campaign__code_ml="35001", indicator=10).update(
        value=0.0, source="saisie", justification="x"
    )
    with pytest.raises(UserError, match=r"indicateur 10 .* doit être"):
        synchronise(warehouse)
    assert stored(warehouse).empty


def test_edited_proposal_source_in_the_database_is_refused(users, figures, warehouse):
    from perfml.errors import UserError
    from perfml.web.dialogue.models import Target

    fill(users["DREETS_UR"], figures, "35001")
    apply_transition(users["DREETS_UR"], campaign_of("35001", 2025), "valider")
    Target.objects.filter(campaign__code_ml="35001", indicator=1).update(value=99.0)
    with pytest.raises(UserError, match="ne correspond pas à la proposition"):
        synchronise(warehouse)
    assert stored(warehouse).empty


def test_the_command_reports_refused_targets_without_a_trace(users, figures, warehouse, settings):
    from django.core.management import CommandError, call_command

    from perfml.web.dialogue.models import Target

    settings.PERFML_ENTREPOT = str(warehouse)
    fill(users["DREETS_UR"], figures, "35001")
    apply_transition(users["DREETS_UR"], campaign_of("35001", 2025), "valider")
    Target.objects.filter(campaign__code_ml="35001", indicator=9).update(value=500.0)
    with pytest.raises(CommandError, match="aucune cible n'a été écrite"):
        call_command("synchroniser")
