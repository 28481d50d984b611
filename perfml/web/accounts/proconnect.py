"""Agents sign in through ProConnect (OpenID Connect), as the State's applications do.

mozilla-django-oidc runs the authorisation code flow (PKCE, `state` and `nonce` checked,
ID token signature verified against the provider's keys). ProConnect's own rules are
added here, as les-emplois applies them: the authorisation request asks for an eIDAS
level (`acr_values`, « eidas1 » by default) and the ID token must carry a sufficient one;
the userinfo answer is a JWT signed by the provider (`application/jwt`), checked against
the same keys, addressed to this client, from the same issuer and about the same `sub`
as the ID token; every token's audience and issuer are checked.

This module then decides who the agent is here: the e-mail address, or else the SIRET
of the agent's organisation (claim `siret`), is looked up in the `AgentAccess` table,
which gives the role and territory. An agent found nowhere is refused and sees whom to
ask. The table is read at every login: a change of role or a removal applies at the
agent's next login.
"""

from __future__ import annotations

import urllib.parse

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from perfml.web.accounts.models import AgentAccess, Membership

REFUSAL_KEY = "perfml_proconnect_refus"
# ProConnect's eIDAS levels, weakest first: a stronger level than the one asked satisfies.
EIDAS_LEVELS = ("eidas1", "eidas2", "eidas3")


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


def is_sufficient_acr(acr: str, requested: str) -> bool:
    """Whether the authentication level `acr` of an ID token meets the `acr_values` asked.

    A level asked is met by itself; an eIDAS level also by a stronger one.
    """
    asked = requested.split()
    if not asked:
        return True
    if acr in asked:
        return True
    levels = [EIDAS_LEVELS.index(level) for level in asked if level in EIDAS_LEVELS]
    return acr in EIDAS_LEVELS and bool(levels) and EIDAS_LEVELS.index(acr) >= min(levels)


class ProConnectBackend(OIDCAuthenticationBackend):
    """Authenticate an agent from the provider's claims and the `AgentAccess` table."""

    def verify_token(self, token, **kwargs):
        """Check a token's signature (and nonce), then its audience and issuer.

        Used for the ID token and for the signed userinfo answer alike.
        """
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("Jeton ProConnect destiné à un autre client.")
        issuer = getattr(settings, "PERFML_PROCONNECT_EMETTEUR", "")
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("Jeton ProConnect d'un autre émetteur.")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        """The agent's claims: ProConnect's userinfo answer, a JWT signed by its keys."""
        response = requests.get(
            self.OIDC_OP_USER_ENDPOINT,
            headers={"Authorization": f"Bearer {access_token}"},
            verify=self.get_settings("OIDC_VERIFY_SSL", True),
            timeout=self.get_settings("OIDC_TIMEOUT", None),
            proxies=self.get_settings("OIDC_PROXY", None),
        )
        response.raise_for_status()
        kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/jwt":
            # A plain JSON answer could not be checked against the provider's keys.
            raise SuspiciousOperation(
                f"Réponse userinfo de ProConnect non signée ({kind or 'sans type'})."
            )
        claims = self.verify_token(response.text.strip())
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("Réponse userinfo d'un autre agent que le jeton.")
        if claims.get("iss", payload.get("iss")) != payload.get("iss"):
            raise SuspiciousOperation("Réponse userinfo d'un autre émetteur que le jeton.")
        return claims

    def verify_claims(self, claims) -> bool:
        return bool(claims.get("email")) and bool(claims.get("sub"))

    def get_or_create_user(self, access_token, id_token, payload):
        requested = getattr(settings, "PERFML_PROCONNECT_ACR", "")
        acr = str(payload.get("acr") or "")
        if not is_sufficient_acr(acr, requested):
            self._refuse(
                "",
                f"Le niveau d'authentification donné par ProConnect (« {acr or 'aucun'} ») "
                f"est insuffisant : « {requested} » est demandé.",
            )
            return None
        try:
            claims = self.get_userinfo(access_token, id_token, payload)
        except SuspiciousOperation:
            self._refuse("", "La réponse de ProConnect n'a pas pu être vérifiée.")
            raise
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
