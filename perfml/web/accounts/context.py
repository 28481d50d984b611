"""The template context every page gets: the user's membership and the main menu."""

from __future__ import annotations

from django.urls import reverse

from perfml.errors import UserError
from perfml.web.accounts.permissions import membership_of
from perfml.web.figures.store import current_snapshot
from perfml.web.territories import territory_label


def navigation(membership, path: str = "") -> list[dict]:
    """The main menu of a membership: label, URL and whether it is the current section."""
    role = membership.role_spec
    items = []
    if role.sees_overview:
        items.append(("Vue d'ensemble", reverse("steering:overview")))
    else:
        items.append(
            ("Ma mission locale", reverse("steering:ml", kwargs={"code_ml": membership.code_ml}))
        )
    items.append(("Dialogue de gestion", reverse("dialogue:campaigns")))
    if role.simulates_funding:
        items.append(("Simulation du financement", reverse("funding:simulation")))
    items.append(("Garantie jeunes", reverse("gj:follow_up")))
    items.append(("Téléchargements", reverse("downloads:index")))
    return [
        {"label": label, "url": url, "actif": path.startswith(url.rstrip("/") + "/")}
        for label, url in items
    ]


def membership(request) -> dict:
    """Add `membership`, its territory's label and the main menu to every template."""
    found = membership_of(getattr(request, "user", None))
    if found is None:
        return {"membership": None, "navigation": []}
    return {
        "membership": found,
        "territoire": _territory(found),
        "navigation": navigation(found, request.path),
    }


def _territory(found) -> str:
    kind = found.role_spec.territory
    if kind == "ml":
        try:
            ml = current_snapshot().ml(found.code_ml)
        except UserError:
            ml = None  # the error page itself must still render
        if ml is not None:
            return ml.nom
    return territory_label(kind, found.territory_code)
