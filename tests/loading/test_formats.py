"""Detecting what a file is: encoding, separator, header; refusing what cannot be read."""

import pytest

from perfml.errors import UserError
from perfml.loading.formats import (
    detect_encoding,
    find_sources,
    read_header,
    sniff_csv,
    transcode_to_utf8,
)

FRENCH_TEXT = "code_ml;nom\n01001;Mission locale d’Œuvre à Évian – 12,5 €\n"


def test_plain_utf8_is_detected(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(FRENCH_TEXT, encoding="utf-8")
    assert detect_encoding(path) == "utf-8"


def test_utf8_with_bom_is_detected(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(FRENCH_TEXT, encoding="utf-8-sig")
    assert detect_encoding(path) == "utf-8-sig"


def test_windows_1252_is_detected(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(FRENCH_TEXT, encoding="cp1252")
    assert detect_encoding(path) == "cp1252"


def test_latin1_is_read_as_windows_1252(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("code_ml;nom\n01001;Évian-les-Bains\n", encoding="latin-1")
    target = tmp_path / "u.csv"
    transcode_to_utf8(path, detect_encoding(path), target)
    assert "Évian-les-Bains" in target.read_text(encoding="utf-8")


def test_windows_1252_is_transcoded_with_its_special_characters(tmp_path):
    path = tmp_path / "structures.csv"
    path.write_text(FRENCH_TEXT, encoding="cp1252")
    source = sniff_csv("structures", path, tmp_path)
    assert source.utf8_path is not None
    assert source.utf8_path.read_text(encoding="utf-8") == FRENCH_TEXT


def test_bytes_invalid_in_every_encoding_stop_with_the_file_name(tmp_path):
    path = tmp_path / "jeunes.csv"
    # 0x81 and 0x8D are undefined in Windows-1252 and invalid in UTF-8.
    path.write_bytes(b"id_jeune;sexe\nJ1;F\x81\x8d\n")
    with pytest.raises(UserError, match=r"jeunes\.csv"):
        detect_encoding(path)


def test_a_file_mixing_utf8_and_windows_1252_is_refused(tmp_path):
    path = tmp_path / "jeunes.csv"
    path.write_bytes("id_jeune;nom\nJ1;é\n".encode() + "J2;é\n".encode("cp1252"))
    with pytest.raises(UserError, match="mélange"):
        detect_encoding(path)


def test_an_empty_file_stops_with_the_file_name(tmp_path):
    path = tmp_path / "offres.csv"
    path.write_bytes(b"")
    with pytest.raises(UserError, match=r"offres\.csv est vide"):
        detect_encoding(path)


def test_a_binary_file_is_not_a_csv(tmp_path):
    path = tmp_path / "offres.csv"
    path.write_bytes(b"PK\x03\x04\x00\x00binary spreadsheet")
    with pytest.raises(UserError, match="n'est pas un fichier CSV"):
        detect_encoding(path)


def test_the_separator_is_read_from_the_header(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("code_ml;nom;etp\n01001;ML, Ain;12,5\n", encoding="utf-8")
    assert read_header(path, "utf-8") == (["code_ml", "nom", "etp"], ";")


def test_a_comma_header_gives_a_comma_separator(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("\ufeffcode_ml,nom\n01001,ML\n", encoding="utf-8")
    assert read_header(path, "utf-8") == (["code_ml", "nom"], ",")


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
