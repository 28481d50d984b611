"""Login and logout pages."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator

from perfml.web.accounts import proconnect
from perfml.web.accounts.forms import LoginForm


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    """The login page (the only page an anonymous visitor may open)."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True
    extra_context: ClassVar[dict[str, str]] = {"titre": "Connexion"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["proconnect"] = proconnect.is_enabled()
        context["mot_de_passe"] = settings.PERFML_CONNEXION_MOT_DE_PASSE
        return context


class LogoutView(auth_views.LogoutView):
    """Logout (POST only, with its security token); an agent signed in through ProConnect
    is then sent to ProConnect's end of session, which logs them out there too."""

    def post(self, request, *args, **kwargs):
        provider_logout = None
        if proconnect.is_enabled() and request.session.get("oidc_id_token"):
            provider_logout = proconnect.logout_url(request)
        response = super().post(request, *args, **kwargs)
        return redirect(provider_logout) if provider_logout else response


@login_not_required
def proconnect_refusal(request):
    """The page of an agent ProConnect identified but who has no access here (403)."""
    refusal = request.session.pop(proconnect.REFUSAL_KEY, None) or {}
    return render(
        request,
        "accounts/proconnect_refus.html",
        {
            "titre": "Accès non ouvert",
            "email": refusal.get("email", ""),
            "raison": refusal.get("raison", ""),
            "contact": settings.PERFML_CONTACT,
        },
        status=403,
    )
