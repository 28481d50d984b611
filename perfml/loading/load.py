"""Load an extract into the warehouse, all-or-nothing, and report what happened.

Nothing in a load depends on its time, so loading the same extract twice gives the same
warehouse.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from perfml.contract import TABLES_BY_NAME
from perfml.errors import UserError
from perfml.loading import rejects
from perfml.loading.formats import find_sources
from perfml.loading.pipeline import LoadPipeline
from perfml.loading.refusal import DEFAULT_THRESHOLD, LoadRefused, refused_report_path
from perfml.loading.replacement import (
    copy_kept_tables,
    remove_stale_temporaries,
    remove_temporaries,
    replace_warehouse,
    tables_to_keep,
    temporary_paths,
)
from perfml.loading.report import LoadReport
from perfml.warehouse_lock import writing


def load_extract(
    source: Path | None,
    warehouse: Path,
    extract_date: dt.date | None = None,
    progress: bool = False,
    *,
    structures: Path | None = None,
    rejects_report: Path | None = None,
    rejects_threshold: float = DEFAULT_THRESHOLD,
    force: bool = False,
    rejects_dialect: str | None = None,
) -> LoadReport:
    """Load the extract directory `source` into the DuckDB file `warehouse`.

    `structures` (the i-milo referential JSON) supplies the `structures` table; alone
    (`source` None) it loads just that table. `extract_date` replaces the newest entry
    date of the extract for the future-date rule. `rejects_report`, if given, receives
    the rejects as a CSV (in `rejects_dialect`, French Excel by default). Raises `UserError`
    (French) when the load cannot be done, `LoadRefused` when it would lose a table or more
    than `rejects_threshold` of a table's lines (unless `force`); the previous warehouse is
    then untouched.
    """
    if not 0 <= rejects_threshold <= 1:
        raise UserError("Le seuil de rejets est une part comprise entre 0 et 1 (0,05 = 5 %).")
    warehouse = Path(warehouse)
    files, warnings = select_files(Path(source) if source else None, structures)
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    # Under the writers' lock from reading the tables to keep to the swap: nothing another
    # command writes meanwhile can be lost with the old file.
    with writing(warehouse):
        remove_stale_temporaries(warehouse)
        kept = tables_to_keep(warehouse)
        temporary, scratch = temporary_paths(warehouse)
        scratch.mkdir()
        try:
            con = duckdb.connect(str(temporary))
            con.execute("SET enable_progress_bar = false")
            try:
                loader = LoadPipeline(
                    con,
                    warehouse,
                    files,
                    scratch,
                    extract_date,
                    progress,
                    source is not None,
                    threshold=rejects_threshold,
                    force=force,
                )
                report = loader.run(
                    source=Path(source) if source else structures, warehouse=warehouse
                )
                report.warnings[:0] = warnings
                report.kept_tables = copy_kept_tables(con, warehouse, kept)
                con.execute("CHECKPOINT")
            except LoadRefused as refused:
                raise _with_refused_report(con, refused, rejects_report, rejects_dialect) from None
            finally:
                con.close()
            replace_warehouse(temporary, warehouse)
        finally:
            remove_temporaries(temporary, scratch)
        if rejects_report is not None:
            try:
                with duckdb.connect(str(warehouse), read_only=True) as con:
                    rejects.write_report(con, Path(rejects_report), rejects_dialect)
            except UserError as error:
                raise UserError(
                    f"L'entrepôt est chargé, mais le rapport des rejets n'a pas pu être écrit : "
                    f"{error}"
                ) from None
            report.rejects_report = Path(rejects_report)
    return report


def _with_refused_report(
    con: duckdb.DuckDBPyConnection,
    refused: LoadRefused,
    rejects_report: Path | None,
    dialect: str | None,
) -> LoadRefused:
    """The refusal to raise: when it has rejects and a report is asked, they are written
    beside the usual report (which still describes the warehouse in place), and named."""
    if rejects_report is None or not refused.has_rejects:
        return refused
    path = refused_report_path(Path(rejects_report))
    try:
        rejects.write_report(con, path, dialect)
    except UserError as error:
        return LoadRefused(
            f"{refused}\nLe détail des lignes rejetées n'a pas pu être écrit : {error}"
        )
    return LoadRefused(
        f"{refused}\nLe détail des lignes rejetées de ce chargement refusé est dans {path}."
    )


def select_files(source: Path | None, structures: Path | None) -> tuple[dict[str, Path], list[str]]:
    """The file of each table to load, and warnings; raises when a required one lacks."""
    if source is None and structures is None:
        raise UserError("Indiquez le dossier de l'extrait ou le référentiel des structures.")
    files: dict[str, Path] = {}
    warnings: list[str] = []
    if source is not None:
        files, warnings = find_sources(source)
    if structures is not None:
        if not structures.is_file():
            raise UserError(f"Le référentiel des structures {structures} n'existe pas.")
        if "structures" in files:
            raise UserError(
                f"Deux sources pour la table structures : {files['structures']} et "
                f"{structures}. Gardez-en une seule."
            )
        files["structures"] = structures
    if source is not None:
        missing = [
            t.name for t in TABLES_BY_NAME.values() if not t.optional and t.name not in files
        ]
        if missing:
            raise UserError(
                f"Il manque dans {source} le fichier des tables obligatoires : "
                + ", ".join(missing)
                + " (attendu <table>.csv ou <table>.parquet)."
            )
    return files, warnings
