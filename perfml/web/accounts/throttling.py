"""Login throttling: too many failures for one login or one address block it for a while.

Failures are rows of `LoginFailure` (so every server process sees them); the limits are
`PERFML_CONNEXION_ECHECS_MAX` failures within `PERFML_CONNEXION_FENETRE_MINUTES`.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from perfml.web.accounts.models import LoginFailure


def client_ip(request) -> str | None:
    """The client's address as the server sees it (a proxy must set REMOTE_ADDR right)."""
    return request.META.get("REMOTE_ADDR") if request is not None else None


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=settings.PERFML_CONNEXION_FENETRE_MINUTES)


def is_blocked(username: str, ip: str | None) -> bool:
    """Whether the login or the address has failed too often within the window."""
    recent = LoginFailure.objects.filter(at__gte=_window_start())
    limit = settings.PERFML_CONNEXION_ECHECS_MAX
    if recent.filter(username=username.lower()).count() >= limit:
        return True
    return ip is not None and recent.filter(ip=ip).count() >= limit


def blocked_message() -> str:
    return (
        "Trop de tentatives de connexion ont échoué : réessayez dans "
        f"{settings.PERFML_CONNEXION_FENETRE_MINUTES} minutes."
    )


@receiver(user_login_failed)
def record_failure(sender, credentials, request=None, **kwargs) -> None:
    """Record a failed login; failures older than the window are purged."""
    LoginFailure.objects.filter(at__lt=_window_start()).delete()
    username = str(credentials.get("username", ""))[:150].lower()
    LoginFailure.objects.create(username=username, ip=client_ip(request))


@receiver(user_logged_in)
def clear_failures(sender, request, user, **kwargs) -> None:
    """A successful login forgets that login's failures."""
    LoginFailure.objects.filter(username=user.get_username().lower()).delete()
