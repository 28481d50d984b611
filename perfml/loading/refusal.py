"""When a load may replace the warehouse: the structural errors that stop it.

Rejecting a bad row is the loader's ordinary work; losing a table is not. A load that
would leave a table empty although its file had lines, or reject more than a share of a
table's lines (5 % by default), is refused: nothing is written and the previous warehouse
stays as it was. `force` loads anyway and the report then says exactly what is lost.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

from perfml.errors import UserError
from perfml.french import french_count, french_number, french_short_date
from perfml.loading import rejects
from perfml.loading.report import LoadReport, TableReport

DEFAULT_THRESHOLD = 0.05
# One row whose entry date is this far after every other one is probably a typing error.
STRAY_DATE_DAYS = 31
NOTHING_WRITTEN = "Rien n'a été écrit : l'entrepôt {warehouse} est inchangé."


class LoadRefused(UserError):
    """A load stopped by a structural error (the previous warehouse is untouched).

    `has_rejects`: the temporary warehouse holds the rejects (`_rejets`) explaining it.
    """

    def __init__(self, message: str, has_rejects: bool = False) -> None:
        super().__init__(message)
        self.has_rejects = has_rejects


def refused_report_path(rejects_report: Path) -> Path:
    """Where the rejects of a refused load go (`entrepot-rejets-chargement-refuse.csv`)."""
    return rejects_report.with_name(f"{rejects_report.stem}-chargement-refuse.csv")


@dataclass(frozen=True)
class TableLoss:
    """A table whose load loses too much: its counts and its most frequent rules."""

    report: TableReport
    rules: list[tuple[str, int]]  # (rule, rejected lines), most frequent first

    @property
    def is_emptied(self) -> bool:
        return self.report.read > 0 and self.report.loaded == 0

    def describe(self) -> str:
        """One French sentence: the file, what it loses, and why."""
        t = self.report
        name = t.file.name if t.file else t.table
        share = french_number(100 * t.rejected / t.read, 1)
        rules = ", ".join(f"« {rule} » ({french_count(n)})" for rule, n in self.rules[:3])
        what = "toutes ses lignes sont rejetées" if self.is_emptied else f"{share} % rejetées"
        read = "ligne lue" if t.read < 2 else "lignes lues"
        rejected = "rejetée" if t.rejected < 2 else "rejetées"
        return (
            f"{name} (table {t.table}) : {french_count(t.read)} {read}, "
            f"{french_count(t.rejected)} {rejected} — {what} ; règles : {rules}."
        )


def share_text(threshold: float) -> str:
    """The threshold as a French percentage (« 5 % »)."""
    return f"{french_count(round(100 * threshold, 2))} %"


def find_losses(
    con: duckdb.DuckDBPyConnection, report: LoadReport, threshold: float
) -> list[TableLoss]:
    """The tables emptied, or whose rejected share exceeds `threshold`."""
    losses = []
    for t in report.tables.values():
        if t.read == 0:
            continue
        if t.loaded == 0 or t.rejected > threshold * t.read:
            losses.append(TableLoss(t, rule_counts(con, t.table)))
    return losses


def rule_counts(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, int]]:
    """Each rule's number of rejected lines in `table`, most frequent first."""
    rows = con.execute(
        f"SELECT regle, count(DISTINCT ligne) AS n FROM {rejects.WORK_TABLE} "
        "WHERE nom_table = ? GROUP BY regle ORDER BY n DESC, regle",
        [table],
    ).fetchall()
    return [(r[0], int(r[1])) for r in rows]


def refuse(losses: list[TableLoss], report: LoadReport, threshold: float) -> LoadRefused:
    """The error that stops a load losing `losses`, in French, with what to do."""
    lines = [
        "Chargement refusé : il perdrait trop de lignes (seuil : "
        f"{share_text(threshold)} des lignes d'une table)."
    ]
    lines.extend(f"  - {loss.describe()}" for loss in losses)
    if any(loss.rules and loss.rules[0][0] == "date_future" for loss in losses):
        date = french_short_date(report.extract_date, empty="?")
        lines.append(
            f"La date d'extraction ({date}, {_origin(report)}) rejette ces lignes comme "
            "postérieures : vérifiez --date-extraction."
        )
    lines.append(NOTHING_WRITTEN.format(warehouse=report.warehouse))
    lines.append(
        "Corrigez l'extrait, ou chargez malgré tout avec --forcer (ces lignes seront "
        "absentes de l'entrepôt), ou changez le seuil avec --seuil-rejets."
    )
    return LoadRefused("\n".join(lines), has_rejects=True)


def forced_warnings(losses: list[TableLoss]) -> list[str]:
    """What a forced load loses, table by table (for the report)."""
    return [f"Chargement forcé : perdu — {loss.describe()}" for loss in losses]


def missing_columns_error(file: str, table: str, columns: list[str], warehouse: object) -> str:
    """The message stopping a load whose file lacks required columns."""
    named = ", ".join(f"« {c} »" for c in columns)
    which = "La colonne obligatoire" if len(columns) == 1 else "Les colonnes obligatoires"
    verb = "manque" if len(columns) == 1 else "manquent"
    return (
        f"{which} {named} {verb} dans {file} : aucune ligne de la table {table} ne peut être "
        f"chargée. {NOTHING_WRITTEN.format(warehouse=warehouse)} Ajoutez la colonne à "
        "l'export, ou chargez malgré tout avec --forcer (la table et ses tables filles "
        "seront vides)."
    )


def stray_date_warning(newest: list[tuple[dt.date, str, int, str]]) -> str | None:
    """Warn when the newest entry date is far after all the others (one stray row).

    `newest` holds (date, table, line, column) of the two newest rows of the extract.
    """
    if len(newest) < 2:
        return None
    (first, table, line, column), (second, *_) = sorted(newest, reverse=True)[:2]
    if (first - second).days <= STRAY_DATE_DAYS:
        return None
    return (
        f"La date d'extraction ({french_short_date(first)}) vient d'une seule ligne : "
        f"table {table}, ligne {line}, « {column} » ; la date suivante de l'extrait est le "
        f"{french_short_date(second)}. Si cette date est une erreur de saisie, donnez la "
        "vraie date avec --date-extraction."
    )


def _origin(report: LoadReport) -> str:
    return {
        "utilisateur": "donnée par --date-extraction",
        "extrait": "la date de saisie la plus récente de l'extrait",
    }.get(report.extract_date_origin, "")
