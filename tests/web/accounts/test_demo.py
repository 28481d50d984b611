"""The demo accounts: one per role, on the snapshot's busiest territories."""

from __future__ import annotations

import pytest

from perfml.web.accounts.demo import create_demo_accounts, demo_territories
from perfml.web.accounts.models import Membership

pytestmark = pytest.mark.django_db


def test_territories_are_the_busiest_region_and_departement(figures):
    assert demo_territories(figures) == {"region": "53", "departement": "35", "ml": "35001"}


def test_one_account_per_role(figures):
    create_demo_accounts(figures)
    assert sorted(Membership.objects.values_list("role", flat=True)) == sorted(
        ["DGEFP", "DREETS_UR", "DREETS_UD", "ARML", "ML"]
    )


def test_printed_password_logs_in(client, figures):
    account = create_demo_accounts(figures)[1]
    response = client.post(
        "/connexion/", {"username": account.username, "password": account.password}
    )
    assert response.status_code == 302


def test_second_call_renews_the_passwords(figures):
    first = create_demo_accounts(figures)[0].password
    assert create_demo_accounts(figures)[0].password != first
