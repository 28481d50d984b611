"""One load's work inside the temporary warehouse: read, check, write, explain.

Every file is read first (CSV into memory, Parquet in place), so that the extract date
(the newest entry date) is known before any rule is checked; then each table, parents
first, is checked with the SQL of `validation` and written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from perfml.contract import LOAD_ORDER, TABLES_BY_NAME, Column, Table
from perfml.errors import UserError
from perfml.loading import rejects
from perfml.loading.cells import TYPE_SQL
from perfml.loading.formats import (
    SourceFile,
    relation_sql,
    sniff_csv,
    sniff_parquet,
    sql_name,
    sql_string,
)
from perfml.loading.imilo import stage_referential
from perfml.loading.plan import TablePlan, loader_columns, plan_table
from perfml.loading.progress import LoadProgress
from perfml.loading.refusal import (
    DEFAULT_THRESHOLD,
    LoadRefused,
    find_losses,
    forced_warnings,
    missing_columns_error,
    refuse,
    stray_date_warning,
)
from perfml.loading.replacement import interrupt_if_asked
from perfml.loading.report import LoadReport, TableReport
from perfml.loading.validation import (
    check_sql,
    checked,
    detail_sql,
    duplicates_sql,
    is_self_reference,
    key_hashes_sql,
    references,
    row_checks,
    self_reference_sql,
    stage,
    typed_view_sql,
)
from perfml.warehouse import LOADS_TABLE, META_TABLE

# Tables that other tables reference: their rejected keys are kept for the cascade.
PARENT_TABLES = {
    ref.parent for t in TABLES_BY_NAME.values() for ref in references(t) if ref.parent != t.name
}


class LoadPipeline:
    """One load: read every file, compute the extract date, validate and write each table."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        warehouse: Path,
        files: dict[str, Path],
        scratch: Path,
        extract_date: dt.date | None,
        progress: bool,
        full_extract: bool,
        threshold: float = DEFAULT_THRESHOLD,
        force: bool = False,
    ) -> None:
        self.con = con
        self.warehouse = warehouse
        self.threshold = threshold
        self.force = force
        self.stray_date: str | None = None
        self.full_extract = full_extract
        self.files = files
        self.scratch = scratch
        self.given_date = extract_date
        self.progress = LoadProgress([t for t in LOAD_ORDER if t in files], enabled=progress)
        self.plans: dict[str, TablePlan] = {}
        self.reports: dict[str, TableReport] = {}
        self.source_rows: dict[str, int] = {}
        self.rejected_parents: set[str] = set()
        self.whole_rejected: set[str] = set()

    def run(self, source: Path | None, warehouse: Path) -> LoadReport:
        rejects.create_work_table(self.con)
        with self.progress:
            for name in LOAD_ORDER:
                if name in self.files:
                    self.read(TABLES_BY_NAME[name], self.files[name])
            extract_date = self.given_date or self.newest_entry_date()
            for name in LOAD_ORDER:
                if name in self.plans:
                    self.validate(self.plans[name], extract_date)
        origin = "utilisateur" if self.given_date else ("extrait" if extract_date else "aucune")
        report = LoadReport(source, warehouse, extract_date, origin)
        if self.stray_date and not self.given_date:
            report.warnings.append(self.stray_date)
        for name in LOAD_ORDER:
            if name in self.reports:
                report.tables[name] = self.reports[name]
            elif self.full_extract:
                report.tables[name] = self.create_empty(TABLES_BY_NAME[name])
        losses = find_losses(self.con, report, self.threshold)
        if losses and not self.force:
            refused = refuse(losses, report, self.threshold)
            rejects.save(self.con)  # for the report of the refused load
            raise refused
        report.warnings.extend(forced_warnings(losses))
        rejects.save(self.con)
        self.save_meta(report)
        return report

    # -- reading ---------------------------------------------------------------------

    def read(self, table: Table, path: Path) -> None:
        """Read `path` into the temporary table `src:<table>` and plan its columns."""
        interrupt_if_asked(f"lecture:{table.name}")
        src = stage("src", table.name)
        suffix = path.suffix.lower()
        if suffix == ".json":
            source = stage_referential(self.con, path, src)
        elif suffix == ".parquet":
            source = sniff_parquet(table.name, path, self.con)
        else:
            source = sniff_csv(table.name, path, self.scratch)
        plan = plan_table(table, source)
        if plan.missing_required and not self.force:
            raise LoadRefused(
                missing_columns_error(path.name, table.name, plan.missing_required, self.warehouse)
            )
        if source.split is not None:
            plan.warnings.extend(source.split.warnings)
        try:
            if source.kind != "json":
                self._stage_rows(source, src)
            row = self.con.execute(f"SELECT count(*) FROM {src}").fetchone()
            self.source_rows[table.name] = int(row[0]) if row else 0
            self.con.execute(
                f"CREATE TEMP VIEW {stage('typed', table.name)} AS {typed_view_sql(plan, src)}"
            )
            self._drop_non_numeric_extras(plan)
        except (duckdb.InvalidInputException, duckdb.IOException):
            raise _unreadable(path) from None
        self.plans[table.name] = plan
        self.progress.advance(table.name, "lu")

    def _stage_rows(self, source: SourceFile, target: str) -> None:
        """Make `target` the file's rows, each with its line number `_ligne`.

        Line convention: the header is line 1, as in a spreadsheet. A CSV's records carry
        their physical line number (`perfml.loading.lines`), and the lines it rejected go
        to the rejects; Parquet is read in place, its n-th row being line n + 1.
        """
        relation = relation_sql(source)
        if source.kind == "parquet":
            self.con.execute(
                f"CREATE TEMP VIEW {target} AS SELECT file_row_number + 2 AS _ligne, "
                f"* EXCLUDE (file_row_number) FROM {relation}"
            )
            return
        self.con.execute(f"CREATE TEMP TABLE {target} AS SELECT * FROM {relation}")
        split = source.split
        assert split is not None
        if split.rejected:
            rejects.add_split_rejects(self.con, source.path.name, source.table, split.rejects_path)

    def _drop_non_numeric_extras(self, plan: TablePlan) -> None:
        """Ignore an extra column of `contexte` none of whose cells is a number."""
        extras = [f for f in plan.extra_fields if f.column.type == "decimal" and f.source]
        if not extras:
            return
        counts = ", ".join(
            f"count({sql_name('brut:' + f.name)}), count({sql_name(f.name)})" for f in extras
        )
        row = self.con.execute(f"SELECT {counts} FROM {stage('typed', plan.table.name)}").fetchone()
        assert row is not None
        dropped = False
        for i, f in enumerate(extras):
            filled, numeric = row[2 * i], row[2 * i + 1]
            if filled and not numeric:
                plan.drop_field(
                    f.name,
                    f"Colonne « {f.name} » de {plan.source.path.name} ignorée : aucune de ses "
                    "valeurs n'est un nombre (la table contexte ne garde que des colonnes "
                    "numériques).",
                )
                dropped = True
        if dropped:
            src = stage("src", plan.table.name)
            self.con.execute(
                f"CREATE OR REPLACE TEMP VIEW {stage('typed', plan.table.name)} AS "
                f"{typed_view_sql(plan, src)}"
            )

    def newest_entry_date(self) -> dt.date | None:
        """The newest entry date of the extract (`date_saisie`, null = the event date).

        The two newest rows are kept to warn when one row alone moves the date far ahead.
        """
        newest: list[tuple[dt.date, str, int, str]] = []
        for plan in self.plans.values():
            table = plan.table
            if plan.is_rejected_whole or not table.entry_date or not table.event_date:
                continue
            pairs = [(table.entry_date, table.event_date)]
            if any(o.later == "date_saisie_sortie" for o in table.date_orders):
                pairs.append(("date_saisie_sortie", "date_sortie"))
            typed = stage("typed", table.name)
            parts = [
                f"SELECT coalesce({sql_name(entry)}, {sql_name(event)}) AS d, _ligne, "
                f"CASE WHEN {sql_name(entry)} IS NOT NULL THEN {sql_string(entry)} "
                f"ELSE {sql_string(event)} END AS c FROM {typed}"
                for entry, event in pairs
            ]
            try:
                rows = self.con.execute(
                    f"SELECT d, _ligne, c FROM ({' UNION ALL '.join(parts)}) "
                    "WHERE d IS NOT NULL ORDER BY d DESC, _ligne LIMIT 2"
                ).fetchall()
            except (duckdb.InvalidInputException, duckdb.IOException):
                raise _unreadable(plan.source.path) from None
            newest.extend((r[0], table.name, int(r[1]), r[2]) for r in rows)
        self.stray_date = stray_date_warning(newest)
        return max((n[0] for n in newest), default=None)

    # -- validation and writing ------------------------------------------------------

    def validate(self, plan: TablePlan, extract_date: dt.date | None) -> None:
        """Check every rule on the whole table, write the loaded rows and the rejects."""
        name = plan.table.name
        try:
            if plan.is_rejected_whole:
                self._reject_whole(plan)
            else:
                self._check_and_write(plan, extract_date)
        except (duckdb.InvalidInputException, duckdb.IOException):
            raise _unreadable(plan.source.path) from None
        self.con.execute(f"DROP VIEW {stage('typed', name)}")
        kind = "VIEW" if plan.source.kind == "parquet" else "TABLE"
        self.con.execute(f"DROP {kind} {stage('src', name)}")
        self.reports[name] = self._count(plan)
        if plan.source.kind == "json":
            self.reports[name].warnings.extend(self._structures_without_region())
        self.progress.advance(name, "écrit")

    def _structures_without_region(self) -> list[str]:
        """Warn about the referential's structures loaded without a region."""
        rows = self.con.execute(
            "SELECT code_ml || ' (' || nom || ')' FROM main.structures "
            "WHERE code_region IS NULL ORDER BY code_ml"
        ).fetchall()
        if not rows:
            return []
        names = ", ".join(r[0] for r in rows)
        if len(rows) == 1:
            return [
                f"Structure du référentiel sans région : {names} ; elle est chargée mais "
                "n'entre dans aucun agrégat régional."
            ]
        return [
            f"Structures du référentiel sans région : {names} ; elles sont chargées mais "
            "n'entrent dans aucun agrégat régional."
        ]

    def _check_and_write(self, plan: TablePlan, extract_date: dt.date | None) -> None:
        """Write the table with `_ok` per row, explain the bad rows, then delete them."""
        con, name = self.con, plan.table.name
        checks = row_checks(plan, extract_date)
        has_dups = self._find_duplicates(plan)
        interrupt_if_asked(f"ecriture:{name}")
        table = checked(name)
        columns = ", ".join(column_ddl(f.column) for f in plan.fields)
        con.execute(
            f"CREATE TABLE {table} ({columns}, "
            "_ligne BIGINT USING COMPRESSION bitpacking, _ok BOOLEAN)"
        )
        con.execute(f"INSERT INTO {table} BY NAME {check_sql(plan, checks, has_dups)}")
        for ref in references(plan.table):
            if is_self_reference(plan.table, ref) and plan.has(ref.column):
                # Each pass may reject rows whose parent the previous pass rejected.
                while (con.execute(self_reference_sql(plan, ref)).fetchone() or (0,))[0]:
                    pass
        self.progress.advance(name, "contrôlé")
        row = con.execute(f"SELECT count(*) FROM {table} WHERE NOT _ok").fetchone()
        if row and row[0]:
            bad = stage("bad", name)
            con.execute(
                f"CREATE TEMP TABLE {bad} AS SELECT * FROM {stage('typed', name)} "
                f"WHERE _ligne IN (SELECT _ligne FROM {table} WHERE NOT _ok)"
            )
            details = detail_sql(plan, checks, has_dups, self.rejected_parents, self.whole_rejected)
            rejects.add_rejects(con, plan.source.path.name, name, details)
            self._assert_every_bad_row_explained(name, bad)
            self._keep_rejected_keys(plan, bad)
            con.execute(f"DELETE FROM {table} WHERE NOT _ok")
        con.execute(f"ALTER TABLE {table} DROP COLUMN _ok")
        con.execute(f"ALTER TABLE {table} DROP COLUMN _ligne")
        for temporary in ("bad", "dups", "hashes"):
            con.execute(f"DROP TABLE IF EXISTS {stage(temporary, name)}")

    def _find_duplicates(self, plan: TablePlan) -> bool:
        """Gather the repeated keys of the table in `dups:<table>`; say whether there are any."""
        hashes_sql = key_hashes_sql(plan)
        if hashes_sql is None:
            return False
        name = plan.table.name
        hashes = stage("hashes", name)
        self.con.execute(f"CREATE TEMP TABLE {hashes} AS {hashes_sql}")
        row = self.con.execute(f"SELECT count(*) FROM {hashes}").fetchone()
        if not (row and row[0]):
            return False
        dups = stage("dups", name)
        self.con.execute(f"CREATE TEMP TABLE {dups} AS {duplicates_sql(plan, hashes)}")
        row = self.con.execute(f"SELECT count(*) FROM {dups}").fetchone()
        return bool(row and row[0])

    def _reject_whole(self, plan: TablePlan) -> None:
        name = plan.table.name
        typed = stage("typed", name)
        parts = [
            f"SELECT _ligne, {sql_string(column)}, NULL, 'colonne_manquante', "
            f"{sql_string(_missing_message(column))}, {order} FROM {typed}"
            for order, column in enumerate(plan.missing_required)
        ]
        rejects.add_rejects(self.con, plan.source.path.name, name, " UNION ALL ".join(parts))
        self.whole_rejected.add(name)
        columns = ", ".join(sql_name(f.name) for f in plan.fields)
        self.con.execute(
            f"CREATE TABLE main.{sql_name(name)} AS SELECT {columns} FROM {typed} LIMIT 0"
        )
        self._keep_rejected_keys(plan, typed)

    def _keep_rejected_keys(self, plan: TablePlan, rows: str) -> None:
        """Keep the keys of the rejected rows of a parent table, for "parent rejeté"."""
        name = plan.table.name
        if name not in PARENT_TABLES or len(plan.table.primary_key) != 1:
            return
        key = sql_name(plan.table.primary_key[0])
        self.con.execute(
            f"CREATE TEMP TABLE {stage('rejkeys', name)} AS SELECT DISTINCT {key} AS k "
            f"FROM {rows} WHERE {key} IS NOT NULL"
        )
        self.rejected_parents.add(name)

    def _assert_every_bad_row_explained(self, name: str, bad: str) -> None:
        row = self.con.execute(
            f"SELECT count(*) FROM {bad} WHERE _ligne NOT IN (SELECT ligne FROM "
            f"{rejects.WORK_TABLE} WHERE nom_table = {sql_string(name)})"
        ).fetchone()
        if row and row[0]:
            raise RuntimeError(f"{row[0]} lignes de {name} rejetées sans motif")

    def _count(self, plan: TablePlan) -> TableReport:
        name = plan.table.name
        row = self.con.execute(f"SELECT count(*) FROM main.{sql_name(name)}").fetchone()
        loaded = int(row[0]) if row else 0
        rejected = rejects.rejected_lines(self.con, name)
        split = plan.source.split
        # The lines the CSV split rejected never reached the staged rows: read all the same.
        unsplit = split.rejected if split is not None else 0
        report = TableReport(
            table=name,
            file=plan.source.path,
            format=plan.source.describe(),
            read=self.source_rows[name] + unsplit,
            loaded=loaded,
            rejected=rejected,
            warnings=list(plan.warnings),
        )
        if not report.is_balanced:
            raise RuntimeError(f"comptes déséquilibrés pour {name}")
        return report

    def create_empty(self, table: Table) -> TableReport:
        """Create an empty table for a missing optional file."""
        columns = ", ".join(
            f"CAST(NULL AS {TYPE_SQL[c.type]}) AS {sql_name(c.name)}" for c in loader_columns(table)
        )
        self.con.execute(f"CREATE TABLE main.{sql_name(table.name)} AS SELECT {columns} LIMIT 0")
        return TableReport(
            table=table.name,
            file=None,
            format="absente (facultative)",
            warnings=[f"Table facultative {table.name} absente de l'extrait : elle est vide."],
        )

    def save_meta(self, report: LoadReport) -> None:
        """Write `_meta` and `_chargements` (nothing time-dependent: loads are repeatable)."""
        meta = {
            "date_extraction": report.extract_date.isoformat() if report.extract_date else "",
            "origine_date_extraction": report.extract_date_origin,
            "source": str(Path(report.source).resolve()) if report.source else "",
        }
        self.con.execute(
            f"CREATE TABLE main.{META_TABLE} AS SELECT * FROM (VALUES "
            + ", ".join(f"({sql_string(k)}, {sql_string(v)})" for k, v in meta.items())
            + ") AS m(key, value)"
        )
        rows = [
            [
                t.table,
                t.file.name if t.file else None,
                t.format,
                t.read,
                t.loaded,
                t.rejected,
                "\n".join(t.warnings) or None,
            ]
            for t in report.tables.values()
        ]
        self.con.execute(
            f"CREATE TABLE main.{LOADS_TABLE} (nom_table VARCHAR, fichier VARCHAR, "
            "format VARCHAR, lues BIGINT, chargees BIGINT, rejetees BIGINT, "
            "avertissements VARCHAR)"
        )
        if rows:
            self.con.execute(
                f"INSERT INTO main.{LOADS_TABLE} VALUES "
                + ", ".join("(" + ", ".join(_sql_value(v) for v in row) + ")" for row in rows)
            )


def _sql_value(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    return sql_string(value)


def column_ddl(column: Column) -> str:
    """The column's definition in the warehouse, with its compression chosen in advance.

    Left to itself DuckDB tries every method on every column, which costs more than the
    rest of the load on tens of millions of rows: identifiers go to FSST and repeated codes
    to a dictionary, which is what DuckDB would pick.
    """
    definition = f"{sql_name(column.name)} {TYPE_SQL[column.type]}"
    if column.type == "date":
        return definition + " USING COMPRESSION bitpacking"
    if column.type not in ("text", "enum"):
        return definition
    repeated = (
        column.type == "enum"
        or bool(column.values)
        or column.references
        == (
            "structures",
            "code_ml",
        )
    )
    return definition + f" USING COMPRESSION {'dictionary' if repeated else 'fsst'}"


def _unreadable(path: Path) -> UserError:
    return UserError(
        f"Le fichier {path} ne peut pas être lu jusqu'au bout (tronqué ou abîmé) : "
        "exportez à nouveau la table."
    )


def _missing_message(column: str) -> str:
    return (
        f"La colonne obligatoire « {column} » manque dans le fichier : toute la table est rejetée."
    )
