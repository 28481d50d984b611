"""Reading a CSV by physical lines: encodings, quoting, line numbers, counts."""

import csv

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfml.errors import UserError
from perfml.loading.lines import MAX_BROKEN_IN_A_ROW, detect_encoding, split_csv

FRENCH_TEXT = "code_ml;nom\n01001;Mission locale d’Œuvre à Évian – 12,5 €\n"


def split(tmp_path, data: bytes):
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    result = split_csv(path, detect_encoding(path), tmp_path / "ok.csv", tmp_path / "ko.csv")
    with (tmp_path / "ok.csv").open(encoding="utf-8", newline="") as stream:
        records = list(csv.reader(stream))
    with (tmp_path / "ko.csv").open(encoding="utf-8", newline="") as stream:
        rejected = [(int(r[0]), r[2]) for r in csv.reader(stream)]
    return result, records, rejected


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


def test_windows_1252_keeps_its_special_characters(tmp_path):
    _, records, rejected = split(tmp_path, FRENCH_TEXT.encode("cp1252"))
    assert records == [["2", "01001", "Mission locale d’Œuvre à Évian – 12,5 €"]]
    assert rejected == []


def test_one_windows_1252_line_in_a_utf8_file_is_rejected_not_garbled(tmp_path):
    data = "id;nom\nJ1;Pays d’Aron\n".encode() + "J2;Pays d’Aron Œuvre\n".encode("cp1252")
    result, records, rejected = split(tmp_path, data)
    assert records == [["2", "J1", "Pays d’Aron"]]
    assert rejected == [(3, "encodage")]
    assert result.read == 2


def test_one_utf8_line_in_a_windows_1252_file_is_rejected_not_garbled(tmp_path):
    data = "id;nom\nJ1;é\nJ2;è\n".encode("cp1252") + "J3;Œuvre\n".encode()
    _result, records, rejected = split(tmp_path, data)
    assert [r[1] for r in records] == ["J1", "J2"]
    assert rejected == [(4, "encodage")]


def test_a_nul_byte_rejects_its_line(tmp_path):
    _, records, rejected = split(tmp_path, b"id;nom\nJ1;a\x00b\nJ2;c\n")
    assert [r[0] for r in records] == ["3"]
    assert rejected == [(2, "encodage")]


def test_a_binary_file_is_not_a_csv(tmp_path):
    path = tmp_path / "offres.csv"
    path.write_bytes(b"PK\x03\x04\x00\x00binary spreadsheet")
    with pytest.raises(UserError, match="n'est pas un fichier CSV"):
        detect_encoding(path)


def test_an_empty_file_stops_with_the_file_name(tmp_path):
    path = tmp_path / "offres.csv"
    path.write_bytes(b"")
    with pytest.raises(UserError, match=r"offres\.csv est vide"):
        detect_encoding(path)


def test_the_separator_is_read_from_the_header(tmp_path):
    result, records, _ = split(tmp_path, b"code_ml;nom;etp\n01001;ML, Ain;12,5\n")
    assert (result.columns, result.delimiter) == (["code_ml", "nom", "etp"], ";")
    assert records == [["2", "01001", "ML, Ain", "12,5"]]


def test_an_unclosed_quote_in_an_unquoted_file_costs_one_line(tmp_path):
    data = b'a,b,c\n1,x,y\n2,"x,y\n3,x,y\n4,x,y\n'
    result, records, rejected = split(tmp_path, data)
    assert [r[0] for r in records] == ["2", "4", "5"]
    assert rejected == [(3, "guillemets")]
    assert result.data_lines == result.read == 4


def test_an_unclosed_quote_in_a_quoted_file_keeps_the_next_row(tmp_path):
    data = b'"a","b","c"\n"1","x","y"\n"2","x,"y"\n"3","x","y"\n"4","x","y"\n'
    result, records, rejected = split(tmp_path, data)
    assert [r[0] for r in records] == ["2", "4", "5"]
    assert rejected == [(3, "guillemets")]
    assert result.read == 4


def test_a_line_break_inside_quotes_continues_the_record(tmp_path):
    result, records, rejected = split(tmp_path, b'a,b\n1,"deux\nlignes"\n2,x\n')
    assert records == [["2", "1", "deux\nlignes"], ["4", "2", "x"]]
    assert rejected == []
    assert result.continuation_lines == 1
    assert result.data_lines == result.read + result.continuation_lines


def test_too_few_and_too_many_fields_reject_their_line(tmp_path):
    _result, records, rejected = split(tmp_path, b"a,b,c\n1,2\n1,2,3\n1,2,3,4\n")
    assert [r[0] for r in records] == ["3"]
    assert rejected == [(2, "ligne_mal_formee"), (4, "ligne_mal_formee")]


def test_blank_lines_are_not_data(tmp_path):
    result, records, _ = split(tmp_path, b"a,b\n1,2\n\n   \n3,4\n\n")
    assert [r[0] for r in records] == ["2", "5"]
    assert result.blank_lines == 3 and result.data_lines == 2


def test_crlf_lines_are_numbered_like_lf_ones(tmp_path):
    _, records, rejected = split(tmp_path, b'a,b\r\n1,2\r\n"3,4\r\n5,6\r\n')
    assert [r[0] for r in records] == ["2", "4"]
    assert rejected == [(3, "guillemets")]


def test_lines_that_cannot_be_split_in_a_row_stop_naming_the_line(tmp_path):
    bad = b'1,"x\n' * MAX_BROKEN_IN_A_ROW
    with pytest.raises(UserError, match=r"t\.csv ne peut pas être découpé.*ligne 3"):
        split(tmp_path, b"a,b\n1,2\n" + bad + b"9,9\n")


cells = st.text(alphabet=st.sampled_from(list('ab é,;"\n€')), max_size=8)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(st.lists(cells, min_size=3, max_size=3), max_size=6),
    delimiter=st.sampled_from([",", ";"]),
    encoding=st.sampled_from(["utf-8", "cp1252"]),
)
def test_any_well_quoted_file_is_read_back_exactly(tmp_path, rows, delimiter, encoding):
    path = tmp_path / "t.csv"
    with path.open("w", encoding=encoding, newline="") as stream:
        writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(["a", "b", "c"])
        writer.writerows(rows)
    result = split_csv(path, detect_encoding(path), tmp_path / "ok.csv", tmp_path / "ko.csv")
    with (tmp_path / "ok.csv").open(encoding="utf-8", newline="") as stream:
        back = [r[1:] for r in csv.reader(stream)]
    kept = [r for r in rows if any(c.strip() for c in r) or len(r) != 1]
    assert back == [[c.replace("\r\n", "\n") for c in r] for r in kept]
    assert result.rejected == 0
    assert result.read + result.continuation_lines == result.data_lines
