"""`perfml indicateurs` and `perfml suivi-mensuel`: files, summary, SQL, French errors."""

import openpyxl
import pandas as pd
import pandas.testing as pdt
import pytest
from indicators.cases import exits_case
from typer.testing import CliRunner

from perfml.cli import app
from perfml.errors import UserError
from perfml.indicators import Period, compute_indicators, official_as_of
from perfml.indicators.backends import memory_backend
from perfml.outputs import read_rows
from perfml.warehouse import connect


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "entrepot.duckdb"
    memory_backend(exits_case().rows, path).disconnect()
    return path


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


def read_csv(path):
    return read_rows(path)


def test_indicateurs_writes_one_row_per_level_code_and_indicator(warehouse, tmp_path):
    out = tmp_path / "sorties" / "indicateurs.csv"
    result = run("indicateurs", "--entrepot", warehouse, "--annee", 2024, "--sortie", out)
    assert result.exit_code == 0, result.output
    rows = read_csv(out)
    assert list(rows[0])[:2] == ["niveau", "code"]
    assert {"indicateur", "numerateur", "denominateur", "valeur"} <= set(rows[0])
    # 3 MLs, 1 region, the nation: 5 × 10 rows.
    assert len(rows) == 50
    ml5 = next(r for r in rows if r["code"] == "05001" and r["indicateur"] == "5")
    assert (ml5["numerateur"], ml5["denominateur"]) == ("4", "6")
    # French Excel dialect: decimal comma, 12 significant digits (docs/sorties.md).
    assert float(ml5["valeur"].replace(",", ".")) == pytest.approx(400 / 6, rel=1e-11)


def test_value_that_cannot_be_computed_is_an_empty_cell(warehouse, tmp_path):
    out = tmp_path / "indicateurs.csv"
    run("indicateurs", "--entrepot", warehouse, "--annee", 2024, "--sortie", out)
    row = next(r for r in read_csv(out) if r["code"] == "05003" and r["indicateur"] == "9")
    assert (row["numerateur"], row["denominateur"], row["valeur"]) == ("1", "", "")


def test_summary_shows_the_national_values_with_french_labels(warehouse, tmp_path):
    out = tmp_path / "indicateurs.csv"
    result = run("indicateurs", "--entrepot", warehouse, "--annee", 2024, "--sortie", out)
    assert "Indicateurs nationaux — année 2024 (toutes les données)" in result.output
    assert "Sorties de PACEA vers l'emploi ou l'alternance" in result.output
    assert "71,4\u00a0%" in result.output  # 5 / 7


def test_officiel_computes_as_of_march_1_of_the_next_year(warehouse, tmp_path):
    out = tmp_path / "indicateurs.csv"
    result = run(
        "indicateurs", "--entrepot", warehouse, "--annee", 2024, "--officiel", "--sortie", out
    )
    assert result.exit_code == 0, result.output
    assert "données connues au 01/03/2025" in result.output
    expected = compute_indicators(
        connect(warehouse), Period.year(2024), official_as_of(Period.year(2024))
    )
    got = pd.read_csv(out, sep=";", decimal=",", dtype={"code": str, "code_region": str})
    assert got["valeur"].tolist() == pytest.approx(
        expected["valeur"].tolist(), rel=1e-11, nan_ok=True
    )


def test_semester_and_free_period_are_accepted(warehouse, tmp_path):
    for args in (["--semestre", "2024-S2"], ["--debut", "01/07/2024", "--fin", "2024-12-31"]):
        out = tmp_path / "s.csv"
        result = run("indicateurs", "--entrepot", warehouse, *args, "--sortie", out)
        assert result.exit_code == 0, result.output
    assert "du 01/07/2024 au 31/12/2024" in result.output


def test_sql_prints_the_query_of_one_indicator_without_computing(warehouse, tmp_path):
    result = run("indicateurs", "--entrepot", warehouse, "--annee", 2024, "--sql", 6)
    assert result.exit_code == 0, result.output
    assert "SELECT" in result.output and "'GJ'" in result.output
    assert not list(tmp_path.glob("*.csv"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--annee", "2024", "--au", "2025-03-01", "--officiel"], "--au ou --officiel"),
        (["--sortie", "x.csv"], "Indiquez la période"),
        (["--annee", "2024", "--semestre", "2024-S1", "--sortie", "x.csv"], "Indiquez la période"),
        (["--debut", "2024-01-01", "--sortie", "x.csv"], "vont ensemble"),
        (["--annee", "2024", "--au", "1er mars", "--sortie", "x.csv"], "date illisible"),
        (["--annee", "2024", "--sortie", "x.txt"], ".csv, .xlsx ou .parquet"),
        (["--annee", "2024"], "Indiquez le fichier de sortie"),
        (["--annee", "2024", "--moteur", "postgres", "--sortie", "x.csv"], "demande --url"),
        (["--annee", "2024", "--moteur", "oracle", "--sortie", "x.csv"], "Moteur inconnu"),
        (["--annee", "2024", "--sql", "12"], "numérotés de 1 à 10"),
    ],
)
def test_mistakes_are_explained_in_french(warehouse, args, message):
    result = run("indicateurs", "--entrepot", warehouse, *args)
    assert isinstance(result.exception, UserError), result.output
    assert message in str(result.exception)


def test_missing_warehouse_is_a_french_user_error(tmp_path):
    result = run(
        "indicateurs", "--entrepot", tmp_path / "absent.duckdb", "--annee", 2024,
        "--sortie", tmp_path / "x.csv",
    )  # fmt: skip
    assert isinstance(result.exception, UserError)
    assert "n'existe pas" in str(result.exception)


def test_xlsx_output_has_the_labels(warehouse, tmp_path):
    out = tmp_path / "indicateurs.xlsx"
    result = run("indicateurs", "--entrepot", warehouse, "--annee", 2024, "--sortie", out)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Indicateurs"]
    sheet = pd.read_excel(out, dtype={"Code": str})
    assert {"Niveau", "Code", "Indicateur", "Numérateur", "Valeur"} <= set(sheet.columns)
    assert len(sheet) == 50
    assert book["Indicateurs"]["G2"].number_format == "#,##0"


def test_suivi_mensuel_writes_each_month_as_yyyy_mm(warehouse, tmp_path):
    out = tmp_path / "suivi.csv"
    result = run(
        "suivi-mensuel", "--entrepot", warehouse, "--debut", "2024-11", "--fin", "2025-01",
        "--sortie", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = read_csv(out)
    assert sorted({r["mois"] for r in rows}) == ["2024-11", "2024-12", "2025-01"]
    assert len(rows) == 3 * 50
    assert "12 mois glissants à fin 01/2025" in result.output


def test_suivi_mensuel_rejects_an_unreadable_month(warehouse, tmp_path):
    result = run(
        "suivi-mensuel", "--entrepot", warehouse, "--debut", "novembre", "--fin", "2025-01",
        "--sortie", tmp_path / "x.csv",
    )  # fmt: skip
    assert isinstance(result.exception, UserError)
    assert "mois illisible" in str(result.exception)


def test_donnees_loads_the_extract_and_gives_the_warehouse_results(
    mini_extract, mini_warehouse, tmp_path
):
    out = tmp_path / "mini.csv"
    result = run("indicateurs", "--donnees", mini_extract, "--annee", 2024, "--sortie", out)
    assert result.exit_code == 0, result.output
    assert "Extrait chargé" in result.output
    got = pd.read_csv(out, sep=";", dtype={"code": str, "code_region": str}, keep_default_na=False)
    expected = compute_indicators(connect(mini_warehouse), Period.year(2024))
    assert got["code"].tolist() == expected["code"].tolist()
    numbers = pd.to_numeric(got["numerateur"].replace("", None))
    pdt.assert_series_equal(numbers, expected["numerateur"], check_names=False, check_dtype=False)


@pytest.mark.postgres
def test_postgres_engine_copies_the_warehouse_and_gives_the_same_file(
    warehouse, tmp_path, postgres_cluster
):
    url = postgres_cluster.create_database("cli_indicateurs")
    duck, pg = tmp_path / "duckdb.csv", tmp_path / "postgres.csv"
    run("indicateurs", "--entrepot", warehouse, "--annee", 2024, "--sortie", duck)
    result = run(
        "indicateurs", "--entrepot", warehouse, "--annee", 2024, "--sortie", pg,
        "--moteur", "postgres", "--url", url, "--schema", "perfml",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert pg.read_text(encoding="utf-8") == duck.read_text(encoding="utf-8")
    again = run(
        "indicateurs", "--annee", 2024, "--sortie", tmp_path / "again.csv",
        "--moteur", "postgres", "--url", url, "--schema", "perfml",
    )  # fmt: skip
    assert again.exit_code == 0, again.output
    assert (tmp_path / "again.csv").read_text(encoding="utf-8") == duck.read_text(encoding="utf-8")


def test_comparer_au_writes_values_at_both_dates_and_the_revision(warehouse, tmp_path):
    out = tmp_path / "revisions.csv"
    result = run(
        "indicateurs", "--entrepot", warehouse, "--annee", 2024, "--au", "2025-01-15",
        "--comparer-au", "2025-03-01", "--sortie", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = read_csv(out)
    assert list(rows[0])[:4] == ["niveau", "code", "code_region", "indicateur"]
    assert {"valeur_a", "valeur_b", "revision", "seuil", "au_dela_du_seuil"} <= set(rows[0])
    assert {r["date_a"] for r in rows} == {"2025-01-15"}
    assert {r["date_b"] for r in rows} == {"2025-03-01"}
    assert {r["au_dela_du_seuil"] for r in rows} <= {"oui", "non"}
    assert "Révisions" in result.output


def test_comparer_au_without_a_first_date_is_refused(warehouse, tmp_path):
    result = run(
        "indicateurs", "--entrepot", warehouse, "--annee", 2024, "--comparer-au",
        "2025-03-01", "--sortie", tmp_path / "r.csv",
    )  # fmt: skip
    assert result.exit_code != 0
    assert "--au ou --officiel" in str(result.exception) + result.output


def _first_publications(warehouse, out):
    """Run `suivi-mensuel --premiere-publication` on Nov.–Dec. 2024 into `out`."""
    result = run(
        "suivi-mensuel", "--entrepot", warehouse, "--debut", "2024-11", "--fin", "2024-12",
        "--premiere-publication", "--sortie", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


def test_suivi_mensuel_premiere_publication_adds_the_first_published_value(warehouse, tmp_path):
    rows = read_csv(_first_publications(warehouse, tmp_path / "mensuel.csv"))
    assert {"valeur_premiere_publication", "date_premiere_publication", "revision"} <= set(rows[0])
    assert {r["date_premiere_publication"] for r in rows} == {"2024-11-30", "2024-12-31"}


def test_suivi_mensuel_premiere_publication_workbook_shows_dates_as_dates(warehouse, tmp_path):
    sheet = openpyxl.load_workbook(_first_publications(warehouse, tmp_path / "mensuel.xlsx")).active
    column = [c.value for c in sheet[1]].index("Date de première publication")
    cell = sheet.cell(2, column + 1)
    assert cell.is_date and cell.number_format == "dd/mm/yyyy"
