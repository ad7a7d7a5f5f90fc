"""Every e-mail template, rendered in Danish and in English from realistic
records as the notifications queue them: no doubled full stop, every link on
a line of its own under IGU_BASE_URL, and every link opens (for the person it
was sent to) instead of answering 404."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from igu_admin.extensions import db
from igu_admin.inputs.amendment import AmendmentDecisionInput, AmendmentInput
from igu_admin.inputs.course import ExtensionDecisionInput, ExtensionRequestInput
from igu_admin.jobs.daily import run_due
from igu_admin.models import BonusClaim, OutboxMessage, Role, User
from igu_admin.paths import PACKAGE_DIR
from igu_admin.services import accounts, notifications
from igu_admin.services.agreements import amendments
from igu_admin.services.course import extension_requests as extensions
from igu_admin.services.review import decisions
from igu_admin.testing.accounts import valid_cvr
from igu_admin.testing.reviews import Case, person, submitted_case
from tests.conftest import Auth

BASE = "https://igu.kommune.example/igu"
MAIL_TEMPLATES = PACKAGE_DIR / "templates" / "mail"
# Parts other templates take in; never rendered alone.
PARTS = {"base.txt", "trainee.txt"}
# To a person with no login yet (so no language of theirs), in both languages
# in one message: its own test below.
INVITATION = "invitation.txt"
# The template each kind of message is written from.
TEMPLATE_OF_KIND = {
    "agreement_submitted": "agreement_submitted.txt",
    "agreement_approved": "agreement_decided.txt",
    "agreement_changes_requested": "agreement_decided.txt",
    "agreement_rejected": "agreement_decided.txt",
    "plan_approved": "agreement_decided.txt",
    "plan_changes_requested": "agreement_decided.txt",
    "comment_added": "comment_added.txt",
    "deadline_registration": "deadline_reminder.txt",
    "deadline_plan": "deadline_reminder.txt",
    "deadline_course_end": "deadline_reminder.txt",
    "deadline_extension_decision": "deadline_reminder.txt",
    "claim_due": "claim_reminder.txt",
    "claim_deadline": "claim_reminder.txt",
    "plan_submitted": "plan_submitted.txt",
    "extension_requested": "extension_requested.txt",
    "extension_approved": "extension_decided.txt",
    "extension_refused": "extension_decided.txt",
    "amendment_proposed": "amendment_proposed.txt",
    "amendment_approved": "amendment_decided.txt",
    "amendment_refused": "amendment_decided.txt",
    "check_in_due": "check_in_reminder.txt",
    "password_reset": "password_reset.txt",
}
URL = re.compile(r"https?://\S+")


def english(user: User) -> User:
    user.preferred_language = "en"
    db.session.commit()
    return user


@pytest.fixture
def case(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Case:
    """An active course (approved, started) with people on both sides in
    both languages, its claims and an extension asked for and refused."""
    monkeypatch.setitem(app.config, "IGU_BASE_URL", BASE)
    found = submitted_case()
    agreement = found.agreement
    company = agreement.company
    english(person(Role.EMPLOYER, "Emma Employer", company=company))
    english(person(Role.CASEWORKER, "Carl Caseworker", municipality="101"))
    english(person(Role.FINANCE, "Fiona Finance", municipality="101"))
    decisions.decide_agreement(found.caseworker, agreement, "approve", "",
                               agreement.lock_version)
    assert agreement.start_date is not None
    run_due(agreement.start_date)
    db.session.refresh(agreement)
    db.session.add(BonusClaim(agreement_id=agreement.id, claim_type="municipality_bonus",
                              beneficiary="municipality", amount=Decimal("20000.00"),
                              due_date=agreement.start_date + timedelta(days=200),
                              deadline=agreement.start_date + timedelta(days=400)))
    db.session.commit()
    return found


def queue_every_kind(case: Case) -> None:
    """Each notification, as the services and the daily jobs queue them."""
    agreement = case.agreement
    assert agreement.start_date is not None
    notifications.agreement_submitted(agreement)
    for subject, decision in notifications.DECISION_KINDS:
        notifications.agreement_decided(agreement, decision.value, "Mangler underskrift.",
                                        subject=subject.value)
    notifications.comment_added(agreement, case.employer)
    notifications.comment_added(agreement, case.caseworker)
    for kind in notifications.DeadlineKind:
        notifications.deadline_reminder(agreement, kind.value, date(2031, 6, 1))
    claims = list(db.session.scalars(select(BonusClaim).where(
        BonusClaim.agreement_id == agreement.id)))
    for claim in claims:
        claim.deadline = claim.deadline or date(2031, 6, 1)
    notifications.claim_reminders(claims, notifications.ClaimReminder.DUE)
    notifications.claim_reminders(claims, notifications.ClaimReminder.DEADLINE)
    first_day = agreement.start_date + timedelta(days=120)
    for decision in ("refuse", "approve"):
        # Each asked for through the service (the caseworkers are told), then decided.
        extension = extensions.request_extension(
            case.employer, agreement, ExtensionRequestInput.model_validate(
                {"from": first_day.isoformat(),
                 "to": (first_day + timedelta(days=27)).isoformat(),
                 "reason": "parental_leave"}))
        extensions.decide_extension(case.caseworker, agreement, extension.number,
                                    ExtensionDecisionInput.model_validate(
                                        {"decision": decision, "reason": "Ikke dokumenteret."
                                         if decision == "refuse" else "",
                                         "lock_version": extension.lock_version}))
    for decision in ("refuse", "approve"):
        # Proposed by the employer (the caseworkers are told), then decided.
        amendment = amendments.propose(case.employer, agreement, AmendmentInput.model_validate(
            {"effective_from": (agreement.start_date + timedelta(days=60)).isoformat(),
             "changes": {"weekly_hours": "25"}, "lock_version": agreement.lock_version}))
        amendments.decide(case.caseworker, agreement, amendment.number,
                          AmendmentDecisionInput.model_validate(
                              {"decision": decision, "reason": "Ikke aftalt."
                               if decision == "refuse" else "",
                               "lock_version": amendment.lock_version}))
    notifications.plan_submitted(agreement, 1)
    # The check-in reminder goes to the caseworker who has the case: each in turn.
    for caseworker in list(db.session.scalars(select(User).where(
            User.role == Role.CASEWORKER, User.municipality_code == agreement.municipality_code))):
        agreement.assigned_caseworker = caseworker
        notifications.check_in_reminder(agreement, date(2031, 6, 1))
    for user in db.session.scalars(select(User).where(User.role == Role.EMPLOYER,
                                                      User.company_id == agreement.company_id)):
        accounts.request_password_reset(user.email, client_address="127.0.0.1")


def test_every_template_is_covered_here() -> None:
    templates = {path.name for path in Path(MAIL_TEMPLATES).glob("*.txt")}
    assert templates - PARTS == {*TEMPLATE_OF_KIND.values(), INVITATION}


def test_the_invitation_reads_well_in_both_languages_and_its_link_opens(
        app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "IGU_BASE_URL", BASE)
    inviter = person(Role.CASEWORKER, "Carl Caseworker", municipality="101")
    accounts.invite_company(inviter, valid_cvr(77), "Bager Hansen ApS", "private",
                            "ny@bager.dk", person_name="Bo Hansen")
    [message] = db.session.scalars(select(OutboxMessage))
    text = message.body_text
    assert message.recipient_id is None and message.language == "da"
    assert "Kære Bo Hansen" in text and "Dear Bo Hansen," in text
    assert "Carl Caseworker har inviteret dig" in text and "Carl Caseworker has invited" in text
    assert "Jobcenter København" in text
    assert ".." not in text and "{{" not in text and "%(" not in text, text
    assert not re.search(r"\S(?=https?://)", text), text
    urls = URL.findall(text)
    assert len(set(urls)) == 1 and urls[0].startswith(BASE + "/invitation/")
    assert client.get(_path(urls[0])).status_code == 200


def test_every_mail_in_both_languages_reads_well_and_its_links_open(
        case: Case, client: FlaskClient, auth: Auth) -> None:
    queue_every_kind(case)
    messages = list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    assert {(m.kind, m.language) for m in messages} == {
        (kind, language) for kind in TEMPLATE_OF_KIND for language in ("da", "en")}
    by_recipient: dict[int, list[OutboxMessage]] = {}
    for message in messages:
        recipient = db.session.get(User, message.recipient_id)
        assert recipient is not None and message.language == recipient.preferred_language
        text = message.body_text
        assert ".." not in text and ".." not in message.subject, (message.kind, text)
        # A link stands on its own, after white space: never "igu-admin:http...".
        assert not re.search(r"\S(?=https?://)", text), (message.kind, text)
        assert "{{" not in text and "%(" not in text, (message.kind, text)
        urls = URL.findall(text)
        assert urls, (message.kind, text)
        for url in urls:
            assert url.startswith(BASE + "/"), url
        by_recipient.setdefault(recipient.id, []).append(message)
    for kind in TEMPLATE_OF_KIND:
        danish, english_ = (next(m for m in messages if m.kind == kind and m.language == lang)
                            for lang in ("da", "en"))
        assert danish.subject != english_.subject, kind
    for recipient_id, received in by_recipient.items():
        recipient = db.session.get(User, recipient_id)
        assert recipient is not None
        for message in (m for m in received if m.kind == "password_reset"):
            # The reset link is for someone not logged in.
            for url in URL.findall(message.body_text):
                assert client.get(_path(url)).status_code == 200, url
        auth.login(recipient.email)
        for message in (m for m in received if m.kind != "password_reset"):
            for url in URL.findall(message.body_text):
                response = client.get(_path(url))
                assert response.status_code == 200, (message.kind, recipient.role, url,
                                                     response.status_code)
        auth.logout()


def test_anonymous_followers_of_a_link_are_asked_to_log_in(
        case: Case, client: FlaskClient) -> None:
    notifications.agreement_submitted(case.agreement)
    message = db.session.scalars(select(OutboxMessage)).first()
    assert message is not None
    response = client.get(_path(URL.findall(message.body_text)[0]))
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_an_amount_in_danish_ends_with_one_full_stop(case: Case) -> None:
    claims = list(db.session.scalars(select(BonusClaim).where(
        BonusClaim.agreement_id == case.agreement.id, BonusClaim.beneficiary == "company")))
    notifications.claim_reminders(claims, notifications.ClaimReminder.DUE)
    danish = next(m for m in db.session.scalars(select(OutboxMessage))
                  if m.language == "da" and m.kind == "claim_due")
    assert re.search(r"Beløb: [\d.]+,\d\d\skr\.\n", danish.body_text), danish.body_text
    assert "Se kravet i igu-admin:\nhttps://" in danish.body_text


def _path(url: str) -> str:
    """The URL's path below the base, as the test client asks for it."""
    parts = urlsplit(url)
    base_path = urlsplit(BASE).path
    assert parts.path.startswith(base_path + "/")
    return parts.path[len(base_path):] + (f"?{parts.query}" if parts.query else "")
