"""The national i-milo referential of structures loaded as the `structures` table."""

import json

import duckdb
import pytest

from perfml.errors import UserError
from perfml.loading import load_extract
from perfml.loading.imilo import read_referential, structure_row


def test_a_referential_object_becomes_a_structures_row():
    row = structure_row(
        {
            "id": "13014S00",
            "nom_officiel": "13-ML BERRE L ETANG",
            "nom_usuel": "Mission Locale Est Etang de Berre",
            "nom_region": "Structure régionale Provence-Alpes-Côte-d'Azur",
            "code_region": "93",
            "nom_departement": "Structure départementale Bouches-du-Rhône",
            "code_departement": "13",
            "timezone": "Europe/Paris",
        }
    )
    assert row == {
        "code_ml": "13014",
        "nom": "Mission Locale Est Etang de Berre",
        "code_departement": "13",
        "code_region": "93",
        "nom_region": "Provence-Alpes-Côte-d'Azur",
        "nom_departement": "Bouches-du-Rhône",
    }


def test_the_official_name_stands_in_for_a_missing_usual_name():
    row = structure_row({"id": "99994S00", "nom_officiel": "ML temporaire", "nom_usuel": None})
    assert row["nom"] == "ML temporaire"


def test_a_file_that_is_not_json_is_refused(tmp_path):
    path = tmp_path / "structures.json"
    path.write_text("code_ml;nom\n", encoding="utf-8")
    with pytest.raises(UserError, match="n'est pas un JSON lisible"):
        read_referential(path)


def test_json_of_another_shape_is_refused(tmp_path):
    path = tmp_path / "structures.json"
    path.write_text(json.dumps({"structures": []}), encoding="utf-8")
    with pytest.raises(UserError, match="forme du référentiel"):
        read_referential(path)


@pytest.fixture(scope="module")
def referential_warehouse(shared_dir, tmp_path_factory):
    path = tmp_path_factory.mktemp("imilo") / "entrepot.duckdb"
    report = load_extract(
        None, path, structures=shared_dir / "data" / "imilo_structures_2023-09.json"
    )
    return report, path


def test_all_450_structures_of_the_national_referential_load(referential_warehouse):
    report, _ = referential_warehouse
    assert (report.tables["structures"].read, report.tables["structures"].loaded) == (450, 450)


def test_only_the_structures_table_is_loaded_from_the_referential(referential_warehouse):
    report, _ = referential_warehouse
    assert list(report.tables) == ["structures"]


def test_region_and_departement_prefixes_are_gone(referential_warehouse):
    _, path = referential_warehouse
    with duckdb.connect(str(path), read_only=True) as con:
        prefixed = con.execute(
            "SELECT count(*) FROM structures WHERE nom_region LIKE 'Structure%' "
            "OR nom_departement LIKE 'Structure%'"
        ).fetchone()[0]
        named = con.execute("SELECT count(nom_region) FROM structures").fetchone()[0]
    assert prefixed == 0
    assert named == 449  # every structure but the technical 65441


def test_codes_are_the_identifiers_without_their_suffix(referential_warehouse):
    _, path = referential_warehouse
    with duckdb.connect(str(path), read_only=True) as con:
        row = con.execute(
            "SELECT code_ml, nom, code_departement, code_region, nom_region, nom_departement "
            "FROM structures WHERE code_ml = '97801'"
        ).fetchone()
        lengths = con.execute("SELECT DISTINCT length(code_ml) FROM structures").fetchall()
    assert row == (
        "97801",
        "Mission locale de Saint-Martin",
        "978",
        "10",
        "Saint Martin",
        "Saint Martin",
    )
    assert lengths == [(5,)]


def test_the_technical_structure_without_region_loads_with_a_null_region(referential_warehouse):
    _, path = referential_warehouse
    with duckdb.connect(str(path), read_only=True) as con:
        row = con.execute(
            "SELECT nom, code_region, code_departement FROM structures WHERE code_ml = '65441'"
        ).fetchone()
    assert row == ("ML_SUE", None, None)


def test_a_referential_in_the_extract_directory_is_the_structures_table(tmp_path, shared_dir):
    from loading.builder import valid_rows, write_extract

    rows = valid_rows()
    del rows["structures"]
    directory = write_extract(tmp_path / "extrait", rows)
    referential = [
        {"id": "01001S00", "nom_officiel": "ML Ain", "nom_usuel": None, "code_region": "84",
         "code_departement": "01", "nom_region": "Structure régionale Auvergne-Rhône-Alpes",
         "nom_departement": "Structure départementale Ain"},
        {"id": "2A004S00", "nom_officiel": "ML Ajaccio", "nom_usuel": "ML d'Ajaccio",
         "code_region": "94", "code_departement": "2A"},
    ]  # fmt: skip
    (directory / "structures.json").write_text(json.dumps(referential), encoding="utf-8")
    report = load_extract(directory, tmp_path / "entrepot.duckdb")
    assert report.tables["structures"].format == "JSON (référentiel i-milo)"
    assert report.rejected == 0
