"""Login and logout pages."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator

from perfml.web.accounts.forms import LoginForm


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    """The login page (the only page an anonymous visitor may open)."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True
    extra_context: ClassVar[dict[str, str]] = {"titre": "Connexion"}


class LogoutView(auth_views.LogoutView):
    """Logout (POST only, with its security token)."""
