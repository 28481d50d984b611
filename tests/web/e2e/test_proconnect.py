"""ProConnect login for real: Chromium signs in through a genuine OpenID Connect provider
(npm oidc-provider on the loopback) into the production server, and out again."""

from __future__ import annotations

import psycopg
import pytest

from web.e2e.conftest import shoot
from web.production_server import AGENT_SIRETS

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.slow]


def add_access(site, email: str, role: str, siret: str = "", **territory: str) -> None:
    codes = {"code_region": "", "code_departement": "", "code_ml": "", **territory}
    with psycopg.connect(site.database_url, autocommit=True) as con:
        con.execute(
            "INSERT INTO accounts_agentaccess (email, siret, role, code_region,"
            " code_departement, code_ml) VALUES (%s, %s, %s, %s, %s, %s)",
            [email, siret, role, codes["code_region"], codes["code_departement"],
             codes["code_ml"]],
        )  # fmt: skip


def sign_in_at_provider(page, email: str) -> None:
    page.goto("/connexion/")
    page.get_by_role("link", name="S'identifier avec ProConnect").click()
    # The provider's development login form: any login is accepted, it is the e-mail.
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill("peu-importe")
    page.locator("button[type=submit]").click()
    consent = page.locator("button[type=submit]", has_text="Continue")
    if consent.count():
        consent.click()


def test_known_agent_signs_in_through_proconnect_with_its_role(page, site):
    add_access(site, "agent.ud35@exemple.gouv.fr", "DREETS_UD", code_departement="35")
    sign_in_at_provider(page, "agent.ud35@exemple.gouv.fr")
    page.wait_for_url("**/pilotage/")
    assert page.get_by_text("DREETS, unité départementale").first.is_visible()
    shoot(page, "14_proconnect_connecte")
    # Logout here also ends the session at the provider.
    page.get_by_role("button", name="Se déconnecter").first.click()
    page.wait_for_load_state()
    shoot(page, "14b_proconnect_deconnexion")
    if "/session/end" in page.url:
        page.locator("button[type=submit]").first.click()  # the provider's logout confirmation
    page.wait_for_url("**/connexion/**")
    # Back at the provider, the agent is asked to sign in again.
    page.get_by_role("link", name="S'identifier avec ProConnect").click()
    page.locator("input[name=login]").wait_for()


def test_agent_known_only_by_the_siret_of_its_organisation_signs_in(page, site):
    # The provider answers userinfo as a signed JWT carrying the organisation's SIRET
    # (AGENT_SIRETS); the agent's e-mail is in no access, the SIRET is.
    email = "agent.arml@arml-bretagne.fr"
    add_access(site, "", "ARML", siret=AGENT_SIRETS[email], code_region="53")
    sign_in_at_provider(page, email)
    page.wait_for_url("**/pilotage/")
    assert page.get_by_text("ARML (lecture seule)").first.is_visible()
    shoot(page, "14c_proconnect_par_siret")


def test_unknown_agent_is_told_whom_to_ask(page, site):
    sign_in_at_provider(page, "inconnu@exemple.gouv.fr")
    page.wait_for_url("**/proconnect/refus/")
    assert page.get_by_role("heading", name="Accès non ouvert").is_visible()
    assert page.get_by_text("inconnu@exemple.gouv.fr").is_visible()
    shoot(page, "15_proconnect_refus")
