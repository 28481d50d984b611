"""The downloaded files: the reports' PDF and the dashboard's workbooks."""

from __future__ import annotations

import io

import openpyxl
import pytest

pytestmark = pytest.mark.django_db


def test_pdf_report_is_a_pdf_named_after_the_ml(client, users):
    client.force_login(users["ML"])
    response = client.get("/telechargements/ml/35001.pdf")
    assert response.content.startswith(b"%PDF")
    assert "rapport_2024_35001.pdf" in response["Content-Disposition"]


def test_ml_dashboard_is_a_workbook_with_the_indicators_sheet(client, users):
    client.force_login(users["ML"])
    response = client.get("/telechargements/tableau-de-bord/ml/35001.xlsx")
    assert "Indicateurs" in openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames


def test_index_links_only_the_territorys_files(client, users):
    client.force_login(users["DREETS_UD"])
    text = client.get("/telechargements/").content.decode()
    assert "/telechargements/ml/35002.pdf" in text
    assert "/telechargements/ml/29001.pdf" not in text
