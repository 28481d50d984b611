"""The overview's filters and sort, on hand-made rows."""

from __future__ import annotations

import pytest
from django.http import Http404, QueryDict

from perfml.web.figures.snapshot import MlInfo
from perfml.web.steering.presenters import OverviewCell, OverviewRow
from perfml.web.steering.queries import OverviewQuery


def row(code: str, nom: str, value: float | None, quartile: int | None = None, groupe=1):
    cells = [OverviewCell(None, "–", None)] * 10
    cells = [OverviewCell(value, str(value), quartile), *cells[1:]]
    return OverviewRow(MlInfo(code, nom, code[:2], "53", groupe), cells)


ROWS = [row("29001", "Brest", 30.0, 3), row("35001", "Rennes", 20.0, 1),
        row("35002", "Saint-Malo", None, None, 2)]  # fmt: skip


def parse(text: str) -> OverviewQuery:
    return OverviewQuery.parse(QueryDict(text), ["53"], ["29", "35"], "REGION")


def codes(rows) -> list[str]:
    return [r.ml.code_ml for r in rows]


def test_sort_by_an_indicator_puts_missing_values_last():
    query = parse("tri=i1&ordre=desc")
    assert codes(query.sort(ROWS)) == ["29001", "35001", "35002"]


def test_sort_by_an_indicator_ascending_still_puts_missing_values_last():
    assert codes(parse("tri=i1").sort(ROWS)) == ["35001", "29001", "35002"]


def test_filter_by_departement():
    query = parse("departement=35")
    assert codes([r for r in ROWS if query.keeps(r)]) == ["35001", "35002"]


def test_filter_by_quartile_of_an_indicator():
    query = parse("indicateur=1&quartile=1")
    assert codes([r for r in ROWS if query.keeps(r)]) == ["35001"]


def test_search_ignores_case():
    query = parse("recherche=saint")
    assert codes([r for r in ROWS if query.keeps(r)]) == ["35002"]


def test_departement_outside_the_territory_is_a_404():
    with pytest.raises(Http404):
        parse("departement=69")


def test_unknown_sort_key_falls_back_to_the_code():
    assert parse("tri=pirate").tri == "code"


def test_header_link_flips_the_current_order():
    assert "ordre=desc" in parse("tri=i1&ordre=asc").sort_url("i1")


def test_url_keeps_group_one():
    assert "groupe=1" in parse("groupe=1").url()


def test_sort_by_late_share_puts_unknown_shares_last():
    late = {"29001": 12.5, "35001": None, "35002": 5.0}
    rows = [OverviewRow(r.ml, r.cells, OverviewCell(late[r.ml.code_ml], "", None)) for r in ROWS]
    assert codes(parse("tri=tardives&ordre=desc").sort(rows)) == ["29001", "35002", "35001"]
    assert codes(parse("tri=tardives").sort(rows)) == ["35002", "29001", "35001"]
