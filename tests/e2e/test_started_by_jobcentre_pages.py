"""An agreement the jobcentre starts for a company, in a browser: the
caseworker's list of started agreements, the start page (and its error
state), the trainee and background steps (and an error state), the draft's
page (and its conversation's error state); the invited owner's read-only
trainee and background steps. Each scanned by axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select

from igu_admin.extensions import db
from igu_admin.models import OutboxMessage, Role
from igu_admin.testing.accounts import make_user, valid_cvr
from tests.e2e.test_browser import assert_accessible, login

CASEWORKER = "jobcenter-starter@e2e.dk"
OWNER = "ejer-startet@e2e.dk"
PASSWORD = "min egen adgangskode"
LABEL = "Startet af Københavns jobcenter"


def _day(offset: int) -> str:
    return (date.today() + timedelta(days=offset)).strftime("%d.%m.%Y")


def _link_to(live_app, email: str) -> str:
    with live_app.app_context():
        body = db.session.scalar(select(OutboxMessage.body_text).where(
            OutboxMessage.recipient_email == email).order_by(OutboxMessage.id.desc()))
        db.session.remove()
    match = re.search(r"/invitation/[A-Za-z0-9_-]+", body or "")
    assert match
    return match.group(0)


def _press(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_a_jobcentre_starts_an_agreement_for_a_new_company(page, live_app) -> None:
    with live_app.app_context():
        make_user(Role.CASEWORKER, municipality="101", email=CASEWORKER)
        db.session.remove()
    page.goto("/language/da?next=/login")
    login(page, CASEWORKER)
    page.goto("/caseworker/started-agreements")
    assert page.locator("h1").inner_text() == "Startede aftaler"
    assert_accessible(page, "started agreements")
    page.get_by_role("link", name="Start en aftale for en virksomhed").click()
    assert page.locator("h1").inner_text() == "Start en aftale for en virksomhed"
    assert_accessible(page, "start an agreement")
    page.get_by_label("CVR-nummer").fill(valid_cvr(4811))
    _press(page, "Start aftalen")
    assert page.title().startswith("Fejl:")
    assert_accessible(page, "start an agreement with errors")
    page.get_by_label("Virksomhedens navn").fill("E2E Jobcenter Bageri ApS")
    page.get_by_label("Privat").check()
    page.get_by_label("E-mail").fill(OWNER)
    _press(page, "Start aftalen")
    match = re.search(r"/caseworker/started-agreements/(\d+)/steps/trainee", page.url)
    assert match, page.url
    agreement_id = match.group(1)
    assert LABEL in page.content()
    assert_accessible(page, "the jobcentre's trainee step")
    page.locator('[name="cpr"]').fill("123")
    _press(page, "Gem og fortsæt")
    assert page.title().startswith("Fejl:")
    assert_accessible(page, "the jobcentre's trainee step with errors")
    page.locator('[name="name"]').fill("Amal Hassan")
    page.locator('[name="cpr"]').fill("150595-1234")
    page.locator('[name="address"]').fill("Nørregade 1, 1165 København K")
    page.locator('[name="municipality_code"]').select_option("101")
    _press(page, "Gem og fortsæt")
    assert page.url.endswith(f"/caseworker/started-agreements/{agreement_id}/steps/background"), \
        page.locator(".form-error-message").all_inner_texts()
    assert_accessible(page, "the jobcentre's background step")
    page.locator('input[name="target_group"][value="refugee"]').check()
    page.locator('[name="residence_permit_kind"]').fill("Udlændingelovens § 7, stk. 1")
    page.locator('[name="residence_permit_date"]').fill(_day(-700))
    page.locator('[name="registered_since"]').fill(_day(-720))
    page.locator('input[name="previous_igu"][value="no"]').check()
    page.locator('input[name="recent_ordinary_employment"][value="no"]').check()
    _press(page, "Gem og fortsæt")
    assert page.url.endswith(f"/caseworker/started-agreements/{agreement_id}"), \
        page.locator(".form-error-message").all_inner_texts()
    assert LABEL in page.content() and "Amal Hassan" in page.content()
    assert_accessible(page, "the jobcentre's draft")
    _press(page, "Send beskeden")
    assert page.title().startswith("Fejl:")
    assert_accessible(page, "the jobcentre's draft with an empty message")
    page.context.clear_cookies()

    page.goto(_link_to(live_app, OWNER))
    page.get_by_label("Ny adgangskode", exact=False).fill(PASSWORD)
    page.get_by_label("Gentag den nye adgangskode").fill(PASSWORD)
    _press(page, "Opret mit login")
    assert "Amal Hassan" in page.content()
    for step in ("trainee", "background"):
        page.goto(f"/employer/agreements/{agreement_id}/steps/{step}")
        assert LABEL in page.content()
        assert page.locator("[data-read-only]").count() == 1
        assert_accessible(page, f"the employer's read-only {step} step")
