"""The `mini` extract follows the data contract, table by table (checked with pandas)."""

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from perfml.contract import TABLES, table
from perfml.errors import UserError
from perfml.synth.writer import ExtractWriter, check_output_dir, contract_schema

NAMES = [t.name for t in TABLES]


def as_text(series: pd.Series) -> pd.Series:
    return series.dropna().astype(str)


@pytest.mark.parametrize("name", NAMES)
def test_columns_are_the_contract_ones(mini_tables, name):
    columns = list(mini_tables[name].columns)
    expected = list(table(name).column_names)
    if table(name).keeps_extra_columns:
        assert columns[: len(expected)] == expected
        extra = mini_tables[name][columns[len(expected) :]]
        assert all(pd.api.types.is_numeric_dtype(extra[c]) for c in extra)
    else:
        assert columns == expected


@pytest.mark.parametrize("name", NAMES)
def test_required_cells_are_filled(mini_tables, name):
    frame = mini_tables[name]
    for column in table(name).columns:
        if column.required:
            assert frame[column.name].notna().all(), column.name


@pytest.mark.parametrize("name", NAMES)
def test_enums_patterns_and_minimums_hold(mini_tables, name):
    frame = mini_tables[name]
    for column in table(name).columns:
        values = frame[column.name].dropna()
        if column.values:
            assert set(values.astype(str)) <= set(column.values), column.name
        if column.pattern:
            assert as_text(values).str.fullmatch(column.pattern).all(), column.name
        if column.minimum is not None:
            assert (values >= column.minimum).all(), column.name


@pytest.mark.parametrize("name", NAMES)
def test_primary_keys_are_unique(mini_tables, name):
    key = list(table(name).primary_key)
    if key:
        assert not mini_tables[name].duplicated(key).any()


@pytest.mark.parametrize("name", NAMES)
def test_foreign_keys_exist(mini_tables, name):
    frame = mini_tables[name]
    for column in table(name).foreign_keys:
        parent_table, parent_column = column.references
        values = frame[column.name].dropna()
        assert values.isin(mini_tables[parent_table][parent_column]).all(), column.name


@pytest.mark.parametrize("name", NAMES)
def test_date_orders_hold(mini_tables, name):
    frame = mini_tables[name]
    for order in table(name).date_orders:
        both = frame[[order.earlier, order.later]].dropna()
        assert (both[order.later] >= both[order.earlier]).all(), order


@pytest.mark.parametrize("name", NAMES)
def test_required_if_rules_hold(mini_tables, name):
    frame = mini_tables[name]
    for rule in table(name).required_if:
        if rule.condition_value is None:
            condition = frame[rule.condition_column].notna()
        else:
            condition = frame[rule.condition_column] == rule.condition_value
        assert (frame[rule.column].notna() == condition).all(), rule


def test_no_date_is_after_the_extract_date(mini_tables):
    entries = [
        frame[column].dropna()
        for frame in mini_tables.values()
        for column in ("date_saisie", "date_saisie_sortie")
        if column in frame
    ]
    extract_date = max(series.max() for series in entries)
    assert extract_date == dt.date(2025, 3, 1)
    for name, frame in mini_tables.items():
        for column in table(name).date_columns:
            assert (frame[column].dropna() <= extract_date).all(), (name, column)


def test_events_stop_on_31_december_of_the_last_year(mini_tables):
    for name, frame in mini_tables.items():
        event = table(name).event_date
        if event:
            assert frame[event].max() <= dt.date(2024, 12, 31), name


def test_types_are_the_natural_ones(mini_extract):
    schema = pq.read_schema(mini_extract / "dispositifs.parquet")
    assert schema.field("date_entree").type == pa.date32()
    assert schema.field("code_ml").type == pa.string()
    assert pq.read_schema(mini_extract / "jeunes.parquet").field("rqth").type == pa.bool_()
    assert pq.read_schema(mini_extract / "offres.parquet").field("nb_postes").type == pa.int64()


def test_contract_schema_maps_contract_types_to_arrow():
    schema = contract_schema("structures_annee")
    assert schema.names == ["code_ml", "annee", "etp", "ressources_eur", "etp_conseillers_gj"]
    assert schema.field("annee").type == pa.int64()
    assert schema.field("etp").type == pa.float64()


def test_csv_is_utf8_with_commas_and_iso_dates(tmp_path):
    schema = pa.schema([("nom", pa.string()), ("jour", pa.date32()), ("oui", pa.bool_())])
    writer = ExtractWriter(tmp_path, "csv", {"essai": schema})
    writer.write(
        "essai",
        pa.table(
            {"nom": ["Mission locale d'Évry"], "jour": [dt.date(2024, 3, 1)], "oui": [None]},
            schema=schema,
        ),
    )
    assert writer.close() == {"essai": 1}
    text = (tmp_path / "essai.csv").read_bytes().decode("utf-8")
    assert text.splitlines() == ['"nom","jour","oui"', '"Mission locale d\'Évry",2024-03-01,']


def test_a_table_without_rows_still_gets_its_header(tmp_path):
    schema = pa.schema([("nom", pa.string())])
    ExtractWriter(tmp_path, "parquet", {"vide": schema}).close()
    assert pq.read_table(tmp_path / "vide.parquet").num_rows == 0


def test_an_aborted_extract_leaves_no_file(tmp_path):
    schema = pa.schema([("n", pa.int64())])
    writer = ExtractWriter(
        tmp_path,
        "parquet",
        {"t": schema},
    )
    writer.write("t", pa.table({"n": np.arange(3)}))
    writer._flush("t")
    writer.abort()
    assert list(tmp_path.iterdir()) == []


def test_a_folder_holding_the_other_format_is_refused(tmp_path):
    (tmp_path / "jeunes.csv").write_text("id_jeune\n")
    with pytest.raises(UserError, match="format csv"):
        check_output_dir(tmp_path, "parquet")
