"""Who a ProConnect agent is here: the access table, by e-mail first, else by SIRET."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from perfml.web.accounts.models import AgentAccess
from perfml.web.accounts.proconnect import access_for

pytestmark = pytest.mark.django_db


def test_email_access_wins_over_the_organisations():
    call_command("agent", "--siret", "130 007 669 00019", "--role", "ARML", "--territoire", "53")
    call_command("agent", "Agent@Exemple.gouv.fr", "--role", "DREETS_UD", "--territoire", "35")
    found = access_for("agent@exemple.gouv.fr", "13000766900019")
    assert (found.role, found.code_departement) == ("DREETS_UD", "35")


def test_organisation_access_covers_its_other_agents():
    call_command("agent", "--siret", "13000766900019", "--role", "ARML", "--territoire", "53")
    found = access_for("autre@exemple.gouv.fr", "13000766900019")
    assert (found.role, found.code_region) == ("ARML", "53")


def test_unknown_agent_has_no_access():
    assert access_for("inconnu@exemple.gouv.fr", "") is None


def test_closed_access_is_gone():
    call_command("agent", "agent@exemple.gouv.fr", "--role", "DGEFP")
    call_command("agent", "agent@exemple.gouv.fr", "--fermer")
    assert not AgentAccess.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["pas-une-adresse", "--role", "DGEFP"], "n'est pas une adresse électronique"),
        (["--siret", "123", "--role", "DGEFP"], "n'est pas un SIRET"),
        (["a@exemple.gouv.fr", "--role", "DREETS_UR", "--territoire", "99"], "code de région"),
        (["a@exemple.gouv.fr", "--role", "ARML"], "demande un territoire"),
    ],
)
def test_bad_access_is_refused_in_french(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("agent", *args)


def test_password_login_can_be_switched_off(client, settings):
    from web.conftest import make_user

    settings.PERFML_CONNEXION_MOT_DE_PASSE = False
    make_user("agent", "DGEFP")
    response = client.post("/connexion/", {"username": "agent", "password": "motdepasse-test-1"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_refusal_page_says_whom_to_ask(client):
    session = client.session
    session["perfml_proconnect_refus"] = {"email": "inconnu@exemple.gouv.fr", "raison": ""}
    session.save()
    response = client.get("/proconnect/refus/")
    assert response.status_code == 403
    text = response.content.decode()
    assert "inconnu@exemple.gouv.fr" in text
    assert "le référent perfml de votre DREETS" in text
