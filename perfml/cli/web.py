"""`perfml web …`: the web application of the dialogue de gestion (Django).

`perfml web demo` creates demo accounts, `perfml web serve` starts the application on
http://127.0.0.1:8000, `perfml web preparer` computes the figures ahead of the first
request, `perfml web synchroniser` writes the validated targets into the warehouse.
"""

from __future__ import annotations

import os
from pathlib import Path

import typer

from perfml.cli.app import FrenchTyper, UserError, app, console

web_app = FrenchTyper(
    help="Application web du dialogue de gestion (comptes, pages, cibles).",
    no_args_is_help=True,
)
app.add_typer(web_app, name="web")

ENTREPOT_HELP = (
    "Entrepôt DuckDB chargé (défaut : variable PERFML_ENTREPOT, sinon var/entrepot.duckdb)."
)


def _django(entrepot: Path | None, annee: int | None = None) -> None:
    """Point the settings at the warehouse and start Django (migrations applied)."""
    if entrepot is not None:
        os.environ["PERFML_ENTREPOT"] = str(entrepot)
    if annee is not None:
        os.environ["PERFML_ANNEE"] = str(annee)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "perfml.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


@web_app.command("preparer")
def preparer(
    entrepot: Path | None = typer.Option(None, "--entrepot", help=ENTREPOT_HELP),
    annee: int | None = typer.Option(None, "--annee", help="Année des chiffres (AAAA)."),
    forcer: bool = typer.Option(False, "--forcer", help="Recalculer même si le cache est à jour."),
) -> None:
    """Calculer une fois les chiffres de l'année et dessiner toutes les boîtes à moustaches."""
    _django(entrepot, annee)
    from django.core.management import call_command

    call_command("preparer", forcer=forcer)


@web_app.command("demo")
def demo(entrepot: Path | None = typer.Option(None, "--entrepot", help=ENTREPOT_HELP)) -> None:
    """Créer un compte de démonstration par rôle et afficher identifiants et mots de passe."""
    _django(entrepot)
    from django.core.management import call_command

    call_command("demo")


@web_app.command("serve")
def serve(
    entrepot: Path | None = typer.Option(None, "--entrepot", help=ENTREPOT_HELP),
    port: int = typer.Option(8000, "--port", help="Port d'écoute (sur 127.0.0.1)."),
) -> None:
    """Démarrer l'application sur http://127.0.0.1:8000 (serveur de démonstration)."""
    # Plain HTTP on the loopback only: cookies cannot be marked « secure » here.
    os.environ.setdefault("PERFML_COOKIES_SECURISES", "0")
    _django(entrepot)
    from django.core.management import call_command

    from perfml.web.server import serve as run_server

    # The figures are computed now if needed; each ML's page is prepared at its first
    # visit (`perfml web preparer` prepares them all beforehand).
    call_command("preparer", sans_pages=True)
    console.print(f"Application : http://127.0.0.1:{port} (Ctrl-C pour arrêter).")
    run_server(port)


@web_app.command("synchroniser")
def synchroniser(
    entrepot: Path | None = typer.Option(None, "--entrepot", help=ENTREPOT_HELP),
    annee: int | None = typer.Option(None, "--annee", help="Année des cibles (défaut : toutes)."),
) -> None:
    """Écrire les cibles des campagnes validées dans l'entrepôt (table cibles_fixees)."""
    _django(entrepot)
    from django.core.management import CommandError, call_command

    try:
        call_command("synchroniser", annee=annee)
    except CommandError as error:  # the command's French message, without a trace
        raise UserError(str(error)) from None


@web_app.command(
    "gerer", context_settings={"allow_extra_args": True, "ignore_unknown_options": True}
)
def gerer(
    context: typer.Context,
    entrepot: Path | None = typer.Option(None, "--entrepot", help=ENTREPOT_HELP),
) -> None:
    """Lancer une commande d'administration Django (par exemple : compte, migrate)."""
    _django(entrepot)
    from perfml.web.manage import main

    main(["perfml web gerer", *context.args])
