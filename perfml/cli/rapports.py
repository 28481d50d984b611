"""`perfml rapports`: one A4 PDF of box plots per ML, and the campaign's Excel workbooks."""

from __future__ import annotations

from pathlib import Path

import typer

from perfml.cli.app import DEFAULT_WAREHOUSE, UserError, app, console, warn
from perfml.french import plural
from perfml.progress import progress_bar, progress_console


@app.command("rapports")
def rapports(
    entrepot: Path = typer.Option(
        DEFAULT_WAREHOUSE, "--entrepot", help="Entrepôt DuckDB chargé (perfml charger)."
    ),
    annee: int = typer.Option(..., "--annee", help="Année des valeurs (AAAA)."),
    ml: str | None = typer.Option(None, "--ml", help="Une seule mission locale (code_ml)."),
    region: str | None = typer.Option(
        None, "--region", help="Les missions locales d'une région (code INSEE, par ex. 84)."
    ),
    sortie: Path = typer.Option(..., "--sortie", help="Dossier où écrire les rapports."),
    excel: bool = typer.Option(
        False,
        "--excel",
        help="Écrire aussi les classeurs Excel de fixation des cibles (un par région et un "
        "national).",
    ),
) -> None:
    """Écrire le rapport « boîtes à moustaches » (PDF A4) de chaque mission locale.

    Écrit aussi les entonnoirs nationaux des taux (indicateurs 1 à 8), avec les missions
    locales de la région (--region) ou la mission locale (--ml) en rouge.
    """
    from perfml.cli.cibles import NO_NEIGHBOURS
    from perfml.reports.campaign import load_campaign
    from perfml.reports.funnels import funnel_path, region_subtitle, write_funnel_pdf
    from perfml.reports.pdf import write_reports
    from perfml.reports.workbook import write_workbooks

    if ml is not None and region is not None:
        raise UserError("Choisissez --ml ou --region, pas les deux.")
    if sortie.exists() and not sortie.is_dir():
        raise UserError(f"--sortie doit être un dossier ({sortie} est un fichier).")
    with progress_console().status("Préparation des rapports…") as status:
        campaign = load_campaign(entrepot, annee, report=lambda m: status.update(f"{m}…"))
    codes = campaign.codes(code_ml=ml, code_region=region)
    if campaign.neighbours is None:
        warn(NO_NEIGHBOURS.format(annee=annee))
    if campaign.as_of_warning():
        warn(campaign.as_of_warning())
    with progress_bar(counted=True) as progress:
        task = progress.add_task("Rapports PDF", total=len(codes))
        paths = write_reports(campaign, sortie, codes, advance=lambda: progress.advance(task))
    written = plural(len(paths), "rapport PDF écrit", "rapports PDF écrits")
    console.print(f"{written} dans {sortie}.")
    with progress_console().status("Entonnoirs nationaux…"):
        if ml is not None:
            funnels = write_funnel_pdf(
                campaign,
                sortie / f"entonnoirs_{annee}_{ml}.pdf",
                [ml],
                f"En rouge : la mission locale {ml}.",
            )
        elif region is not None:
            funnels = write_funnel_pdf(
                campaign, funnel_path(sortie, annee, region), codes, region_subtitle(region)
            )
        else:
            funnels = write_funnel_pdf(campaign, funnel_path(sortie, annee))
    console.print(f"Écrit : {funnels}")
    if excel:
        # One ML: the workbook of its region, where its targets are set.
        if ml is not None:
            region = str(campaign.membership.set_index("code_ml").loc[ml, "code_region"])
        with progress_console().status("Classeurs Excel…"):
            books = write_workbooks(campaign, sortie, region)
        for book in books:
            console.print(f"Écrit : {book}")
