"""The administrator's check-in months of the municipalities in a browser:
the list, the form with an error, saved, and back to the default; axe-core
WCAG 2.1 AA on each state, and reflow at 320 px."""

from __future__ import annotations

from igu_admin.models import Role
from tests.e2e.conftest import USERS
from tests.e2e.test_browser import assert_accessible, login


def test_the_administrator_sets_a_municipality_s_months(page) -> None:
    login(page, USERS[Role.ADMIN])
    page.goto("/language/da?next=/admin/")
    with page.expect_navigation():
        page.get_by_role("link", name="Se månederne for opfølgningssamtaler").click()
    assert_accessible(page, "the municipalities' check-in months")
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/admin/municipalities/101")
    assert_accessible(page, "a municipality's check-in months")
    form = page.locator("[data-form=follow-up-months]")
    form.get_by_label("Måneder for opfølgningssamtaler").fill("6,3")
    with page.expect_navigation():
        form.get_by_role("button", name="Gem").click()
    assert page.title().startswith("Fejl:")
    assert_accessible(page, "a municipality's check-in months with an error")
    page.locator("[data-form=follow-up-months]").get_by_label(
        "Måneder for opfølgningssamtaler").fill("2,4,8")
    with page.expect_navigation():
        page.get_by_role("button", name="Gem").click()
    assert page.locator("[data-months='101']").inner_text() == "2,4,8"
    # Back to the default: other tests follow courses of this municipality.
    page.goto("/admin/municipalities/101")
    page.locator("[data-form=follow-up-months]").get_by_label(
        "Måneder for opfølgningssamtaler").fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Gem").click()
    assert page.locator("[data-months='101']").inner_text() == "Standard"
