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
