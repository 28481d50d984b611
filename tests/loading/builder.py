"""A tiny valid extract, written by the tests in any supported format, then spoiled at will.

`valid_rows()` gives a few hand-made rows per table that break no rule; tests change a
cell or add a row, then `write_extract` writes the tables as CSV (any encoding, separator,
date and boolean style) or Parquet.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from perfml.contract import TABLES_BY_NAME

D = dt.date


def valid_rows() -> dict[str, list[dict[str, object]]]:
    """Rows of every contract table, consistent with each other (2 MLs, 3 youths)."""
    return {
        "structures": [
            {"code_ml": "01001", "nom": "Mission locale de l'Ain", "code_departement": "01",
             "code_region": "84"},
            {"code_ml": "2A004", "nom": "Mission locale d'Ajaccio", "code_departement": "2A",
             "code_region": "94"},
        ],
        "structures_annee": [
            {"code_ml": "01001", "annee": 2024, "etp": 12.5, "ressources_eur": 900000.0,
             "etp_conseillers_gj": 2.0},
            {"code_ml": "2A004", "annee": 2024, "etp": 8.0, "ressources_eur": 500000.0,
             "etp_conseillers_gj": None},
        ],
        "contexte": [
            {"code_ml": "01001", "annee": 2024, "neet_16_25": 1200, "taux_chomage": 7.5},
            {"code_ml": "2A004", "annee": 2024, "neet_16_25": 800, "taux_chomage": 9.25},
        ],
        "jeunes": [
            {"id_jeune": "J1", "code_ml": "01001", "date_naissance": D(2004, 5, 1), "sexe": "F",
             "date_premier_accueil": D(2023, 2, 1), "neet_premier_accueil": True,
             "rqth": False, "qpv": True, "zrr": None, "date_saisie": D(2023, 2, 3)},
            {"id_jeune": "J2", "code_ml": "01001", "date_naissance": D(2006, 1, 15), "sexe": "M",
             "date_premier_accueil": D(2023, 6, 1), "neet_premier_accueil": False,
             "rqth": None, "qpv": None, "zrr": None, "date_saisie": None},
            {"id_jeune": "J3", "code_ml": "2A004", "date_naissance": D(2003, 11, 30),
             "sexe": "F", "date_premier_accueil": D(2024, 1, 10),
             "neet_premier_accueil": True, "rqth": True, "qpv": False, "zrr": True,
             "date_saisie": D(2024, 1, 10)},
        ],
        "dispositifs": [
            {"id_dispositif": "P1", "id_jeune": "J1", "code_ml": "01001", "type": "PACEA",
             "id_dispositif_parent": None, "date_entree": D(2023, 3, 1),
             "date_sortie": D(2024, 3, 1), "situation_sortie": "EMPLOI",
             "date_saisie": D(2023, 3, 1), "date_saisie_sortie": D(2024, 3, 5)},
            {"id_dispositif": "G1", "id_jeune": "J1", "code_ml": "01001", "type": "GJ",
             "id_dispositif_parent": "P1", "date_entree": D(2023, 4, 1), "date_sortie": None,
             "situation_sortie": None, "date_saisie": None, "date_saisie_sortie": None},
            {"id_dispositif": "P3", "id_jeune": "J3", "code_ml": "2A004", "type": "PACEA",
             "id_dispositif_parent": None, "date_entree": D(2024, 2, 1), "date_sortie": None,
             "situation_sortie": None, "date_saisie": D(2024, 2, 2),
             "date_saisie_sortie": None},
        ],
        "situations": [
            {"id_situation": "S1", "id_jeune": "J1", "categorie": "EMPLOI",
             "date_debut": D(2024, 3, 1), "date_fin": None, "date_saisie": D(2024, 3, 4)},
            {"id_situation": "S2", "id_jeune": "J2", "categorie": "FORMATION",
             "date_debut": D(2023, 9, 1), "date_fin": D(2024, 1, 31), "date_saisie": None},
        ],
        "propositions": [
            {"id_proposition": "R1", "id_jeune": "J1", "code_ml": "01001",
             "date_proposition": D(2023, 3, 15), "theme": "EMPLOI", "date_saisie": None},
            {"id_proposition": "R2", "id_jeune": "J3", "code_ml": "2A004",
             "date_proposition": D(2024, 2, 15), "theme": "SANTE",
             "date_saisie": D(2024, 2, 16)},
        ],
        "offres": [
            {"id_offre": "O1", "code_ml": "01001", "origine": "INTERNE",
             "date_collecte": D(2023, 5, 2), "nb_postes": 2, "date_saisie": None},
            {"id_offre": "O2", "code_ml": "2A004", "origine": "EXTERNE",
             "date_collecte": D(2024, 1, 20), "nb_postes": None, "date_saisie": None},
        ],
        "mises_en_relation": [
            {"id_mer": "M1", "id_offre": "O1", "id_jeune": "J1", "code_ml": "01001",
             "date_prescription": D(2023, 5, 10), "statut": "REALISEE",
             "date_realisation": D(2023, 5, 20), "date_saisie": None},
            {"id_mer": "M2", "id_offre": "O2", "id_jeune": "J3", "code_ml": "2A004",
             "date_prescription": D(2024, 1, 25), "statut": "PRESCRITE",
             "date_realisation": None, "date_saisie": D(2024, 1, 26)},
        ],
        "phases_collectives": [
            {"id_dispositif": "G1", "date_debut": D(2023, 4, 3), "date_fin": D(2023, 4, 28)},
        ],
    }  # fmt: skip


# Newest entry date of valid_rows(): the extract date when none is given.
EXTRACT_DATE = D(2024, 3, 5)


def format_cell(value: object, french: bool = False, booleans: tuple[str, str] = ("1", "0")) -> str:
    """Write one value as a CSV cell (ISO or French dates, chosen boolean words)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return booleans[0] if value else booleans[1]
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y") if french else value.isoformat()
    if isinstance(value, float) and french:
        return f"{value}".replace(".", ",")
    return str(value)


def write_csv(
    path: Path,
    rows: list[dict[str, object]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    french: bool = False,
    booleans: tuple[str, str] = ("1", "0"),
    columns: list[str] | None = None,
) -> Path:
    """Write `rows` as a CSV file (with `;`, French dates and decimal commas if `french`)."""
    names = columns or list(rows[0]) if rows else columns or []
    with path.open("w", encoding=encoding, newline="") as stream:
        writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(names)
        for row in rows:
            writer.writerow([format_cell(row.get(n), french, booleans) for n in names])
    return path


def write_parquet(path: Path, table: str, rows: list[dict[str, object]]) -> Path:
    """Write `rows` as Parquet with natural types (dates, booleans, numbers)."""
    names = list(rows[0]) if rows else list(TABLES_BY_NAME[table].column_names)
    arrays = {}
    for name in names:
        values = [row.get(name) for row in rows]
        kind = _column_kind(table, name)
        arrow_type = {
            "date": pa.date32(), "bool": pa.bool_(), "int": pa.int64(),
            "decimal": pa.float64(),
        }.get(kind, pa.string())  # fmt: skip
        arrays[name] = pa.array(values, type=arrow_type)
    pq.write_table(pa.table(arrays), path)
    return path


def _column_kind(table: str, name: str) -> str:
    contract = TABLES_BY_NAME[table]
    if name in contract.column_names:
        return contract.column(name).type
    return "decimal" if contract.keeps_extra_columns else "text"


def write_extract(
    directory: Path,
    rows: dict[str, list[dict[str, object]]] | None = None,
    fmt: str = "csv",
    **csv_options: object,
) -> Path:
    """Write every table of `rows` (default: the valid extract) into `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    for table, table_rows in (rows or valid_rows()).items():
        if fmt == "parquet":
            write_parquet(directory / f"{table}.parquet", table, table_rows)
        else:
            write_csv(directory / f"{table}.csv", table_rows, **csv_options)  # type: ignore[arg-type]
    return directory


def load_rows(
    tmp_path: Path,
    rows: dict[str, list[dict[str, object]]] | None = None,
    fmt: str = "csv",
    extract_date: dt.date | None = None,
    force: bool = True,
    **csv_options: object,
):
    """Write `rows` as an extract under `tmp_path`, load it; return (report, warehouse).

    The load is forced by default: with a few rows per table, one reject is more than the
    threshold; tests of the rules that stop a load pass `force=False`.
    """
    from perfml.loading import load_extract

    directory = write_extract(tmp_path / "extrait", rows, fmt, **csv_options)
    warehouse = tmp_path / "entrepot.duckdb"
    report = load_extract(directory, warehouse, extract_date=extract_date, force=force)
    return report, warehouse


def rejects(warehouse: Path) -> list[tuple[str, int, str | None, str]]:
    """The rejects of a warehouse as (table, line, column, rule), in report order."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("SELECT nom_table, ligne, colonne, regle FROM _rejets").fetchall()


def column_values(warehouse: Path, table: str, column: str) -> list[object]:
    """The values of one column of a loaded table, sorted (NULLs last)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(f'SELECT "{column}" FROM "{table}" ORDER BY 1 NULLS LAST').fetchall()
    return [r[0] for r in rows]


def contents(warehouse: Path) -> dict[str, list[tuple]]:
    """Every table of a warehouse as sorted rows (NULLs compared as text)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        names = [r[0] for r in con.execute("SHOW TABLES").fetchall()]
        return {
            name: sorted(
                con.execute(f'SELECT * FROM "{name}"').fetchall(), key=lambda r: [str(v) for v in r]
            )
            for name in names
        }
