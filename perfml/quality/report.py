"""The data-quality workbook (XLSX) and its CSV file `qualite_ml_<année>.csv`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from perfml import __version__, outputs
from perfml.dashboard.workbook import (
    Column,
    Formats,
    write_cover,
    write_table,
)
from perfml.french import french_share
from perfml.indicators.catalogue import CATALOGUE
from perfml.indicators.periods import format_date
from perfml.indicators.revisions import revision_thresholds
from perfml.outputs import with_year
from perfml.quality.assessment import QualityAssessment
from perfml.quality.coherence import CHECKS
from perfml.quality.late import LATE_SOURCES
from perfml.quality.missing import GAPS
from perfml.quality.score import (
    ANOMALY_SHARE_FOR_ZERO,
    MAX_ANOMALY_SHARE,
    MAX_LATE_SHARE,
    MIN_COUNT,
    RELIABILITY_RULES,
    WEIGHTS,
    lowercase_first,
)
from perfml.reports.labels import region_label

TITLE = "Qualité des données des missions locales"
CSV_NAME = "qualite_ml.csv"  # written with its year: qualite_ml_2025.csv
ML_COLUMNS = [
    Column("code", "Code", "text", width=8),
    Column("libelle", "Mission locale", "text", width=46),
    Column("region", "Région", "text", width=24),
]


def _ml_frame(assessment: QualityAssessment) -> pd.DataFrame:
    names = assessment.structures.set_index("code_ml")
    frame = assessment.ml.copy()
    frame["code"] = frame.index
    frame["libelle"] = [f"{names.loc[c, 'nom']} ({c})" for c in frame.index]
    frame["region"] = [region_label(names.loc[c, "code_region"]) for c in frame.index]
    frame["code_region"] = [names.loc[c, "code_region"] for c in frame.index]
    for source in LATE_SOURCES:
        lines, late = frame[f"lignes_{source.key}"], frame[f"tardives_{source.key}"]
        frame[f"part_{source.key}"] = (late / lines.where(lines > 0)) * 100
    for rule in RELIABILITY_RULES:
        k = rule.indicator
        frame[f"fiable_{k}_texte"] = frame[f"fiable_{k}"].map({True: "oui", False: "non"})
    for gap in GAPS:
        frame[f"{gap.key}_texte"] = frame[gap.key].map({True: "oui", False: ""})
    return frame.sort_values(["code_region", "code"])


def _level_frame(assessment: QualityAssessment) -> pd.DataFrame:
    levels = assessment.levels[assessment.levels["niveau"] != "ML"].copy()
    levels["libelle"] = [
        "France entière" if n == "NATIONAL" else region_label(c)
        for n, c in zip(levels["niveau"], levels["code"], strict=True)
    ]
    return levels


SCORE_COLUMNS = [
    Column("score", "Score (sur 100)", "dec1", "", "Score", 10),
    Column(
        "ponctualite", f"Ponctualité (sur {WEIGHTS['ponctualite']:.0f})", "dec1", "", "Score", 12
    ),
    Column("coherence", f"Cohérence (sur {WEIGHTS['coherence']:.0f})", "dec1", "", "Score", 12),
    Column("completude", f"Complétude (sur {WEIGHTS['completude']:.0f})", "dec1", "", "Score", 12),
    Column("part_tardives", "Saisies tardives", "pct", "", "Constats", 11),
    Column("part_anomalies", "Lignes en anomalie", "pct", "", "Constats", 11),
]


def score_columns(with_ml_details: bool) -> list[Column]:
    """Return the columns of the score sheet."""
    columns = (
        [*ML_COLUMNS, *SCORE_COLUMNS]
        if with_ml_details
        else [
            Column("code", "Code", "text", width=8),
            Column("libelle", "Région ou France", "text", width=34),
            *SCORE_COLUMNS,
        ]
    )
    if with_ml_details:
        columns.append(
            Column("indicateurs_bloques", "Indicateurs bloqués", "text", "", "Constats", 14)
        )
        for rule in RELIABILITY_RULES:
            group = f"Indicateur {rule.indicator} fiable pour le financement"
            columns += [
                Column(f"fiable_{rule.indicator}_texte", "Fiable", "text", group, "Fiabilité", 8),
                Column(f"motif_{rule.indicator}", "Motif", "text", group, "Fiabilité", 40),
            ]
    return columns


def late_columns() -> list[Column]:
    """Return the columns of the late-entries sheet: rows, late rows, share per event kind."""
    columns = list(ML_COLUMNS)
    for source in LATE_SOURCES:
        columns += [
            Column(f"lignes_{source.key}", "Lignes de l'année", "int", source.label, "", 10),
            Column(f"tardives_{source.key}", "Saisies tardives", "int", source.label, "", 10),
            Column(f"part_{source.key}", "Part tardive", "pct", source.label, "", 10),
        ]
    return columns


def revision_columns(assessment: QualityAssessment) -> list[Column]:
    """Return the columns of the revisions sheet: consolidated, current and gap per indicator."""
    columns = list(ML_COLUMNS)
    for ind in CATALOGUE:
        k = ind.number
        value, gap = (
            ("dec2", "delta1") if k == 9 else ("eur", "delta_eur") if k == 10 else ("pct", "pts")
        )
        group = f"{k}. {ind.short_label}"
        columns += [
            Column(
                f"i{k}_consolide",
                f"Consolidée au {format_date(assessment.consolidation)}",
                value,
                group,
                "",
                11,
            ),
            Column(f"i{k}_actuel", f"Au {format_date(assessment.today)}", value, group, "", 11),
            Column(f"i{k}_ecart", "Écart", gap, group, "", 10),
        ]
    return columns


def coherence_columns(assessment: QualityAssessment) -> list[Column]:
    """Return the columns of the coherence sheet: anomalies and rows checked per check."""
    columns = list(ML_COLUMNS)
    for check in CHECKS:
        label = check.label
        if check.key == "situations_chevauchantes":
            label = f"{label} (plus de {assessment.overlap_days} jours)"
        columns += [
            Column(check.key, "Anomalies", "int", label, "", 11),
            Column(f"{check.key}_den", "Lignes contrôlées", "int", label, "", 11),
        ]
    return columns


def missing_columns() -> list[Column]:
    """Return the columns of the missing-data sheet."""
    columns = list(ML_COLUMNS)
    columns.append(Column("indicateurs_bloques", "Indicateurs bloqués", "text", width=14))
    columns += [Column(f"{g.key}_texte", g.label, "text", width=16) for g in GAPS]
    columns += [
        Column("annee_contexte", "Année du contexte utilisé", "int", width=11),
        Column("annee_icare", "Année ICARE utilisée", "int", width=11),
    ]
    return columns


def cover_facts(assessment: QualityAssessment) -> list[tuple[str, str]]:
    """Return the label/value lines of the cover sheet."""
    extract = format_date(assessment.extract_date) if assessment.extract_date else "non renseignée"
    return [
        ("Année contrôlée", str(assessment.year)),
        ("Date de consolidation", format_date(assessment.consolidation)),
        ("Valeurs des indicateurs au", format_date(assessment.today)),
        ("Date d'extraction", extract),
        ("Produit le", f"{format_date(dt.date.today())} par perfml {__version__}"),
    ]


def cover_paragraphs(assessment: QualityAssessment) -> list[str]:
    """Return the explanations of the cover sheet: checks, score, reliability rule."""
    limit = french_share(ANOMALY_SHARE_FOR_ZERO, 0)
    thresholds = revision_thresholds()
    return [
        "Saisie tardive : événement de l'année (premier accueil, entrée ou sortie de dispositif, "
        "situation, proposition, offre, mise en relation) saisi plus de deux mois après sa date "
        "(la charte de saisie accorde deux mois de rétro-saisie).",
        "Effet sur les indicateurs : chaque indicateur de l'année calculé au "
        f"{format_date(assessment.today)} (les valeurs de perfml indicateurs --au à cette "
        "date) et à la date de consolidation "
        f"({format_date(assessment.consolidation)}) ; l'écart est la valeur au "
        f"{format_date(assessment.today)} moins la valeur consolidée : après la consolidation, "
        "ce que les saisies postérieures ont changé ; avant, ce qui manquait encore à la valeur "
        "provisoire.",
        "Incohérences : " + " ; ".join(lowercase_first(c.label) for c in CHECKS) + ".",
        "Données manquantes : " + " ; ".join(lowercase_first(g.label) for g in GAPS) + ".",
        f"Score sur 100 = {WEIGHTS['ponctualite']:.0f} × (1 − part des saisies tardives) + "
        f"{WEIGHTS['coherence']:.0f} × (1 − part des lignes en anomalie / {limit}, au moins 0) "
        f"+ {WEIGHTS['completude']:.0f} × part des données bloquantes présentes.",
        "Fiabilité des indicateurs 7 à 10 pour le financement : valeur calculable, au moins "
        f"{MIN_COUNT} unités comptées, au plus {french_share(MAX_LATE_SHARE, 0)} de saisies "
        f"tardives et {french_share(MAX_ANOMALY_SHARE, 0)} d'incohérences sur les données de "
        "l'indicateur, données annuelles de l'année elle-même, et une révision après "
        "consolidation d'au plus "
        + " ; ".join(f"{thresholds[r.indicator].label} ({r.indicator})" for r in RELIABILITY_RULES)
        + " (seuils de perfml/indicators/revisions.toml).",
        "Le détail de chaque contrôle est dans docs/qualite.md.",
    ]


def csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the columns of `qualite_ml.csv` with French headers."""
    columns = {
        "code": "code_ml",
        "libelle": "mission_locale",
        "code_region": "code_region",
        "score": "score",
        "ponctualite": "ponctualite",
        "coherence": "coherence",
        "completude": "completude",
        "part_tardives": "part_saisies_tardives_pct",
        "part_anomalies": "part_anomalies_pct",
        "indicateurs_bloques": "indicateurs_bloques",
    }
    columns.update({c.key: c.key for c in CHECKS})
    for rule in RELIABILITY_RULES:
        columns[f"fiable_{rule.indicator}_texte"] = f"indicateur_{rule.indicator}_fiable"
        columns[f"motif_{rule.indicator}"] = f"indicateur_{rule.indicator}_motif"
    out = frame[list(columns)].rename(columns=columns)
    for name in ("score", "ponctualite", "coherence", "completude"):
        out[name] = out[name].round(1)
    for name in ("part_saisies_tardives_pct", "part_anomalies_pct"):
        out[name] = out[name].round(2)
    return out


def csv_name(year: int) -> str:
    """Return the name of the year's CSV file: `qualite_ml_2025.csv`."""
    return with_year(CSV_NAME, year)


def write_quality_report(
    assessment: QualityAssessment, path: Path, dialect: str | None = None
) -> list[Path]:
    """Write the quality workbook to `path` and `qualite_ml_<année>.csv` beside it (CSV in
    `dialect`, French Excel by default); return both."""
    path = Path(path)
    ml, levels = _ml_frame(assessment), _level_frame(assessment)
    note = [f"Année {assessment.year} ; une ligne par mission locale."]
    workbook = outputs.open_workbook(path)
    formats = Formats(workbook)
    warnings = [assessment.provisional_note] if assessment.provisional_note else []
    if not assessment.is_consolidation_known:
        warnings.append(
            f"L'extrait s'arrête avant la date de consolidation "
            f"({format_date(assessment.consolidation)}) : les valeurs consolidées ne sont pas "
            "encore connues, les colonnes « Consolidée au "
            f"{format_date(assessment.consolidation)} » et « Écart » restent vides."
        )
    elif assessment.today == assessment.consolidation:
        warnings.append(
            "Les valeurs sont prises à la date de consolidation elle-même : les écarts sont "
            "nuls par construction."
        )
    elif assessment.is_provisional:
        warnings.append(
            f"Valeurs provisoires : le {format_date(assessment.today)} précède la date de "
            f"consolidation ({format_date(assessment.consolidation)}) ; l'écart mesure ce "
            "qui manquait encore aux valeurs de ce jour."
        )
    write_cover(
        workbook,
        formats,
        "Présentation",
        f"{TITLE} — {assessment.year}",
        cover_facts(assessment),
        warnings,
        cover_paragraphs(assessment),
    )
    write_table(
        workbook,
        formats,
        "Score",
        ml,
        score_columns(True),
        f"Score de qualité par mission locale — {assessment.year}",
        note,
        2,
    )
    bold = [len(levels) - 1]
    write_table(
        workbook,
        formats,
        "Score régions",
        levels,
        score_columns(False),
        f"Score de qualité par région — {assessment.year}",
        ["Score calculé sur les comptes sommés des missions locales."],
        2,
        bold,
    )
    write_table(
        workbook,
        formats,
        "Saisies tardives",
        ml,
        late_columns(),
        f"Saisies tardives — {assessment.year}",
        note,
        2,
    )
    write_table(
        workbook,
        formats,
        "Effet sur les indicateurs",
        ml,
        revision_columns(assessment),
        f"Effet des saisies tardives sur les indicateurs — {assessment.year}",
        note,
        2,
    )
    write_table(
        workbook,
        formats,
        "Incohérences",
        ml,
        coherence_columns(assessment),
        f"Incohérences de parcours — {assessment.year}",
        note,
        2,
    )
    write_table(
        workbook,
        formats,
        "Données manquantes",
        ml,
        missing_columns(),
        f"Données manquantes — {assessment.year}",
        note,
        2,
    )
    outputs.close_workbook(workbook, path)
    rows = csv_frame(ml)
    if assessment.provisional_note:
        # The CSV travels without the workbook: each row says its year is not over.
        rows["statut"] = "provisoire"
    csv_path = outputs.write_csv(rows, path.with_name(csv_name(assessment.year)), dialect)
    return [path, csv_path]
