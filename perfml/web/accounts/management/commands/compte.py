"""`compte`: create or update a user with its role and territory (administration)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from perfml.web.accounts.management.territory import role_fields
from perfml.web.accounts.models import Membership
from perfml.web.accounts.roles import ROLES


class Command(BaseCommand):
    help = "Crée ou met à jour un compte : identifiant, rôle et territoire, mot de passe."

    def add_arguments(self, parser):
        parser.add_argument("identifiant")
        parser.add_argument("--role", required=True, choices=sorted(ROLES))
        parser.add_argument("--territoire", default="", help="code région, département ou ML")
        parser.add_argument("--mot-de-passe", dest="password", required=True)
        parser.add_argument("--nom", default="", help="prénom et nom affichés")

    def handle(self, *args, identifiant, role, territoire, password, nom, **options):
        values = role_fields(role, territoire)
        users = get_user_model()
        user, created = users.objects.get_or_create(username=identifiant)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        first, _, last = nom.partition(" ")
        user.first_name, user.last_name = first, last
        user.set_password(password)
        user.save()
        membership, _ = Membership.objects.update_or_create(user=user, defaults=values)
        verb = "créé" if created else "mis à jour"
        self.stdout.write(f"Compte {identifiant} {verb} : {membership.description()}.")
