"""Who a ProConnect agent is here: the access table, by e-mail first, else by SIRET."""

from __future__ import annotations

import html

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


def test_refusal_page_gives_the_reason_instead_of_a_missing_access(client):
    session = client.session
    reason = "La réponse de ProConnect n'a pas pu être vérifiée."
    session["perfml_proconnect_refus"] = {"email": "", "raison": reason}
    session.save()
    text = html.unescape(client.get("/proconnect/refus/").content.decode())
    assert reason in text
    assert "aucun accès à perfml n'est ouvert" not in text


def _rsa_key():
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def proconnect_backend(settings, monkeypatch):
    """The backend configured as in production, the provider's key being `provider_key`."""
    import jwt

    settings.OIDC_RP_CLIENT_ID = "perfml"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_OP_TOKEN_ENDPOINT = "http://127.0.0.1:9/token"
    settings.OIDC_OP_USER_ENDPOINT = "http://127.0.0.1:9/me"
    settings.OIDC_OP_JWKS_ENDPOINT = "http://127.0.0.1:9/jwks"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    from perfml.web.accounts.proconnect import ProConnectBackend

    provider_key = _rsa_key()
    public = jwt.PyJWK.from_dict(
        {
            **jwt.algorithms.RSAAlgorithm.to_jwk(provider_key.public_key(), as_dict=True),
            "kid": "k1",
            "alg": "RS256",
        }
    )
    monkeypatch.setattr(ProConnectBackend, "retrieve_matching_jwk", lambda self, token: public)
    return ProConnectBackend(), provider_key


def _id_token(key, nonce="n-1"):
    import jwt

    claims = {"sub": "a", "nonce": nonce, "aud": "perfml", "iss": "http://127.0.0.1:9"}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "k1"})


def test_id_token_signed_by_the_provider_is_accepted(proconnect_backend):
    backend, provider_key = proconnect_backend
    assert backend.verify_token(_id_token(provider_key), nonce="n-1")["sub"] == "a"


def test_id_token_signed_by_another_key_is_refused(proconnect_backend):
    from django.core.exceptions import SuspiciousOperation

    backend, _ = proconnect_backend
    with pytest.raises(SuspiciousOperation, match="JWS token verification failed"):
        backend.verify_token(_id_token(_rsa_key()), nonce="n-1")


def test_id_token_with_another_nonce_is_refused(proconnect_backend):
    from django.core.exceptions import SuspiciousOperation

    backend, provider_key = proconnect_backend
    with pytest.raises(SuspiciousOperation, match="Nonce"):
        backend.verify_token(_id_token(provider_key, nonce="autre"), nonce="n-1")


def _signed(key, claims, kid="k1"):
    import jwt

    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


class _Answer:
    """What `requests.get` gives back for the userinfo endpoint."""

    def __init__(self, body: str, kind: str):
        self.text = body
        self.headers = {"content-type": kind}

    def raise_for_status(self):
        return None


def _userinfo(monkeypatch, body: str, kind: str = "application/jwt; charset=utf-8"):
    from perfml.web.accounts import proconnect

    monkeypatch.setattr(proconnect.requests, "get", lambda *args, **kwargs: _Answer(body, kind))


ID_CLAIMS = {"sub": "a", "aud": "perfml", "iss": "http://127.0.0.1:9", "acr": "eidas1"}
USERINFO = {
    "sub": "a",
    "aud": "perfml",
    "iss": "http://127.0.0.1:9",
    "email": "nouvel.agent@exemple.gouv.fr",
    "given_name": "Agathe",
    "usual_name": "Essai",
    "siret": "13000766900019",
}


def test_userinfo_signed_by_the_provider_is_read(proconnect_backend, monkeypatch):
    backend, provider_key = proconnect_backend
    _userinfo(monkeypatch, _signed(provider_key, USERINFO))
    claims = backend.get_userinfo("jeton", "id", ID_CLAIMS)
    assert (claims["email"], claims["siret"]) == ("nouvel.agent@exemple.gouv.fr", "13000766900019")


def test_userinfo_signed_by_another_key_is_refused(proconnect_backend, monkeypatch):
    from django.core.exceptions import SuspiciousOperation

    backend, _ = proconnect_backend
    _userinfo(monkeypatch, _signed(_rsa_key(), USERINFO))
    with pytest.raises(SuspiciousOperation, match="JWS token verification failed"):
        backend.get_userinfo("jeton", "id", ID_CLAIMS)


def test_userinfo_as_plain_json_is_refused(proconnect_backend, monkeypatch):
    import json

    from django.core.exceptions import SuspiciousOperation

    backend, _ = proconnect_backend
    _userinfo(monkeypatch, json.dumps(USERINFO), "application/json")
    with pytest.raises(SuspiciousOperation, match="non signée"):
        backend.get_userinfo("jeton", "id", ID_CLAIMS)


def test_userinfo_about_another_agent_is_refused(proconnect_backend, monkeypatch):
    from django.core.exceptions import SuspiciousOperation

    backend, provider_key = proconnect_backend
    _userinfo(monkeypatch, _signed(provider_key, {**USERINFO, "sub": "b"}))
    with pytest.raises(SuspiciousOperation, match="autre agent"):
        backend.get_userinfo("jeton", "id", ID_CLAIMS)


def test_userinfo_for_another_client_is_refused(proconnect_backend, monkeypatch):
    from django.core.exceptions import SuspiciousOperation

    backend, provider_key = proconnect_backend
    _userinfo(monkeypatch, _signed(provider_key, {**USERINFO, "aud": "autre-service"}))
    with pytest.raises(SuspiciousOperation, match="autre client"):
        backend.get_userinfo("jeton", "id", ID_CLAIMS)


def test_id_token_for_another_client_is_refused(proconnect_backend):
    from django.core.exceptions import SuspiciousOperation

    backend, provider_key = proconnect_backend
    token = _signed(provider_key, {**ID_CLAIMS, "aud": "autre-service", "nonce": "n-1"})
    with pytest.raises(SuspiciousOperation, match="autre client"):
        backend.verify_token(token, nonce="n-1")


def test_id_token_of_another_issuer_is_refused(proconnect_backend, settings):
    from django.core.exceptions import SuspiciousOperation

    backend, provider_key = proconnect_backend
    settings.PERFML_PROCONNECT_EMETTEUR = "https://proconnect.gouv.fr/api/v2"
    token = _signed(provider_key, {**ID_CLAIMS, "nonce": "n-1"})
    with pytest.raises(SuspiciousOperation, match="autre émetteur"):
        backend.verify_token(token, nonce="n-1")


def test_agent_mapped_only_by_the_siret_of_a_signed_userinfo_gets_its_role(
    proconnect_backend, monkeypatch, settings, rf
):
    backend, provider_key = proconnect_backend
    settings.PERFML_PROCONNECT_ACR = "eidas1"
    call_command("agent", "--siret", "13000766900019", "--role", "ARML", "--territoire", "53")
    _userinfo(monkeypatch, _signed(provider_key, USERINFO))
    backend.request = rf.get("/proconnect/retour/")
    backend.request.session = {}
    user = backend.get_or_create_user("jeton", "id", ID_CLAIMS)
    assert user.username == "nouvel.agent@exemple.gouv.fr"
    assert (user.membership.role, user.membership.code_region) == ("ARML", "53")


def test_id_token_below_the_eidas_level_asked_is_refused(proconnect_backend, settings, rf):
    backend, _ = proconnect_backend
    settings.PERFML_PROCONNECT_ACR = "eidas2"
    backend.request = rf.get("/proconnect/retour/")
    backend.request.session = {}
    assert backend.get_or_create_user("jeton", "id", ID_CLAIMS) is None
    assert "« eidas2 » est demandé" in backend.request.session["perfml_proconnect_refus"]["raison"]


@pytest.mark.parametrize(
    ("acr", "requested", "sufficient"),
    [
        ("eidas1", "eidas1", True),
        ("eidas2", "eidas1", True),
        ("eidas3", "eidas2", True),
        ("eidas1", "eidas2", False),
        ("", "eidas1", False),
        ("autre", "eidas1", False),
        ("", "", True),
        ("https://proconnect.gouv.fr/assurance/self-asserted", "eidas1", False),
    ],
)
def test_eidas_level_meets_the_one_asked_or_a_weaker_one(acr, requested, sufficient):
    from perfml.web.accounts.proconnect import is_sufficient_acr

    assert is_sufficient_acr(acr, requested) is sufficient


def test_settings_ask_proconnect_for_the_eidas_level(tmp_path):
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "perfml.web.settings",
        "PERFML_VAR": str(tmp_path),
        "PERFML_PROCONNECT_CLIENT_ID": "perfml",
        **{
            f"PERFML_PROCONNECT_{name}": "http://127.0.0.1:9/x"
            for name in ("SECRET", "AUTORISATION", "JETON", "UTILISATEUR", "CLES", "DECONNEXION")
        },
    }
    code = "from perfml.web import settings as s; print(s.OIDC_AUTH_REQUEST_EXTRA_PARAMS)"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "{'acr_values': 'eidas1'}"
