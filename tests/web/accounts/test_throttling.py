"""Login throttling (django-axes): per login and per real client address, race-safe."""

from __future__ import annotations

import threading

import pytest
from axes.models import AccessAttempt
from django.test import Client

from perfml.web.accounts.backends import MembershipBackend
from web.conftest import make_user

LOCKED = "Trop de tentatives de connexion ont échoué"
WRONG = "Identifiant ou mot de passe incorrect."


def login(client, password: str, username: str = "agent", **headers):
    return client.post("/connexion/", {"username": username, "password": password}, **headers)


def fail_on_five_logins(client) -> None:
    """Five wrong passwords from `client`'s address, each on another login."""
    for name in ("a", "b", "c", "d", "e"):
        login(client, "faux", username=name)


@pytest.mark.django_db
def test_right_password_logs_in(client):
    make_user("agent", "DGEFP")
    assert login(client, "motdepasse-test-1").status_code == 302


@pytest.mark.django_db
def test_wrong_password_is_refused_in_french(client):
    make_user("agent", "DGEFP")
    response = login(client, "faux")
    assert WRONG in response.content.decode()


@pytest.mark.django_db
def test_fifth_failure_blocks_even_the_right_password(client):
    make_user("agent", "DGEFP")
    for _ in range(5):
        login(client, "faux")
    response = login(client, "motdepasse-test-1")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()


@pytest.mark.django_db
def test_blocked_login_stays_blocked_from_another_address():
    make_user("agent", "DGEFP")
    for _ in range(5):
        login(Client(REMOTE_ADDR="198.51.100.1"), "faux")
    response = login(Client(REMOTE_ADDR="198.51.100.2"), "motdepasse-test-1")
    assert response.status_code == 429


@pytest.mark.django_db
def test_failures_from_one_address_block_that_address_for_other_logins():
    make_user("agent", "DGEFP")
    attacker = Client(REMOTE_ADDR="198.51.100.1")
    fail_on_five_logins(attacker)
    assert login(attacker, "motdepasse-test-1").status_code == 429


@pytest.mark.django_db
def test_failures_from_one_address_do_not_block_other_accounts_elsewhere():
    make_user("agent", "DGEFP")
    fail_on_five_logins(Client(REMOTE_ADDR="198.51.100.1"))
    assert login(Client(REMOTE_ADDR="198.51.100.2"), "motdepasse-test-1").status_code == 302


@pytest.mark.django_db
def test_behind_the_proxy_one_client_does_not_lock_out_the_others(settings):
    # Every request comes from the proxy (REMOTE_ADDR); the client is in X-Forwarded-For.
    settings.PERFML_PROXYS = 1
    make_user("agent", "DGEFP")
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for name in ("a", "b", "c", "d", "e"):
        login(Client(**proxy), "faux", username=name, HTTP_X_FORWARDED_FOR="203.0.113.9")
    response = login(Client(**proxy), "motdepasse-test-1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert response.status_code == 302


@pytest.mark.django_db
def test_behind_the_proxy_a_forged_forwarded_address_does_not_escape(settings):
    # The client prepends addresses of its own: only the proxy's entry is believed.
    settings.PERFML_PROXYS = 1
    make_user("agent", "DGEFP")
    for n, name in enumerate(("a", "b", "c", "d", "e")):
        forged = f"192.0.2.{n}, 203.0.113.9"
        login(Client(REMOTE_ADDR="10.0.0.1"), "faux", username=name, HTTP_X_FORWARDED_FOR=forged)
    response = login(
        Client(REMOTE_ADDR="10.0.0.1"),
        "motdepasse-test-1",
        HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.9",
    )
    assert response.status_code == 429


@pytest.mark.django_db
def test_success_forgets_the_logins_failures(client):
    make_user("agent", "DGEFP")
    login(client, "faux")
    login(client, "motdepasse-test-1")
    assert not AccessAttempt.objects.filter(username="agent").exists()


@pytest.mark.django_db(transaction=True)
def test_simultaneous_wrong_passwords_get_only_five_checks(monkeypatch):
    make_user("agent", "DGEFP")
    checked = []
    check = MembershipBackend.authenticate

    def counting(self, request, **credentials):
        checked.append(credentials.get("username"))
        return check(self, request, **credentials)

    monkeypatch.setattr(MembershipBackend, "authenticate", counting)
    barrier = threading.Barrier(12)
    answers: list[str] = []

    def attempt():
        client = Client(REMOTE_ADDR="198.51.100.1")
        barrier.wait()
        answers.append(login(client, "faux").content.decode())

    threads = [threading.Thread(target=attempt) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(answers) == 12
    # Five passwords checked: four answered « incorrect », the fifth locks the login out.
    assert sum(WRONG in a for a in answers) == 4
    assert sum(LOCKED in a for a in answers) == 8
    assert len(checked) == 5
    assert login(Client(), "motdepasse-test-1").status_code == 429


@pytest.mark.django_db
def test_missing_login_marks_its_field_invalid_and_points_to_the_message(client):
    text = client.post("/connexion/", {"username": "", "password": "x"}).content.decode()
    assert 'aria-invalid="true" aria-describedby="id_username-desc-error"' in text
    assert '<a href="#id_username">Identifiant : Ce champ est obligatoire.</a>' in text
