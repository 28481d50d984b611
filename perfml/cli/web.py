"""`perfml web …`: the web application of the dialogue de gestion (Django).

`perfml web demo` creates demo accounts, `perfml web serve` starts the application on
http://127.0.0.1:8000 (`--production`: gunicorn; see docs/application-web.md),
`perfml web preparer` computes the figures ahead of the first request,
`perfml web synchroniser` writes the validated targets into the warehouse.
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
    port: int = typer.Option(8000, "--port", help="Port d'écoute."),
    production: bool = typer.Option(
        False,
        "--production",
        help="Serveur de production (gunicorn, plusieurs processus, fichiers statiques "
        "compressés) ; voir docs/application-web.md.",
    ),
    adresse: str = typer.Option(
        "127.0.0.1", "--adresse", help="Adresse d'écoute en production (derrière le proxy)."
    ),
    processus: int = typer.Option(
        0, "--processus", help="Processus gunicorn en production (défaut : 2 par cœur + 1)."
    ),
) -> None:
    """Démarrer l'application sur http://127.0.0.1:8000 (démonstration, ou --production)."""
    if production:
        _serve_production(entrepot, adresse, port, processus)
        return
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


def _serve_production(entrepot: Path | None, adresse: str, port: int, processus: int) -> None:
    """Prepare (migrations, static files, figures) then replace this process by gunicorn."""
    import sys

    os.environ["PERFML_PRODUCTION"] = "1"
    _django(entrepot)
    from django.conf import settings
    from django.core.management import call_command

    if settings.DEBUG:
        raise UserError("PERFML_DEBUG est activé : il doit valoir 0 en production.")
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        raise UserError(
            "En production, les tables de l'application vont dans PostgreSQL : indiquez "
            "la base avec la variable DATABASE_URL (voir docs/application-web.md)."
        )
    from perfml.web.static_files import collect_static

    if collect_static():
        console.print("Fichiers statiques rassemblés et compressés.")
    # The figures of the year (and every ML's page) are ready before the first request.
    call_command("preparer")
    workers = processus or 2 * (os.cpu_count() or 1) + 1
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "perfml.web.wsgi:application",
        f"--bind={adresse}:{port}",
        f"--workers={workers}",
        "--worker-class=gthread",
        "--threads=4",
        # Loaded once before the workers fork: each starts with the figures in memory.
        "--preload",
        "--timeout=120",
        "--graceful-timeout=30",
        "--access-logfile=-",
        "--error-logfile=-",
        # The address of the client is read by the application from X-Forwarded-For
        # (PERFML_PROXYS); gunicorn itself trusts no forwarded header.
        "--forwarded-allow-ips=",
    ]
    console.print(
        f"Application (production, {workers} processus) : http://{adresse}:{port} "
        "(Ctrl-C pour arrêter)."
    )
    sys.stdout.flush()
    os.execv(sys.executable, command)


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
