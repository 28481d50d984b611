"""Read the targets typed in a campaign workbook back into the warehouse.

Every row of the "Cibles" sheet where the Direccte chose a target becomes a row of
`cibles_fixees`. Each bad cell gets one French message (sheet, cell, value, why) and
nothing is written while one remains. The proposals are read from the workbook (locked
cells: what the Direccte saw); the ML codes are checked against the warehouse.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from perfml.errors import UserError
from perfml.french import french_decimal
from perfml.reports.workbook import (
    COLUMN_INDEX,
    META_SHEET,
    TARGETS_HEADER_ROW,
    TARGETS_SHEET,
)
from perfml.targets import (
    PROPOSALS,
    SOURCE_LABELS,
    TARGET_RANGES,
    Proposals,
    SetTarget,
    is_same_target,
    target_problem,
)

MAX_LISTED_ERRORS = 40


@dataclass
class TargetsRead:
    """The targets read from a workbook, or the problems found in it."""

    year: int
    targets: list[SetTarget] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    rows_left_empty: int = 0


@dataclass(frozen=True)
class ImportReport:
    """What `import_targets` stored."""

    year: int
    written: int
    rows_left_empty: int


def _normalise(text: str) -> str:
    """Lower case without accents, to read "Légitime", "legitime" or "LÉGITIME" alike."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


SOURCES_BY_TEXT = {_normalise(label): key for key, label in SOURCE_LABELS.items()}


def _show(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = french_decimal(value, 6) if isinstance(value, (int, float)) else str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_number(value: object) -> float | None:
    """The cell's number (None when it is not one; booleans are not numbers)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and math.isfinite(value):
        return float(value)
    return None


def read_targets_workbook(path: Path, known_codes: set[str] | None = None) -> TargetsRead:
    """Read the targets of a filled workbook; `known_codes`: the MLs that may appear."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    path = Path(path)
    if not path.exists():
        raise UserError(f"Le classeur {path} n'existe pas.")
    try:
        book = load_workbook(path, data_only=False, read_only=True)
    except Exception as error:  # openpyxl raises many kinds on a file that is not xlsx
        raise UserError(
            f"Le fichier {path.name} n'est pas un classeur Excel (.xlsx) lisible : {error}."
        ) from None
    try:
        meta = _read_meta(book, path)
        if TARGETS_SHEET not in book.sheetnames:
            raise UserError(
                f"Le classeur {path.name} n'a pas de feuille « {TARGETS_SHEET} » : utilisez un "
                "classeur produit par perfml rapports --excel."
            )
        year = int(meta["annee_cibles"])
        result = TargetsRead(year=year)
        sheet = book[TARGETS_SHEET]
        header_row = int(meta.get("ligne_entete_cibles", TARGETS_HEADER_ROW + 1))
        col = COLUMN_INDEX
        width = max(col.values()) + 1
        seen: dict[tuple[str, int], str] = {}
        rows = sheet.iter_rows(min_row=header_row + 1, max_col=width, values_only=True)
        for row_number, values in enumerate(rows, start=header_row + 1):
            cells = list(values) + [None] * (width - len(values))

            def where(key: str, value: object, _row: int = row_number) -> str:
                address = f"{get_column_letter(col[key] + 1)}{_row}"
                shown = "vide" if _is_empty(value) else f"« {_show(value)} »"
                return f"Feuille « {TARGETS_SHEET} », cellule {address} (valeur {shown})"

            choice, typed = cells[col["choix"]], cells[col["cible_saisie"]]
            if _is_empty(choice) and _is_empty(typed):
                if all(_is_empty(c) for c in cells):
                    continue  # rows past the table
                result.rows_left_empty += 1
                continue
            target = _read_row(cells, where, known_codes, result.problems, year)
            if target is None:
                continue
            key = (target.code_ml, target.indicateur)
            if key in seen:
                result.problems.append(
                    f"{where('indicateur', target.indicateur)} : la mission locale "
                    f"{target.code_ml} a déjà une cible pour l'indicateur {target.indicateur} "
                    f"(ligne {seen[key]})."
                )
                continue
            seen[key] = str(row_number)
            result.targets.append(target)
        return result
    finally:
        book.close()


def _read_meta(book, path: Path) -> dict[str, str]:
    if META_SHEET not in book.sheetnames:
        raise UserError(
            f"Le classeur {path.name} n'a pas été produit par perfml (feuille cachée "
            f"« {META_SHEET} » absente) : utilisez le classeur de perfml rapports --excel."
        )
    meta = {
        str(key): str(value)
        for key, value, *_ in book[META_SHEET].iter_rows(max_col=2, values_only=True)
        if key is not None
    }
    if not meta.get("annee_cibles", "").isdigit():
        raise UserError(
            f"Le classeur {path.name} ne dit pas l'année des cibles (feuille « {META_SHEET} »)."
        )
    return meta


def _read_row(cells, where, known_codes, problems: list[str], year: int) -> SetTarget | None:
    """Return the row's target, or None after adding its problems to `problems`."""
    col = COLUMN_INDEX
    before = len(problems)
    code = cells[col["code_ml"]]
    code_text = str(code).strip() if code is not None else ""
    if not code_text or (known_codes is not None and code_text not in known_codes):
        problems.append(f"{where('code_ml', code)} : mission locale inconnue de l'entrepôt.")
    number = _as_number(cells[col["indicateur"]])
    if number is None or not number.is_integer() or int(number) not in TARGET_RANGES:
        problems.append(
            f"{where('indicateur', cells[col['indicateur']])} : indicateur inconnu (les "
            "indicateurs sont numérotés de 1 à 10)."
        )
    choice, typed, note = (cells[col[k]] for k in ("choix", "cible_saisie", "justification"))
    source = None
    if _is_empty(choice):
        source = "saisie"  # a typed target without a choice is a typed target
    elif isinstance(choice, str) and _normalise(choice) in SOURCES_BY_TEXT:
        source = SOURCES_BY_TEXT[_normalise(choice)]
    else:
        allowed = ", ".join(f"« {label} »" for label in SOURCE_LABELS.values())
        problems.append(f"{where('choix', choice)} : choix inconnu ; choisissez {allowed}.")
    typed_number = None
    if not _is_empty(typed):
        typed_number = _as_number(typed)
        if typed_number is None:
            problems.append(
                f"{where('cible_saisie', typed)} : la cible doit être un nombre (par exemple 23,5)."
            )
    if len(problems) > before or source is None:
        return None
    indicator = int(number)
    proposals = Proposals(*(_as_number(cells[col[f"cible_{p}"]]) for p in PROPOSALS))
    if source == "saisie":
        if typed_number is None:
            problems.append(
                f"{where('cible_saisie', typed)} : « saisie » est choisi mais aucune cible "
                "n'est tapée."
            )
            return None
        target = typed_number
    else:
        target = proposals.get(source)
        if target is None:
            problems.append(
                f"{where('choix', choice)} : il n'y a pas de proposition "
                f"« {SOURCE_LABELS[source]} » pour cette ligne ; choisissez « saisie » et "
                "tapez la cible."
            )
            return None
        if typed_number is not None and not is_same_target(typed_number, target):
            problems.append(
                f"{where('cible_saisie', typed)} : la cible tapée diffère de la proposition "
                f"« {SOURCE_LABELS[source]} » choisie ; choisissez « saisie » pour fixer une "
                "autre valeur."
            )
            return None
    justification = None if _is_empty(note) else str(note).strip()
    problem = target_problem(indicator, target, source, proposals, justification)
    if problem is not None:
        key = "justification" if "justification" in problem else "cible_saisie"
        shown = note if key == "justification" else typed
        problems.append(f"{where(key, shown)} : {problem}.")
        return None
    return SetTarget(year, code_text, indicator, target, source, justification)


def import_targets(workbook: Path, warehouse: Path, author: str) -> ImportReport:
    """Store the targets typed in `workbook` into the warehouse's `cibles_fixees`.

    All or nothing: one French `UserError` lists every bad cell and nothing is written.
    """
    from perfml.targets import store_targets
    from perfml.warehouse import connect

    con = connect(warehouse)
    try:
        codes = set(con.table("structures").select("code_ml").execute()["code_ml"].astype(str))
    finally:
        con.disconnect()
    read = read_targets_workbook(workbook, codes)
    if read.problems:
        listed = read.problems[:MAX_LISTED_ERRORS]
        more = len(read.problems) - len(listed)
        lines = "\n".join(f"- {p}" for p in listed)
        tail = f"\n… et {more} autre(s)." if more else ""
        count = len(read.problems)
        raise UserError(
            f"Le classeur {Path(workbook).name} contient {count} cellule(s) à corriger ; "
            f"aucune cible n'a été enregistrée :\n{lines}{tail}"
        )
    if not read.targets:
        raise UserError(
            f"Le classeur {Path(workbook).name} ne contient aucune cible : remplissez la "
            f"colonne « Choix de la cible » de la feuille « {TARGETS_SHEET} »."
        )
    written = store_targets(warehouse, read.targets, author)
    return ImportReport(read.year, written, read.rows_left_empty)
