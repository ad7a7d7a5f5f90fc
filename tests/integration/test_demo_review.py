"""The demo's review: a case waiting in the demo caseworker's queue, and an
approved agreement (its copy stamped) whose page shows the next steps."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

from babel.numbers import format_currency

from igu_admin.extensions import db
from igu_admin.models import Agreement, AgreementStatus, ApprovedPdf, Invitation, OutboxMessage
from igu_admin.services import demo


def test_the_demo_has_a_case_waiting_and_an_approved_agreement_with_its_next_steps(
        app, client, auth) -> None:
    logins = {login.role: login for login in demo.ensure_demo_data()}
    approved = db.session.query(Agreement).filter_by(status=AgreementStatus.APPROVED,
                                                     trainee_name="Samira Demo").one()
    submitted = db.session.query(Agreement).filter_by(status=AgreementStatus.SUBMITTED).one()
    auth.login(logins["caseworker"].email, logins["caseworker"].password)
    queue = client.get("/caseworker/").get_data(as_text=True)
    assert re.findall(r'<tr data-agreement="(\d+)"', queue) == [str(submitted.id)]
    auth.logout()
    auth.login(logins["employer"].email, logins["employer"].password)
    page = client.get(f"/employer/agreements/{approved.id}").get_data(as_text=True)
    assert 'data-section="next-steps"' in page and "data-registration-deadline" in page
    # The trainee reads Arabic (issue 21): the language of the trainee's own copy.
    assert approved.trainee_language == "ar" and 'data-trainee-language="ar"' in page
    pdf = client.get(f"/employer/agreements/{approved.id}/agreement.pdf")
    assert pdf.status_code == 200 and "godkendt" in pdf.headers["Content-Disposition"]
    # The stamped copy, rendered on this first download, is kept.
    assert db.session.query(ApprovedPdf).filter_by(agreement_id=approved.id).count() == 1


def test_the_demo_case_was_sent_back_and_shows_its_changes_field_by_field(
        app, client, auth) -> None:
    logins = {login.role: login for login in demo.ensure_demo_data()}
    demo.ensure_demo_data()  # a second run changes nothing more
    submitted = db.session.query(Agreement).filter_by(status=AgreementStatus.SUBMITTED).one()
    assert [v.number for v in submitted.versions] == [1, 2]
    auth.login(logins["caseworker"].email, logins["caseworker"].password)
    page = unescape(client.get(f"/caseworker/agreements/{submitted.id}").get_data(as_text=True))
    events = page[page.index('data-section="events"'):]
    [changed] = re.findall(r'<tr data-event="updated">(.*?)</tr>', events, re.S)
    assert "Ugentlig arbejdstid: 37 → 35" in changed
    first = submitted.versions[0].data["wage_rate_year1"]  # the rate the demo began with
    before = format_currency(Decimal(first), "DKK", locale="da_DK")
    assert f"Løn 1. år: {before} → 12.500,00\xa0kr." in changed
    history = page[page.index('data-section="history"'):page.index('data-section="decisions"')]
    assert "13.800,00\xa0kr." in history


def test_the_demo_has_one_open_invitation_and_a_second_run_adds_none(app, client, auth) -> None:
    logins = {login.role: login for login in demo.ensure_demo_data()}
    demo.ensure_demo_data()
    [invitation] = db.session.query(Invitation).all()
    assert invitation.email == "kollega@demo.igu-admin.dk" and invitation.accepted_at is None
    assert db.session.query(OutboxMessage).filter_by(kind="invitation").count() == 1
    auth.login(logins["caseworker"].email, logins["caseworker"].password)
    assert "kollega@demo.igu-admin.dk" in client.get("/caseworker/invitations").get_data(
        as_text=True)
