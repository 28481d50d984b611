"""`agent`: open, change or close the ProConnect access of an agent (e-mail) or organisation
(SIRET): the role and territory they get when they sign in."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from perfml.web.accounts.management.territory import role_fields
from perfml.web.accounts.models import AgentAccess
from perfml.web.accounts.roles import ROLES


class Command(BaseCommand):
    help = (
        "Ouvre, modifie ou ferme l'accès ProConnect d'un agent (adresse électronique) ou de "
        "tous les agents d'une organisation (--siret) : rôle et territoire."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", nargs="?", default="", help="adresse électronique")
        parser.add_argument("--siret", default="", help="SIRET de l'organisation (14 chiffres)")
        parser.add_argument("--role", choices=sorted(ROLES))
        parser.add_argument("--territoire", default="", help="code région, département ou ML")
        parser.add_argument("--fermer", action="store_true", help="fermer l'accès")

    def handle(self, *args, email, siret, role, territoire, fermer, **options):
        email, siret = email.strip().lower(), "".join(siret.split())
        if bool(email) == bool(siret):
            raise CommandError("Donnez soit une adresse électronique, soit --siret.")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise CommandError(f"« {email} » n'est pas une adresse électronique.") from None
        if siret and not (siret.isdigit() and len(siret) == 14):
            raise CommandError(f"« {siret} » n'est pas un SIRET (14 chiffres).")
        key = {"email": email} if email else {"siret": siret}
        who = email or f"SIRET {siret}"
        if fermer:
            deleted, _ = AgentAccess.objects.filter(**key).delete()
            self.stdout.write(
                f"Accès de {who} fermé." if deleted else f"{who} n'avait pas d'accès."
            )
            return
        if role is None:
            raise CommandError("Indiquez le rôle (--role).")
        values = role_fields(role, territoire)
        access, _ = AgentAccess.objects.update_or_create(**key, defaults=values)
        self.stdout.write(f"Accès ProConnect de {who} : {access.description()}.")
