"""`perfml qualite`: the data-quality checks of a year, a score per ML."""

from __future__ import annotations

from pathlib import Path

import typer

from perfml.cli.app import DEFAULT_WAREHOUSE, UserError, app, console, warn
from perfml.cli.options import csv_option
from perfml.progress import progress_bar


def count_of_mls(count: int) -> str:
    """Return "aucune mission locale", "1 mission locale", "12 missions locales"."""
    if count == 0:
        return "aucune mission locale"
    return f"{count} mission locale" if count == 1 else f"{count} missions locales"


@app.command("qualite")
def qualite(
    entrepot: Path = typer.Option(
        DEFAULT_WAREHOUSE, "--entrepot", help="Entrepôt DuckDB chargé (perfml charger)."
    ),
    annee: int = typer.Option(..., "--annee", help="Année contrôlée (AAAA)."),
    sortie: Path = typer.Option(
        ..., "--sortie", help="Classeur .xlsx ; qualite_ml_<année>.csv est écrit à côté."
    ),
    au: str | None = typer.Option(
        None,
        "--au",
        help="Date d'observation des indicateurs (les valeurs de perfml indicateurs --au), "
        "comparées aux valeurs consolidées du 1er mars suivant (défaut : date d'extraction).",
    ),
    chevauchement: int = typer.Option(
        30,
        "--chevauchement",
        help="Nombre de jours au-delà duquel deux situations de même catégorie se chevauchent.",
    ),
    csv: str = csv_option(),
) -> None:
    """Contrôler la qualité des saisies : retards, incohérences, données manquantes, score."""
    from rich.table import Table

    from perfml.dashboard.figures import parse_day
    from perfml.french import french_number, french_percent
    from perfml.quality import assess_quality, write_quality_report
    from perfml.quality.score import RELIABILITY_RULES
    from perfml.reports.labels import region_label
    from perfml.warehouse import connect

    if sortie.suffix.lower() != ".xlsx":
        raise UserError(f"--sortie doit finir par .xlsx ({sortie}).")
    if chevauchement < 0:
        raise UserError("--chevauchement est un nombre de jours positif ou nul.")
    today = parse_day(au) if au else None
    con = connect(entrepot)
    with progress_bar(transient=True) as progress:
        task = progress.add_task("Qualité des données", total=5)

        def step(description: str) -> None:
            progress.update(task, description=description, advance=1)

        assessment = assess_quality(con, annee, today, chevauchement, step=step)
        progress.update(task, description="Écriture du classeur")
        written = write_quality_report(assessment, sortie, csv)
        progress.update(task, advance=1)

    levels = assessment.levels[assessment.levels["niveau"] != "ML"]
    table = Table(title=f"Qualité des données {annee} (score sur 100)")
    for header in ("Région", "Score", "Saisies tardives", "Lignes en anomalie"):
        table.add_column(header, justify="left" if header == "Région" else "right")
    for _, row in levels.iterrows():
        name = "France entière" if row["niveau"] == "NATIONAL" else region_label(row["code"])
        table.add_row(
            name,
            french_number(row["score"], 1),
            french_percent(row["part_tardives"], 1),
            french_percent(row["part_anomalies"], 2),
        )
    console.print(table)
    ml = assessment.ml
    for rule in RELIABILITY_RULES:
        reliable = int(ml[f"fiable_{rule.indicator}"].sum())
        console.print(
            f"Indicateur {rule.indicator} fiable pour le financement : "
            f"{count_of_mls(reliable)} sur {len(ml)}."
        )
    if assessment.provisional_note:
        warn(assessment.provisional_note)
    for path in written:
        console.print(f"Écrit : {path}")
