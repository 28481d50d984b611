"""`synchroniser`: write the targets of validated campaigns into the warehouse."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from perfml.errors import UserError
from perfml.web.dialogue.sync import synchronise


class Command(BaseCommand):
    help = (
        "Écrit les cibles des campagnes validées ou verrouillées dans la table cibles_fixees "
        "de l'entrepôt (lue par perfml allocation), puis prépare les chiffres de cette "
        "nouvelle version de l'entrepôt."
    )

    def add_arguments(self, parser):
        parser.add_argument("--annee", type=int, help="année des cibles (par défaut : toutes)")

    def handle(self, *args, annee=None, **options):
        warehouse = Path(settings.PERFML_ENTREPOT)
        try:
            written = synchronise(warehouse, annee)
        except UserError as error:  # a French message, not a trace (perfml web gerer …)
            raise CommandError(str(error)) from None
        if not written:
            self.stdout.write("Aucune cible validée à écrire : l'entrepôt n'est pas modifié.")
            return
        plural = "s" if written > 1 else ""
        self.stdout.write(
            f"{written} cible{plural} écrite{plural} dans {warehouse} (table cibles_fixees)."
        )
        # Writing made a new version of the warehouse: its figures are prepared now
        # rather than by the first request that follows.
        call_command("preparer")
