"""What the steering pages show, on the hand-made snapshot."""

from __future__ import annotations

import html
import re

import pytest

from web.conftest import page_as

pytestmark = pytest.mark.django_db


def test_regional_overview_marks_each_value_with_its_regional_quartile(client, users):
    page = page_as(client, users["DREETS_UR"], "/pilotage/?tri=code")
    # Indicator 1 in region 53: 20 (35001) < Q1 = 25 ≤ 30 (29001) < Q3 = 35 ≤ 40 (35002).
    cells = re.findall(r'<td class="perfml-num perfml-q(\d)">([^<]*)<span', page)
    first_column = [cells[i] for i in (0, 10, 20)]
    assert first_column == [("3", "30,0\u00a0% "), ("1", "20,0\u00a0% "), ("4", "40,0\u00a0% ")]


def test_overview_lists_only_the_territorys_mls(client, users):
    page = page_as(client, users["DREETS_UD"], "/pilotage/")
    assert "35002" in page and "29001" not in page and "69001" not in page


def test_ml_page_shows_the_box_plots_as_images_with_a_table(client, users):
    page = page_as(client, users["ML"], "/ml/35001/")
    assert page.count('<svg role="img"') >= 10
    assert page.count("<caption>Distributions de l'indicateur") == 10


def test_ml_page_shows_value_numerator_and_denominator(client, users):
    page = page_as(client, users["ML"], "/ml/35001/")
    assert "Valeur 2024 : 20,0\u00a0%</strong> (20 / 100)" in page


def test_ml_page_describes_the_group(client, users):
    page = page_as(client, users["DREETS_UR"], "/ml/29001/")
    assert "Groupe homogène 1 : ↓ revenu médian, ↑ densité de population" in page


def test_ml_page_shows_the_monthly_trend_table(client, users):
    page = page_as(client, users["DREETS_UR"], "/ml/29001/")
    assert '<th scope="row">décembre 2024</th>' in page


def test_overview_sorts_the_mls_by_their_share_of_late_entries(client, users):
    page = page_as(client, users["DREETS_UR"], "/pilotage/?tri=tardives&ordre=desc")
    order = re.findall(r'<a href="/ml/(\d+)/">', page)
    assert order == ["35001", "29001", "35002"]  # 30 %, 12,5 %, 5 %
    assert "30,0\u00a0%" in page


def test_consolidated_ml_page_has_no_provisional_mark(client, users):
    page = page_as(client, users["ML"], "/ml/35001/")
    assert "Provisoire" not in page and "révision typique" not in page


@pytest.fixture
def provisional(snapshot):
    from perfml.web.figures import store
    from web.handmade import handmade_snapshot

    store.install(handmade_snapshot(provisional=True))
    yield
    store.install(snapshot)


def test_provisional_ml_page_is_marked_with_last_years_typical_revision(client, users, provisional):
    page = html.unescape(page_as(client, users["ML"], "/ml/35001/"))
    assert "Chiffres provisoires : connus au 15/01/2025, avant la consolidation du 01/03/2025" in (
        page
    )
    assert page.count('fr-badge--warning fr-badge--sm">Provisoire</span>') == 11
    assert "révision typique de la mission locale l'an dernier : ±1,2 point" in page
    assert "révision typique de la mission locale l'an dernier : révision de l'an dernier" in page
