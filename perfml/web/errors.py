"""What a user sees when something goes wrong: French pages, never a traceback."""

from __future__ import annotations

import logging

from django.shortcuts import render

from perfml.errors import UserError

logger = logging.getLogger("perfml.web")


class UserErrorMiddleware:
    """Show a `UserError` (missing warehouse, core API message…) as a French page (503)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, UserError):
            logger.warning("Erreur utilisateur : %s", exception)
            return render(
                request,
                "erreur.html",
                {"titre": "Données indisponibles", "message": str(exception)},
                status=503,
            )
        return None


def csrf_failure(request, reason: str = ""):
    """The page shown when a form comes back without its security token (403)."""
    return render(
        request,
        "erreur.html",
        {
            "titre": "Formulaire expiré",
            "message": (
                "Le formulaire n'a pas pu être vérifié (jeton de sécurité absent ou expiré). "
                "Rechargez la page et recommencez ; vérifiez que les cookies sont autorisés."
            ),
        },
        status=403,
    )
