"""The dashboard workbook of one level: cover, activity, indicators, context, definitions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from perfml import __version__, outputs
from perfml.activity import MEASURES
from perfml.dashboard import diffusion as dissemination
from perfml.dashboard.figures import DashboardFigures, period_code
from perfml.dashboard.levels import Level, Row, level_rows, level_title, select_rows
from perfml.dashboard.workbook import (
    Column,
    Formats,
    write_cover,
    write_table,
)
from perfml.disclosure.levels import mask_counts, mask_derived
from perfml.disclosure.rules import default_rules
from perfml.indicators.catalogue import CATALOGUE
from perfml.indicators.periods import format_date

TITLE = "Tableau de bord exhaustif des missions locales"
CODE_COLUMNS = [
    Column("code", "Code", "text", width=8),
    Column("libelle", "Mission locale, région ou France", "text", width=46),
]
CONSOLIDATION_RULE = (
    "date de consolidation de l'instruction du 16 mai 2019 : deux mois de rétro-saisie après "
    "la fin de la période (1er septembre pour un premier semestre, 1er mars de l'année "
    "suivante pour une année)"
)
# The masking rules as the reader sees them (`perfml/disclosure/regles.toml`).
MASKING_NOTE = default_rules().describe()


def _evolution(current: pd.Series, previous: pd.Series, relative: bool) -> pd.Series:
    """Return current − previous, in % of previous when `relative` (NaN for a zero base)."""
    cur = pd.to_numeric(current, errors="coerce").astype(float)
    prev = pd.to_numeric(previous, errors="coerce").astype(float)
    if not relative:
        return cur - prev
    with np.errstate(divide="ignore", invalid="ignore"):
        return pd.Series(np.where(prev > 0, (cur - prev) / prev * 100, np.nan), index=cur.index)


def _entities(rows: list[Row]) -> list[tuple[str, str]]:
    return [(row.niveau, row.code) for row in rows]


def _period_note(figures: DashboardFigures) -> str:
    p, q = figures.period, figures.previous
    return (
        f"Période : {p.label} (du {format_date(p.start)} au {format_date(p.end)}), données "
        f"connues au {format_date(figures.as_of)} ; période de comparaison : {q.label}, "
        f"données connues au {format_date(figures.previous_as_of)}."
    )


def _total_note(level: Level) -> list[str]:
    if level.kind == "ml":
        return ["La région et la France sont données pour comparaison."]
    what = "des missions locales" if level.kind == "region" else "des régions"
    return [f"La ligne en gras est le total {what} au-dessus."]


def activity_table(
    figures: DashboardFigures, rows: list[Row], masks: dissemination.DashboardMasks | None = None
) -> pd.DataFrame:
    """Return the activity sheet's frame: per measure, the period, the previous one, the change.

    `masks`: those of the whole command in external diffusion (None: internal, all shown).
    """
    external = masks is not None
    current = select_rows(figures.activity, rows)
    previous = select_rows(figures.activity_previous, rows)
    if external:
        names, entities = [m.name for m in MEASURES], _entities(rows)
        current = mask_counts(current, entities, names, masks.current, masks.rules)
        previous = mask_counts(previous, entities, names, masks.previous, masks.rules)
    columns = {"code": current.index.to_series(index=current.index), "libelle": current["libelle"]}
    for measure in MEASURES:
        cur, prev = current[measure.name], previous[measure.name]
        columns[f"{measure.name}__cur"] = cur
        columns[f"{measure.name}__prev"] = prev
        columns[f"{measure.name}__evol"] = _evolution(cur, prev, relative=True)
    table = pd.DataFrame(columns, index=current.index)
    if external:
        for m in MEASURES:
            table = mask_derived(table, f"{m.name}__evol", [f"{m.name}__cur", f"{m.name}__prev"])
    return table


def activity_columns(figures: DashboardFigures) -> list[Column]:
    """Return the activity sheet's columns (three per measure)."""
    now, before = period_code(figures.period), period_code(figures.previous)
    columns = list(CODE_COLUMNS)
    for m in MEASURES:
        columns += [
            Column(f"{m.name}__cur", now, "int", m.label, m.section, 10),
            Column(f"{m.name}__prev", before, "int", m.label, m.section, 10),
            Column(f"{m.name}__evol", "Évolution", "evol_pct", m.label, m.section, 10),
        ]
    return columns


def _indicator_formats(number: int) -> tuple[str, str, str, str]:
    """Return the formats of numerator, denominator, value and change of an indicator."""
    if number == 9:
        return "int", "dec1", "dec2", "delta1"
    if number == 10:
        return "eur", "int", "eur", "delta_eur"
    return "int", "int", "pct", "pts"


def indicators_table(
    figures: DashboardFigures, rows: list[Row], masks: dissemination.DashboardMasks | None = None
) -> pd.DataFrame:
    """Return the indicators sheet's frame: numerator, denominator, value, previous, change.

    `masks`: those of the whole command in external diffusion (None: internal, all shown).
    """
    external = masks is not None
    current = select_rows(figures.indicators, rows)
    previous = select_rows(figures.indicators_previous, rows)
    if external:
        counts, entities = dissemination.indicator_count_columns(), _entities(rows)
        current = mask_counts(current, entities, counts, masks.current, masks.rules)
        previous = mask_counts(previous, entities, counts, masks.previous, masks.rules)
        for k in range(1, 11):
            parts = [f"i{k}_num", f"i{k}_den"]
            current = mask_derived(current, f"i{k}_val", parts)
            previous = mask_derived(previous, f"i{k}_val", parts)
    columns = {"code": current.index.to_series(index=current.index), "libelle": current["libelle"]}
    for k in range(1, 11):
        cur, prev = current[f"i{k}_val"], previous[f"i{k}_val"]
        columns[f"i{k}_num"] = current[f"i{k}_num"]
        columns[f"i{k}_den"] = current[f"i{k}_den"]
        columns[f"i{k}_val"] = cur
        columns[f"i{k}_prev"] = prev
        columns[f"i{k}_evol"] = _evolution(cur, prev, relative=False)
    table = pd.DataFrame(columns, index=current.index)
    if external:
        for k in range(1, 11):
            table = mask_derived(table, f"i{k}_evol", [f"i{k}_val", f"i{k}_prev"])
    return table


def indicators_columns(figures: DashboardFigures) -> list[Column]:
    """Return the indicators sheet's columns (five per indicator)."""
    now, before = period_code(figures.period), period_code(figures.previous)
    columns = list(CODE_COLUMNS)
    for ind in CATALOGUE:
        k = ind.number
        num, den, val, change = _indicator_formats(k)
        group, section = f"{k}. {ind.short_label}", ind.theme.label
        columns += [
            Column(f"i{k}_num", "Numérateur", num, group, section, 11),
            Column(f"i{k}_den", "Dénominateur", den, group, section, 11),
            Column(f"i{k}_val", f"Valeur {now}", val, group, section, 10),
            Column(f"i{k}_prev", f"Valeur {before}", val, group, section, 10),
            Column(f"i{k}_evol", "Évolution", change, group, section, 10),
        ]
    return columns


def _context_format(unit: str, aggregation: str) -> str:
    if unit == "%":
        return "pct"
    if unit == "euros":
        return "eur"
    if aggregation == "somme" and unit != "ETP":
        return "int"
    return "dec1"


def context_table(figures: DashboardFigures, rows: list[Row]) -> pd.DataFrame:
    """Return the context sheet's frame (the yearly rows of the period's last year)."""
    frame = select_rows(figures.context, rows)
    return frame.assign(code=frame.index)


def context_columns(figures: DashboardFigures) -> list[Column]:
    """Return the context sheet's columns, grouped by kind of variable."""
    columns = list(CODE_COLUMNS)
    for c in figures.context_columns:
        header = f"{c.label} ({c.unit})" if c.unit else c.label
        columns.append(
            Column(c.name, header, _context_format(c.unit, c.aggregation), "", c.type_label, 14)
        )
    for name, header in (
        ("annee_contexte", "Année des données de contexte"),
        ("annee_structure", "Année des données ICARE"),
    ):
        if name in figures.context.columns:
            columns.append(Column(name, header, "text", "", "Années utilisées", 12))
    return columns


def definitions_table(figures: DashboardFigures) -> pd.DataFrame:
    """Return every figure's definition: activity, indicators, context."""
    rows = [
        ("Activité", m.section, m.label, m.definition, "Somme des missions locales")
        for m in MEASURES
    ]
    rows += [
        (
            "Indicateurs",
            ind.theme.label,
            f"{ind.number}. {ind.label}",
            f"Numérateur : {ind.numerator}. Dénominateur : {ind.denominator}. Unité : {ind.unit}.",
            "Rapport des numérateurs et des dénominateurs sommés (jamais une moyenne des taux)",
        )
        for ind in CATALOGUE
    ]
    rows += [
        (
            "Contexte",
            c.type_label,
            c.label,
            f"Variable « {c.name} »"
            + (f", source {c.source}" if c.source else "")
            + (f", en {c.unit}" if c.unit else "")
            + f", année {figures.context_year} (ou la dernière année connue avant).",
            "Somme des missions locales"
            if c.aggregation == "somme"
            else "Moyenne simple des missions locales",
        )
        for c in figures.context_columns
    ]
    return pd.DataFrame(rows, columns=["rubrique", "theme", "donnee", "definition", "agregation"])


DEFINITION_COLUMNS = [
    Column("rubrique", "Rubrique", "text", width=12),
    Column("theme", "Thème", "text", width=30),
    Column("donnee", "Donnée", "text", width=44),
    Column("definition", "Définition", "text", width=100),
    Column("agregation", "Région et France", "text", width=40),
]


def cover_facts(figures: DashboardFigures, level: Level, external: bool) -> list[tuple[str, str]]:
    """Return the label/value lines of the cover sheet."""
    p, q = figures.period, figures.previous
    as_of_reason = (
        CONSOLIDATION_RULE
        if figures.as_of_is_official
        else "date demandée à la place de la "
        f"date de consolidation de l'instruction ({format_date(_official(figures))})"
    )
    extract = format_date(figures.extract_date) if figures.extract_date else "non renseignée"
    return [
        ("Niveau", level_title(level, figures.structures)),
        ("Période", f"{p.label} (du {format_date(p.start)} au {format_date(p.end)})"),
        ("Données connues au", f"{format_date(figures.as_of)} : {as_of_reason}"),
        (
            "Période de comparaison",
            f"{q.label} (du {format_date(q.start)} au {format_date(q.end)})",
        ),
        ("Comparaison connue au", format_date(figures.previous_as_of)),
        ("Date d'extraction", extract),
        (
            "Contexte et données ICARE",
            f"année {figures.context_year} (ou la dernière année connue avant)",
        ),
        (
            "Diffusion",
            MASKING_NOTE if external else "Interne aux services de l'État : aucune valeur masquée.",
        ),
        ("Produit le", f"{format_date(dt.date.today())} par perfml {__version__}"),
    ]


def _official(figures: DashboardFigures) -> dt.date:
    from perfml.indicators.periods import official_as_of

    return official_as_of(figures.period)


def cover_warnings(figures: DashboardFigures) -> list[str]:
    """Return what the reader must know before reading the figures."""
    if figures.provisional_note:
        # The period itself is not over: it says more than the missing late entries.
        return [figures.provisional_note]
    if figures.reaches_as_of:
        return []
    return [
        f"L'extrait s'arrête au {format_date(figures.extract_date)}, avant la date de calcul du "
        f"{format_date(figures.as_of)} : les saisies des dernières semaines manquent, les "
        "chiffres ne sont pas consolidés."
    ]


DEFINITIONS = (
    "Date de calcul : une ligne compte si elle est connue à cette date (date de l'événement "
    "et date de saisie antérieures ou égales) ; une sortie de dispositif si sa date et sa date "
    "de saisie le sont ; une mise en relation est réalisée si sa date de réalisation l'est.",
    "Rattachement : un jeune à la mission locale de son premier accueil, un dispositif à celle "
    "qui le porte, une offre, une proposition ou une mise en relation à la sienne. Une région "
    "est la somme de ses missions locales, la France la somme des régions ; un indicateur "
    "régional ou national est le rapport des numérateurs et dénominateurs sommés.",
    "Évolution : (période − période précédente) / période précédente, en %, pour l'activité ; "
    "écart de valeur (en points pour les taux) pour les indicateurs.",
    "La feuille « Définitions » donne la définition de chaque chiffre ; la documentation "
    "complète est dans docs/tableau-de-bord.md.",
)
CONTENTS = (
    "Feuilles : « Activité » (accueil, accompagnement, sorties, propositions, offres et mises en "
    "relation, avec la période précédente et l'évolution en %), « Indicateurs » (les 10 "
    "indicateurs clés nationaux : numérateur, dénominateur, valeur, valeur de la période "
    "précédente et évolution en points), « Contexte » (données du territoire et de la "
    "structure), « Définitions » (la définition de chaque chiffre)."
)


def write_dashboard(
    figures: DashboardFigures,
    level: Level,
    path: Path,
    diffusion: str = "interne",
    masks: dissemination.DashboardMasks | None = None,
) -> Path:
    """Write the exhaustive dashboard of `level` to the XLSX file `path`.

    In external diffusion the masks are those of the whole hierarchy (`masks`, computed
    here when not given), so that every level's file hides the same cells.
    """
    external = diffusion == "externe"
    if not external:
        masks = None
    elif masks is None:
        masks = dissemination.dashboard_masks(figures)
    rows = level_rows(level, figures.structures)
    bold = [i for i, row in enumerate(rows) if row.is_total]
    notes = [_period_note(figures), *_total_note(level)]
    if external:
        notes += [MASKING_NOTE, *dissemination.limited_note(masks.limited)]
    workbook = outputs.open_workbook(path)
    formats = Formats(workbook)
    write_cover(
        workbook,
        formats,
        "Présentation",
        f"{TITLE} — {figures.period.label}",
        cover_facts(figures, level, external),
        cover_warnings(figures),
        [CONTENTS, *DEFINITIONS],
    )
    write_table(
        workbook,
        formats,
        "Activité",
        activity_table(figures, rows, masks),
        activity_columns(figures),
        f"Activité — {level_title(level, figures.structures)}",
        notes,
        freeze_columns=2,
        bold_rows=bold,
    )
    write_table(
        workbook,
        formats,
        "Indicateurs",
        indicators_table(figures, rows, masks),
        indicators_columns(figures),
        f"Les 10 indicateurs clés — {level_title(level, figures.structures)}",
        [*notes, "Évolution : écart avec la période précédente, en points pour les taux."],
        freeze_columns=2,
        bold_rows=bold,
    )
    write_table(
        workbook,
        formats,
        "Contexte",
        context_table(figures, rows),
        context_columns(figures),
        f"Contexte {figures.context_year} — {level_title(level, figures.structures)}",
        [
            "Région et France : somme des missions locales pour les effectifs et montants, "
            "moyenne simple des missions locales pour les taux, parts, densités et revenus "
            "(voir « Définitions »)."
        ],
        freeze_columns=2,
        bold_rows=bold,
    )
    write_table(
        workbook,
        formats,
        "Définitions",
        definitions_table(figures),
        DEFINITION_COLUMNS,
        "Définitions",
        [_period_note(figures)],
        freeze_columns=0,
    )
    outputs.close_workbook(workbook, path)
    return path


def dashboard_file_name(figures: DashboardFigures, level: Level) -> str:
    """Return the file name of a level's dashboard: `tableau_de_bord_2023-S1_region_84.xlsx`."""
    return f"tableau_de_bord_{period_code(figures.period)}_{level.file_stem}.xlsx"


def write_every_dashboard(
    figures: DashboardFigures, out_dir: Path, diffusion: str = "interne", step=None
) -> list[Path]:
    """Write the national dashboard and one per region into `out_dir`; return the files."""
    regions = sorted(set(figures.structures["code_region"]))
    levels = [Level("national"), *(Level("region", r) for r in regions)]
    masks = dissemination.dashboard_masks(figures) if diffusion == "externe" else None
    paths = []
    for level in levels:
        path = Path(out_dir) / dashboard_file_name(figures, level)
        paths.append(write_dashboard(figures, level, path, diffusion, masks))
        if step:
            step(path.name)
    return paths
