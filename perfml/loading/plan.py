"""Match a file's columns to its contract table: what is loaded, missing or ignored.

The loader's view of the contract adds what the loading rules need beyond
`perfml.contract`: the i-milo referential's extra columns of `structures`
(`nom_region`, `nom_departement`, also accepted from CSV), the numeric extra columns of
`contexte`, and the referential's own leniency (its technical structures have no region).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from perfml.contract import Column, Table
from perfml.errors import UserError
from perfml.loading.formats import SourceFile, physical_names

# Text columns a table accepts beyond the contract (kept, never required).
EXTRA_COLUMNS: dict[str, tuple[Column, ...]] = {
    "structures": (
        Column("nom_region", "text", required=False),
        Column("nom_departement", "text", required=False),
    ),
}
# The national referential lists technical structures without region or département:
# they are loaded (with a warning), since the referential is the authority on structures.
REFERENTIAL_OPTIONAL = ("code_region", "code_departement")


@dataclass(frozen=True)
class Field:
    """One column of the loaded table and where its cells come from."""

    column: Column
    source: str | None  # the file's column name (None: absent optional column)
    source_type: str = "VARCHAR"

    @property
    def name(self) -> str:
        return self.column.name


@dataclass
class TablePlan:
    """How one file becomes one table of the warehouse."""

    table: Table
    source: SourceFile
    fields: list[Field]
    missing_required: list[str]
    warnings: list[str] = field(default_factory=list)

    @property
    def is_rejected_whole(self) -> bool:
        """Whether a required column is missing, which rejects every row of the file."""
        return bool(self.missing_required)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def has(self, name: str) -> bool:
        return any(f.name == name and f.source is not None for f in self.fields)

    @property
    def extra_fields(self) -> list[Field]:
        return [f for f in self.fields if f.name not in self.table.column_names]

    def drop_field(self, name: str, warning: str) -> None:
        """Stop loading a column, saying why."""
        self.fields = [f for f in self.fields if f.name != name]
        self.warnings.append(warning)


def loader_columns(table: Table, from_referential: bool = False) -> tuple[Column, ...]:
    """The columns the loader writes for `table`: the contract's, then its extra columns."""
    columns = []
    for column in table.columns:
        if from_referential and column.name in REFERENTIAL_OPTIONAL:
            column = replace(column, required=False)
        columns.append(column)
    return (*columns, *EXTRA_COLUMNS.get(table.name, ()))


def plan_table(table: Table, source: SourceFile) -> TablePlan:
    """Match the columns of `source` to `table` (names compared without case or spaces)."""
    physical = physical_names(source.columns)
    by_key: dict[str, int] = {}
    blanks: list[int] = []
    for position, name in enumerate(source.columns):
        key = name.strip().lower()
        if not key:
            blanks.append(position)
            continue
        if key in by_key:
            raise UserError(
                f"La colonne « {name} » apparaît deux fois dans l'en-tête du fichier "
                f"{source.path} : renommez ou supprimez l'une des deux."
            )
        by_key[key] = position
    columns = loader_columns(table, from_referential=source.kind == "json")
    expected = {c.name for c in columns}
    if not expected & set(by_key):
        raise UserError(
            f"Le fichier {source.path} ne ressemble pas à la table {table.name} : aucune des "
            f"colonnes attendues ({', '.join(table.column_names)}) n'apparaît dans son en-tête."
        )
    fields: list[Field] = []
    missing: list[str] = []
    for column in columns:
        position = by_key.get(column.name)
        if position is None:
            if column.required:
                missing.append(column.name)
            fields.append(Field(column, None))
        else:
            fields.append(Field(column, physical[position], source.types[position]))
    plan = TablePlan(table, source, fields, missing)
    for key, position in by_key.items():
        if key in expected:
            continue
        if table.keeps_extra_columns:
            extra = Column(source.columns[position].strip(), "decimal", required=False)
            plan.fields.append(Field(extra, physical[position], source.types[position]))
        else:
            plan.warnings.append(
                f"Colonne « {source.columns[position]} » de {source.path.name} ignorée : "
                f"elle n'est pas dans le contrat de la table {table.name}."
            )
    for position in blanks:
        plan.warnings.append(
            f"Colonne n° {position + 1} de {source.path.name} ignorée : son en-tête est vide."
        )
    return plan
