"""The client's real address behind the configured number of proxies."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from perfml.web.accounts.client import client_ip, login_name


def request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/connexion/", **extra)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "203.0.113.5", "192.0.2.1", "203.0.113.5"),  # no proxy: the header is the client's
        (1, "10.0.0.1", "203.0.113.5", "203.0.113.5"),
        (1, "10.0.0.1", "192.0.2.1, 203.0.113.5", "203.0.113.5"),  # forged entry on the left
        (2, "10.0.0.2", "192.0.2.1, 203.0.113.5, 10.0.0.1", "203.0.113.5"),
        (2, "10.0.0.2", "203.0.113.5", "203.0.113.5"),  # fewer entries than proxies
        (1, "10.0.0.1", "pas-une-adresse", "10.0.0.1"),
        (1, "10.0.0.1", None, "10.0.0.1"),
        (1, "10.0.0.1", "2001:DB8::1", "2001:db8::1"),
    ],
)
def test_client_address_is_the_outermost_trusted_proxys_entry(
    settings, proxies, remote, forwarded, expected
):
    settings.PERFML_PROXYS = proxies
    assert client_ip(request(remote, forwarded)) == expected


def test_login_name_is_trimmed_and_lower_case():
    assert login_name(None, {"username": "  Agent.DREETS "}) == "agent.dreets"
