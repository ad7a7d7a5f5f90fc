"""E-mails for the steps someone waits on: a plan sent on its own goes to the
municipality's caseworkers, an extension asked for too, an extension decided
goes to the company's employer users; each in the recipient's language, in
the transaction of the change, never with a CPR number."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from igu_admin.core import rules_in_force
from igu_admin.extensions import db
from igu_admin.inputs.agreement import parse_changes
from igu_admin.inputs.course import ExtensionDecisionInput, ExtensionRequestInput
from igu_admin.inputs.errors import InputErrors
from igu_admin.inputs.plan import parse_plan
from igu_admin.jobs.daily import run_due
from igu_admin.models import Agreement, OutboxMessage, Role, User
from igu_admin.services import agreements
from igu_admin.services.course import extension_requests as extensions
from igu_admin.services.plans import building as schooling_plans
from igu_admin.services.review import decisions
from igu_admin.testing.accounts import make_company
from igu_admin.testing.agreements import CPR
from igu_admin.testing.plans import weeks_plan
from igu_admin.testing.reviews import Case, person, review_agreement, submitted_case

BASE = "https://igu.example.test"


@pytest.fixture
def case(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Case:
    monkeypatch.setitem(app.config, "IGU_BASE_URL", BASE)
    return submitted_case()


def english(user: User) -> User:
    user.preferred_language = "en"
    db.session.commit()
    return user


def messages(kind: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)
                                   .order_by(OutboxMessage.recipient_id)))


def valid_plan(agreement: Agreement) -> list[dict]:
    assert agreement.ruleset_code and agreement.start_date
    rules = rules_in_force.catalogue().get(agreement.ruleset_code).as_of(agreement.start_date)
    return weeks_plan(rules.schooling.weeks, start=agreement.start_date)


def started(case: Case) -> Agreement:
    agreement = case.agreement
    decisions.decide_agreement(case.caseworker, agreement, "approve", "", agreement.lock_version)
    assert agreement.start_date is not None
    run_due(agreement.start_date)
    db.session.refresh(agreement)
    return agreement


def ask_for_extension(case: Case, agreement: Agreement, days: int = 28):
    assert agreement.start_date is not None
    first = agreement.start_date + timedelta(days=100)
    return extensions.request_extension(case.employer, agreement, ExtensionRequestInput.model_validate(
        {"from": first.isoformat(), "to": (first + timedelta(days=days - 1)).isoformat(),
         "reason": "parental_leave"}))


def test_a_plan_sent_on_its_own_tells_the_caseworkers_of_the_municipality_in_their_language(
        case: Case) -> None:
    carl = english(person(Role.CASEWORKER, "Carl Caseworker", municipality="101"))
    agreement = case.agreement
    plan = schooling_plans.save_plan(case.employer, agreement, parse_plan(
        {"items": valid_plan(agreement), "passed_danish_test": False}), 0)
    schooling_plans.submit_plan(case.employer, agreement, plan.lock_version)

    sent = messages("plan_submitted")
    # Karen and Ole (101, Danish) and Carl (101, English); not Aarhus, not the employer.
    assert sorted(m.recipient_id for m in sent) == sorted(
        [case.caseworker.id, case.colleague.id, carl.id])
    danish = next(m for m in sent if m.recipient_id == case.caseworker.id)
    in_english = next(m for m in sent if m.recipient_id == carl.id)
    assert danish.subject == f"Undervisningsplanen til IGU-aftale nr. {agreement.id} venter på " \
                             "jeres behandling"
    assert "har sendt undervisningsplanen til IGU-aftale" in danish.body_text
    assert "(version 1)" in danish.body_text and "Amal Østergård" in danish.body_text
    assert in_english.subject == f"The schooling plan of IGU agreement no. {agreement.id} " \
                                 "awaits your review"
    for message in sent:
        assert message.agreement_id == agreement.id
        assert f"{BASE}/caseworker/agreements/{agreement.id}\n" in message.body_text
        assert CPR not in message.body_text and CPR.replace("-", "") not in message.body_text


def test_a_plan_sent_with_its_agreement_has_no_message_of_its_own(app: Flask) -> None:
    # The agreement's own message tells the caseworkers of both.
    caseworker = person(Role.CASEWORKER, "Karen Sagsbehandler", municipality="101")
    employer = person(Role.EMPLOYER, "Bente Bager", company=make_company(municipality="101"))
    draft = agreements.create_draft(employer, parse_changes(review_agreement()))
    assert draft.start_date is not None
    rules = rules_in_force.catalogue().select(rules_in_force.default_mode(), draft.start_date)
    schooling_plans.save_plan(employer, draft, parse_plan(
        {"items": weeks_plan(rules.ruleset.as_of(draft.start_date).schooling.weeks,
                             start=draft.start_date), "passed_danish_test": False}), 0)
    agreements.submit(employer, draft, draft.lock_version)
    plan = schooling_plans.find_plan(draft)
    assert plan is not None and plan.status == "submitted"
    assert [m.recipient_id for m in messages("agreement_submitted")] == [caseworker.id]
    assert messages("plan_submitted") == []


def test_a_plan_refused_by_the_rules_queues_nothing(case: Case) -> None:
    agreement = case.agreement
    plan = schooling_plans.save_plan(case.employer, agreement, parse_plan(
        {"items": valid_plan(agreement)[:1], "passed_danish_test": False}), 0)
    with pytest.raises(Exception):  # noqa: B017 - SubmissionRefused, every error
        schooling_plans.submit_plan(case.employer, agreement, plan.lock_version)
    db.session.rollback()
    assert messages("plan_submitted") == []


def test_an_extension_asked_for_tells_the_caseworkers_in_their_language(case: Case) -> None:
    carl = english(person(Role.CASEWORKER, "Carl Caseworker", municipality="101"))
    agreement = started(case)
    extension = ask_for_extension(case, agreement)

    sent = messages("extension_requested")
    assert sorted(m.recipient_id for m in sent) == sorted(
        [case.caseworker.id, case.colleague.id, carl.id])
    danish = next(m for m in sent if m.recipient_id == case.caseworker.id)
    in_english = next(m for m in sent if m.recipient_id == carl.id)
    assert danish.subject == f"Forlængelse af IGU-aftale nr. {agreement.id} venter på jeres " \
                             "afgørelse"
    assert "beder om at forlænge forløbet" in danish.body_text
    assert "Grund: Orlov ved graviditet, barsel eller adoption\n" in danish.body_text
    assert "Ground: Leave for pregnancy, birth or adoption\n" in in_english.body_text
    first = extension.first_day
    assert f"fra {first.day}. " in danish.body_text  # a Danish long date
    assert in_english.subject == f"Extension of IGU agreement no. {agreement.id} awaits your " \
                                 "decision"
    assert f"{BASE}/caseworker/agreements/{agreement.id}\n" in in_english.body_text


def test_an_extension_refused_by_the_rules_queues_nothing(case: Case) -> None:
    agreement = started(case)
    with pytest.raises(InputErrors):
        ask_for_extension(case, agreement, days=0)
    db.session.rollback()
    assert messages("extension_requested") == []


@pytest.mark.parametrize("decision", ["approve", "refuse"])
def test_an_extension_decided_tells_the_employer_users_in_their_language(
        case: Case, decision: str) -> None:
    emma = english(person(Role.EMPLOYER, "Emma Employer", company=case.agreement.company))
    agreement = started(case)
    extension = ask_for_extension(case, agreement)
    extensions.decide_extension(case.caseworker, agreement, extension.number,
                                ExtensionDecisionInput.model_validate(
                                    {"decision": decision,
                                     "reason": "" if decision == "approve" else "Ingen dokumentation.",
                                     "lock_version": extension.lock_version}))

    kind = "extension_approved" if decision == "approve" else "extension_refused"
    sent = messages(kind)
    # The company's employer users, not the stranger of another company.
    assert sorted(m.recipient_id for m in sent) == sorted([case.employer.id, emma.id])
    danish = next(m for m in sent if m.recipient_id == case.employer.id)
    in_english = next(m for m in sent if m.recipient_id == emma.id)
    assert agreement.end_date is not None
    if decision == "approve":
        assert danish.subject == f"Forlængelsen af IGU-aftale nr. {agreement.id} er godkendt"
        assert "Forløbet slutter nu den " in danish.body_text
        assert f"{agreement.end_date.year}." in danish.body_text
        assert in_english.subject == f"The extension of IGU agreement no. {agreement.id} is approved"
    else:
        assert danish.subject == f"Forlængelsen af IGU-aftale nr. {agreement.id} er afslået"
        assert "Kommunens begrundelse:\nIngen dokumentation." in danish.body_text
        assert "The municipality's reason:" in in_english.body_text
    for message in sent:
        assert f"{BASE}/employer/agreements/{agreement.id}\n" in message.body_text
