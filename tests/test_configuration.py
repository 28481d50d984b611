"""Configuration files: every TOML mistake is told in French with its position."""

import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfml.configuration import describe_toml_error, parse_toml, read_toml
from perfml.errors import UserError

BROKEN = [
    ("a = ", "valeur invalide", "à la fin du fichier"),
    ("a b", "il manque « = » après une clé", "ligne 1, colonne 3"),
    ("[x\nb=1", "il manque « ] » après une section", "ligne 1, colonne 3"),
    ("a=1\na=2", "une clé reçoit deux valeurs", "à la fin du fichier"),
    ("a=[1,2", "liste non fermée", "à la fin du fichier"),
    ('a="x', "texte non fermé", "à la fin du fichier"),
    ("a=1x", "un retour à la ligne est attendu", "ligne 1, colonne 4"),
    ("[[a]]\n[a]", "la section ('a',) est déclarée deux fois", "ligne 2, colonne 3"),
    ("= 3", "ligne illisible", "ligne 1, colonne 1"),
    ("a=tru", "valeur invalide", "ligne 1, colonne 3"),
    ("a={b=1", "table non fermée", ""),
    ("a=1979-13-45", "un retour à la ligne est attendu", "ligne 1, colonne 7"),
]


@pytest.mark.parametrize(("text", "reason", "where"), BROKEN)
def test_toml_syntax_errors_are_described_in_french(text, reason, where):
    with pytest.raises(tomllib.TOMLDecodeError) as caught:
        tomllib.loads(text)
    described = describe_toml_error(caught.value)
    assert reason in described
    assert where in described
    assert not any(word in described for word in ("Invalid", "Expected", "Cannot", "line"))


def test_a_syntax_error_names_the_file(tmp_path):
    path = tmp_path / "allocation.toml"
    path.write_text("[criteres]\npoids = \n", encoding="utf-8")
    with pytest.raises(UserError, match=r"allocation\.toml n'est pas un TOML valide : valeur"):
        read_toml(path)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(UserError, match="n'existe pas"):
        read_toml(tmp_path / "absent.toml")


def test_a_windows_1252_file_is_refused_in_french(tmp_path):
    path = tmp_path / "gj.toml"
    path.write_bytes('nom = "Région"\n'.encode("cp1252"))
    with pytest.raises(UserError, match="n'est pas encodé en UTF-8"):
        read_toml(path)


def test_a_utf8_file_with_bom_is_read(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes('\ufeffnom = "Région"\n'.encode())
    assert read_toml(path) == {"nom": "Région"}


def test_parse_toml_returns_the_document():
    assert parse_toml("[a]\nb = 1") == {"a": {"b": 1}}


@given(st.text(alphabet=st.sampled_from(list("ab =[]{}\"',.\n#\\1-:tx\x00é")), max_size=40))
def test_any_text_is_a_document_or_a_french_error(text):
    try:
        document = parse_toml(text)
    except UserError as error:
        assert "n'est pas un TOML valide" in str(error)
        assert "Invalid" not in str(error) and "Expected" not in str(error)
    else:
        assert isinstance(document, dict)


def test_an_integer_too_long_for_python_is_a_french_error(tmp_path):
    path = tmp_path / "geant.toml"
    path.write_text("total = " + "9" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(UserError, match="un nombre a trop de chiffres"):
        read_toml(path)
