"""End to end in Chromium, on the production server (gunicorn, PostgreSQL): a DREETS agent
sets and validates an ML's targets and downloads its PDF; an ML director cannot reach
another ML. Screenshots go to var/screenshots/."""

from __future__ import annotations

import pytest

from web.e2e.conftest import PASSWORD, log_in, shoot

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.slow]


def choose_a_proposal(page, number: int) -> None:
    """Pick the first proposal the ML has for the indicator, else type a justified value.

    Indicator 10 is always typed: this tiny warehouse costs 450 000 € per exit, beyond the
    catalogue's plausible maximum (200 000), so its proposals would be refused.
    """
    for kind in ("legitime", "raisonnable", "atteignable"):
        if number != 10 and page.locator(f"#i{number}-source-{kind}").is_enabled():
            page.locator(
                f"label[for=i{number}-source-{kind}]"
            ).click()  # the design system's radios
            return
    page.locator(f"label[for=i{number}-source-saisie]").click()
    page.locator(f"#i{number}-valeur").fill("175000" if number == 10 else "50")
    page.locator(f"#i{number}-justification").fill("Aucune proposition pour cet indicateur.")


def test_dreets_agent_sets_validates_and_downloads(page, site):
    site.add_user("agent-dreets", PASSWORD, "DREETS_UR", code_region="53")
    page.goto("/connexion/")
    shoot(page, "01_connexion")
    log_in(page, "agent-dreets")
    page.wait_for_url("**/pilotage/")
    shoot(page, "02_vue_ensemble_regionale")

    page.get_by_role("link", name="Mission locale du bassin d'emploi de Rennes").click()
    page.wait_for_url("**/ml/35001/")
    shoot(page, "03_page_ml")

    page.get_by_role("link", name="Dialogue de gestion et cibles").click()
    page.wait_for_url("**/dialogue/35001/")
    for number in range(2, 11):
        choose_a_proposal(page, number)
    page.locator("label[for=i1-source-saisie]").click()
    page.locator("#i1-valeur").fill("24,5")
    page.locator("#i1-justification").fill("Nouveau partenariat avec France Travail.")
    shoot(page, "04_dialogue_saisie")
    page.get_by_role("button", name="Enregistrer les cibles").click()
    page.get_by_text("10 cibles enregistrées.").wait_for()

    page.get_by_role("button", name="Valider la campagne").click()
    page.get_by_text("La campagne est validée").wait_for()
    assert page.locator(".perfml-statut").inner_text() == "Validée par la DREETS"
    shoot(page, "05_dialogue_validee")

    page.goto("/dialogue/35001/journal/")
    assert page.get_by_text("Nouveau partenariat avec France Travail.").is_visible()
    shoot(page, "06_journal")

    page.goto("/ml/35001/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Rapport PDF").click()
    assert download.value.suggested_filename == "rapport_2024_35001.pdf"
    assert download.value.path().read_bytes()[:4] == b"%PDF"


def test_ml_director_cannot_reach_another_ml(page, site):
    site.add_user("direction-ml", PASSWORD, "ML", code_ml="35001")
    log_in(page, "direction-ml")
    page.wait_for_url("**/ml/35001/")
    response = page.goto("/ml/35002/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Page introuvable").is_visible()
    shoot(page, "07_ml_voisine_404")


def test_main_pages_render_for_the_dgefp(page, site):
    site.add_user("agent-dgefp", PASSWORD, "DGEFP")
    log_in(page, "agent-dgefp")
    page.wait_for_url("**/pilotage/")
    shoot(page, "08_vue_ensemble_nationale")
    for path, name in [
        ("/financement/?region=53", "09_financement"),
        ("/garantie-jeunes/", "10_garantie_jeunes"),
        ("/telechargements/", "11_telechargements"),
        ("/dialogue/", "12_campagnes"),
    ]:
        assert page.goto(path).status == 200
        shoot(page, name)
