"""The campaign workbook: what it holds, and the targets a user types read back."""

import datetime as dt

import duckdb
import openpyxl
import pytest

from perfml.errors import UserError
from perfml.reports.workbook import (
    COLUMN_INDEX,
    TARGETS_HEADER_ROW,
    TARGETS_SHEET,
    ml_sheet_name,
    write_workbook,
    write_workbooks,
)
from perfml.reports.workbook_import import import_targets, read_targets_workbook
from perfml.target_review import TargetContext
from perfml.targets import SetTarget, read_targets
from perfml.warehouse import connect
from reports.campaign_data import campaign

CONTEXT = TargetContext.from_campaign(campaign())
FIRST_ROW = TARGETS_HEADER_ROW + 2  # 1-based row of the first ML × indicator


@pytest.fixture
def book(tmp_path):
    return write_workbook(campaign(), tmp_path / "cibles.xlsx", "84")


def _letter(key):
    return openpyxl.utils.get_column_letter(COLUMN_INDEX[key] + 1)


def _fill(path, row, choice=None, typed=None, note=None, **cells):
    """Type in the workbook as a user would (openpyxl), then save it."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[TARGETS_SHEET]
    for key, value in {"choix": choice, "cible_saisie": typed, "justification": note}.items():
        if value is not None:
            sheet[f"{_letter(key)}{row}"] = value
    for key, value in cells.items():
        sheet[f"{_letter(key)}{row}"] = value
    workbook.save(path)


def _row_of(path, code_ml, indicator, shift=0):
    """The row of an ML × indicator; `shift`: columns inserted before the table's."""
    sheet = openpyxl.load_workbook(path)[TARGETS_SHEET]
    code_column = COLUMN_INDEX["code_ml"] + 1 + shift
    indicator_column = COLUMN_INDEX["indicateur"] + 1 + shift
    for row in range(FIRST_ROW, sheet.max_row + 1):
        cells = (sheet.cell(row, code_column).value, sheet.cell(row, indicator_column).value)
        if cells == (code_ml, indicator):
            return row
    raise AssertionError((code_ml, indicator))


def test_region_workbook_has_guide_targets_ml_and_distribution_sheets(book):
    names = openpyxl.load_workbook(book).sheetnames
    assert names[:2] == ["Mode d'emploi", "Cibles"] and "Distributions" in names
    assert ml_sheet_name("01001", "Mission locale d'Ambérieu") in names


def test_targets_sheet_holds_one_row_per_ml_of_the_region_and_indicator(book):
    sheet = openpyxl.load_workbook(book)[TARGETS_SHEET]
    codes = [sheet[f"A{r}"].value for r in range(FIRST_ROW, sheet.max_row + 1)]
    assert (len(codes), set(codes)) == (20, {"01001", "01002"})


def test_targets_sheet_is_protected_and_only_input_cells_unlocked(book):
    sheet = openpyxl.load_workbook(book)[TARGETS_SHEET]
    unlocked = {
        key for key in COLUMN_INDEX if not sheet[f"{_letter(key)}{FIRST_ROW}"].protection.locked
    }
    assert sheet.protection.sheet and unlocked == {"choix", "cible_saisie", "justification"}


def test_targets_sheet_validates_the_choice_and_the_typed_target(book):
    sheet = openpyxl.load_workbook(book)[TARGETS_SHEET]
    kinds = {str(v.sqref).split(":")[0][0]: v.type for v in sheet.data_validations.dataValidation}
    assert kinds[_letter("choix")] == "list" and kinds[_letter("cible_saisie")] == "decimal"


def test_targets_sheet_freezes_its_header(book):
    sheet = openpyxl.load_workbook(book)[TARGETS_SHEET]
    assert sheet.freeze_panes == f"C{FIRST_ROW}"


def test_write_workbooks_writes_one_per_region_and_a_national_one(tmp_path):
    paths = write_workbooks(campaign(), tmp_path)
    assert [p.name for p in paths] == [
        "cibles_2025_region_11.xlsx",
        "cibles_2025_region_84.xlsx",
        "cibles_2025_national.xlsx",
    ]


def test_untouched_workbook_has_no_target(book):
    read = read_targets_workbook(book, CONTEXT)
    assert (read.targets, read.problems, read.rows_left_empty) == ([], [], 20)


def test_chosen_proposal_is_read_back_with_its_value(book):
    row = _row_of(book, "01001", 1)
    _fill(book, row, choice="légitime")
    # 01001, indicator 1: légitime = group 1's median of 11 and 31.
    assert read_targets_workbook(book, CONTEXT).targets == [
        SetTarget(2025, "01001", 1, 21.0, "legitime", None)
    ]


def test_typed_target_with_justification_is_read_back(book):
    row = _row_of(book, "01002", 9)
    _fill(book, row, choice="saisie", typed=7.5, note="Nouvelle antenne")
    assert read_targets_workbook(book, CONTEXT).targets == [
        SetTarget(2025, "01002", 9, 7.5, "saisie", "Nouvelle antenne")
    ]


def test_choice_is_read_without_accents_or_case(book):
    _fill(book, _row_of(book, "01001", 2), choice="RAISONNABLE")
    assert read_targets_workbook(book, CONTEXT).targets[0].source == "raisonnable"


def _problems(book):
    return read_targets_workbook(book, CONTEXT).problems


def test_text_in_the_target_cell_is_one_refused_row_naming_sheet_row_and_value(book):
    row = _row_of(book, "01001", 1)
    _fill(book, row, choice="saisie", typed="abc", note="x")
    assert _problems(book) == [
        f"Feuille « Cibles », ligne {row} (mission locale 01001, indicateur 1) : la cible "
        "saisie (« abc ») doit être un nombre (par exemple 23,5)."
    ]


def test_rate_above_100_is_refused(book):
    _fill(book, _row_of(book, "01001", 1), choice="saisie", typed=140, note="x")
    assert "comprise entre 0 % et 100 %" in _problems(book)[0]


def test_missing_justification_is_refused(book):
    _fill(book, _row_of(book, "01001", 1), choice="saisie", typed=12.5)
    assert "justification est obligatoire" in _problems(book)[0]


def test_blank_justification_is_refused(book):
    _fill(book, _row_of(book, "01001", 1), choice="saisie", typed=12.5, note="   ")
    assert "justification est obligatoire" in _problems(book)[0]


def test_number_in_the_justification_cell_is_refused(book):
    _fill(book, _row_of(book, "01001", 1), choice="saisie", typed=12.5, note=0)
    assert "doit être un texte" in _problems(book)[0]


def test_unknown_ml_is_refused(book):
    row = _row_of(book, "01001", 1)
    _fill(book, row, choice="légitime", code_ml="99999")
    assert "inconnue de l'entrepôt" in _problems(book)[0]


def test_ml_of_another_region_is_refused(book):
    # The workbook is region 84's; 75001 is an ML of region 11.
    _fill(book, _row_of(book, "01001", 1), choice="légitime", code_ml="75001")
    assert "hors du territoire" in _problems(book)[0]


def test_unknown_indicator_is_refused(book):
    _fill(book, _row_of(book, "01001", 1), choice="légitime", indicateur=11)
    assert "n'existe pas" in _problems(book)[0]


def test_edited_proposal_cell_is_refused_even_when_chosen(book):
    _fill(book, _row_of(book, "01001", 1), choice="légitime", cible_legitime=99)
    problems = _problems(book)
    assert "diffère de celle recalculée sur l'entrepôt" in problems[0]
    assert read_targets_workbook(book, CONTEXT).targets == []


def test_deleted_justification_column_refuses_the_workbook_naming_sheet_and_column(book):
    workbook = openpyxl.load_workbook(book)
    workbook[TARGETS_SHEET].delete_cols(COLUMN_INDEX["justification"] + 1)
    workbook.save(book)
    with pytest.raises(UserError, match=r"« Cibles ».*« Justification .* introuvable"):
        read_targets_workbook(book, CONTEXT)


def test_renamed_choice_column_refuses_the_workbook(book):
    workbook = openpyxl.load_workbook(book)
    workbook[TARGETS_SHEET][f"{_letter('choix')}{TARGETS_HEADER_ROW + 1}"] = "Mon choix"
    workbook.save(book)
    with pytest.raises(UserError, match="« Choix de la cible » est introuvable"):
        read_targets_workbook(book, CONTEXT)


def test_moved_columns_are_read_by_their_header(book):
    workbook = openpyxl.load_workbook(book)
    sheet = workbook[TARGETS_SHEET]
    sheet.insert_cols(1)  # every column one to the right
    sheet[f"A{TARGETS_HEADER_ROW + 1}"] = "Mes notes"
    workbook.save(book)
    row = _row_of(book, "01001", 1, shift=1)
    workbook = openpyxl.load_workbook(book)
    workbook[TARGETS_SHEET].cell(row, COLUMN_INDEX["choix"] + 2).value = "légitime"
    workbook.save(book)
    assert read_targets_workbook(book, CONTEXT).targets == [
        SetTarget(2025, "01001", 1, 21.0, "legitime", None)
    ]


def test_zero_euros_per_exit_is_refused(book):
    _fill(book, _row_of(book, "01001", 10), choice="saisie", typed=0, note="x")
    assert "la cible de l'indicateur 10 doit être comprise entre" in _problems(book)[0]


def test_exits_per_etp_far_above_the_national_range_is_refused(book):
    _fill(book, _row_of(book, "01001", 9), choice="saisie", typed=500, note="x")
    assert "valeurs nationales" in _problems(book)[0]


def test_workbook_of_other_values_date_is_refused(book):
    other = TargetContext.from_campaign(campaign(as_of=dt.date(2025, 2, 1)))
    _fill(book, _row_of(book, "01001", 1), choice="légitime")
    with pytest.raises(UserError, match="produit sur les valeurs arrêtées"):
        read_targets_workbook(book, other)


def test_unknown_choice_is_an_error(book):
    _fill(book, _row_of(book, "01001", 1), choice="au hasard")
    assert "choix inconnu" in _problems(book)[0]


def test_typed_value_contradicting_the_chosen_proposal_is_refused(book):
    _fill(book, _row_of(book, "01001", 1), choice="légitime", typed=50)
    assert "diffère de la proposition « légitime »" in _problems(book)[0]


def test_every_refused_row_is_reported(book):
    _fill(book, _row_of(book, "01001", 1), choice="saisie", typed="abc")
    _fill(book, _row_of(book, "01002", 3), choice="saisie", typed=-4, note="x")
    assert len(_problems(book)) == 2


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "entrepot.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE structures (code_ml VARCHAR, nom VARCHAR, code_region VARCHAR)")
        con.execute("INSERT INTO structures VALUES ('01001', 'A', '84'), ('01002', 'B', '84')")
    return path


def test_import_targets_stores_the_targets_with_author(book, warehouse):
    _fill(book, _row_of(book, "01001", 1), choice="atteignable")
    import_targets(book, warehouse, "Ana Lyse", context=CONTEXT)
    row = read_targets(connect(warehouse), 2025).iloc[0]
    stored = (row.code_ml, row.indicateur, row.source, row.auteur)
    assert stored == ("01001", 1, "atteignable", "Ana Lyse")


def test_import_targets_writes_nothing_when_one_cell_is_bad(book, warehouse):
    _fill(book, _row_of(book, "01001", 1), choice="légitime")
    _fill(book, _row_of(book, "01001", 2), choice="saisie", typed="beaucoup")
    with pytest.raises(UserError, match="aucune cible n'a été enregistrée"):
        import_targets(book, warehouse, "Ana Lyse", context=CONTEXT)
    assert read_targets(connect(warehouse), 2025).empty


def test_import_of_a_workbook_not_made_by_perfml_is_a_user_error(tmp_path, warehouse):
    other = tmp_path / "autre.xlsx"
    openpyxl.Workbook().save(other)
    with pytest.raises(UserError, match="n'a pas été produit par perfml"):
        import_targets(other, warehouse, "Ana Lyse", context=CONTEXT)


def test_import_of_a_file_that_is_not_a_workbook_is_a_user_error(tmp_path, warehouse):
    text = tmp_path / "cibles.xlsx"
    text.write_text("pas un classeur", encoding="utf-8")
    with pytest.raises(UserError, match="n'est pas un classeur Excel"):
        import_targets(text, warehouse, "Ana Lyse", context=CONTEXT)


def test_workbook_records_the_as_of_date(book):
    meta = dict(openpyxl.load_workbook(book)["perfml"].iter_rows(values_only=True))
    assert meta["date_valeurs"] == dt.date(2025, 3, 1).isoformat()


def test_ml_code_whose_leading_zero_excel_dropped_is_read(book):
    _fill(book, _row_of(book, "01001", 1), choice="légitime", code_ml=1001)
    assert read_targets_workbook(book, CONTEXT).targets[0].code_ml == "01001"


def test_target_typed_as_french_text_is_read(book):
    _fill(book, _row_of(book, "01002", 9), choice="saisie", typed="7,5", note="Nouvelle antenne")
    assert read_targets_workbook(book, CONTEXT).targets[0].cible == 7.5


def test_targets_sheet_gives_the_interval_and_the_reference_in_words(book):
    sheet = openpyxl.load_workbook(book)[TARGETS_SHEET]
    row = _row_of(book, "01001", 1)
    low = sheet[f"{_letter('ic95_bas')}{row}"].value
    high = sheet[f"{_letter('ic95_haut')}{row}"].value
    assert (round(low, 2), round(high, 2)) == (6.25, 18.63)
    words = sheet[f"{_letter('reference')}{row}"].value
    assert "atteignable : la France entière" in words


def test_new_target_columns_come_after_the_columns_read_back():
    read_back = ("choix", "cible_saisie", "justification", "minimum", "maximum")
    added = ("ic95_bas", "ic95_haut", "a_portee_du_hasard", "position", "reference")
    assert max(COLUMN_INDEX[k] for k in read_back) < min(COLUMN_INDEX[k] for k in added)
