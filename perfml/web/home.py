"""The home page: each role lands on its main page."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse

from perfml.web.accounts.permissions import membership_of


def home(request):
    """Send the user to its territory's overview, or an ML director to its ML's page."""
    membership = membership_of(request.user)
    if membership is None:
        return render(
            request,
            "erreur.html",
            {
                "titre": "Compte sans rattachement",
                "message": (
                    "Votre compte n'est rattaché à aucun territoire : demandez à "
                    "l'administrateur de l'application de vous attribuer un rôle."
                ),
            },
        )
    if membership.role_spec.sees_overview:
        return redirect(reverse("steering:overview"))
    return redirect(reverse("steering:ml", kwargs={"code_ml": membership.code_ml}))
