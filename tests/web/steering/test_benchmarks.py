"""The fairer benchmarks on the pages: neighbours, intervals, references, funnel plots."""

from __future__ import annotations

import pytest

from perfml.web.figures import store
from web.conftest import page_as
from web.handmade import handmade_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_neighbours():
    store.install(handmade_snapshot(with_neighbours=True))
    yield
    store.install(None)


def test_ml_page_shows_a_fourth_distribution_row_for_the_neighbours(client, users, with_neighbours):
    page = page_as(client, users["ML"], "/ml/35001/")
    assert page.count('<th scope="row">Voisins</th>') == 10


def test_ml_page_names_the_neighbours_nearest_first(client, users, with_neighbours):
    page = page_as(client, users["ML"], "/ml/35001/")
    lyon = page.index("<li>Mission locale de Lyon (69001)</li>")
    brest = page.index("<li>Mission locale du Pays de Brest (29001)</li>")
    assert lyon < brest


def test_ml_page_shows_the_value_s_95_interval(client, users):
    page = page_as(client, users["ML"], "/ml/35001/")
    # Indicator 1 of 35001: 20 / 100, Wilson 13,3 % – 28,9 %.
    assert "Intervalle de confiance à 95 % : 13,3\u00a0% – 28,9\u00a0%" in page


def test_ml_page_says_the_proposals_come_from_the_neighbours(client, users, with_neighbours):
    page = page_as(client, users["ML"], "/ml/35001/")
    assert "Légitime et raisonnable : les 15 voisins" in page
    assert "atteignable : la France entière" in page


def test_ml_page_flags_a_proposal_within_noise(client, users):
    page = page_as(client, users["ML"], "/ml/35001/")
    assert "à portée du hasard : dans l&#x27;intervalle à 95 % de la valeur" in page


def test_dgefp_sees_the_eight_national_funnels(client, users):
    client.force_login(users["DGEFP"])
    response = client.get("/pilotage/entonnoirs/")
    assert response.status_code == 200
    assert response.content.decode().count('aria-label="Entonnoir national') == 8


def test_dreets_sees_the_funnels_with_its_mls_in_red(client, users):
    page = page_as(client, users["DREETS_UR"], "/pilotage/entonnoirs/")
    assert "En rouge : les missions locales" in page
    assert page.count(">35001<") == 8  # the code labels its point on each funnel


@pytest.mark.parametrize("role", ["ML", "ARML"])
def test_funnels_are_not_shown_to_other_roles(client, users, role):
    client.force_login(users[role])
    assert client.get("/pilotage/entonnoirs/").status_code == 404
    assert client.get("/ml/35001/entonnoirs/").status_code == 404


def test_ml_funnels_highlight_the_ml(client, users):
    page = page_as(client, users["DREETS_UD"], "/ml/35001/entonnoirs/")
    assert page.count(">35001<") == 8 and ">35002<" not in page


def test_ml_funnels_outside_the_territory_are_not_found(client, users):
    client.force_login(users["DREETS_UD"])
    assert client.get("/ml/29001/entonnoirs/").status_code == 404


def test_ml_page_links_to_its_funnels_for_the_dreets_only(client, users):
    assert "/ml/35001/entonnoirs/" in page_as(client, users["DREETS_UD"], "/ml/35001/")
    assert "/ml/35001/entonnoirs/" not in page_as(client, users["ML"], "/ml/35001/")
