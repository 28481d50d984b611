"""`perfml tableau-de-bord`: the exhaustive dashboard of the nation, a region or an ML."""

from __future__ import annotations

from pathlib import Path

import typer

from perfml.cli.app import DEFAULT_WAREHOUSE, UserError, app, console, warn
from perfml.progress import progress_bar


@app.command("tableau-de-bord")
def tableau_de_bord(
    code: str | None = typer.Argument(
        None, help="Code de la région ou de la mission locale (après --niveau region ou ml)."
    ),
    entrepot: Path = typer.Option(
        DEFAULT_WAREHOUSE, "--entrepot", help="Entrepôt DuckDB chargé (perfml charger)."
    ),
    periode: str = typer.Option(
        ..., "--periode", help="Année (2023) ou semestre (2023-S1, 2023-S2)."
    ),
    niveau: str | None = typer.Option(
        None,
        "--niveau",
        help="national, region CODE ou ml CODE (par exemple : --niveau region 84).",
    ),
    sortie: Path = typer.Option(
        ...,
        "--sortie",
        help="Fichier .xlsx ; avec --tout, le dossier où écrire un fichier par niveau.",
    ),
    tout: bool = typer.Option(
        False, "--tout", help="Produire le tableau national et celui de chaque région."
    ),
    au: str | None = typer.Option(
        None,
        "--au",
        help="Données connues à cette date (défaut : date de consolidation de l'instruction, "
        "1er septembre pour un 1er semestre, 1er mars suivant pour une année).",
    ),
    diffusion: str = typer.Option(
        "interne",
        "--diffusion",
        help="interne (services de l'État) ou externe (effectifs inférieurs à 5 masqués).",
    ),
) -> None:
    """Produire le tableau de bord exhaustif (activité, contexte, 10 indicateurs, évolution)."""

    from perfml.dashboard import (
        compute_figures,
        parse_level,
        parse_period,
        write_dashboard,
        write_every_dashboard,
    )
    from perfml.dashboard.diffusion import DIFFUSIONS
    from perfml.dashboard.figures import parse_day, period_of, period_with_article
    from perfml.indicators.periods import format_date
    from perfml.warehouse import connect

    period = parse_period(periode)
    as_of = parse_day(au) if au else None
    if diffusion not in DIFFUSIONS:
        raise UserError(f"--diffusion vaut interne ou externe (reçu : « {diffusion} »).")
    if tout and niveau:
        raise UserError("--tout produit tous les niveaux : n'indiquez pas --niveau en plus.")
    if not tout and not niveau:
        raise UserError("Indiquez --niveau (national, region CODE ou ml CODE) ou --tout.")
    level = None if tout else parse_level(niveau, code)
    if tout and sortie.suffix.lower() == ".xlsx":
        raise UserError("Avec --tout, --sortie est un dossier (un fichier par niveau y est écrit).")
    con = connect(entrepot)
    with progress_bar(transient=True) as progress:
        task = progress.add_task("Tableau de bord", total=5 + (1 if not tout else 0))

        def step(description: str) -> None:
            progress.update(task, description=description, advance=1)

        figures = compute_figures(con, period, as_of, step=step)
        if tout:
            regions = len(set(figures.structures["code_region"]))
            progress.update(task, total=5 + regions + 1)
            written = write_every_dashboard(figures, sortie, diffusion, step=step)
        else:
            progress.update(task, description="Écriture du classeur")
            written = [write_dashboard(figures, level, sortie, diffusion)]
            step("Écrit")
    console.print(
        f"Tableau de bord {period_of(period)}, données connues au "
        f"{format_date(figures.as_of)} ; comparaison avec {period_with_article(figures.previous)}."
    )
    if figures.provisional_note:
        warn(figures.provisional_note)
    elif not figures.reaches_as_of:
        warn(
            f"l'extrait s'arrête au {format_date(figures.extract_date)}, "
            "avant cette date : les chiffres ne sont pas consolidés."
        )
    for path in written:
        console.print(f"Écrit : {path}")
