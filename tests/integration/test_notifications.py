"""E-mail notifications queued in the outbox: who gets what, in which language,
in the transaction of the change; never a CPR number."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from igu_admin.core.unit_of_work import unit_of_work
from igu_admin.extensions import db
from igu_admin.inputs.agreement import parse_changes
from igu_admin.models import Agreement, AgreementStatus, OutboxMessage, Role, User
from igu_admin.services import agreements, notifications
from igu_admin.services.notifications.messages import mask_cpr_numbers
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import make_agreement

CPR = "150595-1234"
START = date(date.today().year + 1, 3, 2)
CASEWORKER_PAGE = "http://127.0.0.1:5000/caseworker/agreements/{}"
EMPLOYER_PAGE = "http://127.0.0.1:5000/employer/agreements/{}"


def complete() -> dict[str, Any]:
    """Everything submission needs, as the API takes it."""
    return {
        "contact_person": "Bente Bager",
        "trainee": {"name": "Amal Test", "cpr": CPR, "address": "Søndergade 12\n2100 København Ø",
                    "municipality_code": "101", "target_group": "refugee",
                    "residence_permit": {"kind": "Udlændingelovens § 7, stk. 1",
                                         "date": "2024-01-10"},
                    "registered_since": "2024-02-01", "previous_igu": False,
                    "recent_ordinary_employment": False},
        "start_date": START.isoformat(), "workplace_address": "Bagergade 1", "job_title": "Bager",
        "tasks": "Bagning", "weekly_hours": "37.00", "collective_agreement": "other",
        "wage": {"basis": "monthly", "year1": "12132.00", "year2": "13429.00"},
    }


def person(role: Role, language: str = "da", name: str = "", **where: Any) -> User:
    user = make_user(role, **where)
    user.preferred_language, user.name = language, name
    db.session.commit()
    return user


def outbox() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_submitting_queues_one_message_per_active_caseworker_of_the_municipality_in_their_language(
        app) -> None:
    danish = person(Role.CASEWORKER, name="Anne Andersen")
    english = person(Role.CASEWORKER, language="en")
    person(Role.CASEWORKER).active = False
    person(Role.CASEWORKER, municipality="751")
    person(Role.FINANCE)
    employer = make_user(Role.EMPLOYER)
    db.session.commit()
    draft = agreements.create_draft(employer, parse_changes(complete()))
    agreements.submit(employer, draft, draft.lock_version)

    messages = outbox()
    assert [(m.recipient_id, m.recipient_email, m.language, m.kind, m.agreement_id)
            for m in messages] == [
        (danish.id, danish.email, "da", "agreement_submitted", draft.id),
        (english.id, english.email, "en", "agreement_submitted", draft.id)]
    da, en = messages
    assert da.subject == f"IGU-aftale nr. {draft.id} venter på jeres behandling"
    assert en.subject == f"IGU agreement no. {draft.id} awaits your review"
    assert da.body_text.startswith("Kære Anne Andersen\n\n")
    assert "har sendt IGU-aftale" in da.body_text and "IGU-elev: Amal Test" in da.body_text
    assert en.body_text.startswith("Hello,\n\n") and "Trainee: Amal Test" in en.body_text
    for message in messages:
        assert CASEWORKER_PAGE.format(draft.id) in message.body_text
        assert (message.sent_at, message.attempts, message.dedupe_key) == (None, 0, None)


def test_a_submission_rolled_back_queues_nothing(app) -> None:
    person(Role.CASEWORKER)
    employer = make_user(Role.EMPLOYER)
    draft = agreements.create_draft(employer, parse_changes(complete()))
    draft_id = draft.id
    with pytest.raises(RuntimeError, match="a later step failed"), unit_of_work():
        agreements.submit(employer, draft, draft.lock_version)
        assert len(outbox()) == 1  # queued, inside the transaction
        raise RuntimeError("a later step failed")
    assert outbox() == []
    assert db.session.get(Agreement, draft_id).status == AgreementStatus.DRAFT


def test_the_language_is_the_recipients_whatever_the_callers(app) -> None:
    person(Role.CASEWORKER)
    agreement = make_agreement(make_company())
    with force_locale("en"):
        notifications.agreement_submitted(agreement)
    assert outbox()[0].subject.startswith("IGU-aftale nr.")


@pytest.mark.parametrize(("subject", "decision", "kind", "danish"), [
    ("agreement", "approve", "agreement_approved", "IGU-aftale nr. {} er godkendt"),
    ("agreement", "request_changes", "agreement_changes_requested",
     "Kommunen beder om ændringer i IGU-aftale nr. {}"),
    ("agreement", "reject", "agreement_rejected", "IGU-aftale nr. {} er afvist"),
    ("plan", "approve", "plan_approved", "Undervisningsplanen til IGU-aftale nr. {} er godkendt"),
    ("plan", "request_changes", "plan_changes_requested",
     "Kommunen beder om ændringer i undervisningsplanen til IGU-aftale nr. {}"),
])
def test_a_decision_goes_to_the_employer_users_of_the_company(
        app, subject: str, decision: str, kind: str, danish: str) -> None:
    company = make_company()
    first = person(Role.EMPLOYER, company=company, name="Bente")
    second = person(Role.EMPLOYER, language="en", company=company)
    make_user(Role.EMPLOYER)  # another company's
    person(Role.CASEWORKER)
    agreement = make_agreement(company)
    assert notifications.agreement_decided(agreement, decision, "", subject=subject) == 2
    da, en = outbox()
    assert [(da.recipient_id, da.kind), (en.recipient_id, en.kind)] == [
        (first.id, kind), (second.id, kind)]
    assert da.subject == danish.format(agreement.id)
    assert EMPLOYER_PAGE.format(agreement.id) in da.body_text
    assert "begrundelse" not in da.body_text  # no reason given, no heading for one


def test_the_reason_goes_with_the_decision_with_any_cpr_number_masked(app) -> None:
    company = make_company()
    person(Role.EMPLOYER, language="en", company=company)
    agreement = make_agreement(company)
    reason = f"The wage is too low for {CPR} (also written 1505951234 or 150595 1234)."
    notifications.agreement_decided(agreement, "request_changes", reason)
    body = outbox()[0].body_text
    assert "The municipality's reason:\nThe wage is too low for XXXXXX-XXXX (also written " \
           "XXXXXX-XXXX or XXXXXX-XXXX)." in body
    assert "150595" not in body


@pytest.mark.parametrize(("subject", "decision"), [("plan", "reject"), ("agreement", "approve_all"),
                                                   ("claim", "approve")])
def test_a_decision_without_a_message_is_refused(app, subject: str, decision: str) -> None:
    company = make_company()
    make_user(Role.EMPLOYER, company=company)
    with pytest.raises(ValueError, match="no message for the decision"):
        notifications.agreement_decided(make_agreement(company), decision, "", subject=subject)
    assert outbox() == []


def test_a_comment_is_told_to_the_other_side_and_not_to_its_author(app) -> None:
    company = make_company(name="Bageriet ApS")
    employer = person(Role.EMPLOYER, company=company)
    colleague = person(Role.EMPLOYER, company=company, language="en")
    caseworker = person(Role.CASEWORKER)
    other_caseworker = person(Role.CASEWORKER)
    person(Role.CASEWORKER, municipality="751")
    agreement = make_agreement(company)

    assert notifications.comment_added(agreement, employer) == 2
    to_municipality = outbox()
    assert {m.recipient_id for m in to_municipality} == {caseworker.id, other_caseworker.id}
    assert to_municipality[0].subject == f"Ny kommentar til IGU-aftale nr. {agreement.id}"
    assert "Bageriet ApS har skrevet en kommentar" in to_municipality[0].body_text
    assert CASEWORKER_PAGE.format(agreement.id) in to_municipality[0].body_text

    assert notifications.comment_added(agreement, caseworker) == 2
    to_company = outbox()[2:]
    assert {m.recipient_id for m in to_company} == {employer.id, colleague.id}
    english = next(m for m in to_company if m.recipient_id == colleague.id)
    assert english.subject == f"New comment on IGU agreement no. {agreement.id}"
    assert "The municipality has written a comment" in english.body_text
    assert EMPLOYER_PAGE.format(agreement.id) in english.body_text
    assert all(m.kind == "comment_added" for m in outbox())


def test_a_deadline_reminder_is_queued_once_per_recipient_deadline_and_day(app) -> None:
    company = make_company()
    employer = person(Role.EMPLOYER, company=company)
    agreement = make_agreement(company)
    due = date(2027, 3, 31)
    assert notifications.deadline_reminder(agreement, "plan", due) == 1
    assert notifications.deadline_reminder(agreement, "plan", due) == 0  # a second scheduler
    assert len(outbox()) == 1
    assert notifications.deadline_reminder(agreement, "registration", due) == 1
    assert notifications.deadline_reminder(agreement, "plan", date(2027, 4, 1)) == 1
    assert {(m.recipient_id, m.kind) for m in outbox()} == {
        (employer.id, "deadline_plan"), (employer.id, "deadline_registration")}
    assert len({m.dedupe_key for m in outbox()}) == 3
    # A recipient who joins later is reminded too, once.
    newcomer = person(Role.EMPLOYER, company=company)
    assert notifications.deadline_reminder(agreement, "plan", due) == 1
    assert outbox()[-1].recipient_id == newcomer.id


@pytest.mark.parametrize(("deadline", "sides", "danish", "english"), [
    ("registration", {"employer"}, "skal være registreret i VITAS senest 2. marts 2027",
     "must be registered in VITAS by 2 March 2027"),
    ("plan", {"employer"}, "skal være på plads senest 2. marts 2027",
     "must be in place by 2 March 2027"),
    ("course_end", {"employer", "caseworker"}, "slutter den 2. marts 2027",
     "ends on 2 March 2027"),
    ("extension_decision", {"caseworker"}, "afgørelse om forlængelse af IGU-aftale nr. {} senest "
     "2. marts 2027", "must be decided by 2 March 2027"),
])
def test_each_deadline_reminds_those_who_act_on_it_with_the_date_in_their_language(
        app, deadline: str, sides: set[str], danish: str, english: str) -> None:
    company = make_company()
    person(Role.EMPLOYER, company=company)
    person(Role.EMPLOYER, company=company, language="en")
    person(Role.CASEWORKER)
    person(Role.CASEWORKER, language="en")
    agreement = make_agreement(company)
    notifications.deadline_reminder(agreement, deadline, date(2027, 3, 2))
    messages = outbox()
    roles = {db.session.get(User, m.recipient_id).role for m in messages}
    assert roles == sides
    assert len(messages) == 2 * len(sides)
    for message in messages:
        wanted = danish if message.language == "da" else english
        assert wanted.format(agreement.id) in message.body_text
        assert message.kind == f"deadline_{deadline}"


def test_an_unknown_deadline_is_refused(app) -> None:
    with pytest.raises(ValueError):
        notifications.deadline_reminder(make_agreement(make_company()), "birthday",
                                        date(2027, 3, 2))


@pytest.mark.parametrize(("text", "masked"), [
    ("150595-1234", "XXXXXX-XXXX"),
    ("cpr 1505951234.", "cpr XXXXXX-XXXX."),
    ("150595 1234 og 010190-1235", "XXXXXX-XXXX og XXXXXX-XXXX"),
    # Not CPR numbers: a CVR number, a phone number, dates, longer numbers.
    ("CVR 31415926, tlf. 12 34 56 78", "CVR 31415926, tlf. 12 34 56 78"),
    ("2027-03-02, 02.03.2027", "2027-03-02, 02.03.2027"),
    ("15059512345 and 01505951234", "15059512345 and 01505951234"),
])
def test_cpr_shaped_numbers_are_masked(text: str, masked: str) -> None:
    assert mask_cpr_numbers(text) == masked


@pytest.mark.parametrize(("base", "url"), [
    ("https://igu.kommune.dk", "https://igu.kommune.dk/employer/agreements/7"),
    ("https://igu.kommune.dk/", "https://igu.kommune.dk/employer/agreements/7"),
    ("https://kommune.dk/igu/", "https://kommune.dk/igu/employer/agreements/7"),
    ("http://127.0.0.1:8000", "http://127.0.0.1:8000/employer/agreements/7"),
])
def test_links_are_absolute_under_the_base_url(app, monkeypatch, base: str, url: str) -> None:
    monkeypatch.setitem(app.config, "IGU_BASE_URL", base)
    assert notifications.page_url("employer.agreement", agreement_id=7) == url
    with app.test_request_context("/", base_url="http://elsewhere.example"):
        assert notifications.page_url("employer.agreement", agreement_id=7) == url
