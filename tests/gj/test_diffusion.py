"""External diffusion of the GJ follow-up: no masked count can be narrowed from the files."""

from __future__ import annotations

import pytest
from extract_outputs import chosen_warehouse, csv_cells, gather, gj_year_and_day, sheet_cells
from typer.testing import CliRunner

from perfml.cli.app import app
from perfml.dashboard.figures import parse_day
from perfml.disclosure.audit import PRIMARY_MARK, audit, marks_of_publication
from perfml.disclosure.rules import default_rules
from perfml.french import MONTH_NAMES
from perfml.gj import follow_gj
from perfml.gj.diffusion import DERIVED, gj_cells
from perfml.gj.entries import MONTH_COLUMNS
from perfml.gj.report import (
    ML_HEADER,
    REGION_HEADER,
    criteria_columns,
    entries_columns,
    write_gj_report,
)
from perfml.warehouse import connect


def published(follow, paths) -> dict:
    """Return every place each cell is shown in the workbook and the two CSV files."""
    workbook, region_csv, ml_csv = paths
    entities = {
        c: (n, c) for n, c in zip(follow.entries["niveau"], follow.entries["code"], strict=True)
    }
    keys = lambda columns: [c.key for c in columns]  # noqa: E731
    sheets = {
        "Régions": keys(entries_columns(follow, False, REGION_HEADER)),
        "Mensuel régions": keys(entries_columns(follow, True, REGION_HEADER)),
        "Missions locales": keys(entries_columns(follow, True, ML_HEADER)),
        "Qualité régions": keys(criteria_columns(REGION_HEADER)),
        "Qualité ML": keys(criteria_columns(ML_HEADER)),
    }
    headers = {f"entrees_{MONTH_NAMES[int(c[1:]) - 1]}": c for c in MONTH_COLUMNS}
    headers.update({k: k for k in [*sheets["Missions locales"], *sheets["Qualité ML"]]})
    return gather(
        *(sheet_cells(workbook, name, columns, entities) for name, columns in sheets.items()),
        csv_cells(region_csv, headers),
        csv_cells(ml_csv, headers),
    )


def narrowed(follow, paths) -> list:
    """Return the masked counts a reader of the files can narrow (the audit's failures)."""
    cells, rules = gj_cells(follow), default_rules()
    shown = published(follow, paths)
    marks = marks_of_publication(
        cells, {k: v for k, v in shown.items() if k in cells.values}, rules
    )
    assert any(status == PRIMARY_MARK for status in marks.values())
    return [interval for interval in audit(cells, marks, rules) if not interval.is_protected]


def derived_leaks(follow, paths) -> list:
    """Return the figures shown although computed from a masked count."""
    shown = published(follow, paths)
    leaks = []
    for (column, niveau, code), places in shown.items():
        parts = DERIVED.get(column, [])
        hidden = any(
            isinstance(p, str) for part in parts for p in shown.get((part, niveau, code), [])
        )
        if hidden and any(p not in ("s", None) for p in places):
            leaks.append((column, niveau, code, places))
    return leaks


@pytest.fixture(scope="module")
def external_paths(follow, tmp_path_factory):
    """The workbook and CSV files of the hand-made follow-up in external diffusion."""
    return write_gj_report(follow, tmp_path_factory.mktemp("gj") / "gj.xlsx", "externe")


def test_current_month_is_not_the_difference_of_the_two_published_cumuls(follow, external_paths):
    # The leak of issue 12: "Cumul au JJ/MM" − "Cumul des mois complets" = the month in
    # progress. Wherever that month is masked, one of the two cumuls is masked too.
    paths = external_paths
    shown = published(follow, paths)
    month = MONTH_COLUMNS[follow.complete_months]
    masked_months = [k for k, v in shown.items() if k[0] == month and "< 5" in v]
    assert masked_months
    for _column, niveau, code in masked_months:
        cumuls = [shown[(c, niveau, code)] for c in ("cumul", "cumul_mois_complets")]
        assert any("s" in places or "< 5" in places for places in cumuls)


def test_no_masked_count_of_the_handmade_report_can_be_narrowed(follow, external_paths):
    assert narrowed(follow, external_paths) == []


def test_no_figure_computed_from_a_masked_count_is_shown(follow, external_paths):
    assert derived_leaks(follow, external_paths) == []


def test_internal_report_masks_nothing(follow, tmp_path):
    paths = write_gj_report(follow, tmp_path / "gj.xlsx")
    shown = published(follow, paths)
    assert not any(isinstance(p, str) and p in ("s", "< 5") for v in shown.values() for p in v)


@pytest.mark.slow
def test_no_masked_count_of_the_extract_command_can_be_narrowed(mini_warehouse, tmp_path):
    warehouse = chosen_warehouse(mini_warehouse)
    year, day = gj_year_and_day()
    out = tmp_path / "gj.xlsx"
    args = ["garantie-jeunes", "--entrepot", str(warehouse), "--annee", str(year), "--au", day]
    result = CliRunner().invoke(app, [*args, "--diffusion", "externe", "--sortie", str(out)])
    assert result.exit_code == 0, result.output
    follow = follow_gj(connect(warehouse), year, parse_day(day))
    paths = [out, out.with_name(f"gj_regions_{year}.csv"), out.with_name(f"gj_ml_{year}.csv")]
    assert narrowed(follow, paths) == []
    assert derived_leaks(follow, paths) == []


def test_presentation_sheet_states_the_masking_rules(external_paths):
    from openpyxl import load_workbook

    path = external_paths[0]
    sheet = load_workbook(path)["Présentation"]
    texts = [c.value for line in sheet.iter_rows() for c in line if isinstance(c.value, str)]
    assert default_rules().describe() in texts
