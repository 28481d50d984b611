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
