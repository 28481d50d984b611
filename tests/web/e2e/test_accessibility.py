"""axe-core on every main page, signed in as each role, on the production server:
no violation of the WCAG 2.1 A and AA rules it checks."""

from __future__ import annotations

import pytest

from web.conftest import ROLE_USERS
from web.e2e.conftest import PASSWORD, axe_violations, describe, log_in

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.slow]

# The roles and territories of the other web tests, under accounts of this test's own.
ROLES = {role: (f"a11y-{name}", territory) for role, (name, territory) in ROLE_USERS.items()}
COMMON = [
    "/ml/35001/",
    "/dialogue/",
    "/dialogue/35001/",
    "/dialogue/35001/journal/",
    "/garantie-jeunes/",
    "/telechargements/",
    "/accessibilite/",
    "/mentions-legales/",
    "/donnees-personnelles/",
]
PAGES = {
    "DGEFP": ["/pilotage/", "/financement/?region=53", *COMMON],
    "DREETS_UR": [
        "/pilotage/",
        "/financement/",
        # The form with its error summary and fields marked invalid.
        "/financement/?enveloppe_eur=-5&mode_atteinte=binaire&critere_part_fixe=2",
        *COMMON,
    ],
    "DREETS_UD": ["/pilotage/", *COMMON],
    "ARML": ["/pilotage/", "/financement/", *COMMON],
    "ML": COMMON,
}


def test_login_page_has_no_axe_violation(audit_page):
    page = audit_page
    page.goto("/connexion/")
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_login_page_with_errors_has_no_axe_violation(audit_page):
    page = audit_page
    page.goto("/connexion/")
    page.get_by_role("button", name="Se connecter").click()
    page.locator(".perfml-erreurs").wait_for()
    assert page.evaluate("document.activeElement.classList.contains('perfml-erreurs')")
    violations = axe_violations(page)
    assert not violations, describe(violations)


@pytest.mark.parametrize("role", sorted(ROLES))
def test_main_pages_have_no_axe_violation(audit_page, site, role):
    page = audit_page
    username, territory = ROLES[role]
    site.add_user(username, PASSWORD, role, **territory)
    log_in(page, username)
    page.wait_for_load_state()
    found = {}
    for path in PAGES[role]:
        response = page.goto(path)
        assert response.status == 200, path
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert not found, describe(found)


def test_dialogue_form_with_errors_focuses_its_summary_without_axe_violation(audit_page, site):
    page = audit_page
    site.add_user("a11y-cibles", PASSWORD, "DREETS_UR", code_region="53")
    log_in(page, "a11y-cibles")
    page.wait_for_load_state()
    page.goto("/dialogue/29001/")
    page.locator("label[for=i3-source-saisie]").click()
    page.locator("#i3-valeur").fill("beaucoup")
    page.get_by_role("button", name="Enregistrer les cibles").click()
    page.locator(".perfml-erreurs").wait_for()
    assert page.evaluate("document.activeElement.classList.contains('perfml-erreurs')")
    assert page.locator("#i3-valeur").get_attribute("aria-invalid") == "true"
    assert page.locator("#i3-valeur-desc-error").inner_text().startswith("« beaucoup »")
    violations = axe_violations(page)
    assert not violations, describe(violations)
