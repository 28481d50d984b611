"""`perfml synth`: write a synthetic extract (mini, region or national network)."""

from __future__ import annotations

from pathlib import Path

import typer

from perfml.cli.app import app, console
from perfml.errors import UserError


def _integer(value: str | None, what: str) -> int | None:
    """Read an integer option, with a French message when it is not one."""
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise UserError(f"{what} doit être un nombre entier (reçu : « {value} »).") from None


@app.command("synth")
def synth(
    echelle: str = typer.Option(
        "national",
        "--echelle",
        show_default=False,
        metavar="ÉCHELLE",
        help="mini (quelques MLs), region (trois régions) ou national (défaut : tout le réseau).",
    ),
    graine: str = typer.Option(
        "1",
        "--graine",
        metavar="N",
        show_default=False,
        help="Graine du tirage (défaut : 1) : même graine, mêmes fichiers.",
    ),
    debut: str | None = typer.Option(
        None, "--debut", metavar="AAAA", help="Première année (défaut : fin − 2)."
    ),
    fin: str | None = typer.Option(
        None, "--fin", metavar="AAAA", help="Dernière année (défaut : dernière année révolue)."
    ),
    sortie: Path | None = typer.Option(
        None,
        "--sortie",
        metavar="DOSSIER",
        help="Dossier de l'extrait (défaut : var/extrait-ÉCHELLE).",
    ),
    format_: str = typer.Option(
        "parquet",
        "--format",
        metavar="FORMAT",
        show_default=False,
        help="parquet (défaut) ou csv (UTF-8, séparateur « , », dates ISO).",
    ),
) -> None:
    """Générer un extrait synthétique au format du contrat de données.

    Une table par fichier, précédée de trois années de mise en route ; aucune donnée réelle.
    """
    from perfml.french import french_number, plural
    from perfml.synth import generate

    seed = _integer(graine, "La graine")
    if seed is None or seed < 0:
        raise UserError(f"La graine doit être un entier positif ou nul (reçu : « {graine} »).")
    out_dir = sortie if sortie is not None else Path(f"var/extrait-{echelle}")
    summary = generate(
        echelle,
        seed,
        out_dir,
        start_year=_integer(debut, "L'année de début"),
        end_year=_integer(fin, "L'année de fin"),
        progress=True,
        fmt=format_,
    )

    from rich import box
    from rich.table import Table

    titles, rows = summary.cells()
    console.print(summary.header())
    # Figures never wrap; the wording column does when the terminal is narrow.
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column(titles[0], min_width=16)
    for title in titles[1:]:
        table.add_column(title, justify="right", no_wrap=True)
    for row in rows:
        table.add_row(*row)
    console.print(table)
    console.print(
        f"{plural(sum(summary.rows.values()), 'ligne écrite', 'lignes écrites')} au format "
        f"{summary.fmt} "
        f"dans {out_dir} en {french_number(summary.seconds, 1)} s."
    )
