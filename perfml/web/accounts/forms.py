"""The login form, with login throttling (the page draws it in the design system's style)."""

from __future__ import annotations

from typing import ClassVar

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from perfml.web.accounts.throttling import blocked_message, client_ip, is_blocked


class LoginForm(AuthenticationForm):
    """Login and password; refused while the login or the address is blocked."""

    error_messages: ClassVar[dict[str, str]] = {
        "invalid_login": "Identifiant ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Identifiant"
        self.fields["password"].label = "Mot de passe"

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if is_blocked(username, client_ip(self.request)):
            raise forms.ValidationError(blocked_message(), code="blocked")
        return super().clean()
