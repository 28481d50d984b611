"""A real headless Chromium (Debian's), driven by Playwright, against the production server.

The site is `perfml web serve --production` (gunicorn, WhiteNoise, hashed static files)
with its tables on a throwaway PostgreSQL database and its figures built from the tiny
hand-made warehouse; it is started once for the session, on the loopback, and stopped at
the end. axe-core (installed by `make node-deps` into var/npm/) checks the pages.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import require

from perfml.testing.loopback import free_port
from web.production_server import ROOT, can_run_provider, oidc_provider, production_site

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "var" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "var" / "screenshots"
PASSWORD = "motdepasse-test-1"


@pytest.fixture(scope="session")
def site(postgres_cluster, handmade_warehouse, tmp_path_factory):
    """The production server of the browser tests (one for the whole session), with its
    ProConnect login pointed at a genuine OpenID Connect provider on the loopback."""
    require(can_run_provider(), "Node.js et le paquet npm oidc-provider (make node-deps)")
    folder = tmp_path_factory.mktemp("site_production")
    warehouse = folder / "entrepot.duckdb"
    shutil.copy(handmade_warehouse, warehouse)
    database = postgres_cluster.create_database("perfml_e2e")
    port = free_port()
    with (
        oidc_provider(f"http://127.0.0.1:{port}", folder / "oidc.log") as proconnect,
        production_site(warehouse, folder / "var", database, proconnect, port) as running,
    ):
        try:
            yield running
        finally:
            # Kept for whoever reads a failure: var/e2e-serveur.log, var/e2e-oidc.log.
            shutil.copy(running.log, ROOT / "var" / "e2e-serveur.log")
            shutil.copy(folder / "oidc.log", ROOT / "var" / "e2e-oidc.log")


@pytest.fixture(scope="session")
def browser():
    require(CHROMIUM.exists(), "chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def new_page(browser, site, **context_options):
    context = browser.new_context(
        base_url=site.url,
        accept_downloads=True,
        locale="fr-FR",
        **{"viewport": {"width": 1280, "height": 900}, **context_options},
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


@pytest.fixture
def page(browser, site):
    page = new_page(browser, site)
    yield page
    page.context.close()


@pytest.fixture
def audit_page(browser, site):
    """A page where the audit script may be injected (the site's CSP forbids inline scripts)."""
    page = new_page(browser, site, bypass_csp=True)
    yield page
    page.context.close()


def log_in(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/connexion/")
    page.get_by_label("Identifiant", exact=True).fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.x A and AA rules) on the page; return its violations."""
    require(AXE.exists(), "axe-core (make node-deps)")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
        })"""
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "aide": v["help"],
            "cibles": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


def describe(violations: list[dict]) -> str:
    return json.dumps(violations, ensure_ascii=False, indent=1)


def shoot(page, name: str) -> Path:
    """Save a full-page screenshot into var/screenshots/ (looked at by a person)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
