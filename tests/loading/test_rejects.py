"""The rejects: lines that cannot be split, the `_rejets` table and its CSV for Excel."""

import csv

import duckdb
import pytest

from loading.builder import load_rows, rejects, valid_rows, write_extract
from perfml.errors import UserError
from perfml.loading import load_extract
from perfml.loading.refusal import LoadRefused
from perfml.loading.rejects import COLUMNS


def spoiled_offres(tmp_path, lines):
    """A valid extract whose `offres.csv` is replaced by the header and `lines`."""
    directory = write_extract(tmp_path / "extrait")
    header = "id_offre,code_ml,origine,date_collecte,nb_postes,date_saisie"
    (directory / "offres.csv").write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return load_extract(
        directory, tmp_path / "entrepot.duckdb", force=True
    ), tmp_path / "entrepot.duckdb"


def test_a_line_with_too_many_fields_is_rejected_with_its_number(tmp_path):
    report, warehouse = spoiled_offres(
        tmp_path,
        ["O1,01001,INTERNE,2023-05-02,2,", "O2,2A004,EXTERNE,2024-01-20,,,en trop"],
    )
    assert ("offres", 3, None, "ligne_mal_formee") in rejects(warehouse)
    assert (report.tables["offres"].read, report.tables["offres"].loaded) == (2, 1)


def test_a_line_with_too_few_fields_is_rejected(tmp_path):
    _, warehouse = spoiled_offres(tmp_path, ["O1,01001,INTERNE", "O2,2A004,EXTERNE,2024-01-20,,"])
    assert ("offres", 2, None, "ligne_mal_formee") in rejects(warehouse)


def test_lines_after_a_malformed_one_keep_their_own_numbers(tmp_path):
    _, warehouse = spoiled_offres(
        tmp_path,
        [
            "O1,01001,INTERNE,2023-05-02,2,",
            "O2,01001,INTERNE",
            "O3,01001,INTERNE,2023-05-02,2,,x",
            "O1,2A004,EXTERNE,2024-01-20,,",
        ],
    )
    assert ("offres", 5, "id_offre", "cle_en_double") in rejects(warehouse)


def test_the_rejects_report_opens_in_excel(tmp_path):
    rows = valid_rows()
    rows["jeunes"][0]["sexe"] = "X"
    directory = write_extract(tmp_path / "extrait", rows)
    report_path = tmp_path / "rejets.csv"
    load_extract(directory, tmp_path / "entrepot.duckdb", rejects_report=report_path, force=True)
    raw = report_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert lines[0] == list(COLUMNS.values())
    assert lines[1][:6] == ["jeunes.csv", "jeunes", "2", "sexe", "X", "valeur_hors_liste"]


def test_the_report_has_one_line_per_reject(tmp_path):
    rows = valid_rows()
    rows["jeunes"][0]["sexe"] = "X"
    directory = write_extract(tmp_path / "extrait", rows)
    report_path = tmp_path / "rejets.csv"
    load_extract(directory, tmp_path / "entrepot.duckdb", rejects_report=report_path, force=True)
    with duckdb.connect(str(tmp_path / "entrepot.duckdb"), read_only=True) as con:
        stored = con.execute("SELECT count(*) FROM _rejets").fetchone()[0]
    lines = report_path.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == stored + 1


def test_a_load_without_reject_writes_an_empty_report(tmp_path):
    directory = write_extract(tmp_path / "extrait")
    report_path = tmp_path / "rejets.csv"
    load_extract(directory, tmp_path / "entrepot.duckdb", rejects_report=report_path, force=True)
    assert report_path.read_text(encoding="utf-8-sig").splitlines() == [";".join(COLUMNS.values())]


def test_rejects_are_stored_in_table_then_line_order(tmp_path):
    rows = valid_rows()
    rows["offres"][1]["origine"] = "?"
    rows["jeunes"][2]["sexe"] = "?"
    rows["jeunes"][0]["sexe"] = "?"
    _, warehouse = load_rows(tmp_path, rows)
    order = [(t, line) for t, line, _, _ in rejects(warehouse) if t in ("jeunes", "offres")]
    assert order[:3] == [("jeunes", 2), ("jeunes", 4), ("offres", 3)]


def test_a_report_that_cannot_be_written_after_a_load_says_the_warehouse_is_loaded(tmp_path):
    directory = write_extract(tmp_path / "extrait")
    (tmp_path / "fichier").write_text("", encoding="utf-8")
    with pytest.raises(UserError, match="L'entrepôt est chargé, mais le rapport des rejets"):
        load_extract(
            directory, tmp_path / "e.duckdb", rejects_report=tmp_path / "fichier" / "r.csv"
        )
    assert (tmp_path / "e.duckdb").exists()


def test_a_report_that_cannot_be_written_after_a_refusal_does_not_say_loaded(tmp_path):
    rows = valid_rows()
    rows["jeunes"][0]["sexe"] = "X"  # 1 line of 3: above the 5 % threshold
    directory = write_extract(tmp_path / "extrait", rows)
    (tmp_path / "fichier").write_text("", encoding="utf-8")
    with pytest.raises(LoadRefused) as refused:
        load_extract(
            directory, tmp_path / "e.duckdb", rejects_report=tmp_path / "fichier" / "r.csv"
        )
    assert "Chargement refusé" in str(refused.value)
    assert "n'a pas pu être écrit" in str(refused.value)
    assert "est chargé" not in str(refused.value)
    assert not (tmp_path / "e.duckdb").exists()
