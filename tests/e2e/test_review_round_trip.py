"""The municipality's review in a real browser, the whole round trip: the
employer sends the agreement, the caseworker finds it in the queue and sends
it back with a reason, the employer corrects it and sends it again, the
caseworker sees what changed and approves, and the employer downloads the
stamped PDF and records the signing and the registration in VITAS. axe-core
(WCAG 2.1 AA) on the queue, the case page and the employer's next steps."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from igu_admin.core import clock
from igu_admin.extensions import db
from igu_admin.inputs.agreement import parse_changes
from igu_admin.models import Agreement, Role, User
from igu_admin.services import agreements
from tests.e2e.conftest import COMPANY_NAME, USERS
from tests.e2e.test_browser import assert_accessible, login

# Not the CPR number the guided agreement's browser test types: the shared
# database would hold that person's IGU already.
CPR = "220896-4321"
TRAINEE = "Nadia Round-Trip"
REASON = "Stillingsbetegnelsen skal svare til opgaverne."


def _draft(live_app) -> int:
    """A complete draft of the e2e company, as the guided agreement leaves it
    at "Tjek dine svar"."""
    with live_app.app_context():
        employer = db.session.scalar(select(User).where(User.email == USERS[Role.EMPLOYER]))
        assert employer is not None and employer.company is not None
        assert employer.company.name == COMPANY_NAME
        start = clock.today() + timedelta(days=40)
        draft = agreements.create_draft(employer, parse_changes({
            "contact_person": "Bente Bager",
            "trainee": {"name": TRAINEE, "cpr": CPR, "address": "Nørregade 1, 1165 København K",
                        "municipality_code": "101", "target_group": "refugee",
                        "residence_permit": {"kind": "Udlændingelovens § 7, stk. 1",
                                             "date": (start - timedelta(days=700)).isoformat()},
                        "registered_since": (start - timedelta(days=690)).isoformat(),
                        "previous_igu": False, "recent_ordinary_employment": False},
            "start_date": start.isoformat(), "workplace_address": "Bagergade 1, 1000 København K",
            "job_title": "Medhjælper", "tasks": "Bagning af rugbrød", "weekly_hours": "37.00",
            "collective_agreement": "hk-detail",
            "wage": {"basis": "monthly", "year1": "14500.00", "year2": "15800.00"},
            "terms": {"holiday": "Efter ferieloven.", "notice": "Efter overenskomsten."}}),
            step="check")
        agreement_id = draft.id
        db.session.remove()
    return agreement_id


def _send(page, agreement_id: int) -> None:
    page.goto(f"/employer/agreements/{agreement_id}/check")
    with page.expect_navigation():
        page.get_by_role("button", name="Send til kommunen").click()
    assert "/receipt" in page.url


def _as(page, role: Role) -> None:
    page.context.clear_cookies()  # another person, another session
    login(page, USERS[role])


def _case_row(page, agreement_id: int):
    return page.locator(f"tr[data-agreement='{agreement_id}']")


def test_the_review_round_trip_in_the_browser(page, live_app) -> None:
    agreement_id = _draft(live_app)
    case_url = f"/caseworker/agreements/{agreement_id}"
    login(page, USERS[Role.EMPLOYER])
    page.goto("/language/da?next=/employer/")
    _send(page, agreement_id)

    # The caseworker finds the case by the CPR number typed with its hyphen.
    _as(page, Role.CASEWORKER)
    page.goto("/language/da?next=/caseworker/")
    assert _case_row(page, agreement_id).is_visible()
    assert "220896-XXXX" in _case_row(page, agreement_id).inner_text()
    assert_accessible(page, "the queue")
    page.get_by_label("Elevens navn eller CPR-nummer").fill(CPR)
    with page.expect_navigation():
        page.get_by_role("button", name="Vis sager").click()
    assert CPR.replace("-", "") not in page.url.replace("-", "")
    assert page.locator("tr[data-agreement]").count() == 1
    assert_accessible(page, "the queue with a search")
    with page.expect_navigation():
        _case_row(page, agreement_id).get_by_role("button", name="Tildel mig").click()
    assert "Du" in _case_row(page, agreement_id).inner_text()
    with page.expect_navigation():
        _case_row(page, agreement_id).get_by_role("link", name=TRAINEE).click()
    assert page.url.endswith(case_url)
    assert_accessible(page, "the case page")

    # Sent back without a reason: refused at the field, then with one.
    form = page.locator("form[data-decision='agreement']")
    form.get_by_label("Send tilbage til rettelser").check()
    with page.expect_navigation():
        form.get_by_role("button", name="Registrér afgørelsen om aftalen").click()
    assert page.title().startswith("Fejl:")
    assert page.locator("#agreement_decision-reason").get_attribute("aria-invalid") == "true"
    assert_accessible(page, "the case page with an error")
    page.locator("#agreement_decision-reason").fill(REASON)
    with page.expect_navigation():
        page.locator("form[data-decision='agreement']").get_by_role(
            "button", name="Registrér afgørelsen om aftalen").click()
    assert "sendt tilbage til rettelser" in page.locator(".igu-flashes").inner_text()

    # The employer reads the reason, corrects the job title and sends it again.
    _as(page, Role.EMPLOYER)
    page.goto(f"/employer/agreements/{agreement_id}")
    assert REASON in page.locator("[data-told-decision]").inner_text()
    page.goto(f"/employer/agreements/{agreement_id}/check")
    with page.expect_navigation():
        page.get_by_role("link", name="Ret Stillingsbetegnelse").click()
    page.get_by_label("Stillingsbetegnelse").fill("Bagermedhjælper")
    with page.expect_navigation():
        page.get_by_role("button", name="Gem og gå tilbage til Tjek dine svar").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Send til kommunen").click()
    assert "/receipt" in page.url

    # The caseworker sees what changed between the versions, and approves.
    _as(page, Role.CASEWORKER)
    page.goto(case_url)
    change = page.locator("tr[data-change='job_title']")
    assert "Medhjælper" in change.inner_text() and "Bagermedhjælper" in change.inner_text()
    form = page.locator("form[data-decision='agreement']")
    form.get_by_label("Godkend aftalen").check()
    with page.expect_navigation():
        form.get_by_role("button", name="Registrér afgørelsen om aftalen").click()
    assert "godkendt" in page.locator(".igu-flashes").inner_text()
    assert page.locator("[data-event='approve']").count() == 1
    assert_accessible(page, "the case page after the approval")

    # The employer's next steps: the stamped PDF, the signing, the registration.
    _as(page, Role.EMPLOYER)
    page.goto(f"/employer/agreements/{agreement_id}")
    steps = page.locator("[data-section=next-steps]")
    assert steps.is_visible()
    assert page.locator("[data-registration-deadline]").is_visible()
    copy = page.locator("tr[data-vitas='job_title'] button.igu-copy")
    assert copy.is_visible()  # the script showed the copy buttons
    assert_accessible(page, "the employer's next steps")
    with page.expect_download() as download:
        steps.get_by_role("link", name="Hent den godkendte aftale (PDF)").click()
    assert download.value.suggested_filename.endswith("-godkendt.pdf")
    start = _start(live_app, agreement_id)
    page.locator("#signing-day").fill((start - timedelta(days=5)).strftime("%d.%m.%Y"))
    with page.expect_navigation():
        page.get_by_role("button", name="Gem underskriftsdagen").click()
    assert "Underskrevet af begge parter" in page.locator("[data-signed-on]").inner_text()
    page.locator("#registration-day").fill((start - timedelta(days=2)).strftime("%d.%m.%Y"))
    with page.expect_navigation():
        page.get_by_role("button", name="Gem registreringsdagen").click()
    assert page.locator("[data-registration-deadline]").count() == 0
    assert "Registreret i VITAS" in page.locator("[data-registered-on]").inner_text()
    assert_accessible(page, "the next steps once recorded")
    _reflows(page, f"/employer/agreements/{agreement_id}")
    _as(page, Role.CASEWORKER)
    for url in ("/caseworker/?status=all", case_url):
        _reflows(page, url)
    with live_app.app_context():
        recorded = db.session.get(Agreement, agreement_id)
        assert recorded is not None
        assert recorded.signed_on == start - timedelta(days=5)
        assert recorded.registered_on == start - timedelta(days=2)
        db.session.remove()


def _reflows(page, url: str) -> None:
    """At 320 px the page fits its width (wide tables scroll in their own box)."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, url
    page.set_viewport_size({"width": 1280, "height": 800})


def _start(live_app, agreement_id: int) -> date:
    with live_app.app_context():
        found = db.session.get(Agreement, agreement_id)
        assert found is not None and found.start_date is not None
        start = found.start_date
        db.session.remove()
    return start

