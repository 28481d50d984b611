"""Agents sign in through ProConnect (OpenID Connect), as the State's applications do.

mozilla-django-oidc runs the authorisation code flow (PKCE, `state` and `nonce` checked,
ID token signature verified against the provider's keys); this module decides who the
agent is here: the e-mail address (or the organisation's SIRET) given by the provider
is looked up in the `AgentAccess` table, which gives the role and territory. An agent
found nowhere is refused and sees whom to ask. The table is read at every login: a
change of role or a removal applies at the agent's next login.
"""

from __future__ import annotations

import urllib.parse

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from perfml.web.accounts.models import AgentAccess, Membership

REFUSAL_KEY = "perfml_proconnect_refus"


def is_enabled() -> bool:
    """Whether ProConnect login is configured (its client and endpoints are set)."""
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


def access_for(email: str, siret: str) -> AgentAccess | None:
    """The access of an agent: by e-mail first, else by the organisation's SIRET."""
    email = email.strip().lower()
    if email:
        found = AgentAccess.objects.filter(email__iexact=email).first()
        if found is not None:
            return found
    siret = "".join(siret.split())
    if siret:
        return AgentAccess.objects.filter(siret=siret).first()
    return None


class ProConnectBackend(OIDCAuthenticationBackend):
    """Authenticate an agent from the provider's claims and the `AgentAccess` table."""

    def verify_claims(self, claims) -> bool:
        return bool(claims.get("email")) and bool(claims.get("sub"))

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            self._refuse("", "Le fournisseur d'identité n'a pas donné d'adresse électronique.")
            return None
        email = str(claims["email"]).strip().lower()
        access = access_for(email, str(claims.get("siret") or ""))
        if access is None:
            self._refuse(email, "")
            return None
        users = get_user_model()
        with transaction.atomic():
            user, _ = users.objects.get_or_create(username=email[:150])
            user.email = email
            user.first_name = str(claims.get("given_name") or "")[:150]
            user.last_name = str(claims.get("usual_name") or claims.get("family_name") or "")[:150]
            user.set_unusable_password()
            user.save()
            Membership.objects.update_or_create(user=user, defaults=access.territory())
        return user

    def _refuse(self, email: str, reason: str) -> None:
        if self.request is not None:
            self.request.session[REFUSAL_KEY] = {"email": email, "raison": reason}


def logout_url(request) -> str:
    """The provider's end-of-session address, so that logging out here logs out there too."""
    query = {
        "id_token_hint": request.session.get("oidc_id_token", ""),
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("accounts:login")),
    }
    return f"{settings.PERFML_PROCONNECT_DECONNEXION}?{urllib.parse.urlencode(query)}"
