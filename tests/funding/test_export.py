"""The workbook and CSV files of an allocation, read back."""

import openpyxl
import pytest

from funding.hand_inputs import config, hand_inputs
from perfml.funding.campaign import allocate
from perfml.funding.export import write_allocation
from perfml.outputs import read_rows

TOML = """
[criteres]
part_fixe = 1
[indicateurs]
1 = 0.5
3 = 0.5
[regions.84]
enveloppe_eur = 10_000
[regions.93]
enveloppe_eur = 1_000
"""


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory):
    inputs = hand_inputs()
    result = allocate(config(TOML), inputs)
    other = allocate(config(TOML.replace("part_fixe = 1", "jeunes_accompagnes = 1")), inputs)
    out = tmp_path_factory.mktemp("allocation")
    write_allocation(result, out, other)
    return out


def _rows(path):
    return read_rows(path)


def test_allocation_ml_csv_has_the_contract_columns(out_dir):
    rows = _rows(out_dir / "allocation_ml_2024.csv")
    assert {"code_ml", "code_region", "base_eur", "bonus_eur", "total_eur"} <= set(rows[0])
    assert [r["total_eur"] for r in rows] == ["4950", "4725", "900"]


def test_synthese_csv_adds_up_per_region(out_dir):
    rows = {r["code_region"]: r for r in _rows(out_dir / "synthese_2024.csv")}
    assert {"enveloppe_eur", "base_eur", "bonus_eur", "reserve_eur"} <= set(rows["84"])
    parts = sum(int(rows["84"][k]) for k in ("base_eur", "bonus_eur", "reserve_eur"))
    assert parts == int(rows["84"]["enveloppe_eur"]) == 10_000


def test_comparison_csv_is_written(out_dir):
    rows = _rows(out_dir / "comparaison_2024.csv")
    assert {r["code_ml"]: r["sens"] for r in rows}["01002"] == "gagne"


def test_workbook_has_summary_region_explanation_and_comparison_sheets(out_dir):
    book = openpyxl.load_workbook(out_dir / "allocation_2024.xlsx")
    assert book.sheetnames == [
        "Synthèse",
        "Région 84",
        "Région 93",
        "Explication",
        "Critères",
        "Comparaison",
        "Comparaison régions",
        "Paramètres",
    ]


def test_workbook_headers_are_french_with_euro_formats(out_dir):
    sheet = openpyxl.load_workbook(out_dir / "allocation_2024.xlsx")["Synthèse"]
    headers = [cell.value for cell in sheet[4]]
    assert headers[:5] == ["Région", "Enveloppe (€)", "Base (€)", "Majoration (€)", "Réserve (€)"]
    assert sheet.cell(5, 2).value == 10_000
    assert "€" in sheet.cell(5, 2).number_format


def test_explanation_sheet_gives_target_origin(out_dir):
    sheet = openpyxl.load_workbook(out_dir / "allocation_2024.xlsx")["Explication"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows.index(next(r for r in rows if r and r[0] == "Région"))
    origin = rows[header].index("Origine de la cible")
    assert "proposition raisonnable (aucune cible fixée)" in {r[origin] for r in rows[header + 1 :]}
