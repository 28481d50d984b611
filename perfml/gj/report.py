"""The Garantie jeunes follow-up workbook (XLSX) and its CSV files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from perfml import __version__, outputs
from perfml.dashboard.diffusion import limited_note
from perfml.dashboard.sheets import MASKING_NOTE
from perfml.dashboard.workbook import (
    Column,
    Formats,
    write_cover,
    write_table,
)
from perfml.disclosure.levels import Marks, mask_counts, mask_derived
from perfml.disclosure.rules import default_rules
from perfml.disclosure.suppression import Masking
from perfml.french import MONTH_NAMES
from perfml.gj.config import PROJECTION_METHODS
from perfml.gj.criteria import CRITERIA
from perfml.gj.diffusion import COUNTED, DERIVED, ENTRY_COUNTS, gj_masks
from perfml.gj.entries import MONTH_COLUMNS
from perfml.gj.followup import GJFollowUp
from perfml.indicators.periods import format_date
from perfml.outputs import with_year
from perfml.reports.labels import region_label

TITLE = "Suivi de la Garantie jeunes"


def _month_label(column: str, follow: GJFollowUp) -> str:
    month = int(column[1:])
    label = MONTH_NAMES[month - 1]
    day = follow.observation_day
    if day.year == follow.year and month == day.month and month > follow.complete_months:
        return f"{label} (en cours)"
    return label


def _labelled(follow: GJFollowUp, niveau: str) -> pd.DataFrame:
    frame = follow.level(niveau).copy()
    names = follow.structures.set_index("code_ml")
    if niveau == "ML":
        frame["libelle"] = [f"{names.loc[c, 'nom']} ({c})" for c in frame["code"]]
        frame["code_region"] = [names.loc[c, "code_region"] for c in frame["code"]]
    elif niveau == "REGION":
        frame["libelle"] = [region_label(c) for c in frame["code"]]
        frame["code_region"] = frame["code"]
    else:
        frame["libelle"] = "France entière"
        frame["code_region"] = ""
    counsellor = frame["jeunes_par_conseiller_val"]
    norm = follow.config.youths_per_counsellor_max
    frame["conseiller_alerte"] = [
        f"au-dessus de {norm:g}" if value > norm else "" for value in counsellor.fillna(0)
    ]
    return frame


def _mask(frame: pd.DataFrame, marks: Marks) -> pd.DataFrame:
    """Show the masks decided for the whole follow-up (`perfml.gj.diffusion`) in `frame`."""
    entities = list(zip(frame["niveau"], frame["code"], strict=True))
    frame = mask_counts(frame, entities, [*ENTRY_COUNTS, *COUNTED], marks, default_rules())
    for column, parts in DERIVED.items():
        frame = mask_derived(frame, column, parts)
    return frame


def region_table(follow: GJFollowUp, masks: Masking | None = None) -> pd.DataFrame:
    """Return the regions and the nation (last row), with `masks` when the file leaves the
    State (those of the whole follow-up, `gj_masks`; None: internal, all shown)."""
    frame = pd.concat([_labelled(follow, "REGION"), _labelled(follow, "NATIONAL")])
    frame = frame.reset_index(drop=True)
    if masks is not None:
        frame = _mask(frame, masks.marks)
    return frame


def ml_table(follow: GJFollowUp, masks: Masking | None = None) -> pd.DataFrame:
    """Return the MLs region by region, each region followed by its total row (with `masks`
    when the file leaves the State, as `region_table`)."""
    mls, regions = _labelled(follow, "ML"), _labelled(follow, "REGION")
    blocks = []
    for code in sorted(regions["code"]):
        block = pd.concat(
            [mls[mls["code_region"] == code].sort_values("code"), regions[regions["code"] == code]]
        )
        blocks.append(block)
    frame = pd.concat(blocks, ignore_index=True)
    if masks is not None:
        frame = _mask(frame, masks.marks)
    return frame


REGION_HEADER = "Région ou France"
ML_HEADER = "Mission locale ou région"


def code_columns(header: str = "Mission locale, région ou France") -> list[Column]:
    """Return the two first columns: the code and the name under `header`."""
    return [Column("code", "Code", "text", width=8), Column("libelle", header, "text", width=46)]


def entries_columns(
    follow: GJFollowUp, with_months: bool, header: str = "Mission locale, région ou France"
) -> list[Column]:
    """Return the columns of the entries follow-up."""
    section = f"Entrées en Garantie jeunes {follow.year}"
    columns = code_columns(header)
    columns.append(Column("cible", "Objectif annuel", "int", "", section, 11))
    if with_months:
        columns += [
            Column(c, _month_label(c, follow), "int", "Entrées du mois", section, 10)
            for c in MONTH_COLUMNS
        ]
    columns += [
        Column("cumul", f"Cumul au {format_date(follow.observation_day)}", "int", "", section, 12),
        Column("realisation", "Réalisation de l'objectif", "pct", "", section, 12),
        Column("mois_complets", "Mois complets observés", "int", "", section, 10),
        Column("cumul_mois_complets", "Cumul des mois complets", "int", "", section, 12),
        Column("projection", "Projection fin d'année", "int", "", section, 12),
        Column("projection_cible", "Projection / objectif", "pct", "", section, 12),
        Column("alerte", "Alerte", "text", "", section, 16),
    ]
    return columns


def criteria_columns(header: str = "Mission locale, région ou France") -> list[Column]:
    """Return the columns of the quality criteria (numerator, denominator, value)."""
    columns = code_columns(header)
    for criterion in CRITERIA:
        value_format = {"%": "pct", "jeunes/ETP": "dec1", "semaines": "dec1"}[criterion.unit]
        num_format = "int"
        den_format = "dec1" if criterion.key == "jeunes_par_conseiller" else "int"
        if criterion.key == "duree_collective":
            num_format = "int"
        num_header = "Jours" if criterion.key == "duree_collective" else "Numérateur"
        columns += [
            Column(f"{criterion.key}_num", num_header, num_format, criterion.label, "", 11),
            Column(f"{criterion.key}_den", "Dénominateur", den_format, criterion.label, "", 11),
            Column(
                f"{criterion.key}_val",
                f"Valeur ({criterion.unit})",
                value_format,
                criterion.label,
                "",
                11,
            ),
        ]
        if criterion.key == "jeunes_par_conseiller":
            columns.append(Column("conseiller_alerte", "Norme", "text", criterion.label, "", 14))
    return columns


def cover_facts(follow: GJFollowUp, external: bool) -> list[tuple[str, str]]:
    """Return the label/value lines of the cover sheet."""
    extract = format_date(follow.extract_date) if follow.extract_date else "non renseignée"
    return [
        ("Année suivie", str(follow.year)),
        ("Données connues au", format_date(follow.as_of)),
        ("Jour d'observation T", format_date(follow.observation_day)),
        ("Mois complets observés", str(follow.complete_months)),
        ("Date d'extraction", extract),
        *follow.config.describe(),
        ("Périmètre de l'objectif", follow.coverage_note or "tout le réseau"),
        (
            "Diffusion",
            MASKING_NOTE if external else "Interne aux services de l'État : aucune valeur masquée.",
        ),
        ("Produit le", f"{format_date(dt.date.today())} par perfml {__version__}"),
    ]


DEFINITIONS = [
    "Entrées : phases Garantie jeunes dont la date d'entrée est dans le mois, connues à la date "
    "de calcul, comptées pour la mission locale qui les porte ; une région et la France sont "
    "la somme de leurs missions locales.",
    "Mois complets : mois de l'année terminés au jour T ; le mois en cours est affiché mais "
    "n'entre pas dans la projection.",
    "Projection : "
    + PROJECTION_METHODS["lineaire"]
    + " (méthode « lineaire ») ou "
    + PROJECTION_METHODS["saisonnalite"]
    + " (méthode « saisonnalite »). Avec 12 mois complets, "
    "la projection est le total de l'année.",
    "Objectif : l'objectif national (100 000 entrées par défaut, fiche 2 de l'instruction) réparti "
    "entre les régions puis entre les missions locales en entrées entières qui s'additionnent "
    "exactement (plus forts restes).",
    "Critères de qualité (fiche 2) : part des mineurs, des jeunes ayant une RQTH et des jeunes "
    "femmes parmi les entrées de l'année ; jeunes en Garantie jeunes le jour T par ETP de "
    "conseiller dédié (norme : 50 au plus) ; phase collective d'au moins 4 semaines parmi les "
    "entrées dont les 6 premières semaines sont écoulées ; première immersion, emploi ou "
    "alternance dans les 3 mois suivant l'entrée ; sorties en emploi ou alternance à 12 ou "
    "18 mois (indicateur 6). Une région et la France : rapport des numérateurs et "
    "dénominateurs sommés. Le détail est dans docs/tableau-de-bord.md.",
]


def write_gj_report(
    follow: GJFollowUp, path: Path, diffusion: str = "interne", dialect: str | None = None
) -> list[Path]:
    """Write the follow-up workbook to `path` and its two CSV files beside it (in the CSV
    `dialect`, French Excel by default; their names carry the year); return them."""
    external = diffusion == "externe"
    path = Path(path)
    masks = gj_masks(follow) if external else None
    regions, mls = region_table(follow, masks), ml_table(follow, masks)
    notes = [
        f"Année {follow.year}, données connues au {format_date(follow.as_of)}, "
        f"{follow.complete_months} mois complets observés."
    ]
    if follow.provisional_note:
        notes.append(follow.provisional_note)
    if follow.coverage_note:
        notes.append(follow.coverage_note)
    if external:
        notes += [MASKING_NOTE, *limited_note(len(masks.limited))]
    workbook = outputs.open_workbook(path)
    formats = Formats(workbook)
    write_cover(
        workbook,
        formats,
        "Présentation",
        f"{TITLE} — {follow.year}",
        cover_facts(follow, external),
        [follow.provisional_note] if follow.provisional_note else [],
        paragraphs=DEFINITIONS,
    )
    total = [len(regions) - 1]
    write_table(
        workbook,
        formats,
        "Régions",
        regions,
        entries_columns(follow, False, REGION_HEADER),
        f"Entrées en Garantie jeunes par région — {follow.year}",
        notes,
        2,
        total,
    )
    write_table(
        workbook,
        formats,
        "Mensuel régions",
        regions,
        entries_columns(follow, True, REGION_HEADER),
        f"Entrées mensuelles par région — {follow.year}",
        notes,
        2,
        total,
    )
    subtotals = [i for i, n in enumerate(mls["niveau"]) if n == "REGION"]
    write_table(
        workbook,
        formats,
        "Missions locales",
        mls,
        entries_columns(follow, True, ML_HEADER),
        f"Entrées mensuelles par mission locale — {follow.year}",
        notes,
        2,
        subtotals,
    )
    write_table(
        workbook,
        formats,
        "Qualité régions",
        regions,
        criteria_columns(REGION_HEADER),
        f"Critères de qualité par région — {follow.year}",
        notes,
        2,
        total,
    )
    write_table(
        workbook,
        formats,
        "Qualité ML",
        mls,
        criteria_columns(ML_HEADER),
        f"Critères de qualité par mission locale — {follow.year}",
        notes,
        2,
        subtotals,
    )
    outputs.close_workbook(workbook, path)
    csv_columns = ["niveau", "code", "libelle", *[c.key for c in entries_columns(follow, True)[2:]]]
    csv_columns += [c.key for c in criteria_columns()[2:]]
    months = {c: f"entrees_{MONTH_NAMES[int(c[1:]) - 1]}" for c in MONTH_COLUMNS}
    if follow.provisional_note:
        # The CSV files travel without the workbook: each row says its year is not over.
        regions, mls = regions.assign(statut="provisoire"), mls.assign(statut="provisoire")
        csv_columns.append("statut")
    region_csv = outputs.write_csv(
        regions[csv_columns].rename(columns=months),
        path.with_name(with_year(f"{path.stem}_regions.csv", follow.year)),
        dialect,
    )
    ml_csv = outputs.write_csv(
        mls[mls["niveau"] == "ML"][csv_columns].rename(columns=months),
        path.with_name(with_year(f"{path.stem}_ml.csv", follow.year)),
        dialect,
    )
    return [path, region_csv, ml_csv]
