"""The load report: per table, rows read, loaded and rejected, warnings, in French."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from rich.table import Table as RichTable
from rich.text import Text

from perfml.french import french_count, french_short_date

EXTRACT_DATE_ORIGINS = {
    "extrait": "date de saisie la plus récente de l'extrait",
    "utilisateur": "donnée par l'utilisateur",
    "aucune": "aucune date dans l'extrait",
}


@dataclass
class TableReport:
    """What happened to one table of the extract."""

    table: str
    file: Path | None
    format: str
    read: int = 0
    loaded: int = 0
    rejected: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def is_balanced(self) -> bool:
        """Whether every row is accounted for: read = loaded + rejected."""
        return self.read == self.loaded + self.rejected


@dataclass
class LoadReport:
    """The outcome of one load, table by table."""

    source: Path | None
    warehouse: Path
    extract_date: dt.date | None
    extract_date_origin: str  # a key of EXTRACT_DATE_ORIGINS
    tables: dict[str, TableReport] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    kept_tables: list[str] = field(default_factory=list)
    rejects_report: Path | None = None

    @property
    def read(self) -> int:
        return sum(t.read for t in self.tables.values())

    @property
    def loaded(self) -> int:
        return sum(t.loaded for t in self.tables.values())

    @property
    def rejected(self) -> int:
        return sum(t.rejected for t in self.tables.values())

    @property
    def is_balanced(self) -> bool:
        """Whether read = loaded + rejected holds for every table."""
        return all(t.is_balanced for t in self.tables.values())

    @property
    def all_warnings(self) -> list[str]:
        """Every warning: the load's own, then each table's."""
        return [*self.warnings, *(w for t in self.tables.values() for w in t.warnings)]

    def describe_extract_date(self) -> str:
        """The extract date and where it comes from, in French."""
        if self.extract_date is None:
            return "Date d'extraction : aucune (l'extrait ne contient aucune date)."
        return (
            f"Date d'extraction : {french_short_date(self.extract_date)} "
            f"({EXTRACT_DATE_ORIGINS[self.extract_date_origin]})."
        )

    def to_rich(self) -> RichTable:
        """The per-table counts as a Rich table (for the terminal)."""
        grid = RichTable(title="Chargement de l'extrait", title_justify="left")
        grid.add_column("Table")
        grid.add_column("Fichier")
        grid.add_column("Format")
        for heading in ("Lues", "Chargées", "Rejetées"):
            grid.add_column(heading, justify="right")
        for report in self.tables.values():
            grid.add_row(
                report.table,
                report.file.name if report.file else "—",
                report.format,
                french_count(report.read),
                french_count(report.loaded),
                Text(french_count(report.rejected), style="red" if report.rejected else ""),
            )
        grid.add_section()
        grid.add_row(
            "Total",
            "",
            "",
            french_count(self.read),
            french_count(self.loaded),
            french_count(self.rejected),
        )
        return grid

    def conclusion(self) -> list[str]:
        """The sentences that follow the table: date, balance, warnings, files."""
        lines = [self.describe_extract_date()]
        if self.is_balanced:
            lines.append("Chaque ligne lue est chargée ou rejetée (lues = chargées + rejetées).")
        else:
            unbalanced = [t.table for t in self.tables.values() if not t.is_balanced]
            lines.append(f"Comptes déséquilibrés pour : {', '.join(unbalanced)}.")
        warnings = self.all_warnings
        if warnings:
            lines.append("Avertissements :")
            lines.extend(f"  - {w}" for w in warnings)
        if self.kept_tables:
            lines.append(
                "Tables des autres traitements conservées dans l'entrepôt : "
                + ", ".join(self.kept_tables)
                + "."
            )
        lines.append(f"Entrepôt écrit : {self.warehouse}")
        if self.rejects_report is not None:
            lines.append(f"Rapport des rejets : {self.rejects_report}")
        return lines

    def to_text(self) -> str:
        """The whole report as plain French text."""
        headings = ("Table", "Fichier", "Lues", "Chargées", "Rejetées")
        rows = [
            (
                t.table,
                t.file.name if t.file else "—",
                french_count(t.read),
                french_count(t.loaded),
                french_count(t.rejected),
            )
            for t in self.tables.values()
        ]
        rows.append(
            (
                "Total",
                "",
                french_count(self.read),
                french_count(self.loaded),
                french_count(self.rejected),
            )
        )
        widths = [max(len(r[i]) for r in [headings, *rows]) for i in range(len(headings))]

        def line(cells: tuple[str, ...]) -> str:
            left = [c.ljust(w) for c, w in zip(cells[:2], widths[:2], strict=True)]
            right = [c.rjust(w) for c, w in zip(cells[2:], widths[2:], strict=True)]
            return "  ".join(left + right).rstrip()

        source = f" {self.source}" if self.source else ""
        text = [f"Chargement de l'extrait{source}", line(headings)]
        text.extend(line(r) for r in rows)
        text.extend(self.conclusion())
        return "\n".join(text)
