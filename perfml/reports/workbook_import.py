"""Read the targets typed in a campaign workbook back into the warehouse.

The workbook is read by meaning, never by position: its columns are found by their
header text (a missing, renamed or duplicated column refuses the workbook, naming the
sheet and the column), and nothing in it is trusted. Every row where the Direccte chose
a target is checked by `perfml.target_review.review_target` against the figures
recomputed from the warehouse: the ML must belong to the workbook's territory, each
proposal cell must equal the computed proposal (else the workbook was edited: the row is
refused), a target different from the three proposals needs a justification, the target
must be plausible. Every refused row is listed with its sheet, row and reason, and
nothing is stored while one remains (all or nothing, `docs/cibles-et-rapports.md`).
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from perfml.errors import UserError
from perfml.french import french_decimal, parse_french_number
from perfml.reports.workbook import META_SHEET, TARGET_COLUMNS, TARGETS_SHEET
from perfml.target_review import NATIONAL_SCOPE, TargetContext, ml_problem, review_target
from perfml.targets import (
    PROPOSALS,
    SOURCE_LABELS,
    SetTarget,
    indicator_problem,
    is_same_target,
)

# The columns the import reads; the others (name, label, value…) are only shown.
READ_COLUMNS: tuple[str, ...] = (
    "code_ml",
    "indicateur",
    *(f"cible_{p}" for p in PROPOSALS),
    "choix",
    "cible_saisie",
    "justification",
)
# How far down the header row is looked for (title and hints come first).
HEADER_SEARCH_ROWS = 30


@dataclass
class TargetsRead:
    """The targets read from a workbook, or the refused rows (one French line each)."""

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
    """Lower case, no accents, single spaces: "Légitime", "legitime" and "LÉGITIME" alike."""
    decomposed = unicodedata.normalize("NFKD", str(text).strip().lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("\u00a0", " ").split())


SOURCES_BY_TEXT = {_normalise(label): key for key, label in SOURCE_LABELS.items()}


def _show(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = french_decimal(value, 6) if isinstance(value, (int, float)) else str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _shown(value: object) -> str:
    return "vide" if _is_empty(value) else f"« {_show(value)} »"


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_number(value: object) -> float | None:
    """The cell's number (None when it is not one; booleans are not numbers)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and math.isfinite(value):
        return float(value)
    return None


def _typed_number(value: object) -> float | None:
    """A typed target: a number, or a text such as "23,5" (a cell formatted as text)."""
    if isinstance(value, str):
        try:
            return float(parse_french_number(value))
        except ValueError:
            return None
    return _as_number(value)


def _ml_code(value: object) -> str:
    """The ML code of a cell; a number is a code whose leading zero Excel dropped."""
    if _is_empty(value):
        return ""
    number = _as_number(value)
    if number is not None and number.is_integer() and 0 <= number < 100_000:
        return f"{int(number):05d}"
    return str(value).strip()


def expected_headers(meta: dict[str, str]) -> dict[str, str]:
    """Return the header text of each read column, as the workbook of `meta` wrote it."""
    years = {"annee": meta.get("annee_valeurs", ""), "cible": meta.get("annee_cibles", "")}
    return {c.key: c.header.format(**years) for c in TARGET_COLUMNS if c.key in READ_COLUMNS}


def locate_columns(rows: list[tuple], meta: dict[str, str], name: str) -> tuple[int, dict]:
    """Return the 1-based header row of the "Cibles" sheet and each read column's index.

    A column is found by its header text (accents, case and spaces aside), wherever it
    is; a missing or doubled one is a `UserError` naming the sheet and the column.
    """
    wanted = expected_headers(meta)
    by_text = {_normalise(text): key for key, text in wanted.items()}
    for number, values in enumerate(rows, start=1):
        found: dict[str, list[int]] = {}
        for index, value in enumerate(values):
            if isinstance(value, str) and _normalise(value) in by_text:
                found.setdefault(by_text[_normalise(value)], []).append(index)
        if "code_ml" not in found:
            continue
        missing = [wanted[key] for key in READ_COLUMNS if key not in found]
        doubled = [wanted[key] for key in READ_COLUMNS if len(found.get(key, ())) > 1]
        if missing or doubled:
            lines = [f"la colonne « {text} » est introuvable" for text in missing]
            lines += [f"la colonne « {text} » apparaît plusieurs fois" for text in doubled]
            raise UserError(
                f"Le classeur {name} ne peut pas être lu : dans la feuille « {TARGETS_SHEET} » "
                f"(ligne d'en-tête {number}), {' ; '.join(lines)}. Les colonnes sont lues par "
                "leur titre : rétablissez-le, ou repartez du classeur produit par perfml "
                "rapports --excel."
            )
        return number, {key: indexes[0] for key, indexes in found.items()}
    raise UserError(
        f"Le classeur {name} ne peut pas être lu : la feuille « {TARGETS_SHEET} » n'a pas de "
        f"ligne d'en-tête avec la colonne « {wanted['code_ml']} » dans ses "
        f"{HEADER_SEARCH_ROWS} premières lignes."
    )


def read_targets_workbook(path: Path, context: TargetContext) -> TargetsRead:
    """Read and check the targets of a filled workbook against the recomputed `context`."""
    from openpyxl import load_workbook

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
        _check_meta(meta, context, path.name)
        if TARGETS_SHEET not in book.sheetnames:
            raise UserError(
                f"Le classeur {path.name} n'a pas de feuille « {TARGETS_SHEET} » : utilisez un "
                "classeur produit par perfml rapports --excel."
            )
        sheet = book[TARGETS_SHEET]
        top = list(sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True))
        header_row, columns = locate_columns(top, meta, path.name)
        territory = meta.get("perimetre") or NATIONAL_SCOPE
        result = TargetsRead(year=context.target_year)
        seen: dict[tuple[str, int], int] = {}
        width = max(columns.values()) + 1
        rows = sheet.iter_rows(min_row=header_row + 1, values_only=True)
        for row_number, values in enumerate(rows, start=header_row + 1):
            cells = list(values) + [None] * max(0, width - len(values))
            cell = {key: cells[index] for key, index in columns.items()}
            if _is_empty(cell["choix"]) and _is_empty(cell["cible_saisie"]):
                if all(_is_empty(c) for c in cells):
                    continue  # rows past the table
                result.rows_left_empty += 1
                continue
            target, reason = _read_row(cell, context, territory)
            if target is not None:
                key = (target.code_ml, target.indicateur)
                if key in seen:
                    target, reason = (
                        None,
                        (
                            f"la mission locale {key[0]} a déjà une cible pour l'indicateur "
                            f"{key[1]} (ligne {seen[key]})"
                        ),
                    )
                else:
                    seen[key] = row_number
            if target is None:
                where = _row_label(cell)
                result.problems.append(
                    f"Feuille « {TARGETS_SHEET} », ligne {row_number}{where} : {reason}."
                )
                continue
            result.targets.append(target)
        return result
    finally:
        book.close()


def _row_label(cell: dict) -> str:
    code, number = cell["code_ml"], cell["indicateur"]
    parts = []
    if not _is_empty(code):
        parts.append(f"mission locale {_show(code)}")
    if not _is_empty(number):
        parts.append(f"indicateur {_show(number)}")
    return f" ({', '.join(parts)})" if parts else ""


def _read_meta(book, path: Path) -> dict[str, str]:
    if META_SHEET not in book.sheetnames:
        raise UserError(
            f"Le classeur {path.name} n'a pas été produit par perfml (feuille cachée "
            f"« {META_SHEET} » absente) : utilisez le classeur de perfml rapports --excel."
        )
    meta = {
        str(key): "" if value is None else str(value)
        for key, value, *_ in book[META_SHEET].iter_rows(max_col=2, values_only=True)
        if key is not None
    }
    for key in ("annee_cibles", "annee_valeurs"):
        if not meta.get(key, "").isdigit():
            raise UserError(
                f"Le classeur {path.name} ne dit pas l'année des cibles et des valeurs "
                f"(feuille « {META_SHEET} », clé « {key} »)."
            )
    return meta


def _check_meta(meta: dict[str, str], context: TargetContext, name: str) -> None:
    """The workbook must be of the context's campaign: same years, same as-of date."""
    if int(meta["annee_valeurs"]) != context.year:
        raise UserError(
            f"Le classeur {name} porte sur les valeurs {meta['annee_valeurs']}, pas sur celles "
            f"de {context.year}."
        )
    written = meta.get("date_valeurs", "")
    computed = context.as_of.isoformat() if context.as_of else ""
    if written != computed:
        raise UserError(
            f"Le classeur {name} a été produit sur les valeurs arrêtées au "
            f"{_french_iso(written)}, l'entrepôt donne aujourd'hui celles du "
            f"{_french_iso(computed)} : les propositions ont pu changer. Produisez un "
            "nouveau classeur (perfml rapports --excel) et reportez-y les cibles."
        )
    territory = meta.get("perimetre") or NATIONAL_SCOPE
    if territory != NATIONAL_SCOPE and territory not in set(context.regions.values()):
        raise UserError(
            f"Le classeur {name} est celui de la région {territory}, qui n'a aucune mission "
            "locale dans l'entrepôt."
        )


def _french_iso(text: str) -> str:
    from perfml.french import french_date

    try:
        return french_date(dt.date.fromisoformat(text))
    except ValueError:
        return "(date non renseignée)"


def _read_row(
    cell: dict, context: TargetContext, territory: str
) -> tuple[SetTarget | None, str | None]:
    """Return the row's checked target, or None and why the row is refused."""
    code = _ml_code(cell["code_ml"])
    if not code:
        return None, "le code de la mission locale est vide"
    number = _as_number(cell["indicateur"])
    if number is None or not number.is_integer():
        return None, f"le numéro d'indicateur ({_shown(cell['indicateur'])}) n'est pas un entier"
    indicator = int(number)
    unknown = indicator_problem(indicator)
    if unknown is not None:
        return None, unknown
    choice, typed, note = cell["choix"], cell["cible_saisie"], cell["justification"]
    if _is_empty(choice):
        source = "saisie"  # a typed target without a choice is a typed target
    elif isinstance(choice, str) and _normalise(choice) in SOURCES_BY_TEXT:
        source = SOURCES_BY_TEXT[_normalise(choice)]
    else:
        allowed = ", ".join(f"« {label} »" for label in SOURCE_LABELS.values())
        return None, f"choix inconnu ({_shown(choice)}) ; choisissez {allowed}"
    if note is not None and not isinstance(note, str):
        return None, f"la justification ({_shown(note)}) doit être un texte"
    justification = None if _is_empty(note) else note.strip()
    typed_number = None
    if not _is_empty(typed):
        typed_number = _typed_number(typed)
        if typed_number is None:
            return None, f"la cible saisie ({_shown(typed)}) doit être un nombre (par exemple 23,5)"
    outside = ml_problem(context, code, territory)
    if outside is not None:
        return None, outside
    computed = context.proposals_of(code, indicator)
    for kind, value in zip(PROPOSALS, computed.values(), strict=True):
        shown = cell[f"cible_{kind}"]
        same = (_is_empty(shown) and value is None) or is_same_target(_as_number(shown), value)
        if not same:
            expected = "aucune" if value is None else f"« {_show(round(value, 4))} »"
            number_shown = _as_number(shown)
            if number_shown is not None:
                shown = round(number_shown, 4)
            return None, (
                f"la proposition {SOURCE_LABELS[kind]} du classeur ({_shown(shown)}) diffère "
                f"de celle recalculée sur l'entrepôt ({expected}) : le classeur a été "
                "modifié ; repartez du classeur produit par perfml rapports --excel"
            )
    if source == "saisie":
        if typed_number is None:
            return None, "« saisie » est choisi mais aucune cible n'est tapée"
        target = typed_number
    else:
        target = computed.get(source)
        if target is None:
            return None, (
                f"il n'y a pas de proposition « {SOURCE_LABELS[source]} » pour cette ligne ; "
                "choisissez « saisie » et tapez la cible"
            )
        if typed_number is not None and not is_same_target(typed_number, target):
            return None, (
                f"la cible tapée ({_shown(typed)}) diffère de la proposition "
                f"« {SOURCE_LABELS[source]} » choisie ; choisissez « saisie » pour fixer une "
                "autre valeur"
            )
    problem = review_target(context, code, indicator, target, source, justification, territory)
    if problem is not None:
        return None, problem
    return SetTarget(context.target_year, code, indicator, target, source, justification), None


def import_targets(
    workbook: Path,
    warehouse: Path,
    author: str,
    report=None,
    context: TargetContext | None = None,
) -> ImportReport:
    """Store the targets typed in `workbook` into the warehouse's `cibles_fixees`.

    The proposals are recomputed from the warehouse (`context`, when given, stands for
    them). All or nothing: one French `UserError` lists every refused row and nothing is
    written.
    """
    from perfml.target_review import load_target_context
    from perfml.targets import store_targets

    year = _target_year(Path(workbook))
    if context is None:
        context = load_target_context(warehouse, year, report=report)
    read = read_targets_workbook(workbook, context)
    if read.problems:
        lines = "\n".join(f"- {p}" for p in read.problems)
        count = len(read.problems)
        raise UserError(
            f"Le classeur {Path(workbook).name} a {count} ligne(s) refusée(s) ; aucune cible "
            f"n'a été enregistrée (corrigez ces lignes puis importez de nouveau le "
            f"classeur) :\n{lines}"
        )
    if not read.targets:
        raise UserError(
            f"Le classeur {Path(workbook).name} ne contient aucune cible : remplissez la "
            f"colonne « Choix de la cible » de la feuille « {TARGETS_SHEET} »."
        )
    written = store_targets(warehouse, read.targets, author)
    return ImportReport(read.year, written, read.rows_left_empty)


def _target_year(path: Path) -> int:
    """Read the targets' year from the workbook's metadata (before any long computation)."""
    from openpyxl import load_workbook

    if not path.exists():
        raise UserError(f"Le classeur {path} n'existe pas.")
    try:
        book = load_workbook(path, read_only=True)
    except Exception as error:  # openpyxl raises many kinds on a file that is not xlsx
        raise UserError(
            f"Le fichier {path.name} n'est pas un classeur Excel (.xlsx) lisible : {error}."
        ) from None
    try:
        return int(_read_meta(book, path)["annee_cibles"])
    finally:
        book.close()
