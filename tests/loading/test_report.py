"""The load report: counts per table, balance, French rendering."""

import datetime as dt
from pathlib import Path

from rich.console import Console

from perfml.loading.report import LoadReport, TableReport


def sample_report():
    report = LoadReport(
        source=Path("extrait"),
        warehouse=Path("var/entrepot.duckdb"),
        extract_date=dt.date(2025, 2, 28),
        extract_date_origin="extrait",
    )
    report.tables["jeunes"] = TableReport(
        "jeunes", Path("extrait/jeunes.csv"), "CSV UTF-8", read=1234567, loaded=1234560, rejected=7
    )
    report.tables["offres"] = TableReport(
        "offres",
        Path("extrait/offres.parquet"),
        "Parquet",
        read=10,
        loaded=10,
        warnings=["Colonne « x » de offres.parquet ignorée."],
    )
    return report


def test_a_table_is_balanced_when_read_equals_loaded_plus_rejected():
    assert TableReport("t", None, "", read=5, loaded=3, rejected=2).is_balanced
    assert not TableReport("t", None, "", read=5, loaded=3, rejected=1).is_balanced


def test_totals_add_up_every_table():
    report = sample_report()
    assert (report.read, report.loaded, report.rejected) == (1234577, 1234570, 7)


def test_the_text_gives_each_table_its_counts():
    text = sample_report().to_text()
    assert "jeunes" in text
    assert "1\u202f234\u202f567" in text
    assert "1\u202f234\u202f560" in text


def test_the_text_states_the_extract_date_and_its_origin():
    text = sample_report().to_text()
    assert "Date d'extraction : 28/02/2025 (date de saisie la plus récente de l'extrait)." in text


def test_the_text_lists_the_warnings():
    assert "  - Colonne « x » de offres.parquet ignorée." in sample_report().to_text()


def test_the_text_says_every_row_is_accounted_for():
    assert "lues = chargées + rejetées" in sample_report().to_text()


def test_the_rich_table_has_a_total_row():
    console = Console(record=True, width=120)
    console.print(sample_report().to_rich())
    assert "Total" in console.export_text()
