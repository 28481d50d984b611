"""Login throttling: failures per login or address block further attempts for a while."""

from __future__ import annotations

import datetime as dt

import pytest

from perfml.web.accounts.models import LoginFailure
from web.conftest import make_user

pytestmark = pytest.mark.django_db


def login(client, password: str, username: str = "agent"):
    return client.post("/connexion/", {"username": username, "password": password})


def test_right_password_logs_in(client):
    make_user("agent", "DGEFP")
    assert login(client, "motdepasse-test-1").status_code == 302


def test_wrong_password_is_refused_in_french(client):
    make_user("agent", "DGEFP")
    response = login(client, "faux")
    assert "Identifiant ou mot de passe incorrect." in response.content.decode()


def test_fifth_failure_blocks_even_the_right_password(client, settings):
    settings.PERFML_CONNEXION_ECHECS_MAX = 5
    make_user("agent", "DGEFP")
    for _ in range(5):
        login(client, "faux")
    response = login(client, "motdepasse-test-1")
    assert response.status_code == 200
    assert "Trop de tentatives de connexion ont échoué" in response.content.decode()


def test_failures_from_one_address_block_other_logins(client, settings):
    settings.PERFML_CONNEXION_ECHECS_MAX = 3
    make_user("agent", "DGEFP")
    for name in ("a", "b", "c"):
        login(client, "faux", username=name)
    assert login(client, "motdepasse-test-1").status_code == 200


def test_failures_older_than_the_window_do_not_count(client, settings):
    settings.PERFML_CONNEXION_ECHECS_MAX = 2
    make_user("agent", "DGEFP")
    login(client, "faux")
    login(client, "faux")
    LoginFailure.objects.update(at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    assert login(client, "motdepasse-test-1").status_code == 302


def test_success_forgets_the_logins_failures(client):
    make_user("agent", "DGEFP")
    login(client, "faux")
    login(client, "motdepasse-test-1")
    assert not LoginFailure.objects.filter(username="agent").exists()
