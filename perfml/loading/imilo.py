"""The national referential of i-milo structures (JSON) read as the `structures` table.

Format (`shared/data/README.md`): a JSON list of objects with `id` (8 characters: the
5-character `code_ml` followed by `S00`), `nom_officiel`, `nom_usuel`, `nom_region`
("Structure régionale …"), `code_region`, `nom_departement` ("Structure départementale
…"), `code_departement`, `timezone`. Each object becomes one row, validated like any
other `structures` row.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pyarrow as pa

from perfml.errors import UserError
from perfml.loading.formats import SourceFile

ID_SUFFIX = "S00"
REGION_PREFIX = "Structure régionale "
DEPARTEMENT_PREFIX = "Structure départementale "
# Columns of the rows built from the referential (the `structures` table and extras).
COLUMNS = ("code_ml", "nom", "code_departement", "code_region", "nom_region", "nom_departement")


def read_referential(path: Path) -> list[dict[str, str | None]]:
    """Return the referential's structures as `structures` rows (all text)."""
    try:
        entries = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise UserError(
            f"Le fichier {path} n'est pas un JSON lisible : attendu le référentiel national "
            "des structures i-milo (une liste d'objets en UTF-8)."
        ) from None
    if not isinstance(entries, list) or not all(isinstance(e, dict) and "id" in e for e in entries):
        raise UserError(
            f"Le fichier {path} n'a pas la forme du référentiel i-milo : attendu une liste "
            "d'objets ayant chacun un champ « id »."
        )
    return [structure_row(entry) for entry in entries]


def structure_row(entry: dict[str, object]) -> dict[str, str | None]:
    """Turn one referential object into a `structures` row (the code without `S00`…)."""
    identifier = _text(entry.get("id")) or ""
    code_ml = identifier.removesuffix(ID_SUFFIX) if len(identifier) == 8 else identifier
    return {
        "code_ml": code_ml or None,
        "nom": _text(entry.get("nom_usuel")) or _text(entry.get("nom_officiel")),
        "code_departement": _text(entry.get("code_departement")),
        "code_region": _text(entry.get("code_region")),
        "nom_region": _strip(_text(entry.get("nom_region")), REGION_PREFIX),
        "nom_departement": _strip(_text(entry.get("nom_departement")), DEPARTEMENT_PREFIX),
    }


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _strip(value: str | None, prefix: str) -> str | None:
    return value.removeprefix(prefix) if value else value


def stage_referential(con: duckdb.DuckDBPyConnection, path: Path, target: str) -> SourceFile:
    """Read the referential into the temporary table `target` (with `_ligne`)."""
    rows = read_referential(path)
    # Line convention of every source: the n-th record is line n + 1.
    data = {"_ligne": pa.array(range(2, len(rows) + 2), type=pa.int64())}
    for column in COLUMNS:
        data[column] = pa.array([row[column] for row in rows], type=pa.string())
    referential = pa.table(data)  # noqa: F841 (read by DuckDB by its name)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {target} AS SELECT * FROM referential")
    return SourceFile(
        table="structures",
        path=path,
        kind="json",
        columns=COLUMNS,
        types=("VARCHAR",) * len(COLUMNS),
    )
