"""The `compte` management command: accounts with a role and a territory."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from perfml.web.accounts.models import Membership

pytestmark = pytest.mark.django_db


def test_account_gets_its_role_and_territory():
    call_command("compte", "agent84", "--role", "DREETS_UR", "--territoire", "84",
                 "--mot-de-passe", "un-mot-de-passe-long")  # fmt: skip
    membership = Membership.objects.get(user__username="agent84")
    assert (membership.role, membership.code_region) == ("DREETS_UR", "84")


def test_regional_role_without_territory_is_refused():
    with pytest.raises(CommandError, match="demande un territoire"):
        call_command("compte", "agent", "--role", "ARML", "--mot-de-passe", "un-mot-de-passe-long")


def test_short_password_is_refused_in_french():
    with pytest.raises(CommandError, match="trop court"):
        call_command("compte", "agent", "--role", "DGEFP", "--mot-de-passe", "court")


@pytest.mark.parametrize(
    ("role", "code", "message"),
    [
        ("DREETS_UR", "99", "« 99 » n'est pas un code de région"),
        ("DREETS_UD", "999", "« 999 » n'est pas un code de département"),
        ("ML", "3500", "n'est pas un code de mission locale"),
        ("DREETS_UR", "11", "ne contient aucune mission locale de l'entrepôt chargé"),
        ("ML", "35999", "ne contient aucune mission locale de l'entrepôt chargé"),
    ],
)
def test_territory_that_is_not_one_is_refused_in_french(role, code, message):
    with pytest.raises(CommandError, match=message):
        call_command("compte", "agent", "--role", role, "--territoire", code,
                     "--mot-de-passe", "un-mot-de-passe-long")  # fmt: skip
    assert not Membership.objects.filter(user__username="agent").exists()
