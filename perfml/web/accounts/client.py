"""Who is logging in: the client's real address behind the configured proxies, the login name.

Behind `PERFML_PROXYS` reverse proxies, `REMOTE_ADDR` is the nearest proxy's address
(the same for every agent): each proxy appends the address it received the request from
to `X-Forwarded-For`, so the client's address is the entry added by the outermost trusted
proxy, `PERFML_PROXYS` entries from the right. Entries further left were written by the
client and are never believed.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _address(text: str) -> str | None:
    """The address in `text` written canonically, or None when it is not one."""
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """Return the address of the client that sent `request` (None when unknown)."""
    if request is None:
        return None
    remote = _address(request.META.get("REMOTE_ADDR", "") or "")
    proxies = settings.PERFML_PROXYS
    if proxies == 0:
        return remote
    forwarded = [e for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if e.strip()]
    if not forwarded:
        return remote  # reached the server without passing through the proxies
    # Fewer entries than proxies: the request skipped some; the leftmost one is the
    # closest to the client that any trusted proxy wrote.
    entry = forwarded[-proxies] if len(forwarded) >= proxies else forwarded[0]
    return _address(entry) or remote


def login_name(request, credentials: dict | None) -> str:
    """The login as throttling counts it: trimmed, lower-case, at most 150 characters."""
    credentials = credentials or {}
    return str(credentials.get("username") or "").strip().lower()[:150]
