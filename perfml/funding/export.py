"""The allocation's outputs: an Excel workbook for people, CSV files for other tools.

The workbook has French headers and euro formats; the CSV files (snake_case column names,
in the product's CSV dialect: French Excel by default, `--csv standard` for programs) and
the workbook are written by the output layer (`perfml.outputs`); their names carry the year.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from perfml import outputs
from perfml.funding.allocation import BASE_SHARE, MAX_BONUS
from perfml.funding.campaign import AllocationResult
from perfml.funding.config import FundingConfig, RegionRule
from perfml.funding.criteria import CRITERIA
from perfml.funding.formats import format_euros, format_number
from perfml.funding.national import NationalSplit
from perfml.funding.whatif import compare_ml, compare_regions
from perfml.reports.labels import DIRECTION_LABELS

ROUNDING_RULE = (
    "Arrondis : montants en euros entiers, qui font exactement l'enveloppe.",
    "  Base : 90 % de l'enveloppe, arrondi à l'euro le plus proche, réparti au plus fort reste.",
    "  Majoration : partie entière, puis les euros manquants pour atteindre le total exact arrondi",
    "  vont aux plus forts restes, sans dépasser 10 % de la base arrondie (à l'euro inférieur).",
    "  Réserve : le reste de l'enveloppe.",
)


@dataclass(frozen=True)
class Column:
    """A column of an output table: its CSV name, its French header, its cell format."""

    name: str
    header: str
    kind: str = "text"  # text, euros, integer, share, number, percent_value


def _columns(*specs: tuple[str, str, str]) -> tuple[Column, ...]:
    return tuple(Column(*spec) for spec in specs)


SUMMARY_COLUMNS = _columns(
    ("code_region", "Région", "text"),
    ("enveloppe_eur", "Enveloppe (€)", "euros"),
    ("base_eur", "Base (€)", "euros"),
    ("bonus_eur", "Majoration (€)", "euros"),
    ("reserve_eur", "Réserve (€)", "euros"),
    ("nb_ml", "Missions locales", "integer"),
    ("origine_enveloppe", "Origine de l'enveloppe", "text"),
)
ML_COLUMNS = _columns(
    ("code_ml", "Code ML", "text"),
    ("nom", "Mission locale", "text"),
    ("code_region", "Région", "text"),
    ("part_base", "Part de la base", "share"),
    ("base_eur", "Base (€)", "euros"),
    ("score_performance", "Score de performance", "share"),
    ("bonus_max_eur", "Majoration maximale (€)", "euros"),
    ("bonus_eur", "Majoration (€)", "euros"),
    ("total_eur", "Total (€)", "euros"),
    ("remarque", "Remarque", "text"),
)
EXPLANATION_COLUMNS = _columns(
    ("code_region", "Région", "text"),
    ("code_ml", "Code ML", "text"),
    ("nom", "Mission locale", "text"),
    ("indicateur", "Indicateur", "integer"),
    ("libelle", "Libellé", "text"),
    ("sens", "Sens", "text"),
    ("cible", "Cible", "number"),
    ("origine_cible", "Origine de la cible", "text"),
    ("valeur", "Valeur de l'année", "number"),
    ("valeur_precedente", "Valeur de l'année précédente", "number"),
    ("atteinte", "Atteinte", "share"),
    ("poids", "Poids", "share"),
    ("poids_effectif", "Poids effectif", "share"),
    ("contribution", "Contribution au score", "share"),
    ("remarque", "Remarque", "text"),
)
CRITERIA_COLUMNS = _columns(
    ("code_region", "Région", "text"),
    ("code_ml", "Code ML", "text"),
    ("nom", "Mission locale", "text"),
    ("libelle", "Critère", "text"),
    ("valeur", "Valeur de la ML", "number"),
    ("total_region", "Total de la région", "number"),
    ("part", "Part de la ML", "share"),
    ("poids", "Poids du critère", "share"),
    ("contribution", "Contribution à la part de la base", "share"),
)
COMPARISON_COLUMNS = _columns(
    ("code_ml", "Code ML", "text"),
    ("nom", "Mission locale", "text"),
    ("code_region", "Région", "text"),
    ("total_a_eur", "Total A (€)", "euros"),
    ("total_b_eur", "Total B (€)", "euros"),
    ("ecart_eur", "Écart B − A (€)", "euros"),
    ("ecart_pct", "Écart (% de A)", "percent_value"),
    ("base_a_eur", "Base A (€)", "euros"),
    ("base_b_eur", "Base B (€)", "euros"),
    ("bonus_a_eur", "Majoration A (€)", "euros"),
    ("bonus_b_eur", "Majoration B (€)", "euros"),
    ("sens", "Gagne ou perd", "text"),
)
REGION_COMPARISON_COLUMNS = _columns(
    ("code_region", "Région", "text"),
    ("enveloppe_eur_a", "Enveloppe A (€)", "euros"),
    ("enveloppe_eur_b", "Enveloppe B (€)", "euros"),
    ("verse_eur_a", "Versé aux ML, A (€)", "euros"),
    ("verse_eur_b", "Versé aux ML, B (€)", "euros"),
    ("ecart_verse_eur", "Écart versé B − A (€)", "euros"),
    ("reserve_eur_a", "Réserve A (€)", "euros"),
    ("reserve_eur_b", "Réserve B (€)", "euros"),
)
NATIONAL_COLUMNS = _columns(
    ("code_region", "Région", "text"),
    ("part_activite", "Part d'activité", "share"),
    ("activite_eur", "Part activité (€)", "euros"),
    ("score_progression", "Score de progression", "share"),
    ("part_performance", "Part de la performance", "share"),
    ("performance_eur", "Part performance (€)", "euros"),
    ("total_eur", "Total (€)", "euros"),
)
PROGRESSION_COLUMNS = _columns(
    ("code_region", "Région", "text"),
    ("indicateur", "Indicateur", "integer"),
    ("libelle", "Libellé", "text"),
    ("sens", "Sens", "text"),
    ("valeur_precedente", "Valeur de l'année précédente", "number"),
    ("valeur", "Valeur de l'année", "number"),
    ("evolution", "Évolution (positive = mieux)", "number"),
    ("score", "Score de progression", "share"),
    ("poids", "Poids", "share"),
    ("poids_effectif", "Poids effectif", "share"),
    ("contribution", "Contribution au score", "share"),
    ("remarque", "Remarque", "text"),
)
ACTIVITY_COLUMNS = _columns(
    ("code_region", "Région", "text"),
    ("libelle", "Critère", "text"),
    ("valeur", "Valeur de la région", "number"),
    ("total_region", "Total national", "number"),
    ("part", "Part de la région", "share"),
    ("poids", "Poids du critère", "share"),
    ("contribution", "Contribution à la part d'activité", "share"),
)

# Column kind -> number format of the output layer (`outputs.NUMBER_FORMATS`).
CELL_FORMATS = {
    "text": "text",
    "euros": "eur",
    "integer": "year",
    "share": "share",
    "number": "dec2",
    "percent_value": "pct2",
}

COLUMN_WIDTHS = {
    "text": 12,
    "euros": 16,
    "integer": 11,
    "share": 13,
    "number": 14,
    "percent_value": 13,
}
WIDE_COLUMNS = {
    "nom": 40,
    "libelle": 45,
    "origine_cible": 42,
    "origine_enveloppe": 45,
    "remarque": 50,
    "sens": 18,
}


class _Workbook:
    """A thin layer over XlsxWriter: titled sheets holding formatted tables."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.book = outputs.open_workbook(path)
        self.formats = {
            kind: self.book.add_format({"num_format": outputs.NUMBER_FORMATS[name]})
            for kind, name in CELL_FORMATS.items()
        }
        self.header = self.book.add_format(
            {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#E3E3FD", "border": 1}
        )
        self.title = self.book.add_format({"bold": True, "font_size": 13})
        self.bold_euros = self.book.add_format(
            {"bold": True, "num_format": outputs.NUMBER_FORMATS["eur"]}
        )
        self.bold = self.book.add_format({"bold": True})

    def sheet(self, name: str, title: str, lines: Sequence[str] = ()):
        """Add a sheet with a title and lines of text; return it and its first free row."""
        sheet = self.book.add_worksheet(outputs.safe_sheet_name(name))
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)  # one page wide, as many pages tall as needed
        sheet.write_string(0, 0, title, self.title)
        for i, line in enumerate(lines, start=1):
            sheet.write_string(i, 0, line)
        return sheet, len(lines) + 2

    def table(self, sheet, row: int, frame: pd.DataFrame, columns: Sequence[Column]) -> int:
        """Write `frame`'s `columns` from `row` (header, then data); return the next free row."""
        present = [c for c in columns if c.name in frame.columns]
        sheet.set_row(row, 45)
        for j, column in enumerate(present):
            sheet.write_string(row, j, column.header, self.header)
            width = WIDE_COLUMNS.get(column.name, COLUMN_WIDTHS[column.kind])
            sheet.set_column(j, j, width)
        for i, values in enumerate(frame[[c.name for c in present]].itertuples(index=False)):
            for j, (column, value) in enumerate(zip(present, values, strict=True)):
                if column.kind == "text" and not outputs.is_missing(value):
                    outputs.write_text(sheet, row + 1 + i, j, value)
                else:
                    outputs.write_cell(sheet, row + 1 + i, j, value, self.formats[column.kind])
        sheet.freeze_panes(row + 1, 0)
        sheet.repeat_rows(row)
        if len(frame):
            sheet.autofilter(row, 0, row + len(frame), len(present) - 1)
        return row + len(frame) + 2

    def close(self) -> None:
        outputs.close_workbook(self.book, self.path)


def _rule_lines(rule: RegionRule) -> list[str]:
    criteria = ", ".join(
        f"{CRITERIA[name].label} {format_number(weight * 100)} %"
        for name, weight in rule.criteria.items()
    )
    indicators = ", ".join(f"n° {k} {format_number(w * 100)} %" for k, w in rule.indicators.items())
    return [
        f"Critères de la base (poids) : {criteria}",
        f"Indicateurs de la majoration (poids) : {indicators}",
        f"Mode d'atteinte : {rule.achievement_mode}",
    ]


def parameter_lines(result: AllocationResult) -> list[str]:
    """The rules and facts behind an allocation, one French sentence per line."""
    config, inputs = result.config, result.inputs
    lines = [
        f"Résultats {inputs.year} (crédits {inputs.year + 1}) ; valeurs consolidées au "
        f"{inputs.as_of:%d/%m/%Y}"
        + (f", extrait du {inputs.extract_date:%d/%m/%Y}" if inputs.extract_date else ""),
        f"Configuration : {config.source}",
        f"Base : {format_number(BASE_SHARE * 100)} % de l'enveloppe ; majoration : jusqu'à "
        f"{format_number(MAX_BONUS * 100)} % de la base de chaque mission locale",
        "Cibles : celles fixées pour l'année par la Direccte, sinon la proposition "
        "« raisonnable » de l'année précédente"
        + (" (cibles fixées obligatoires)" if config.targets_required else ""),
        *ROUNDING_RULE,
    ]
    if config.default_rule is not None:
        lines += ["Règle par défaut :"] + [f"  {line}" for line in _rule_lines(config.default_rule)]
    for code, rule in sorted(config.region_rules.items()):
        lines += [f"Règle de la région {code} :"] + [f"  {line}" for line in _rule_lines(rule)]
    lines += result.notes
    return lines


def _ml_names(result: AllocationResult) -> pd.Series:
    return result.inputs.criteria.set_index("code_ml")["nom"]


def explanation_table(result: AllocationResult) -> pd.DataFrame:
    """ML × indicator: target and its origin, values, achievement, weights (French `sens`)."""
    table = result.achievements.copy()
    table.insert(2, "nom", table["code_ml"].map(_ml_names(result)))
    table["sens"] = table["sens"].map(DIRECTION_LABELS)
    return table[[c.name for c in EXPLANATION_COLUMNS]]


def criteria_table(result: AllocationResult) -> pd.DataFrame:
    """ML × criterion: value, regional total, share, weight, contribution (French labels)."""
    table = result.criteria_detail()
    table.insert(2, "nom", table["code_ml"].map(_ml_names(result)))
    table["libelle"] = table["critere"].map(lambda name: CRITERIA[name].label)
    return table


def _ml_columns(table: pd.DataFrame) -> list[Column]:
    shares = [
        Column(f"part_{name}", f"Part « {criterion.label} »", "share")
        for name, criterion in CRITERIA.items()
        if f"part_{name}" in table
    ]
    return [*ML_COLUMNS[:3], *shares, *ML_COLUMNS[3:]]


def write_allocation(
    result: AllocationResult,
    out_dir: Path,
    other: AllocationResult | None = None,
    dialect: str | None = None,
) -> list[Path]:
    """Write the workbook and the CSV files (in `dialect`) of `result` (and the what-if
    against `other`); every file name carries the year of the results."""
    out_dir.mkdir(parents=True, exist_ok=True)
    ml = result.ml_table()
    summary = result.summary()
    explanation = explanation_table(result)
    criteria = criteria_table(result)
    year = result.inputs.year

    def _csv(frame: pd.DataFrame, name: str) -> Path:
        return outputs.write_csv(frame, out_dir / outputs.with_year(name, year), dialect)

    written = [
        _csv(ml[[c.name for c in _ml_columns(ml)]], "allocation_ml.csv"),
        _csv(summary, "synthese.csv"),
        _csv(explanation, "explication.csv"),
        _csv(criteria.drop(columns=["libelle"]), "criteres.csv"),
    ]
    comparison = regions_comparison = None
    if other is not None:
        comparison = compare_ml(result, other)
        regions_comparison = compare_regions(result, other)
        written += [
            _csv(comparison, "comparaison.csv"),
            _csv(regions_comparison, "comparaison_regions.csv"),
        ]
    if result.national is not None:
        written.append(_csv(result.national.regions, "repartition_nationale.csv"))

    path = out_dir / outputs.with_year("allocation.xlsx", year)
    book = _Workbook(path)
    sheet, row = book.sheet(
        "Synthèse",
        f"Allocation de la part performance : résultats {year}, crédits {year + 1}",
        [f"Configuration : {result.config.source}"],
    )
    end = book.table(sheet, row, summary, SUMMARY_COLUMNS)
    sheet.write_string(end - 1, 0, "Total", book.bold)
    for j, name in enumerate(("enveloppe_eur", "base_eur", "bonus_eur", "reserve_eur"), 1):
        sheet.write_number(end - 1, j, int(summary[name].sum()), book.bold_euros)
    for region in result.regions:
        _region_sheet(book, result, region.code_region, ml)
    sheet, row = book.sheet(
        "Explication",
        "Explication de la majoration : cible, valeur et atteinte par indicateur",
        [
            "Score de performance = somme des contributions (poids effectif × atteinte) ; "
            "majoration = 10 % de la base × score, arrondie.",
            "Un indicateur sans valeur ou sans cible passe son poids aux autres indicateurs "
            "de la mission locale (poids effectif).",
        ],
    )
    book.table(sheet, row, explanation, EXPLANATION_COLUMNS)
    sheet, row = book.sheet(
        "Critères",
        "Explication de la base : part de chaque critère",
        [
            "Part de la base = somme des contributions "
            "(poids × valeur de la ML / total de la région)."
        ],
    )
    book.table(sheet, row, criteria, CRITERIA_COLUMNS)
    if comparison is not None:
        sheet, row = book.sheet(
            "Comparaison",
            "Comparaison de deux configurations (A = --config, B = --comparer)",
            [f"A : {result.config.source}", f"B : {other.config.source}"],
        )
        book.table(sheet, row, comparison, COMPARISON_COLUMNS)
        sheet, row = book.sheet("Comparaison régions", "Comparaison par région")
        book.table(sheet, row, regions_comparison, REGION_COMPARISON_COLUMNS)
    if result.national is not None:
        _national_sheets(book, result.national, result.inputs.labels, result.config)
    sheet, row = book.sheet("Paramètres", "Règles et paramètres de l'allocation")
    for i, line in enumerate(parameter_lines(result)):
        sheet.write_string(row + i, 0, line)
    book.close()
    return [path, *written]


def _region_sheet(book: _Workbook, result: AllocationResult, code: str, ml: pd.DataFrame) -> None:
    region = next(r for r in result.regions if r.code_region == code)
    rule = result.config.rule_for(code)
    table = ml[ml["code_region"] == code]
    origin = result.envelopes.set_index("code_region").loc[code, "origine_enveloppe"]
    sheet, row = book.sheet(
        f"Région {code}",
        f"Région {code} : enveloppe de {format_euros(region.envelope_eur)}",
        [f"Origine de l'enveloppe : {origin}", *_rule_lines(rule)],
    )
    columns = _ml_columns(table)
    end = book.table(sheet, row, table, [c for c in columns if c.name != "code_region"])
    names = [c.name for c in columns if c.name != "code_region" and c.name in table]
    sheet.write_string(end - 1, 0, "Total", book.bold)
    for name in ("base_eur", "bonus_eur", "total_eur"):
        sheet.write_number(end - 1, names.index(name), int(table[name].sum()), book.bold_euros)
    sheet.write_string(end, 0, "Réserve", book.bold)
    sheet.write_number(end, names.index("total_eur"), region.pool_eur, book.bold_euros)


def _national_sheets(
    book: _Workbook, split: NationalSplit, labels: dict[int, str], config: FundingConfig
) -> None:
    rule = config.national
    lines = [
        f"Crédit national : {format_euros(split.credit_eur)}",
        f"Part performance : {format_number(rule.performance_share * 100)} % ; score de "
        f"progression « {rule.score} »"
        + (
            f" (progression pleine : {format_number(rule.full_progression * 100)} %)"
            if rule.score == "relatif"
            else ""
        ),
    ]
    if split.performance_by_activity:
        lines.append(
            "Aucune région n'a progressé : la part performance est répartie comme la part "
            "d'activité."
        )
    sheet, row = book.sheet("Répartition nationale", "Répartition du crédit entre régions", lines)
    book.table(sheet, row, split.regions, NATIONAL_COLUMNS)
    progression = split.progression.copy()
    progression["libelle"] = progression["indicateur"].map(labels)
    progression["sens"] = progression["sens"].map(DIRECTION_LABELS)
    sheet, row = book.sheet("Progression", "Progression des résultats régionaux par indicateur")
    book.table(sheet, row, progression, PROGRESSION_COLUMNS)
    activity = split.activity.copy()
    activity["libelle"] = activity["critere"].map(lambda name: CRITERIA[name].label)
    sheet, row = book.sheet("Activité", "Part d'activité de chaque région")
    book.table(sheet, row, activity, ACTIVITY_COLUMNS)


def write_national(
    split: NationalSplit,
    config: FundingConfig,
    labels: dict[int, str],
    year: int,
    out_dir: Path,
    dialect: str | None = None,
) -> list[Path]:
    """Write the national split's workbook and CSV files (in `dialect`), named with the year."""
    out_dir.mkdir(parents=True, exist_ok=True)
    progression = split.progression.copy()
    progression.insert(2, "libelle", progression["indicateur"].map(labels))
    progression["sens"] = progression["sens"].map(DIRECTION_LABELS)

    def _csv(frame: pd.DataFrame, name: str) -> Path:
        return outputs.write_csv(frame, out_dir / outputs.with_year(name, year), dialect)

    written = [
        _csv(split.regions, "repartition_nationale.csv"),
        _csv(progression, "progression.csv"),
        _csv(split.activity, "activite.csv"),
    ]
    path = out_dir / outputs.with_year("repartition_nationale.xlsx", year)
    book = _Workbook(path)
    _national_sheets(book, split, labels, config)
    sheet, row = book.sheet("Paramètres", "Règles et paramètres de la répartition nationale")
    lines = [
        f"Résultats {year} comparés à {year - 1} ; crédits {year + 1}",
        f"Configuration : {config.source}",
        "Part activité : (1 − part performance) × crédit, arrondie à l'euro le plus proche, "
        "répartie au plus fort reste selon la part d'activité ; part performance : le reste, "
        "répartie au plus fort reste selon part d'activité × score de progression.",
    ]
    for i, line in enumerate(lines):
        sheet.write_string(row + i, 0, line)
    book.close()
    return [path, *written]
