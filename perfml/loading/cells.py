"""SQL that reads one cell: its text as given, whether it is empty, and its typed value.

Each function returns a DuckDB SQL expression over a source column. Text cells (every
CSV cell, and text cells of Parquet) are parsed strictly: a value is accepted only when
it is unambiguous (`3.5` is never rounded into an integer, `02/01/24` is not a date).
A typed value is NULL when the cell is empty or cannot be read; the validation tells the
two apart with `raw IS NULL`.
"""

from __future__ import annotations

from perfml.contract import ColumnType

# What `DD/MM/YYYY`, `YYYY-MM-DD`, numbers and booleans look like in a French extract.
ISO_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
FRENCH_DATE = r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}"
INTEGER = r"[+-]?[0-9]+(\.0*)?"
DECIMAL = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?"
TRUE_WORDS = ("1", "true", "oui", "o", "vrai")
FALSE_WORDS = ("0", "false", "non", "n", "faux")

TYPE_SQL: dict[str, str] = {
    "text": "VARCHAR",
    "enum": "VARCHAR",
    "int": "BIGINT",
    "decimal": "DOUBLE",
    "date": "DATE",
    "bool": "BOOLEAN",
}
INTEGER_TYPES = (
    "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
    "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT",
)  # fmt: skip
FLOAT_TYPES = ("FLOAT", "DOUBLE", "REAL")


def is_text_type(source_type: str) -> bool:
    """Whether a source column holds text (every CSV column does)."""
    return source_type == "VARCHAR"


def _is_decimal_type(source_type: str) -> bool:
    return source_type.startswith("DECIMAL")


def raw_sql(column: str, source_type: str) -> str:
    """The cell as given, as text; NULL when empty (blank text, NULL or NaN)."""
    if is_text_type(source_type):
        # `trim` only for the rare cell starting or ending with a space: it is costly.
        return (
            f"CASE WHEN {column} = '' THEN NULL "
            f"WHEN {column} NOT LIKE ' %' AND {column} NOT LIKE '% ' THEN {column} "
            f"WHEN trim({column}) <> '' THEN {column} END"
        )
    if source_type in FLOAT_TYPES:
        return f"CASE WHEN NOT isnan({column}) THEN CAST({column} AS VARCHAR) END"
    return f"CAST({column} AS VARCHAR)"


def empty_sql(column: str, source_type: str) -> str:
    """Whether the cell is empty: the same as `raw_sql(...) IS NULL`, without rendering text."""
    if is_text_type(source_type):
        return f"({raw_sql(column, source_type)}) IS NULL"
    if source_type in FLOAT_TYPES:
        return f"({column} IS NULL OR isnan({column}))"
    return f"{column} IS NULL"


def typed_sql(kind: ColumnType, column: str, source_type: str, decimal_comma: bool) -> str:
    """The cell's value in the column's natural type; NULL when empty or unreadable."""
    if is_text_type(source_type) or not _has_native_reader(kind, source_type):
        text = raw_sql(column, source_type)
        return _parse_text(kind, text, decimal_comma)
    if kind == "date":
        return f"CAST({column} AS DATE)"
    if kind == "bool":
        if source_type == "BOOLEAN":
            return column
        return f"CASE {column} WHEN 1 THEN true WHEN 0 THEN false END"
    if kind == "int":
        if source_type in INTEGER_TYPES:
            return f"TRY_CAST({column} AS BIGINT)"
        value = f"CAST({column} AS DOUBLE)"
        return (
            f"CASE WHEN isfinite({value}) AND {value} = floor({value}) "
            f"THEN TRY_CAST({value} AS BIGINT) END"
        )
    if kind == "decimal":
        value = f"CAST({column} AS DOUBLE)"
        return f"CASE WHEN isfinite({value}) THEN {value} END"
    return f"CAST({column} AS VARCHAR)"


def _has_native_reader(kind: ColumnType, source_type: str) -> bool:
    numeric = source_type in INTEGER_TYPES or source_type in FLOAT_TYPES
    numeric = numeric or _is_decimal_type(source_type)
    return {
        "date": source_type == "DATE" or source_type.startswith("TIMESTAMP"),
        "bool": source_type == "BOOLEAN" or source_type in INTEGER_TYPES,
        "int": numeric,
        "decimal": numeric,
        "text": False,
        "enum": False,
    }[kind]


def _parse_text(kind: ColumnType, text: str, decimal_comma: bool) -> str:
    """Parse the text `text` (already NULL when empty) into `kind`."""
    value = f"trim({text})"
    if decimal_comma and kind in ("int", "decimal"):
        value = f"replace({value}, ',', '.')"
    if kind in ("text", "enum"):
        return text
    if kind == "int":
        return (
            f"CASE WHEN regexp_full_match({value}, '{INTEGER}') "
            f"THEN TRY_CAST(split_part({value}, '.', 1) AS BIGINT) END"
        )
    if kind == "decimal":
        return (
            f"CASE WHEN regexp_full_match({value}, '{DECIMAL}') "
            f"THEN TRY_CAST({value} AS DOUBLE) END"
        )
    if kind == "date":
        return (
            f"CASE WHEN regexp_full_match({value}, '{ISO_DATE}') THEN TRY_CAST({value} AS DATE) "
            f"WHEN regexp_full_match({value}, '{FRENCH_DATE}') "
            f"THEN CAST(try_strptime({value}, '%d/%m/%Y') AS DATE) END"
        )
    if kind == "bool":
        lowered = f"lower({value})"
        return (
            f"CASE WHEN {lowered} IN {_sql_tuple(TRUE_WORDS)} THEN true "
            f"WHEN {lowered} IN {_sql_tuple(FALSE_WORDS)} THEN false END"
        )
    raise ValueError(kind)


def _sql_tuple(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"
