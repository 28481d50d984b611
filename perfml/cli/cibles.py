"""`perfml cibles`: the three target proposals per ML × indicator, or import set targets."""

from __future__ import annotations

from pathlib import Path

import typer

from perfml.cli.app import DEFAULT_WAREHOUSE, UserError, app, console, warn
from perfml.cli.options import csv_option
from perfml.french import plural
from perfml.progress import progress_console

# The CSV's columns, in order: the required ones of the contract first, then helpers.
CSV_COLUMNS = (
    "code_ml",
    "indicateur",
    "valeur",
    "numerateur",
    "denominateur",
    "quartile_groupe",
    "quartile_region",
    "cible_legitime",
    "cible_raisonnable",
    "cible_atteignable",
    "nom",
    "code_region",
    "groupe",
    "libelle",
    "sens",
    "quartile_national",
    "mediane_nationale",
    "mediane_region",
    "mediane_groupe",
    "annee_valeurs",
    "annee_cibles",
    "date_valeurs",
    "reference_groupe",
    "n_reference",
    "reference_atteignable",
    "n_reference_atteignable",
    "quartile_voisins",
    "mediane_voisins",
    "ic95_bas",
    "ic95_haut",
    "a_portee_du_hasard",
    "position",
)


@app.command("cibles")
def cibles(
    entrepot: Path = typer.Option(
        DEFAULT_WAREHOUSE, "--entrepot", help="Entrepôt DuckDB chargé (perfml charger)."
    ),
    annee: int | None = typer.Option(
        None,
        "--annee",
        help="Année des valeurs (AAAA) ; les cibles proposées valent pour l'année suivante.",
    ),
    sortie: Path | None = typer.Option(
        None, "--sortie", help="Fichier CSV des propositions (une ligne par ML et indicateur)."
    ),
    importer: Path | None = typer.Option(
        None,
        "--importer",
        help="Classeur .xlsx rempli par la Direccte (perfml rapports --excel) à enregistrer "
        "dans la table cibles_fixees.",
    ),
    auteur: str | None = typer.Option(
        None, "--auteur", help="Auteur des cibles importées (défaut : l'utilisateur du système)."
    ),
    csv: str = csv_option(),
) -> None:
    """Proposer les cibles légitime, raisonnable et atteignable, ou importer les cibles fixées."""
    if importer is not None:
        if annee is not None or sortie is not None:
            raise UserError(
                "--importer s'emploie seul avec --entrepot (et --auteur) : l'année des cibles "
                "est lue dans le classeur."
            )
        _import(importer, entrepot, auteur)
        return
    if annee is None or sortie is None:
        raise UserError(
            "Indiquez --annee et --sortie pour proposer les cibles, ou --importer pour "
            "enregistrer les cibles d'un classeur rempli."
        )
    _propose(entrepot, annee, sortie, csv)


def _propose(entrepot: Path, annee: int, sortie: Path, dialect: str | None = None) -> None:
    from perfml.french import french_date
    from perfml.outputs import write_csv
    from perfml.reports.campaign import load_campaign

    if sortie.suffix.lower() != ".csv":
        raise UserError(f"--sortie doit finir par .csv ({sortie}).")
    with progress_console().status("Propositions de cibles…") as status:
        campaign = load_campaign(entrepot, annee, report=lambda m: status.update(f"{m}…"))
    from perfml.reports.labels import DIRECTION_LABELS

    frame = campaign.proposals.copy()
    frame["sens"] = frame["sens"].map(DIRECTION_LABELS)
    frame["a_portee_du_hasard"] = within_noise_text(frame)
    frame["annee_valeurs"] = campaign.year
    frame["annee_cibles"] = campaign.target_year
    frame["date_valeurs"] = campaign.as_of.isoformat() if campaign.as_of else ""
    columns = list(CSV_COLUMNS)
    if campaign.provisional_note:
        # The CSV travels alone: each row says its values come from a year not over.
        frame["statut"] = "provisoire"
        columns.append("statut")
    write_csv(frame[columns], sortie, dialect)
    if campaign.neighbours is None:
        warn(NO_NEIGHBOURS.format(annee=annee))
    if campaign.as_of_warning():
        warn(campaign.as_of_warning())
    elif campaign.as_of is not None:
        console.print(
            f"Valeurs {annee} arrêtées au {french_date(campaign.as_of)} (consolidation officielle)."
        )
    mls = frame["code_ml"].nunique()
    without = int(frame["valeur"].isna().sum())
    console.print(
        f"Cibles {campaign.target_year} proposées pour "
        f"{plural(mls, 'mission locale', 'missions locales')} × "
        f"{plural(frame['indicateur'].nunique(), 'indicateur', 'indicateurs')} "
        f"({plural(without, 'valeur non calculable', 'valeurs non calculables')})."
    )
    console.print(f"Écrit : {sortie}")


NO_NEIGHBOURS = (
    "les voisins des missions locales ne sont pas enregistrés pour {annee} (groupes "
    "construits avant leur introduction) : les propositions viennent du groupe quelle que "
    "soit sa taille. Relancez perfml groupes --annee {annee} pour les calculer."
)


def within_noise_text(frame) -> list[str]:
    """Name the proposals of each row that lie inside the ML's own 95 % interval."""
    from perfml.targets import PROPOSALS, within_noise_words

    flags = frame[[f"hasard_{p}" for p in PROPOSALS]].itertuples(index=False, name=None)
    return [within_noise_words(row) for row in flags]


def _import(classeur: Path, entrepot: Path, auteur: str | None) -> None:
    import getpass

    from perfml.reports.workbook_import import import_targets

    author = (auteur or "").strip() or getpass.getuser()
    with progress_console().status("Lecture du classeur…") as status:
        report = import_targets(classeur, entrepot, author, report=lambda m: status.update(f"{m}…"))
    console.print(
        f"{report.written} cible(s) {report.year} enregistrée(s) dans {entrepot} (table "
        f"cibles_fixees), auteur : {author}."
    )
    if report.rows_left_empty:
        console.print(f"{report.rows_left_empty} ligne(s) sans cible choisie, laissée(s) de côté.")
