"""`demo`: create one demo account per role and print the logins and passwords."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from perfml.web.accounts.demo import create_demo_accounts
from perfml.web.accounts.roles import ROLES
from perfml.web.figures.store import current_snapshot


class Command(BaseCommand):
    help = (
        "Crée (ou réinitialise) un compte de démonstration par rôle sur les territoires de "
        "l'entrepôt chargé, et affiche identifiants et mots de passe."
    )

    def handle(self, *args, **options):
        from rich.console import Console
        from rich.table import Table

        accounts = create_demo_accounts(current_snapshot())
        table = Table(title="Comptes de démonstration (mots de passe renouvelés à chaque appel)")
        for column in ("Identifiant", "Mot de passe", "Rôle", "Territoire"):
            table.add_column(column)
        for account in accounts:
            table.add_row(
                account.username, account.password, ROLES[account.role].label, account.territory
            )
        Console().print(table)
