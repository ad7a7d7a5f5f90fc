"""'Glemt adgangskode' in a browser: the request page, the answer, the page
to set a new password and a spent link, each and its error state scanned by
axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

import re

from sqlalchemy import select

from igu_admin.extensions import db
from igu_admin.models import OutboxMessage, Role
from igu_admin.testing.accounts import make_company, make_user
from tests.e2e.test_browser import assert_accessible, login

EMAIL = "glemsom@e2e.dk"
NEW_PASSWORD = "en helt ny adgangskode"


def _reset_path(live_app) -> str:
    with live_app.app_context():
        bodies = db.session.scalars(select(OutboxMessage.body_text).where(
            OutboxMessage.recipient_email == EMAIL).order_by(OutboxMessage.id.desc()))
        match = re.search(r"/login/reset/[A-Za-z0-9_-]+", next(iter(bodies)))
        db.session.remove()
    assert match
    return match.group(0)


def test_a_forgotten_password_from_the_login_page_to_a_new_login(page, live_app) -> None:
    with live_app.app_context():
        make_user(Role.EMPLOYER, company=make_company("101"), email=EMAIL)
        db.session.remove()
    page.goto("/language/da?next=/login")
    assert "Hvordan får jeg et login?" in page.content()
    with page.expect_navigation():
        page.get_by_role("link", name="Glemt adgangskode?").click()
    assert page.locator("h1").inner_text() == "Glemt adgangskode?"
    assert_accessible(page, "forgot password")
    with page.expect_navigation():
        page.get_by_role("button", name="Send linket").click()
    assert page.title().startswith("Fejl:")
    assert page.get_by_text("Indtast din e-mail.").first.is_visible()
    assert_accessible(page, "forgot password with errors")
    page.get_by_label("E-mail").fill(EMAIL)
    with page.expect_navigation():
        page.get_by_role("button", name="Send linket").click()
    assert page.locator("h1").inner_text() == "Se din e-mail"
    assert_accessible(page, "reset link sent")

    path = _reset_path(live_app)
    page.goto(path)
    assert page.locator("h1").inner_text() == "Vælg en ny adgangskode"
    assert_accessible(page, "set a new password")
    page.get_by_label("Ny adgangskode", exact=False).fill("kort")
    page.get_by_label("Gentag den nye adgangskode").fill("andet")
    with page.expect_navigation():
        page.get_by_role("button", name="Gem adgangskoden").click()
    assert page.title().startswith("Fejl:")
    assert page.get_by_text("Adgangskoden skal have mindst 12 tegn.").first.is_visible()
    assert_accessible(page, "set a new password with errors")
    page.get_by_label("Ny adgangskode", exact=False).fill(NEW_PASSWORD)
    page.get_by_label("Gentag den nye adgangskode").fill(NEW_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Gem adgangskoden").click()
    assert "Din adgangskode er ændret" in page.content()

    page.goto(path)
    assert page.locator("h1").inner_text() == "Linket kan ikke bruges"
    assert_accessible(page, "a spent reset link")
    login(page, EMAIL, NEW_PASSWORD)
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Mine IGU-forløb"
