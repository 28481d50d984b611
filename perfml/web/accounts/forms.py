"""The login form: django-axes throttling, one attempt at a time per login and address."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from perfml.web.accounts.client import client_ip, login_name
from perfml.web.accounts.throttling import one_attempt_at_a_time
from perfml.web.forms import PerfmlForm


class LoginForm(PerfmlForm, AuthenticationForm):
    """Login and password (django-axes refuses a locked-out login or address).

    Drawn by django-dsfr's form classes (`PerfmlForm`): an error marks its field `aria-invalid` and
    points to its message with `aria-describedby`.
    """

    error_messages: ClassVar[dict[str, str]] = {
        "invalid_login": "Identifiant ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        for name, label in (("username", "Identifiant"), ("password", "Mot de passe")):
            self.fields[name].label = label
            self[name].label = label  # the bound field was made (and kept) by DsfrBaseForm

    def clean(self):
        username = login_name(self.request, self.cleaned_data)
        refusal = None
        with one_attempt_at_a_time(username, client_ip(self.request)):
            try:
                cleaned = super().clean()
            except ValidationError as error:
                # Raised outside the block: the failure django-axes recorded inside it
                # must be committed, not rolled back with the exception.
                refusal = error
        if refusal is not None:
            raise refusal
        return cleaned
