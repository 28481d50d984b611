"""Loading whole extracts: formats, missing or unreadable files, all-or-nothing, repeats."""

import datetime as dt

import duckdb
import pytest

from loading.builder import (
    column_values,
    contents,
    load_rows,
    rejects,
    valid_rows,
    write_extract,
)
from perfml.contract import LOAD_ORDER
from perfml.errors import UserError
from perfml.loading import load_extract

# -- formats ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "booleans", [("oui", "non"), ("O", "N"), ("VRAI", "faux"), ("true", "FALSE")]
)
def test_a_french_csv_loads_like_an_iso_one(tmp_path, booleans):
    _, iso = load_rows(tmp_path / "iso")
    report, french = load_rows(
        tmp_path / "fr", delimiter=";", french=True, booleans=booleans, encoding="cp1252"
    )
    assert report.rejected == 0
    assert contents(french) == {**contents(iso), "_meta": contents(french)["_meta"],
                                "_chargements": contents(french)["_chargements"]}  # fmt: skip


def test_a_semicolon_csv_reads_decimal_commas(tmp_path):
    _, warehouse = load_rows(tmp_path, delimiter=";", french=True)
    assert column_values(warehouse, "structures_annee", "etp") == [8.0, 12.5]
    assert column_values(warehouse, "contexte", "taux_chomage") == [7.5, 9.25]


def test_a_windows_1252_csv_keeps_its_accents(tmp_path):
    rows = valid_rows()
    rows["structures"][0]["nom"] = "Mission locale d’Œuvre – Évian"
    report, warehouse = load_rows(tmp_path, rows, encoding="cp1252")
    assert "Mission locale d’Œuvre – Évian" in column_values(warehouse, "structures", "nom")
    assert report.tables["structures"].format.endswith("Windows-1252 (Latin-1)")


def test_a_latin1_csv_keeps_its_accents(tmp_path):
    rows = valid_rows()
    rows["structures"][1]["nom"] = "Mission locale d'Évian-les-Bains"
    report, warehouse = load_rows(tmp_path, rows, delimiter=";", encoding="latin-1")
    assert "Mission locale d'Évian-les-Bains" in column_values(warehouse, "structures", "nom")
    assert report.rejected == 0


def test_a_parquet_extract_loads_like_a_csv_one(tmp_path):
    _, from_csv = load_rows(tmp_path / "csv")
    report, from_parquet = load_rows(tmp_path / "parquet", fmt="parquet")
    assert report.rejected == 0
    for table in LOAD_ORDER:
        assert contents(from_parquet)[table] == contents(from_csv)[table], table


def test_loaded_tables_have_natural_types(tmp_path):
    _, warehouse = load_rows(tmp_path)
    query = "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        types = dict(con.execute(query, ["offres"]).fetchall())
    assert types == {
        "id_offre": "VARCHAR",
        "code_ml": "VARCHAR",
        "origine": "VARCHAR",
        "date_collecte": "DATE",
        "nb_postes": "BIGINT",
        "date_saisie": "DATE",
    }


def test_empty_optional_cells_stay_null(tmp_path):
    _, warehouse = load_rows(tmp_path)
    assert column_values(warehouse, "offres", "nb_postes") == [2, None]


# -- extra columns ---------------------------------------------------------------------


def test_an_extra_numeric_column_is_kept_in_contexte(tmp_path):
    report, warehouse = load_rows(tmp_path)
    assert column_values(warehouse, "contexte", "taux_chomage") == [7.5, 9.25]
    assert report.tables["contexte"].warnings == []


def test_an_extra_column_of_contexte_without_numbers_is_ignored_with_a_warning(tmp_path):
    rows = valid_rows()
    for row in rows["contexte"]:
        row["commentaire"] = "à revoir"
    report, warehouse = load_rows(tmp_path, rows)
    assert "commentaire" not in contents(warehouse)["contexte"][0]
    assert any("commentaire" in w for w in report.tables["contexte"].warnings)
    assert report.rejected == 0


def test_a_non_numeric_cell_of_a_numeric_extra_column_rejects_its_row(tmp_path):
    rows = valid_rows()
    rows["contexte"][1]["taux_chomage"] = "n.d."
    _, warehouse = load_rows(tmp_path, rows)
    assert ("contexte", 3, "taux_chomage", "type") in rejects(warehouse)


def test_an_extra_column_elsewhere_is_ignored_with_a_warning(tmp_path):
    rows = valid_rows()
    for row in rows["jeunes"]:
        row["prenom"] = "Camille"
    report, warehouse = load_rows(tmp_path, rows)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns = [r[0] for r in con.execute("DESCRIBE jeunes").fetchall()]
    assert "prenom" not in columns
    assert report.tables["jeunes"].warnings == [
        "Colonne « prenom » de jeunes.csv ignorée : elle n'est pas dans le contrat de la table "
        "jeunes."
    ]


# -- missing and unreadable files ------------------------------------------------------


def test_a_missing_required_table_stops_the_load(tmp_path):
    rows = valid_rows()
    del rows["offres"]
    with pytest.raises(UserError, match="offres"):
        load_rows(tmp_path, rows)


def test_a_missing_optional_table_is_loaded_empty_with_a_warning(tmp_path):
    rows = valid_rows()
    del rows["phases_collectives"]
    report, warehouse = load_rows(tmp_path, rows)
    assert contents(warehouse)["phases_collectives"] == []
    assert report.tables["phases_collectives"].warnings


def test_a_truncated_parquet_stops_the_load_naming_the_file(tmp_path):
    directory = write_extract(tmp_path / "extrait", fmt="parquet")
    data = (directory / "situations.parquet").read_bytes()
    (directory / "situations.parquet").write_bytes(data[: len(data) // 2])
    with pytest.raises(UserError, match=r"situations\.parquet"):
        load_extract(directory, tmp_path / "entrepot.duckdb")


def test_an_empty_file_stops_the_load_naming_the_file(tmp_path):
    directory = write_extract(tmp_path / "extrait")
    (directory / "propositions.csv").write_bytes(b"")
    with pytest.raises(UserError, match=r"propositions\.csv est vide"):
        load_extract(directory, tmp_path / "entrepot.duckdb")


def test_a_header_only_file_loads_no_row(tmp_path):
    directory = write_extract(tmp_path / "extrait")
    (directory / "propositions.csv").write_text(
        "id_proposition,id_jeune,code_ml,date_proposition,theme,date_saisie\n"
    )
    report = load_extract(directory, tmp_path / "entrepot.duckdb")
    assert report.tables["propositions"].read == 0


def test_load_metadata_records_the_extract_date_and_the_counts(tmp_path):
    _, warehouse = load_rows(tmp_path, extract_date=dt.date(2024, 12, 31))
    tables = contents(warehouse)
    assert ("date_extraction", "2024-12-31") in tables["_meta"]
    loads = {row[0]: row[3:6] for row in tables["_chargements"]}
    assert loads["jeunes"] == (3, 3, 0)


# -- the synthetic extract -------------------------------------------------------------


def test_the_mini_synthetic_extract_loads_without_reject(mini_warehouse):
    with duckdb.connect(str(mini_warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM _rejets").fetchone()[0] == 0
        counts = con.execute("SELECT sum(lues), sum(chargees) FROM _chargements").fetchone()
    assert counts[0] == counts[1] > 0
