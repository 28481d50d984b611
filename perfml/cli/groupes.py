"""`perfml groupes`: build a year's homogeneous groups, store them and write them out."""

from __future__ import annotations

from pathlib import Path

import typer

from perfml.cli.app import DEFAULT_WAREHOUSE, UserError, app, console, warn
from perfml.cli.options import csv_option
from perfml.progress import progress_console


@app.command("groupes")
def groupes(
    entrepot: Path = typer.Option(
        DEFAULT_WAREHOUSE, "--entrepot", help="Entrepôt DuckDB chargé (perfml charger)."
    ),
    annee: int = typer.Option(..., "--annee", help="Année du contexte à classer (AAAA)."),
    k: str = typer.Option(
        "20",
        "--k",
        help="Nombre de groupes (20 selon l'instruction), ou « auto » pour le choix de FactoMineR.",
    ),
    ncp: int = typer.Option(
        5, "--ncp", help="Nombre d'axes de l'ACP gardés pour la classification."
    ),
    variables: str | None = typer.Option(
        None,
        "--variables",
        help="Variables de contexte à utiliser, séparées par des virgules (défaut : toutes).",
    ),
    sortie: Path = typer.Option(
        ...,
        "--sortie",
        help="Fichier des groupes (.csv ou .xlsx) ; description et rapport écrits à côté.",
    ),
    csv: str = csv_option(),
) -> None:
    """Constituer les groupes homogènes de missions locales d'une année (HCPC de FactoMineR)."""
    from rich.table import Table

    from perfml.groups.description import format_number
    from perfml.groups.report import changed_phrase, write_outputs
    from perfml.groups.store import build_groups

    chosen_k: int | str = k.strip().lower()
    if chosen_k != "auto":
        if not str(chosen_k).isdigit():
            raise UserError(f"--k attend un nombre entier ou « auto », pas « {k} ».")
        chosen_k = int(chosen_k)
    names = [v.strip() for v in variables.split(",") if v.strip()] if variables else None
    if sortie.suffix.lower() not in {".csv", ".xlsx"}:
        raise UserError(f"--sortie doit finir par .csv ou .xlsx ({sortie}).")

    with progress_console().status("Groupes homogènes…") as status:
        result = build_groups(
            entrepot,
            annee,
            k=chosen_k,
            n_components=ncp,
            variables=names,
            report=lambda message: status.update(f"{message}…"),
        )
        status.update("Écriture des fichiers…")
        written = write_outputs(result, sortie, csv)

    for warning in result.warnings:
        warn(warning)
    table = Table(title=f"Groupes homogènes {annee} ({len(result.groups)} missions locales)")
    table.add_column("Groupe", justify="right")
    table.add_column("Effectif", justify="right")
    table.add_column("Profil")
    for group, size in result.sizes.items():
        table.add_row(str(group), str(size), result.group_labels.get(group, ""))
    console.print(table)
    if result.stability is not None:
        stability = result.stability
        console.print(
            f"Stabilité par rapport à {stability.previous_year} : indice de Rand ajusté "
            f"{format_number(stability.adjusted_rand)} ; "
            f"{changed_phrase(stability.n_changed)} de groupe."
        )
    else:
        console.print(f"Pas de groupes {annee - 1} enregistrés : pas de comparaison.")
    console.print(
        f"Groupes {annee} enregistrés dans {entrepot} (tables groupes, groupes_description, "
        "groupes_libelles, groupes_voisins)."
    )
    for path in written:
        console.print(f"Écrit : {path}")
