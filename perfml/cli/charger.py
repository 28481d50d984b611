"""`perfml charger`: load an extract (or the i-milo referential) into the warehouse."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from perfml.cli.app import DEFAULT_WAREHOUSE, UserError, app, console, say
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
    seuil_rejets: str = typer.Option(
        "5",
        "--seuil-rejets",
        metavar="POURCENT",
        help="Part maximale de lignes rejetées par table, en % : au-delà, le chargement est "
        "refusé et l'entrepôt précédent gardé.",
    ),
    forcer: bool = typer.Option(
        False,
        "--forcer",
        help="Charger malgré une table vidée, une colonne obligatoire absente ou un seuil de "
        "rejets dépassé ; le rapport dit exactement ce qui est perdu.",
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
        rejects_threshold=_parse_share(seuil_rejets),
        force=forcer,
        rejects_dialect=csv,
    )
    console.print(report.to_rich())
    for line in report.conclusion():
        console.print(line)
    if report.rejected:
        count = french_count(report.rejected)
        lines = "1 ligne rejetée" if report.rejected == 1 else f"{count} lignes rejetées"
        say(f"{lines} : le rapport {report_path} dit lesquelles et pourquoi.", style="yellow")


def _parse_share(text: str) -> float:
    """`--seuil-rejets` in percent (« 5 », « 2,5 », « 10 % ») as a share between 0 and 1."""
    from perfml.french import parse_french_number

    try:
        value = float(parse_french_number(text, "%"))
    except ValueError:
        value = -1.0
    if not 0 <= value <= 100:
        raise UserError(
            f"--seuil-rejets attend un pourcentage entre 0 et 100 (par exemple 5), pas « {text} »."
        )
    return value / 100


def _parse_date(text: str) -> dt.date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise UserError(
        f"--date-extraction attend une date AAAA-MM-JJ (par exemple 2025-02-28), pas « {text} »."
    )
