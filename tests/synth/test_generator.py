import datetime as dt
import hashlib

import duckdb
import pandas as pd
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from perfml.contract import TABLES
from perfml.errors import UserError
from perfml.synth import SynthSummary, generate
from perfml.synth.generator import neighbours_of, resolve_years


def digests(folder) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
    }


@pytest.fixture(scope="module")
def one_year(tmp_path_factory):
    """A `mini` extract of one reported year (seed 7) and its summary."""
    out = tmp_path_factory.mktemp("un_an")
    return out, generate("mini", 7, out, start_year=2024, end_year=2024)


def test_the_same_seed_and_years_give_the_same_bytes(one_year, tmp_path):
    out, _ = one_year
    generate("mini", 7, tmp_path, start_year=2024, end_year=2024)
    assert digests(tmp_path) == digests(out)


def test_another_seed_gives_other_data(one_year, tmp_path):
    out, _ = one_year
    generate("mini", 8, tmp_path, start_year=2024, end_year=2024)
    assert digests(tmp_path)["jeunes.parquet"] != digests(out)["jeunes.parquet"]


def test_every_contract_table_is_written(one_year):
    out, _ = one_year
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t.name}.parquet" for t in TABLES)


def test_csv_holds_the_same_rows_as_parquet(one_year, tmp_path):
    out, _ = one_year
    generate("mini", 7, tmp_path, start_year=2024, end_year=2024, fmt="csv")
    parquet = pq.read_table(out / "dispositifs.parquet")
    options = pacsv.ConvertOptions(column_types=parquet.schema, strings_can_be_null=True)
    csv = pacsv.read_csv(tmp_path / "dispositifs.csv", convert_options=options)
    assert csv.equals(parquet)


def test_summary_counts_what_the_files_hold(one_year):
    out, summary = one_year
    assert isinstance(summary, SynthSummary)
    jeunes = pd.read_parquet(out / "jeunes.parquet")
    received_2024 = (pd.to_datetime(jeunes["date_premier_accueil"]).dt.year == 2024).sum()
    assert summary.totals["premiers_accueils"][2024] == received_2024
    assert summary.rows["jeunes"] == len(jeunes)
    yearly = pd.read_parquet(out / "structures_annee.parquet")
    assert summary.totals["etp"][2024] == pytest.approx(yearly["etp"].sum())


def test_summary_gives_the_extract_date_and_is_rendered_in_french(one_year):
    _, summary = one_year
    assert summary.extraction_date == dt.date(2025, 3, 1)
    text = summary.render()
    assert "premiers accueils" in text and "jeunes accompagnés" in text
    assert "01/03/2025" in text


def test_warm_up_years_are_written_but_yearly_tables_cover_the_reported_years(one_year):
    out, _ = one_year
    jeunes = pd.read_parquet(out / "jeunes.parquet")
    assert pd.to_datetime(jeunes["date_premier_accueil"]).dt.year.min() == 2021
    assert set(pd.read_parquet(out / "contexte.parquet")["annee"]) == {2024}


def test_default_years_are_the_three_last_complete_years():
    assert resolve_years(None, None, today=dt.date(2026, 11, 22)) == (2023, 2025)
    assert resolve_years(2020, None, today=dt.date(2026, 11, 22)) == (2020, 2022)
    assert resolve_years(None, 2021, today=dt.date(2026, 11, 22)) == (2019, 2021)


def test_a_year_not_over_yet_is_refused():
    with pytest.raises(UserError, match="n'est pas révolue"):
        resolve_years(2024, 2026, today=dt.date(2026, 11, 22))


def test_start_after_end_is_refused():
    with pytest.raises(UserError, match="postérieure"):
        resolve_years(2025, 2024, today=dt.date(2026, 11, 22))


def test_an_unknown_scale_is_refused_in_french(tmp_path):
    with pytest.raises(UserError, match="Échelle inconnue"):
        generate("europe", 1, tmp_path)


def test_a_negative_seed_is_refused(tmp_path):
    with pytest.raises(UserError, match="graine"):
        generate("mini", -1, tmp_path)


def test_neighbours_are_the_other_mls_of_the_departement_or_else_of_the_region():
    mls = pd.DataFrame(
        {
            "code_ml": ["22001", "22002", "29001"],
            "code_departement": ["22", "22", "29"],
            "code_region": ["53", "53", "53"],
        }
    )
    assert neighbours_of(mls) == {
        "22001": ("22002",),
        "22002": ("22001",),
        "29001": ("22001", "22002"),
    }


def test_mini_loads_without_any_reject(mini_warehouse):
    with duckdb.connect(str(mini_warehouse), read_only=True) as con:
        assert con.execute("select count(*) from _rejets").fetchone()[0] == 0
        assert con.execute("select count(*) from jeunes").fetchone()[0] > 0


@pytest.mark.slow
def test_region_loads_without_any_reject(tmp_path):
    from perfml.loading import load_extract

    generate("region", 3, tmp_path / "extrait", start_year=2024, end_year=2024)
    report = load_extract(tmp_path / "extrait", tmp_path / "entrepot.duckdb")
    assert report.rejected == 0
    assert report.loaded == report.read > 0
