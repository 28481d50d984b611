"""`preparer`: compute the year's figures and draw every box plot ahead of the requests."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from perfml.web.figures.store import prepare, save


class Command(BaseCommand):
    help = (
        "Calcule une fois les chiffres de l'année (indicateurs, distributions, propositions, "
        "suivi mensuel) et prépare la page de chaque mission locale (boîtes à moustaches "
        "comprises), pour que les pages répondent sans rien recalculer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--forcer", action="store_true", help="recalculer même si le cache est à jour"
        )
        parser.add_argument(
            "--sans-pages",
            action="store_true",
            help="ne pas préparer les pages des missions locales (préparées à la première visite)",
        )

    def handle(self, *args, forcer=False, sans_pages=False, **options):
        from perfml.progress import progress_bar
        from perfml.web.steering.fragments import render_every_ml, stored_fragments

        warehouse = Path(settings.PERFML_ENTREPOT)
        snapshot = prepare(warehouse, settings.PERFML_ANNEE, progress=True, force=forcer)
        missing = [code for code in snapshot.mls if code not in stored_fragments(snapshot)]
        if missing and not sans_pages:
            with progress_bar(counted=True) as bar:
                task = bar.add_task("Pages des missions locales", total=len(missing))
                render_every_ml(snapshot, missing, lambda: bar.advance(task))
            save(snapshot, warehouse)
        if snapshot.campaign.provisional_note:
            from perfml.cli.app import warn

            warn(snapshot.campaign.provisional_note)
        self.stdout.write(
            f"Chiffres {snapshot.year} prêts pour {len(snapshot.mls)} missions locales "
            f"({sum(code in snapshot.fragments for code in snapshot.mls)} pages préparées)."
        )
