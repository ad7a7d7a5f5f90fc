"""As a person would: log in as each role, switch language, axe-core WCAG 2.1 AA."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from igu_admin.models import Role
from tests.e2e.conftest import PASSWORD_FOR_E2E, USERS

AXE = Axe()
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
HOME_HEADINGS = {
    Role.EMPLOYER: ("Mine IGU-forløb", "My IGU courses"),
    Role.CASEWORKER: ("Opgavekø", "Queue"),
    Role.FINANCE: ("Bonuskrav", "Bonus claims"),
    Role.ADMIN: ("Administration", "Administration"),
}


def assert_accessible(page, what: str) -> None:
    results = AXE.run(page, options=WCAG_AA)
    violations = results.response["violations"]
    assert not violations, f"{what}: " + "; ".join(
        f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in violations)


def login(page, email: str, password: str = PASSWORD_FOR_E2E) -> None:
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(password)
    with page.expect_navigation():  # the page after the click, not before it
        page.get_by_role("button", name="Log ind").click()


def test_the_login_page_and_its_error_state_are_accessible(page) -> None:
    page.goto("/login")
    assert_accessible(page, "login")
    login(page, "nobody@e2e.dk", "wrong password")
    assert page.title().startswith("Fejl:")
    assert page.get_by_text("E-mailen eller adgangskoden er forkert.").first.is_visible()
    assert page.get_by_label("E-mail").input_value() == "nobody@e2e.dk"
    # The error summary has the focus, so a screen reader reads it first.
    assert page.evaluate("document.activeElement.dataset.module") == "error-summary"
    assert_accessible(page, "login with errors")


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_its_home_in_danish_then_english(page, role: Role) -> None:
    danish, english = HOME_HEADINGS[role]
    login(page, USERS[role])
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == danish
    assert page.locator("html").get_attribute("lang") == "da"
    assert USERS[role] in page.content()
    assert_accessible(page, f"{role.value} home (da)")
    # The language switch lives in the header (a drawer on narrow screens).
    page.locator(".language-switcher-header button").click()
    with page.expect_navigation():  # the page after the click, not before it
        page.locator("#header-language a[lang=en]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == english
    assert_accessible(page, f"{role.value} home (en)")


def test_the_home_page_reflows_at_320_pixels(page) -> None:
    login(page, USERS[Role.CASEWORKER])
    page.set_viewport_size({"width": 320, "height": 640})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page, "caseworker home at 320px")


def test_the_eligibility_check_end_to_end(page) -> None:
    page.goto("/eligibility")
    assert page.locator("h1").inner_text() == "Kan personen starte i IGU?"
    with page.expect_navigation():  # the page after the click, not before it
        page.get_by_role("button", name="Se svaret").click()
    assert page.title().startswith("Fejl:")
    assert_accessible(page, "eligibility with errors")
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page, "eligibility with errors at 320px")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Forventet startdato for IGU").fill("03.03.2025")
    page.get_by_label("CPR-nummer").fill("010695-1235")
    page.get_by_label("Første folkeregisteradresse i Danmark").fill("10.01.2022")
    page.locator("#target_group-0").check()
    page.locator("#previous_igu-0").check()
    page.locator("#recent_ordinary_employment-0").check()
    with page.expect_navigation():  # the page after the click, not before it
        page.get_by_role("button", name="Se svaret").click()
    assert "Ja, personen kan starte i IGU" in page.content()
    assert page.locator("[data-code=age]").is_visible()
    assert_accessible(page, "eligibility result")


def test_the_api_keys_page_its_error_state_and_a_new_key_are_accessible(page) -> None:
    login(page, USERS[Role.EMPLOYER])
    page.goto("/language/da?next=/account/api-keys")  # another test chose English
    assert page.locator("h1").inner_text() == "API-nøgler"
    # The employer finds the page in the account menu by the login, not in the main menu.
    assert page.get_by_role("navigation", name="Kontomenu").get_by_role(
        "link", name="API-nøgler").is_visible()
    assert page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="API-nøgler").count() == 0
    assert_accessible(page, "api keys")
    # The field's maxlength stops a browser; a script ignoring it gets the error.
    page.evaluate("document.getElementById('label').removeAttribute('maxlength')")
    page.get_by_label("Hvad skal nøglen bruges til?").fill("x" * 101)
    with page.expect_navigation():  # the page after the click, not before it
        page.get_by_role("button", name="Opret API-nøgle").click()
    assert page.title().startswith("Fejl:")
    assert_accessible(page, "api keys with errors")
    page.get_by_label("Hvad skal nøglen bruges til?").fill("Lønsystem")
    with page.expect_navigation():  # the page after the click, not before it
        page.get_by_role("button", name="Opret API-nøgle").click()
    assert page.locator("#new-api-key").inner_text().startswith("igu_")
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page, "api keys with a new key at 320px")


def test_the_edit_user_page_and_its_error_state_are_accessible(page) -> None:
    login(page, USERS[Role.ADMIN])
    page.goto("/language/da?next=/admin/users")
    with page.expect_navigation():  # the page after the click, not before it
        page.get_by_role("link", name=USERS[Role.FINANCE]).click()
    assert page.locator("h1").inner_text() == "Redigér bruger"
    assert_accessible(page, "edit user")
    page.get_by_label("Ny adgangskode", exact=False).fill("kort")
    with page.expect_navigation():  # the page after the click, not before it
        page.get_by_role("button", name="Gem").click()
    assert page.title().startswith("Fejl:")
    assert_accessible(page, "edit user with errors")


def test_the_rule_sources_page_is_accessible_and_reflows(page) -> None:
    login(page, USERS[Role.ADMIN])
    # Another test may have left this user's language at English.
    page.goto("/language/da?next=/admin/")
    with page.expect_navigation():  # the page after the click, not before it
        page.get_by_role("link", name="Se regelsæt og kilder").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Regelsæt og deres retskilder"
    assert page.locator("[data-sureness=unverified]").count() >= 10
    assert_accessible(page, "rule sources (da)")
    page.set_viewport_size({"width": 320, "height": 640})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page, "rule sources at 320px")
