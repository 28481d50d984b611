"""The load pipeline: storage of the written columns, empty optional tables."""

import duckdb

from loading.builder import load_rows, valid_rows
from perfml.contract import table
from perfml.loading.pipeline import column_ddl


def test_identifiers_are_stored_with_fsst():
    assert column_ddl(table("jeunes").column("id_jeune")).endswith("USING COMPRESSION fsst")


def test_codes_and_enums_are_stored_in_a_dictionary():
    assert column_ddl(table("jeunes").column("code_ml")).endswith("USING COMPRESSION dictionary")
    assert column_ddl(table("jeunes").column("sexe")).endswith("USING COMPRESSION dictionary")


def test_numbers_keep_duckdb_s_own_choice():
    assert column_ddl(table("structures_annee").column("etp")) == '"etp" DOUBLE'


def test_the_check_columns_are_gone_from_the_written_tables(tmp_path):
    rows = valid_rows()
    rows["offres"][0]["origine"] = "?"
    _, warehouse = load_rows(tmp_path, rows)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns = [r[0] for r in con.execute("DESCRIBE offres").fetchall()]
        count = con.execute("SELECT count(*) FROM offres").fetchone()[0]
    assert "_ok" not in columns
    assert "_ligne" not in columns
    assert count == 1


def test_a_missing_optional_table_gets_the_contract_columns(tmp_path):
    rows = valid_rows()
    del rows["phases_collectives"]
    _, warehouse = load_rows(tmp_path, rows)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns = tuple(r[0] for r in con.execute("DESCRIBE phases_collectives").fetchall())
    assert columns == table("phases_collectives").column_names
