"""The review's e-mails: a decision tells the employer, a comment tells the
other side; queued with the change, so a refused change queues nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from igu_admin.core.errors import ConflictError
from igu_admin.extensions import db
from igu_admin.models import OutboxMessage
from igu_admin.services.review import comments, decisions
from igu_admin.testing.reviews import Case, submitted_case, submitted_plan


@pytest.fixture
def case(app) -> Case:
    return submitted_case()


def queued(kind: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)))


@pytest.mark.parametrize(("decision", "kind"), [("approve", "agreement_approved"),
                                                ("request_changes", "agreement_changes_requested"),
                                                ("reject", "agreement_rejected")])
def test_a_decision_tells_the_employer(case: Case, decision: str, kind: str) -> None:
    decisions.decide_agreement(case.caseworker, case.agreement, decision, "Ret startdatoen.",
                               case.agreement.lock_version)
    [message] = queued(kind)
    assert message.recipient_id == case.employer.id
    if decision != "approve":
        assert "Ret startdatoen." in message.body_text


def test_a_stale_decision_queues_nothing(case: Case) -> None:
    with pytest.raises(ConflictError):
        decisions.decide_agreement(case.caseworker, case.agreement, "approve", "",
                                   case.agreement.lock_version + 1)
    assert queued("agreement_approved") == []


def test_a_plan_decision_tells_the_employer(case: Case) -> None:
    plan = submitted_plan(case.agreement)
    decisions.decide_plan(case.caseworker, case.agreement, "request_changes", "Mere AMU.",
                          plan.lock_version)
    [message] = queued("plan_changes_requested")
    assert message.recipient_id == case.employer.id


def test_a_comment_tells_the_other_side_only(case: Case) -> None:
    comments.add_comment(case.employer, case.agreement, "Hvornår hører vi fra jer?")
    recipients = {m.recipient_id for m in queued("comment_added")}
    assert case.caseworker.id in recipients and case.colleague.id in recipients
    assert case.employer.id not in recipients and case.far_caseworker.id not in recipients
    comments.add_comment(case.caseworker, case.agreement, "I næste uge.")
    assert case.employer.id in {m.recipient_id for m in queued("comment_added")}
