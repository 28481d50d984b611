"""The ML page's indicators, rendered once and kept: never served from another template."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from perfml.web.figures import store
from perfml.web.steering import fragments
from web.conftest import make_user, page_as
from web.handmade import handmade_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_snapshot():
    """A snapshot of this test's own (its fragments are written to)."""
    snapshot = handmade_snapshot()
    store.install(snapshot)
    yield snapshot
    store.install(None)


def test_fragment_kept_for_the_current_template_is_served(client, users, own_snapshot):
    fragments.stored_fragments(own_snapshot)["35001"] = "<p>fragment gardé</p>"
    assert "fragment gardé" in page_as(client, users["ML"], "/ml/35001/")


def test_fragment_kept_by_an_older_template_is_rendered_again(client, users, own_snapshot):
    own_snapshot.fragments = {"35001": "<p>fragment périmé</p>"}
    own_snapshot.fragments_version = "gabarit-ancien"
    page = page_as(client, users["ML"], "/ml/35001/")
    assert "fragment périmé" not in page
    assert page.count("<caption>Distributions de l'indicateur") == 10


def test_fragments_version_changes_with_the_template(monkeypatch):
    current = fragments.fragments_version()
    edited = SimpleNamespace(template=SimpleNamespace(source="<p>gabarit modifié</p>"))
    monkeypatch.setattr(fragments, "get_template", lambda name: edited)
    fragments.fragments_version.cache_clear()
    try:
        assert fragments.fragments_version() != current
    finally:
        fragments.fragments_version.cache_clear()


def overview_fragments(snapshot) -> dict[str, str]:
    return {k: v for k, v in snapshot.fragments.items() if k.startswith("vue-ensemble|")}


def test_two_regions_get_their_own_overview_fragments(client, own_snapshot):
    brittany = make_user("ur53-bis", "DREETS_UR", code_region="53")
    rhone_alpes = make_user("ur84", "DREETS_UR", code_region="84")
    page_as(client, brittany, "/pilotage/")  # region 53's fragments are kept first
    page = page_as(client, rhone_alpes, "/pilotage/")
    assert '<option value="69">69</option>' in page
    assert '<option value="35">' not in page and '<option value="29">' not in page
    assert "Auvergne-Rhône-Alpes" in page and "Bretagne" not in page
    scopes = {key.rsplit("|", 2)[0] for key in overview_fragments(own_snapshot)}
    assert len(scopes) == 2


def test_overview_fragments_of_a_territory_are_rendered_once(client, users, own_snapshot):
    page_as(client, users["DREETS_UR"], "/pilotage/")
    kept = overview_fragments(own_snapshot)
    for key in kept:
        own_snapshot.fragments[key] = kept[key].replace("Groupe 1<", "Groupe gardé<")
    assert "Groupe gardé" in page_as(client, users["DREETS_UR"], "/pilotage/?groupe=2")


def test_overview_fragment_kept_by_an_older_template_is_rendered_again(client, users, own_snapshot):
    page_as(client, users["DREETS_UR"], "/pilotage/")
    own_snapshot.fragments = {
        key: fragment.replace("Groupe 1<", "Groupe périmé<")
        for key, fragment in overview_fragments(own_snapshot).items()
    }
    own_snapshot.fragments_version = "gabarit-ancien"
    page = page_as(client, users["DREETS_UR"], "/pilotage/")
    assert "Groupe périmé" not in page and "Groupe 1<" in page


def test_overview_marks_the_selected_options_of_the_request(client, users, own_snapshot):
    page_as(client, users["DREETS_UR"], "/pilotage/")
    page = page_as(client, users["DREETS_UR"], "/pilotage/?departement=35&indicateur=1")
    assert '<option value="35" selected>35</option>' in page
    assert '<option value="29">29</option>' in page
    assert '<option value="1" selected>1</option>' in page
    assert '<option value="10">10</option>' in page  # "1" does not select "10"
    assert page.count(" selected>") == 3  # with the default reference, régionale


def test_no_option_is_selected_for_a_value_absent_from_the_list():
    options = '<option value="1">Groupe 1</option><option value="2">Groupe 2</option>'
    assert fragments.with_selected(options, 7) == options
    assert fragments.with_selected(options, None) == options


def test_fragments_version_changes_with_the_overview_options_template(monkeypatch):
    current = fragments.fragments_version()
    real = fragments.get_template

    def edited(name):
        if name == fragments.OPTIONS_TEMPLATE:
            return SimpleNamespace(template=SimpleNamespace(source="<option>modifiée</option>"))
        return real(name)

    monkeypatch.setattr(fragments, "get_template", edited)
    fragments.fragments_version.cache_clear()
    try:
        assert fragments.fragments_version() != current
    finally:
        fragments.fragments_version.cache_clear()
