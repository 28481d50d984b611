"""The ML page's indicators, rendered once and kept: never served from another template."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from perfml.web.figures import store
from perfml.web.steering import fragments
from web.conftest import page_as
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
