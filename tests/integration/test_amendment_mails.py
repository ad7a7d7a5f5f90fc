"""E-mails of a change to the agreement (tillæg): proposed, the other side
is told (the municipality's caseworkers when the employer proposed, the
employer users when the municipality did); decided, the employer users and
the proposing caseworker; in the recipient's language, never a CPR number."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from igu_admin.core import clock
from igu_admin.extensions import db
from igu_admin.inputs.amendment import AmendmentDecisionInput, AmendmentInput
from igu_admin.models import Agreement, OutboxMessage, Role, User
from igu_admin.services.agreements import amendments
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import CPR, make_course


@pytest.fixture
def world(app):
    today = clock.today()
    mine, theirs = make_company(municipality="101"), make_company(municipality="751")
    course = make_course(mine, start=today - timedelta(days=30))
    course.weekly_hours = Decimal("30.00")
    db.session.commit()
    english = make_user(Role.EMPLOYER, company=mine)
    english.preferred_language = "en"
    db.session.commit()
    return {"course": course, "today": today,
            "employer": make_user(Role.EMPLOYER, company=mine), "english": english,
            "stranger": make_user(Role.EMPLOYER, company=theirs),
            "caseworker": make_user(Role.CASEWORKER, municipality="101"),
            "colleague": make_user(Role.CASEWORKER, municipality="101"),
            "elsewhere": make_user(Role.CASEWORKER, municipality="751")}


def messages(kind: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)
                                   .order_by(OutboxMessage.recipient_id)))


def propose(actor: User, course: Agreement, when: date):
    return amendments.propose(actor, course, AmendmentInput.model_validate({
        "effective_from": when.isoformat(), "changes": {"weekly_hours": "25"},
        "lock_version": course.lock_version}))


def decide(actor: User, course: Agreement, amendment, decision: str, reason: str = ""):
    return amendments.decide(actor, course, amendment.number, AmendmentDecisionInput.model_validate(
        {"decision": decision, "reason": reason, "lock_version": amendment.lock_version}))


def ids(found: list[OutboxMessage]) -> list[int]:
    return sorted(m.recipient_id for m in found)


def test_the_employer_s_proposal_tells_the_municipality_s_caseworkers(world) -> None:
    course = world["course"]
    propose(world["employer"], course, world["today"])
    sent = messages("amendment_proposed")
    assert ids(sent) == sorted([world["caseworker"].id, world["colleague"].id])
    body = sent[0].body_text
    assert f"IGU-aftale nr. {course.id}" in body and "ændring nr. 1" in body
    assert f"/caseworker/agreements/{course.id}\n" in body
    assert all(CPR not in m.body_text and CPR not in m.subject for m in sent)


def test_the_municipality_s_proposal_tells_the_employer_users(world) -> None:
    course = world["course"]
    propose(world["caseworker"], course, world["today"])
    sent = messages("amendment_proposed")
    assert ids(sent) == sorted([world["employer"].id, world["english"].id])
    in_english = next(m for m in sent if m.recipient_id == world["english"].id)
    assert in_english.subject == (f"The municipality proposes a change to IGU agreement "
                                  f"no. {course.id}")
    assert f"/employer/agreements/{course.id}\n" in in_english.body_text


@pytest.mark.parametrize("decision", ["approve", "refuse"])
def test_the_decision_tells_the_employer_users(world, decision: str) -> None:
    course = world["course"]
    amendment = propose(world["employer"], course, world["today"])
    decide(world["caseworker"], course, amendment, decision,
           "" if decision == "approve" else "Timerne passer ikke til planen.")
    sent = messages(f"amendment_{decision}d" if decision == "approve" else "amendment_refused")
    assert ids(sent) == sorted([world["employer"].id, world["english"].id])
    in_english = next(m for m in sent if m.recipient_id == world["english"].id)
    assert in_english.subject.endswith("is approved" if decision == "approve" else "is refused")
    if decision == "refuse":
        assert "Timerne passer ikke til planen." in in_english.body_text


def test_the_caseworker_who_proposed_is_told_when_a_colleague_decides(world) -> None:
    course = world["course"]
    amendment = propose(world["caseworker"], course, world["today"])
    decide(world["colleague"], course, amendment, "approve")
    assert ids(messages("amendment_approved")) == sorted(
        [world["employer"].id, world["english"].id, world["caseworker"].id])


def test_a_refused_proposal_queues_nothing(world) -> None:
    course = world["course"]
    with pytest.raises(Exception):  # noqa: B017 - RulesRefused: a day after the course
        propose(world["employer"], course, course.end_date + timedelta(days=1))
    db.session.rollback()
    assert messages("amendment_proposed") == []
