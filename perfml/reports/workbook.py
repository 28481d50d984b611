"""The Excel workbooks of the target-setting campaign: one per region, one national.

Each workbook holds a "Mode d'emploi" sheet (the workflow and the list of MLs, linked to
their sheets), a "Cibles" sheet where the Direccte types the targets it sets (the only
cells a user can change: the choice among the proposals, a typed target, a
justification; each validated by Excel), one sheet per ML (its indicators, quartiles,
medians and proposals), a "Distributions" sheet, and a hidden sheet of metadata that
`import_targets` (module `perfml.reports.workbook_import`) reads back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from perfml import outputs
from perfml.distributions import box_lookup
from perfml.french import french_date, french_integer
from perfml.plausibility import target_range
from perfml.reports.campaign import Campaign, MlReport
from perfml.reports.labels import (
    DIRECTION_LABELS,
    FUNNEL_POSITION_LABELS,
    POPULATION_LABELS,
    reference_sentence,
    region_label,
)
from perfml.target_review import MAX_JUSTIFICATION
from perfml.targets import PROPOSALS, SOURCE_LABELS, within_noise_words

GUIDE_SHEET = "Mode d'emploi"
TARGETS_SHEET = "Cibles"
DISTRIBUTIONS_SHEET = "Distributions"
META_SHEET = "perfml"
FORMAT_VERSION = "1"

TARGETS_HEADER_ROW = 3  # 0-based: title, hint, blank, then the headers


@dataclass(frozen=True)
class TargetColumn:
    """One column of the "Cibles" sheet."""

    key: str
    header: str  # `{annee}` / `{cible}`: year of the values / of the targets
    width: float
    is_input: bool = False
    hidden: bool = False


TARGET_COLUMNS: tuple[TargetColumn, ...] = (
    TargetColumn("code_ml", "Code ML", 8),
    TargetColumn("nom", "Mission locale", 32),
    TargetColumn("indicateur", "N°", 4.5),
    TargetColumn("libelle", "Indicateur", 60),
    TargetColumn("sens", "Sens", 15),
    TargetColumn("valeur", "Valeur {annee}", 10),
    TargetColumn("quartile_groupe", "Quartile dans le groupe", 10),
    TargetColumn("quartile_region", "Quartile dans la région", 10),
    TargetColumn("cible_legitime", "Proposition légitime", 11),
    TargetColumn("cible_raisonnable", "Proposition raisonnable", 11),
    TargetColumn("cible_atteignable", "Proposition atteignable", 11),
    TargetColumn("choix", "Choix de la cible", 13, is_input=True),
    TargetColumn("cible_saisie", "Cible saisie (si « saisie »)", 12, is_input=True),
    TargetColumn("cible_retenue", "Cible {cible} retenue", 11),
    TargetColumn(
        "justification",
        "Justification (obligatoire si la cible diffère des trois propositions)",
        50,
        is_input=True,
    ),
    TargetColumn("minimum", "Minimum autorisé", 9, hidden=True),
    TargetColumn("maximum", "Maximum autorisé", 9, hidden=True),
    # After the hidden columns: the columns read back by the import keep their places.
    TargetColumn("ic95_bas", "Intervalle à 95 % de la valeur : borne basse", 11),
    TargetColumn("ic95_haut", "Intervalle à 95 % de la valeur : borne haute", 11),
    TargetColumn("a_portee_du_hasard", "Propositions à portée du hasard (dans l'intervalle)", 20),
    TargetColumn("position", "Position dans l'entonnoir national (taux)", 16),
    TargetColumn("reference", "D'où viennent les propositions", 70),
)
COLUMN_INDEX: dict[str, int] = {c.key: i for i, c in enumerate(TARGET_COLUMNS)}

# Number format (a name in `outputs.NUMBER_FORMATS`) per indicator unit; the display
# only: cells keep full precision.
UNIT_NUMBER_FORMATS: dict[str, str] = {"%": "dec1", "sorties / ETP": "dec1", "€ / sortie": "int"}
INPUT_COLOUR = "#FFF3C4"
HEADER_COLOUR = "#DDE3EA"

ML_SHEET_COLUMNS: tuple[tuple[str, float], ...] = (
    ("N°", 4.5),
    ("Indicateur", 60),
    ("Sens", 15),
    ("Numérateur", 12),
    ("Dénominateur", 12),
    ("Valeur {annee}", 10),
    ("Médiane nationale", 10),
    ("Médiane régionale", 10),
    ("Médiane du groupe", 10),
    ("Médiane des 15 voisins", 10),
    ("Quartile national", 9),
    ("Quartile régional", 9),
    ("Quartile dans le groupe", 9),
    ("Quartile parmi les voisins", 9),
    ("Cible légitime {cible}", 10),
    ("Cible raisonnable {cible}", 10),
    ("Cible atteignable {cible}", 10),
    ("Intervalle à 95 % : borne basse", 10),
    ("Intervalle à 95 % : borne haute", 10),
    ("Propositions à portée du hasard", 18),
    ("Position dans l'entonnoir national", 16),
    ("D'où viennent les propositions", 70),
)


def workbook_name(campaign: Campaign, code_region: str | None) -> str:
    """Return the file name of the national (None) or a region's workbook."""
    scope = "national" if code_region is None else f"region_{code_region}"
    return f"cibles_{campaign.target_year}_{scope}.xlsx"


def ml_sheet_name(code_ml: str, nom: str) -> str:
    """Return an ML's sheet name: its code and name, within Excel's 31 characters."""
    clean = re.sub(r"[\[\]:*?/\\']", " ", nom)
    return f"{code_ml} {clean}"[:31].rstrip()


def write_workbook(campaign: Campaign, path: Path, code_region: str | None = None) -> Path:
    """Write the national workbook (`code_region` None) or one region's at `path`."""
    codes = campaign.codes(code_region=code_region)
    reports = campaign.ml_reports(codes)
    book = outputs.open_workbook(path)
    styles = _Styles(book)
    scope = "France entière" if code_region is None else f"région {region_label(code_region)}"
    guide = book.add_worksheet(GUIDE_SHEET)
    targets = book.add_worksheet(TARGETS_SHEET)
    sheet_names = {r.code_ml: ml_sheet_name(r.code_ml, r.nom) for r in reports}
    _write_targets(targets, campaign, codes, styles, scope)
    for report in reports:
        _write_ml_sheet(book.add_worksheet(sheet_names[report.code_ml]), campaign, report, styles)
    _write_distributions(book.add_worksheet(DISTRIBUTIONS_SHEET), campaign, reports, styles)
    _write_guide(guide, campaign, reports, sheet_names, styles, scope)
    _write_meta(book.add_worksheet(META_SHEET), campaign, code_region)
    guide.activate()
    outputs.close_workbook(book, path)
    return path


def write_workbooks(
    campaign: Campaign, out_dir: Path, code_region: str | None = None
) -> list[Path]:
    """Write one workbook per region (or only `code_region`'s) and, for all, the national."""
    out_dir.mkdir(parents=True, exist_ok=True)
    regions = [code_region] if code_region is not None else campaign.regions()
    paths = [
        write_workbook(campaign, out_dir / workbook_name(campaign, region), region)
        for region in regions
    ]
    if code_region is None:
        paths.append(write_workbook(campaign, out_dir / workbook_name(campaign, None), None))
    return paths


class _Styles:
    """The cell formats of a workbook, made once (XlsxWriter formats belong to a book)."""

    def __init__(self, book: xlsxwriter.Workbook):
        self.book = book
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.subtitle = book.add_format({"italic": True, "font_color": "#404040"})
        self.bold = book.add_format({"bold": True})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.header = book.add_format(
            {
                "bold": True,
                "text_wrap": True,
                "valign": "vcenter",
                "bg_color": HEADER_COLOUR,
                "border": 1,
                "locked": True,
            }
        )
        self.input_header = book.add_format(
            {
                "bold": True,
                "text_wrap": True,
                "valign": "vcenter",
                "bg_color": INPUT_COLOUR,
                "border": 1,
                "locked": True,
            }
        )
        self.text = book.add_format({"border": 1, "border_color": "#BFBFBF"})
        self.centre = book.add_format({"border": 1, "border_color": "#BFBFBF", "align": "center"})
        self.input_text = book.add_format(
            {"locked": False, "bg_color": INPUT_COLOUR, "border": 1, "text_wrap": True}
        )
        self.link = book.add_format({"font_color": "blue", "underline": 1})
        self.bad = book.add_format({"bg_color": "#F4B6B6"})
        self._numbers: dict[tuple[str, bool], xlsxwriter.format.Format] = {}

    def number(self, unit: str, is_input: bool = False) -> xlsxwriter.format.Format:
        """The format of a value in `unit` (an input cell when `is_input`)."""
        key = (unit, is_input)
        if key not in self._numbers:
            name = UNIT_NUMBER_FORMATS.get(unit, "dec1")
            spec = {"num_format": outputs.NUMBER_FORMATS[name], "border": 1}
            if is_input:
                spec |= {"locked": False, "bg_color": INPUT_COLOUR}
            else:
                spec |= {"border_color": "#BFBFBF"}
            self._numbers[key] = self.book.add_format(spec)
        return self._numbers[key]


def _header(template: str, campaign: Campaign) -> str:
    return template.format(annee=campaign.year, cible=campaign.target_year)


def _write_targets(
    sheet, campaign: Campaign, codes: list[str], styles: _Styles, scope: str
) -> None:
    columns = TARGET_COLUMNS
    col = COLUMN_INDEX
    sheet.write_string(
        0, 0, f"Cibles {campaign.target_year} fixées par la Direccte — {scope}", styles.title
    )
    sheet.write_string(
        1,
        0,
        "Pour chaque ligne, choisissez la cible dans la colonne « Choix de la cible » "
        "(légitime, raisonnable, atteignable, ou saisie d'une autre valeur dans la colonne "
        "suivante). Une cible différente des trois propositions doit être justifiée. "
        f"Propositions calculées sur les valeurs {campaign.year}.",
        styles.subtitle,
    )
    for index, column in enumerate(columns):
        style = styles.input_header if column.is_input else styles.header
        sheet.write_string(TARGETS_HEADER_ROW, index, _header(column.header, campaign), style)
        sheet.set_column(index, index, column.width, None, {"hidden": column.hidden})
    sheet.set_row(TARGETS_HEADER_ROW, 54)
    frame = campaign.proposals
    frame = frame[frame["code_ml"].isin(codes)].sort_values(["code_ml", "indicateur"])
    by_number = {i.number: i for i in campaign.catalogue}
    national = box_lookup(campaign.distributions) if len(campaign.distributions) else {}
    first = TARGETS_HEADER_ROW + 1
    row = first
    for record in frame.itertuples(index=False):
        indicator = by_number[int(record.indicateur)]
        unit = indicator.unit
        number = styles.number(unit)
        # The bounds the import checks (perfml.plausibility), for Excel's own validation.
        bounds = target_range(indicator.number, national.get(("NATIONAL", "FR", indicator.number)))
        low, high = bounds.low, bounds.high
        sheet.write_string(row, col["code_ml"], str(record.code_ml), styles.text)
        sheet.write_string(row, col["nom"], str(record.nom), styles.text)
        sheet.write_number(row, col["indicateur"], indicator.number, styles.centre)
        sheet.write_string(row, col["libelle"], indicator.short_label, styles.text)
        sheet.write_string(row, col["sens"], DIRECTION_LABELS[indicator.direction], styles.text)
        _write_optional(sheet, row, col["valeur"], record.valeur, number, styles)
        _write_optional(
            sheet, row, col["quartile_groupe"], record.quartile_groupe, styles.centre, styles
        )
        _write_optional(
            sheet, row, col["quartile_region"], record.quartile_region, styles.centre, styles
        )
        for key in ("cible_legitime", "cible_raisonnable", "cible_atteignable"):
            _write_optional(sheet, row, col[key], getattr(record, key), number, styles)
        sheet.write_blank(row, col["choix"], None, styles.input_text)
        sheet.write_blank(row, col["cible_saisie"], None, styles.number(unit, is_input=True))
        sheet.write_formula(row, col["cible_retenue"], _chosen_formula(row), number, "")
        sheet.write_blank(row, col["justification"], None, styles.input_text)
        sheet.write_number(row, col["minimum"], low)
        sheet.write_number(row, col["maximum"], high)
        _write_optional(sheet, row, col["ic95_bas"], record.ic95_bas, number, styles)
        _write_optional(sheet, row, col["ic95_haut"], record.ic95_haut, number, styles)
        sheet.write_string(
            row,
            col["a_portee_du_hasard"],
            within_noise_words(getattr(record, f"hasard_{p}") for p in PROPOSALS),
            styles.text,
        )
        position = record.position if isinstance(record.position, str) else ""
        sheet.write_string(
            row, col["position"], FUNNEL_POSITION_LABELS.get(position, ""), styles.text
        )
        sheet.write_string(row, col["reference"], _reference_words(record), styles.text)
        row += 1
    last = row - 1
    if last >= first:
        _validate_inputs(sheet, first, last, styles)
    sheet.freeze_panes(first, col["indicateur"])
    sheet.autofilter(TARGETS_HEADER_ROW, 0, max(last, first), col["justification"])
    _print_setup(sheet, TARGETS_HEADER_ROW)
    sheet.protect("", {"autofilter": True, "format_columns": True, "format_rows": True})


def _cell(row: int, key: str, absolute_column: bool = True) -> str:
    letter = xl_col_to_name(COLUMN_INDEX[key])
    return f"{'$' if absolute_column else ''}{letter}{row + 1}"


def _chosen_formula(row: int) -> str:
    """The target the row's choice designates (empty while nothing is chosen)."""
    choice = _cell(row, "choix")

    def pick(key: str) -> str:
        cell = _cell(row, key)
        return f'IF(ISNUMBER({cell}),{cell},"")'

    return (
        f'=IF({choice}="{SOURCE_LABELS["legitime"]}",{pick("cible_legitime")},'
        f'IF({choice}="{SOURCE_LABELS["raisonnable"]}",{pick("cible_raisonnable")},'
        f'IF({choice}="{SOURCE_LABELS["atteignable"]}",{pick("cible_atteignable")},'
        f'IF({choice}="{SOURCE_LABELS["saisie"]}",{pick("cible_saisie")},""))))'
    )


def _validate_inputs(sheet, first: int, last: int, styles: _Styles) -> None:
    col = COLUMN_INDEX
    sheet.data_validation(
        first,
        col["choix"],
        last,
        col["choix"],
        {
            "validate": "list",
            "source": list(SOURCE_LABELS.values()),
            "input_title": "Choix de la cible",
            "input_message": "légitime, raisonnable, atteignable, ou saisie d'une autre valeur",
            "error_title": "Choix inconnu",
            "error_message": "Choisissez légitime, raisonnable, atteignable ou saisie.",
        },
    )
    # Relative references: each row is checked against its own indicator's bounds.
    sheet.data_validation(
        first,
        col["cible_saisie"],
        last,
        col["cible_saisie"],
        {
            "validate": "decimal",
            "criteria": "between",
            "minimum": f"={_cell(first, 'minimum')}",
            "maximum": f"={_cell(first, 'maximum')}",
            "input_title": "Cible saisie",
            "input_message": "Un nombre : de 0 à 100 pour un taux.",
            "error_title": "Cible hors bornes",
            "error_message": "La cible doit être un nombre compris dans les bornes de "
            "l'indicateur (de 0 à 100 pour un taux).",
        },
    )
    sheet.data_validation(
        first,
        col["justification"],
        last,
        col["justification"],
        {
            "validate": "length",
            "criteria": "<=",
            "value": MAX_JUSTIFICATION,
            "error_message": (
                f"La justification est limitée à {french_integer(MAX_JUSTIFICATION)} caractères."
            ),
        },
    )
    saisie = _cell(first, "cible_saisie")
    proposals = [
        _cell(first, k) for k in ("cible_legitime", "cible_raisonnable", "cible_atteignable")
    ]
    differs = ",".join(f"{saisie}<>{p}" for p in proposals)
    # Highlight a missing justification while the row still needs one.
    sheet.conditional_format(
        first,
        col["justification"],
        last,
        col["justification"],
        {
            "type": "formula",
            "criteria": f"=AND(ISNUMBER({saisie}),{differs},"
            f"LEN(TRIM({_cell(first, 'justification')}))=0)",
            "format": styles.bad,
        },
    )


def _write_optional(sheet, row: int, column: int, value, style, styles: _Styles) -> None:
    if value is None or pd.isna(value):
        sheet.write_blank(row, column, None, style)
    else:
        sheet.write_number(row, column, float(value), style)


def _write_ml_sheet(sheet, campaign: Campaign, report: MlReport, styles: _Styles) -> None:
    sheet.write_string(0, 0, f"{report.nom} ({report.code_ml})", styles.title)
    group = (
        f"groupe homogène {report.groupe}"
        + (f" ({report.group_label})" if report.group_label else "")
        if report.groupe is not None
        else "sans groupe homogène"
    )
    sheet.write_string(1, 0, f"Région {region_label(report.code_region)} · {group}")
    sheet.write_string(2, 0, _as_of_text(campaign), styles.subtitle)
    header = 4
    for index, (title, width) in enumerate(ML_SHEET_COLUMNS):
        sheet.write_string(header, index, _header(title, campaign), styles.header)
        sheet.set_column(index, index, width)
    sheet.set_row(header, 42)
    for offset, line in enumerate(report.lines):
        row = header + 1 + offset
        indicator = line.indicator
        number = styles.number(indicator.unit)
        sheet.write_number(row, 0, indicator.number, styles.centre)
        sheet.write_string(row, 1, indicator.short_label, styles.text)
        sheet.write_string(row, 2, DIRECTION_LABELS[indicator.direction], styles.text)
        _write_optional(sheet, row, 3, line.numerateur, styles.text, styles)
        _write_optional(sheet, row, 4, line.denominateur, styles.text, styles)
        _write_optional(sheet, row, 5, line.valeur, number, styles)
        column = 6
        for box in line.boxes:
            _write_optional(sheet, row, column, box.median if box else None, number, styles)
            column += 1
        for quartile in line.quartiles:
            _write_optional(sheet, row, column, quartile, styles.centre, styles)
            column += 1
        for proposal in line.proposals:
            _write_optional(sheet, row, column, proposal, number, styles)
            column += 1
        for bound in line.interval:
            _write_optional(sheet, row, column, bound, number, styles)
            column += 1
        sheet.write_string(row, column, within_noise_words(line.within_noise), styles.text)
        position = FUNNEL_POSITION_LABELS.get(line.position or "", "")
        sheet.write_string(row, column + 1, position, styles.text)
        words = reference_sentence(
            line.reference_groupe,
            line.n_reference,
            line.reference_atteignable,
            line.n_reference_atteignable,
        )
        sheet.write_string(row, column + 2, words, styles.text)
    sheet.freeze_panes(header + 1, 2)
    _print_setup(sheet, header)
    sheet.protect("", {"format_columns": True})


def _write_distributions(
    sheet, campaign: Campaign, reports: list[MlReport], styles: _Styles
) -> None:
    regions = {r.code_region for r in reports}
    groups = {str(r.groupe) for r in reports if r.groupe is not None}
    frame = campaign.distributions
    codes = {r.code_ml for r in reports}
    keep = (
        (frame["population"] == "NATIONAL")
        | ((frame["population"] == "REGION") & frame["reference"].isin(regions))
        | ((frame["population"] == "GROUPE") & frame["reference"].isin(groups))
        | ((frame["population"] == "VOISINS") & frame["reference"].isin(codes))
    )
    frame = frame[keep]
    headers = [
        ("Population", 12),
        ("Référence", 30),
        ("N°", 4.5),
        ("Indicateur", 60),
        ("Missions locales avec une valeur", 12),
        ("Minimum", 10),
        ("1er quartile", 10),
        ("Médiane", 10),
        ("3e quartile", 10),
        ("Maximum", 10),
    ]
    sheet.write_string(
        0, 0, f"Distributions des valeurs {campaign.year} des missions locales", styles.title
    )
    sheet.write_string(
        1,
        0,
        "Quartiles par interpolation linéaire (QUARTILE.INC d'Excel) ; les "
        "missions locales sans valeur sont exclues.",
        styles.subtitle,
    )
    header = 3
    for index, (title, width) in enumerate(headers):
        sheet.write_string(header, index, title, styles.header)
        sheet.set_column(index, index, width)
    sheet.set_row(header, 44)
    by_number = {i.number: i for i in campaign.catalogue}
    row = header + 1
    for record in frame.itertuples(index=False):
        indicator = by_number[int(record.indicateur)]
        number = styles.number(indicator.unit)
        sheet.write_string(row, 0, POPULATION_LABELS[record.population], styles.text)
        sheet.write_string(
            row, 1, _reference_label(record.population, record.reference), styles.text
        )
        sheet.write_number(row, 2, indicator.number, styles.centre)
        sheet.write_string(row, 3, indicator.short_label, styles.text)
        sheet.write_number(row, 4, int(record.n), styles.centre)
        for k, key in enumerate(("min", "q1", "mediane", "q3", "max")):
            sheet.write_number(row, 5 + k, float(getattr(record, key)), number)
        row += 1
    sheet.freeze_panes(header + 1, 0)
    sheet.autofilter(header, 0, max(row - 1, header), len(headers) - 1)
    _print_setup(sheet, header)
    sheet.protect("", {"autofilter": True, "sort": True, "format_columns": True})


def _reference_label(population: str, reference: str) -> str:
    if population == "NATIONAL":
        return "France entière"
    if population == "REGION":
        return region_label(reference)
    if population == "VOISINS":
        return f"Les 15 voisins de la mission locale {reference}"
    return f"Groupe homogène {reference}"


def _reference_words(record) -> str:
    return reference_sentence(
        _text_or_none(record.reference_groupe),
        _int_or_none(record.n_reference),
        _text_or_none(record.reference_atteignable),
        _int_or_none(record.n_reference_atteignable),
    )


def _text_or_none(value) -> str | None:
    return value if isinstance(value, str) else None


def _int_or_none(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _as_of_text(campaign: Campaign) -> str:
    if campaign.as_of is None:
        return f"Valeurs {campaign.year} sur toutes les données de l'extrait."
    kind = "date de consolidation officielle" if campaign.is_official else "date de l'extrait"
    text = f"Valeurs {campaign.year} arrêtées au {french_date(campaign.as_of)} ({kind})."
    # The guide sheet is the workbook's cover: it says when the year itself is not over.
    return f"{text} {campaign.provisional_note}" if campaign.provisional_note else text


def _write_guide(
    sheet,
    campaign: Campaign,
    reports: list[MlReport],
    sheet_names: dict[str, str],
    styles: _Styles,
    scope: str,
) -> None:
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 1, 60)
    sheet.set_column(2, 2, 14)
    sheet.write_string(0, 0, f"Dialogue de gestion {campaign.target_year} — {scope}", styles.title)
    sheet.write_string(1, 0, _as_of_text(campaign), styles.subtitle)
    steps = (
        "1. Lisez, pour chaque mission locale, sa feuille (indicateurs, quartiles, "
        "propositions) et son rapport PDF « boîtes à moustaches ».",
        "2. Dans la feuille « Cibles », choisissez pour chaque indicateur la cible retenue : "
        "légitime (médiane du groupe homogène), raisonnable (seuil du quartile supérieur dans "
        "le groupe), atteignable (même seuil dans la région) ou saisie (tapez alors la cible "
        "dans la colonne suivante).",
        "3. Une cible différente des trois propositions doit être justifiée (colonne "
        "« Justification »). Seules les cellules jaunes sont modifiables.",
        "4. Enregistrez le classeur au format .xlsx, puis chargez-le : perfml cibles "
        "--importer FICHIER.xlsx --entrepot ENTREPOT. Toute ligne refusée est signalée "
        "(feuille, ligne, raison) et rien n'est enregistré tant qu'il en reste une.",
        f"Les propositions sont calculées sur les valeurs {campaign.year} et valent pour "
        f"l'année {campaign.target_year} ; elles ne sont jamais automatiques : la Direccte "
        "fixe la cible en dialogue de gestion (instruction DGEFP du 16 mai 2019, annexe 2).",
    )
    for offset, step in enumerate(steps):
        sheet.merge_range(3 + offset, 0, 3 + offset, 2, step, styles.wrap)
        # About 95 characters a line across the three merged columns.
        sheet.set_row(3 + offset, 15 * (len(step) // 95 + 1))
    top = 3 + len(steps) + 1
    sheet.write_string(top, 0, "Code ML", styles.header)
    sheet.write_string(top, 1, "Mission locale (lien vers sa feuille)", styles.header)
    sheet.write_string(top, 2, "Groupe homogène", styles.header)
    for offset, report in enumerate(reports):
        row = top + 1 + offset
        sheet.write_string(row, 0, report.code_ml)
        sheet.write_url(
            row, 1, f"internal:'{sheet_names[report.code_ml]}'!A1", styles.link, report.nom
        )
        if report.groupe is not None:
            sheet.write_number(row, 2, report.groupe)
    sheet.freeze_panes(top + 1, 0)
    _print_setup(sheet, top, landscape=False)


def _print_setup(sheet, header_row: int, landscape: bool = True) -> None:
    """Print on A4, one page wide, the header row repeated on every page."""
    sheet.set_paper(9)
    if landscape:
        sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row)
    sheet.set_footer("&L&A&RPage &P / &N")


def _write_meta(sheet, campaign: Campaign, code_region: str | None) -> None:
    rows = (
        ("version", FORMAT_VERSION),
        ("annee_valeurs", str(campaign.year)),
        ("annee_cibles", str(campaign.target_year)),
        ("perimetre", code_region or "FR"),
        ("date_valeurs", campaign.as_of.isoformat() if campaign.as_of else ""),
        ("ligne_entete_cibles", str(TARGETS_HEADER_ROW + 1)),
    )
    for row, (key, value) in enumerate(rows):
        sheet.write_string(row, 0, key)
        sheet.write_string(row, 1, value)
    sheet.protect()
    sheet.hide()
