"""At 320 px wide (and so at 200 % zoom of a 640 px window) the menu is behind the design
system's « Menu » button, and logout stays reachable through it."""

from __future__ import annotations

import pytest

from web.e2e.conftest import PASSWORD, log_in, new_page, shoot

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.slow]


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("320px", {"viewport": {"width": 320, "height": 640}}),
        ("zoom200", {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2}),
    ],
)
def test_logout_is_reachable_through_the_menu_button(browser, site, name, options):
    site.add_user(f"petit-ecran-{name}", PASSWORD, "DREETS_UR", code_region="53")
    page = new_page(browser, site, **options)
    try:
        log_in(page, f"petit-ecran-{name}")
        page.wait_for_url("**/pilotage/")
        page.get_by_role("button", name="Menu").click()
        logout = page.locator("#menu-principal").get_by_role("button", name="Se déconnecter")
        logout.wait_for(state="visible")
        shoot(page, f"13_menu_{name}")
        logout.click()
        page.wait_for_url("**/connexion/**")
    finally:
        page.context.close()
