"""`perfml garantie-jeunes`: the year's GJ entries against targets, with alerts and quality."""

from __future__ import annotations

from pathlib import Path

import typer

from perfml.cli.app import DEFAULT_WAREHOUSE, UserError, app, console, warn
from perfml.cli.options import csv_option
from perfml.progress import progress_bar

ALERT_STYLES = {"en retard": "bold red", "en dépassement": "bold yellow", "conforme": "green"}


@app.command("garantie-jeunes")
def garantie_jeunes(
    entrepot: Path = typer.Option(
        DEFAULT_WAREHOUSE, "--entrepot", help="Entrepôt DuckDB chargé (perfml charger)."
    ),
    annee: int = typer.Option(..., "--annee", help="Année suivie (AAAA)."),
    au: str | None = typer.Option(
        None, "--au", help="Données connues à cette date (défaut : date d'extraction)."
    ),
    config: Path | None = typer.Option(
        None,
        "--config",
        help="Objectifs, projection et seuils d'alerte (TOML, voir exemples/garantie_jeunes.toml).",
    ),
    sortie: Path = typer.Option(
        ..., "--sortie", help="Classeur .xlsx ; deux fichiers CSV (régions, ML) écrits à côté."
    ),
    diffusion: str = typer.Option(
        "interne",
        "--diffusion",
        help="interne (services de l'État) ou externe (effectifs inférieurs à 5 masqués).",
    ),
    csv: str = csv_option(),
) -> None:
    """Suivre les entrées en Garantie jeunes par rapport aux objectifs et leur qualité (fiche 2)."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from perfml.contract import REGION_NAMES
    from perfml.dashboard.diffusion import DIFFUSIONS
    from perfml.dashboard.figures import parse_day
    from perfml.french import french_number, french_percent
    from perfml.gj import follow_gj, read_config, write_gj_report
    from perfml.indicators.periods import format_date
    from perfml.warehouse import connect

    if diffusion not in DIFFUSIONS:
        raise UserError(f"--diffusion vaut interne ou externe (reçu : « {diffusion} »).")
    if sortie.suffix.lower() != ".xlsx":
        raise UserError(f"--sortie doit finir par .xlsx ({sortie}).")
    settings = read_config(config)
    as_of = parse_day(au) if au else None
    con = connect(entrepot)
    with progress_bar(transient=True) as progress:
        task = progress.add_task("Garantie jeunes", total=4)

        def step(description: str) -> None:
            progress.update(task, description=description, advance=1)

        follow = follow_gj(con, annee, as_of, settings, step=step)
        progress.update(task, description="Écriture du classeur")
        written = write_gj_report(follow, sortie, diffusion, dialect=csv)
        progress.update(task, advance=1)

    table = Table(
        title=f"Entrées en Garantie jeunes {annee} au {format_date(follow.observation_day)} "
        f"({follow.complete_months} mois complets)",
        box=box.SIMPLE_HEAD,
    )
    table.add_column("Région", min_width=14, overflow="fold")
    for header in ("Objectif", "Cumul", "Projection", "Proj./obj."):
        table.add_column(header, justify="right", no_wrap=True)
    table.add_column("Alerte", no_wrap=True)
    entries = follow.entries[follow.entries["niveau"] != "ML"]
    for _, row in entries.iterrows():
        national = row["niveau"] == "NATIONAL"
        name = "France entière" if national else REGION_NAMES.get(row["code"], row["code"])
        style = ALERT_STYLES.get(row["alerte"], "")
        table.add_row(
            Text(name, style="bold") if national else name,
            french_number(row["cible"], 0),
            french_number(row["cumul"], 0),
            french_number(row["projection"], 0),
            french_percent(row["projection_cible"], 0)
            if row["projection_cible"] == row["projection_cible"]  # NaN: no target
            else "–",
            Text(row["alerte"], style=style),
            end_section=national is False and row.name == entries.index[-2],
        )
    console.print(table)
    if follow.provisional_note:
        warn(follow.provisional_note)
    if follow.coverage_note:
        warn(follow.coverage_note)
    behind = follow.entries[
        (follow.entries["niveau"] == "ML") & (follow.entries["alerte"] == "en retard")
    ]
    console.print(f"Missions locales en retard : {len(behind)} sur {len(follow.structures)}.")
    for path in written:
        console.print(f"Écrit : {path}")
