"""Every page, action and download × every role × in / out of the user's territory.

The hand-made territory: ML 35001 is in every test user's territory (region 53,
département 35, its own ML), ML 69001 and region 84 in none but the DGEFP's. Designed
answers: 200 (shown), 302 (done, or sent on), 403 (in the territory, but the role may
not do it), 404 (outside the territory: its existence is not revealed).
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

ROLES = ("DGEFP", "DREETS_UR", "DREETS_UD", "ARML", "ML")


def every(code: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, code)


def only(code: int, others: int, *roles: str) -> dict[str, int]:
    return {role: code if role in roles else others for role in ROLES}


TARGET = {"i1-source": "legitime"}
# (case, method, path, POST data, expected answer per role)
CASES = [
    ("accueil", "get", "/", None, every(302)),
    ("vue d'ensemble", "get", "/pilotage/", None, only(404, 200, "ML")),
    ("vue d'ensemble, autre région", "get", "/pilotage/?region=84", None,
     only(200, 404, "DGEFP")),
    ("page ML", "get", "/ml/35001/", None, every(200)),
    ("page ML hors territoire", "get", "/ml/69001/", None, only(200, 404, "DGEFP")),
    ("page ML d'un autre département", "get", "/ml/29001/", None,
     only(404, 200, "DREETS_UD", "ML")),
    ("page d'une ML voisine", "get", "/ml/35002/", None, only(404, 200, "ML")),
    ("campagnes", "get", "/dialogue/", None, every(200)),
    ("dialogue ML", "get", "/dialogue/35001/", None, every(200)),
    ("dialogue ML hors territoire", "get", "/dialogue/69001/", None, only(200, 404, "DGEFP")),
    ("cibles saisies", "post", "/dialogue/35001/", TARGET,
     only(302, 403, "DREETS_UR", "DREETS_UD")),
    ("cibles saisies hors territoire", "post", "/dialogue/69001/", TARGET,
     only(403, 404, "DGEFP")),
    ("validation", "post", "/dialogue/35001/valider/", {}, only(302, 403, "DREETS_UR")),
    ("validation hors territoire", "post", "/dialogue/69001/valider/", {},
     only(403, 404, "DGEFP")),
    ("verrouillage", "post", "/dialogue/35001/verrouiller/", {},
     only(302, 403, "DGEFP", "DREETS_UR")),
    ("verrouillage hors territoire", "post", "/dialogue/69001/verrouiller/", {},
     only(302, 404, "DGEFP")),
    ("réouverture", "post", "/dialogue/35001/rouvrir/", {}, only(302, 403, "DREETS_UR")),
    ("déverrouillage", "post", "/dialogue/35001/deverrouiller/", {}, only(302, 403, "DGEFP")),
    ("déverrouillage hors territoire", "post", "/dialogue/69001/deverrouiller/", {},
     only(302, 404, "DGEFP")),
    ("journal", "get", "/dialogue/journal/", None, every(200)),
    ("journal ML", "get", "/dialogue/35001/journal/", None, every(200)),
    ("journal ML hors territoire", "get", "/dialogue/69001/journal/", None,
     only(200, 404, "DGEFP")),
    ("export CSV des cibles", "get", "/dialogue/cibles.csv", None, every(200)),
    ("export Excel des cibles", "get", "/dialogue/cibles.xlsx", None, every(200)),
    ("simulation du financement", "get", "/financement/", None,
     only(404, 200, "DREETS_UD", "ML")),
    ("simulation, autre région", "get", "/financement/?region=84", None,
     only(200, 404, "DGEFP")),
    ("Garantie jeunes", "get", "/garantie-jeunes/", None, every(200)),
    ("Garantie jeunes, autre région", "get", "/garantie-jeunes/?region=84", None,
     only(200, 404, "DGEFP")),
    ("téléchargements", "get", "/telechargements/", None, every(200)),
    ("rapport PDF", "get", "/telechargements/ml/35001.pdf", None, every(200)),
    ("rapport PDF hors territoire", "get", "/telechargements/ml/69001.pdf", None,
     only(200, 404, "DGEFP")),
    ("tableau de bord ML", "get", "/telechargements/tableau-de-bord/ml/35001.xlsx", None,
     every(200)),
    ("tableau de bord ML hors territoire", "get",
     "/telechargements/tableau-de-bord/ml/69001.xlsx", None, only(200, 404, "DGEFP")),
    ("tableau de bord régional", "get", "/telechargements/tableau-de-bord/region/53.xlsx",
     None, only(404, 200, "DREETS_UD", "ML")),
    ("tableau de bord régional hors territoire", "get",
     "/telechargements/tableau-de-bord/region/84.xlsx", None, only(200, 404, "DGEFP")),
    ("tableau de bord national", "get", "/telechargements/tableau-de-bord/national.xlsx",
     None, only(200, 404, "DGEFP")),
]  # fmt: skip


def _request(client, method: str, path: str, data):
    return client.post(path, data) if method == "post" else client.get(path)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("method", "path", "data", "expected"),
    [pytest.param(m, p, d, e, id=name) for name, m, p, d, e in CASES],
)
def test_answer_of_each_page_to_each_role(client, users, role, method, path, data, expected):
    client.force_login(users[role])
    assert _request(client, method, path, data).status_code == expected[role]


@pytest.mark.parametrize(
    ("method", "path", "data"), [pytest.param(m, p, d, id=name) for name, m, p, d, _ in CASES]
)
def test_anonymous_visitor_is_sent_to_the_login_page(client, method, path, data):
    response = _request(client, method, path, data)
    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/")


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [pytest.param(m, p, d, id=name) for name, m, p, d, _ in CASES if p != "/"],
)
def test_user_without_membership_gets_404_or_403(client, method, path, data):
    from web.conftest import make_user

    client.force_login(make_user("sans-rattachement", None))
    assert _request(client, method, path, data).status_code in (403, 404)
