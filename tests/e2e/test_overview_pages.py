"""The overview in a browser: the caseworker's figures, charts and benchmark,
reflowing at 320 px, and a period typed wrong; axe-core WCAG 2.1 AA on both
states."""

from __future__ import annotations

import os

from igu_admin.core.clock import today
from igu_admin.domain.overview_periods import default_period
from igu_admin.models import Role
from igu_admin.services import imports
from igu_admin.services.demo import overview as demo_overview
from tests.e2e.conftest import USERS
from tests.e2e.test_browser import assert_accessible, login
from tests.e2e.test_narrow_tables import _fits


def test_the_overview_and_its_error_state_in_the_browser(page, live_app) -> None:
    with live_app.app_context():
        period = default_period(today())
        for number, plan in enumerate(demo_overview.PLANS):
            imports.import_file(None, plan.code, demo_overview.demo_file(
                plan, number, period.from_, period.to), "csv", channel="cli")
    login(page, USERS[Role.CASEWORKER])
    page.goto("/language/da?next=/overview")
    assert page.locator("h1").inner_text() == "Nøgletal og benchmark"
    assert page.locator("svg[role=img]").count() == 3
    assert page.locator("tr[data-own]").inner_text().startswith("København")
    assert page.locator("table[data-table=target-groups]").inner_text().count("<5") == 2
    assert_accessible(page, "the overview")
    if os.environ.get("IGU_SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['IGU_SCREENSHOTS']}/overview.png", full_page=True)
    # At 320 px the tables reflow and the charts shrink: nothing beyond the screen.
    page.set_viewport_size({"width": 320, "height": 640})
    page.reload()
    _fits(page, "the overview at 320px")
    if os.environ.get("IGU_SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['IGU_SCREENSHOTS']}/overview-320.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("textbox", name="Fra").fill("31.02.2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Vis nøgletal").click()
    assert page.title().startswith("Fejl:")
    assert page.locator("#from").input_value() == "31.02.2026"
    assert page.locator("table[data-table]").count() == 0
    assert_accessible(page, "the overview with a period typed wrong")
    if os.environ.get("IGU_SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['IGU_SCREENSHOTS']}/overview-error.png",
                        full_page=True)
