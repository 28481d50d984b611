"""Finding the extract's files and describing them (the reading of a CSV: test_lines)."""

import pytest

from perfml.errors import UserError
from perfml.loading.formats import find_sources, sniff_csv


def test_only_semicolon_files_take_a_decimal_comma(tmp_path):
    semicolon, comma = tmp_path / "a.csv", tmp_path / "b.csv"
    semicolon.write_text("code_ml;etp\n", encoding="utf-8")
    comma.write_text("code_ml,etp\n", encoding="utf-8")
    assert sniff_csv("contexte", semicolon, tmp_path).decimal_comma
    assert not sniff_csv("contexte", comma, tmp_path).decimal_comma


def test_table_files_are_found_whatever_their_case(tmp_path):
    (tmp_path / "Jeunes.CSV").write_text("id_jeune\n")
    (tmp_path / "offres.parquet").write_bytes(b"")
    found, warnings = find_sources(tmp_path)
    assert found == {"jeunes": tmp_path / "Jeunes.CSV", "offres": tmp_path / "offres.parquet"}
    assert warnings == []


def test_other_files_are_ignored_with_a_warning(tmp_path):
    (tmp_path / "notes.txt").write_text("à lire")
    (tmp_path / "jeunes.json").write_text("[]")
    _, warnings = find_sources(tmp_path)
    assert len(warnings) == 2
    assert all("ignoré" in w for w in warnings)


def test_two_files_for_one_table_are_refused(tmp_path):
    (tmp_path / "jeunes.csv").write_text("id_jeune\n")
    (tmp_path / "jeunes.parquet").write_bytes(b"")
    with pytest.raises(UserError, match="Deux fichiers pour la table jeunes"):
        find_sources(tmp_path)


def test_a_missing_directory_is_a_clear_error(tmp_path):
    with pytest.raises(UserError, match="n'existe pas"):
        find_sources(tmp_path / "absent")
