"""What a production process prepares before its first request: the national overview."""

from __future__ import annotations

import pytest

from perfml.web.figures.snapshot import POPULATIONS
from perfml.web.warmup import warm_up


def test_warm_up_prepares_every_reference_of_the_national_overview(snapshot):
    snapshot.memo.clear()
    warm_up()
    keys = {key[1] for key in snapshot.memo if isinstance(key, tuple) and key[0] == "overview_rows"}
    assert keys == set(POPULATIONS)
    rows = next(v for k, v in snapshot.memo.items() if k[0] == "overview_rows")
    assert all(row._html is not None for row in rows)


@pytest.mark.django_db
def test_overview_served_from_prepared_rows_matches_a_fresh_one(client, users, snapshot):
    client.force_login(users["DGEFP"])
    snapshot.memo.clear()
    fresh = client.get("/pilotage/?tri=i3&ordre=desc").content.decode()
    warm_up()
    prepared = client.get("/pilotage/?tri=i3&ordre=desc").content.decode()
    strip = lambda text: text.split("<tbody>", 2)[2].split("</tbody>")[0]  # noqa: E731
    assert strip(fresh) == strip(prepared)
    assert "35001" in strip(prepared)


def test_warm_up_prepares_every_ml_page_heading(snapshot):
    snapshot.memo.clear()
    warm_up()
    prepared = {
        key[1] for key in snapshot.memo if isinstance(key, tuple) and key[0] == "ml_summary"
    }
    assert prepared == set(snapshot.mls)


@pytest.mark.django_db
def test_national_overview_after_warm_up_renders_no_fragment(client, users, snapshot):
    snapshot.fragments.clear()  # rendered by earlier tests' requests otherwise
    warm_up()
    prepared = dict(snapshot.fragments)
    assert any(key.startswith("vue-ensemble|national|") for key in prepared)
    client.force_login(users["DGEFP"])
    for url in ("/pilotage/", "/pilotage/?region=84&departement=69"):
        assert client.get(url).status_code == 200
    assert snapshot.fragments == prepared
