"""The accessibility statement, legal notice and personal data pages: open to everyone,
linked from every page's footer."""

from __future__ import annotations

import pytest

PAGES = {
    "/accessibilite/": "Déclaration d'accessibilité",
    "/mentions-legales/": "Mentions légales",
    "/donnees-personnelles/": "Données personnelles et cookies",
}


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "heading"), PAGES.items())
def test_legal_page_opens_without_signing_in(client, path, heading):
    response = client.get(path)
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.content.decode().replace("&#x27;", "'")


@pytest.mark.django_db
def test_every_page_footer_links_the_legal_pages(client, users):
    client.force_login(users["DREETS_UR"])
    text = client.get("/pilotage/").content.decode()
    for path in PAGES:
        assert f'href="{path}"' in text


@pytest.mark.django_db
def test_accessibility_statement_gives_the_contact_set_by_the_operator(client, settings):
    settings.PERFML_CONTACT = "perfml@exemple.gouv.fr"
    text = client.get("/accessibilite/").content.decode()
    assert 'href="mailto:perfml@exemple.gouv.fr"' in text
