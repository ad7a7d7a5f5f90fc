"""The guided agreement in a real browser: every step filled in as an
employer would, axe-core on every page and on an error state, reflow at
320 px, sending it and downloading the PDF."""

from __future__ import annotations

from datetime import date, timedelta

from igu_admin.models import Role
from tests.e2e.conftest import USERS
from tests.e2e.test_browser import assert_accessible, login


def _day(offset: int) -> str:
    return (date.today() + timedelta(days=offset)).strftime("%d.%m.%Y")


def _continue(page) -> None:
    with page.expect_navigation():  # the page after the click, not before it
        page.get_by_role("button", name="Gem og fortsæt").click()


def _at_step(page, heading: str) -> None:
    assert page.locator("h1").inner_text() == heading
    assert page.locator(".d-lg-block .step-indicator li.current .step-title").inner_text() == heading
    assert_accessible(page, heading)


def test_an_employer_fills_in_sends_and_downloads_an_agreement(page) -> None:
    login(page, USERS[Role.EMPLOYER])
    page.goto("/language/da?next=/employer/")
    assert_accessible(page, "Mine IGU-forløb")
    with page.expect_navigation():
        page.get_by_role("link", name="Opret en aftale").click()

    _at_step(page, "Virksomheden")
    assert "Browser Bageri ApS" in page.content()
    # An error state: the title says so, the summary has the focus, axe is satisfied.
    page.get_by_label("Kontaktperson i virksomheden").fill("")
    _continue(page)
    assert page.title().startswith("Fejl:")
    assert page.evaluate("document.activeElement.dataset.module") == "error-summary"
    assert_accessible(page, "Virksomheden with errors")
    page.get_by_label("Kontaktperson i virksomheden").fill("Bente Bager")
    _continue(page)

    _at_step(page, "IGU-eleven")
    page.get_by_label("Fulde navn").fill("Amal Hassan")
    page.get_by_label("CPR-nummer").fill("150595-1234")
    page.get_by_label("Adresse").fill("Nørregade 1, 1165 København K")
    page.get_by_label("E-mail (valgfri)").fill("amal@example.org")
    page.get_by_label("Bopælskommune").select_option("101")
    _continue(page)

    _at_step(page, "Målgruppe og ophold")
    page.locator("#target_group-0").check()
    page.get_by_label("Type af opholdstilladelse").fill("Udlændingelovens § 7, stk. 1")
    page.get_by_label("Dato for opholdstilladelsen").fill(_day(-700))
    page.get_by_label("Første folkeregisteradresse i Danmark").fill(_day(-720))
    page.locator("#previous_igu-0").check()
    page.locator("#recent_ordinary_employment-0").check()
    _continue(page)

    _at_step(page, "Ansættelsen")
    page.get_by_label("Første dag i IGU'en").fill(_day(45))
    page.get_by_label("Arbejdsstedets adresse").fill("Bagergade 1, 1000 København K")
    page.get_by_label("Stillingsbetegnelse").fill("Bagermedhjælper")
    page.get_by_label("Arbejdsområder og funktioner, IGU-eleven skal lære").fill(
        "Bagning af brød og kager\nBetjening af kunder")
    page.get_by_label("Ugentlig arbejdstid").fill("37")
    # Reflow at 320 px: the step indicator becomes a button, nothing scrolls sideways.
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.locator(".step-indicator-button").is_visible()
    assert_accessible(page, "Ansættelsen at 320px")
    # The button opens the steps in a DKFDS modal.
    page.locator(".step-indicator-button").click()
    modal = page.locator("#igu-steps-modal")
    modal.locator(".modal-close").wait_for(state="visible")
    assert modal.get_attribute("aria-hidden") == "false"
    assert modal.locator("li.current .step-title").inner_text() == "Ansættelsen"
    assert_accessible(page, "the steps in a modal at 320px")
    modal.locator(".modal-close").click()
    page.set_viewport_size({"width": 1280, "height": 900})
    _continue(page)

    _at_step(page, "Løn og overenskomst")
    # The table's rate for di-industri is not current (its source states no
    # period): choosing it fills in nothing, and says so where it is chosen.
    warning = page.locator('[data-no-current-rate="di-industri"]')
    assert warning.is_hidden()
    page.get_by_label("Overenskomst", exact=True).select_option("di-industri")
    assert page.get_by_label("Løn 1. år").input_value() == ""
    assert warning.is_visible()
    assert "Der er ingen gældende sats" in warning.inner_text()
    assert_accessible(page, "the wage step with no current rate")
    # Typed, the warning goes.
    page.locator("#basis-1").check()  # by the hour
    page.get_by_label("Løn 1. år").fill("72,50")
    assert warning.is_visible()  # year 2 is still empty
    page.get_by_label("Løn 2. år").fill("82,25")
    assert warning.is_hidden()
    _continue(page)

    _at_step(page, "Vilkår")
    assert page.get_by_label("Ferie").input_value()  # the defaults are filled in
    _continue(page)

    _at_step(page, "Tjek dine svar")
    wage = page.locator("[data-step=wage]").inner_text().replace("\xa0", " ")
    assert "72,50 kr. pr. time" in wage
    assert page.locator("[data-assessment=eligible]").is_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Send til kommunen").click()

    assert page.locator("h1").inner_text() == "Aftalen er sendt til kommunen"
    assert "kommunens gennemgang og godkendelse i igu-admin" in page.content()
    assert page.locator("[data-todo-step=plan]").is_visible()
    assert page.locator("[data-vitas-link]").get_attribute("href") == "https://vitas.bm.dk"
    assert_accessible(page, "kvittering")
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent aftalen som PDF").click()
    pdf = download.value
    assert pdf.suggested_filename.endswith("-version-1.pdf")
    with open(pdf.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
