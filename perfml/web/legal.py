"""The pages every State site has, open without signing in: accessibility statement (RGAA),
legal notice, personal data and cookies. Their variable parts come from the settings."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render


def _page(request, template: str, titre: str):
    context = {
        "titre": titre,
        "contact": settings.PERFML_CONTACT,
        "hebergeur": settings.PERFML_HEBERGEUR,
    }
    return render(request, f"legal/{template}.html", context)


@login_not_required
def accessibility(request):
    """The accessibility statement (RGAA 4.1)."""
    return _page(request, "accessibilite", "Déclaration d'accessibilité")


@login_not_required
def legal_notice(request):
    """The legal notice: publisher, host, licence."""
    return _page(request, "mentions_legales", "Mentions légales")


@login_not_required
def personal_data(request):
    """What personal data the application keeps, why, for how long, and the user's rights."""
    return _page(request, "donnees_personnelles", "Données personnelles et cookies")
