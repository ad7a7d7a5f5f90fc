"""Invitations in a browser: the caseworker's page to invite a company (and
its error state), the open invitations, the employer's page to invite a
colleague (and its error state), the link's page (and its error state) and a
spent link, each scanned by axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

import re

from sqlalchemy import select

from igu_admin.extensions import db
from igu_admin.models import OutboxMessage, Role
from igu_admin.testing.accounts import make_company, make_user, valid_cvr
from tests.e2e.test_browser import assert_accessible, login

CASEWORKER = "inviterer@e2e.dk"
EMPLOYER = "arbejdsgiver-inviterer@e2e.dk"
INVITED = "inviteret@e2e.dk"
PASSWORD = "min egen adgangskode"


def _link_to(live_app, email: str) -> str:
    with live_app.app_context():
        bodies = db.session.scalars(select(OutboxMessage.body_text).where(
            OutboxMessage.recipient_email == email).order_by(OutboxMessage.id.desc()))
        match = re.search(r"/invitation/[A-Za-z0-9_-]+", next(iter(bodies)))
        db.session.remove()
    assert match
    return match.group(0)


def _logout(page) -> None:
    page.context.clear_cookies()


def test_a_company_invited_by_the_caseworker_to_its_first_login(page, live_app) -> None:
    with live_app.app_context():
        make_user(Role.CASEWORKER, municipality="101", email=CASEWORKER)
        make_user(Role.EMPLOYER, company=make_company("101"), email=EMPLOYER)
        db.session.remove()
    page.goto("/language/da?next=/login")
    login(page, CASEWORKER)
    page.goto("/caseworker/invitations/new")
    assert page.locator("h1").inner_text() == "Invitér en virksomhed"
    assert_accessible(page, "invite a company")
    page.get_by_label("CVR-nummer").fill("12345678")
    with page.expect_navigation():
        page.get_by_role("button", name="Send invitationen").click()
    assert page.title().startswith("Fejl:")
    assert_accessible(page, "invite a company with errors")
    page.get_by_label("CVR-nummer").fill(valid_cvr(4711))
    page.get_by_label("Virksomhedens navn").fill("E2E Bageri ApS")
    page.get_by_label("Privat").check()
    page.get_by_label("E-mail").fill(INVITED)
    with page.expect_navigation():
        page.get_by_role("button", name="Send invitationen").click()
    assert page.locator("h1").inner_text() == "Invitationer"
    assert INVITED in page.content()
    assert_accessible(page, "open invitations")
    _logout(page)

    login(page, EMPLOYER)
    page.goto("/employer/company/invite")
    assert_accessible(page, "invite a colleague")
    with page.expect_navigation():
        page.get_by_role("button", name="Send invitationen").click()
    assert page.title().startswith("Fejl:")
    assert_accessible(page, "invite a colleague with errors")
    _logout(page)

    path = _link_to(live_app, INVITED)
    page.goto(path)
    assert page.locator("h1").inner_text() == "Tag imod invitationen"
    assert_accessible(page, "accept an invitation")
    page.get_by_label("Ny adgangskode", exact=False).fill("kort")
    with page.expect_navigation():
        page.get_by_role("button", name="Opret mit login").click()
    assert page.title().startswith("Fejl:")
    assert_accessible(page, "accept an invitation with errors")
    page.get_by_label("Ny adgangskode", exact=False).fill(PASSWORD)
    page.get_by_label("Gentag den nye adgangskode").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Opret mit login").click()
    assert page.locator("h1").inner_text() == "Mine IGU-forløb"
    assert "E2E Bageri ApS" in page.content()
    _logout(page)

    page.goto(path)
    assert page.locator("h1").inner_text() == "Invitationen kan ikke bruges"
    assert "det jobcenter, som inviterede dig" in page.content()
    assert_accessible(page, "a spent invitation link")
