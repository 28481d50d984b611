"""Django's authentication backend, loading the user's membership in the same query."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class MembershipBackend(ModelBackend):
    """Every request needs the user and its membership: one query for both.

    Passwords are checked only while password login is on (`PERFML_CONNEXION_MOT_DE_PASSE`).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        from django.conf import settings

        if not settings.PERFML_CONNEXION_MOT_DE_PASSE:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        users = get_user_model()
        try:
            user = users._default_manager.select_related("membership").get(pk=user_id)
        except users.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
