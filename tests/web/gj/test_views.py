"""The Garantie jeunes follow-up page, scoped to the user's territory."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_departmental_unit_sees_its_mls_its_region_and_france(client, users):
    client.force_login(users["DREETS_UD"])
    text = client.get("/garantie-jeunes/").content.decode()
    assert "35001" in text and "35002" in text and "France entière" in text
    assert "29001" not in text and "69001" not in text


def test_dgefp_sees_one_row_per_region(client, users):
    client.force_login(users["DGEFP"])
    text = client.get("/garantie-jeunes/").content.decode()
    assert "Bretagne (53)" in text and "Auvergne-Rhône-Alpes (84)" in text
    assert "35001" not in text


def test_territory_without_any_ml_gets_a_french_page_not_an_error(client):
    from web.conftest import make_user

    # The account was made when its region had MLs; the extract loaded since has none.
    client.force_login(make_user("ur11", "DREETS_UR", code_region="11"))
    response = client.get("/garantie-jeunes/")
    assert response.status_code == 404
    assert "Aucune mission locale dans votre territoire" in response.content.decode()
