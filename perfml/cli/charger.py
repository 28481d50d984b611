"""`perfml charger`: load an extract (or the i-milo referential) into the warehouse."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from perfml.cli.app import DEFAULT_WAREHOUSE, UserError, app, console
from perfml.cli.options import csv_option


@app.command("charger")
def charger(
    donnees: Path | None = typer.Option(
        None,
        "--donnees",
        help="Dossier de l'extrait : un fichier <table>.csv ou <table>.parquet par table "
        "(structures.json accepté pour le référentiel i-milo).",
    ),
    entrepot: Path = typer.Option(
        DEFAULT_WAREHOUSE, "--entrepot", help="Entrepôt DuckDB à écrire (remplacé d'un bloc)."
    ),
    date_extraction: str | None = typer.Option(
        None,
        "--date-extraction",
        help="Date d'extraction AAAA-MM-JJ (défaut : la date de saisie la plus récente de "
        "l'extrait) ; les dates postérieures sont rejetées.",
    ),
    rapport_rejets: Path | None = typer.Option(
        None,
        "--rapport-rejets",
        help="Rapport CSV des lignes rejetées (défaut : <entrepôt>-rejets.csv à côté de "
        "l'entrepôt).",
    ),
    structures: Path | None = typer.Option(
        None,
        "--structures",
        help="Référentiel national des structures i-milo (JSON) comme table structures ; "
        "seul, il ne charge que cette table.",
    ),
    csv: str = csv_option(),
) -> None:
    """Charger un extrait dans l'entrepôt : contrôle de chaque règle du contrat, rejets
    expliqués, écriture tout-ou-rien."""
    from perfml.french import french_count
    from perfml.loading import load_extract

    if donnees is None and structures is None:
        raise UserError(
            "Indiquez le dossier de l'extrait (--donnees DOSSIER) ou le référentiel des "
            "structures (--structures FICHIER.json)."
        )
    extract_date = _parse_date(date_extraction) if date_extraction else None
    report_path = rapport_rejets or entrepot.with_name(f"{entrepot.stem}-rejets.csv")
    report = load_extract(
        donnees,
        entrepot,
        extract_date=extract_date,
        progress=True,
        structures=structures,
        rejects_report=report_path,
        rejects_dialect=csv,
    )
    console.print(report.to_rich())
    for line in report.conclusion():
        console.print(line, highlight=False, markup=False)
    if report.rejected:
        count = french_count(report.rejected)
        lines = "1 ligne rejetée" if report.rejected == 1 else f"{count} lignes rejetées"
        console.print(
            f"[yellow]{lines} : le rapport {report_path} dit lesquelles et pourquoi.[/]",
            highlight=False,
        )


def _parse_date(text: str) -> dt.date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise UserError(
        f"--date-extraction attend une date AAAA-MM-JJ (par exemple 2025-02-28), pas « {text} »."
    )
