"""The claims follow the course: approval schedules them in its transaction,
the daily work moves them to due on their day, an approved extension and a
termination move or cancel them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from igu_admin.domain.dates import add_months
from igu_admin.extensions import db
from igu_admin.inputs.course import (
    ExtensionDecisionInput,
    ExtensionRequestInput,
    TerminationInput,
)
from igu_admin.jobs.daily import run_due
from igu_admin.models import AgreementStatus, BonusClaim
from igu_admin.services.course import end as course_end
from igu_admin.services.course import extension_requests as extensions
from igu_admin.services.review import decisions
from igu_admin.testing.reviews import Case, submitted_case


@pytest.fixture
def case(app) -> Case:
    found = submitted_case()
    decisions.decide_agreement(found.caseworker, found.agreement, "approve", "",
                               found.agreement.lock_version)
    return found


def claims(case: Case) -> dict[str, BonusClaim]:
    db.session.expire_all()
    return {c.claim_type: c for c in db.session.scalars(
        select(BonusClaim).where(BonusClaim.agreement_id == case.agreement.id))}


def test_approval_schedules_the_company_claims(case: Case) -> None:
    start = case.agreement.start_date
    assert start is not None
    found = claims(case)
    assert set(found) == {"company_bonus_6_months", "company_bonus_completion"}
    assert found["company_bonus_6_months"].due_date == add_months(start, 6)
    assert found["company_bonus_completion"].due_date == add_months(start, 24)
    assert {c.status for c in found.values()} == {"scheduled"}


def test_run_due_moves_a_claim_on_its_day_once(case: Case) -> None:
    due = claims(case)["company_bonus_6_months"].due_date
    assert run_due(due - timedelta(days=1)).due == 0
    report = run_due(due)
    assert report.due == 1
    assert claims(case)["company_bonus_6_months"].status == "due"
    assert run_due(due).due == 0


def test_an_approved_extension_moves_the_completion_claim(case: Case) -> None:
    agreement = case.agreement
    start = agreement.start_date
    assert start is not None
    run_due(start)
    leave_from = add_months(start, 12)
    extension = extensions.request_extension(case.employer, agreement, ExtensionRequestInput.model_validate(
        {"from": leave_from.isoformat(), "to": (leave_from + timedelta(days=27)).isoformat(),
         "reason": "parental_leave"}))
    before = claims(case)["company_bonus_completion"].due_date
    extensions.decide_extension(case.caseworker, agreement, extension.number,
                                ExtensionDecisionInput.model_validate(
                                    {"decision": "approve", "reason": "",
                                     "lock_version": extension.lock_version}))
    assert claims(case)["company_bonus_completion"].due_date == before + timedelta(days=28)
    assert claims(case)["company_bonus_6_months"].due_date == add_months(start, 6)


def test_a_termination_before_six_months_cancels_both_claims(case: Case) -> None:
    agreement = case.agreement
    start = agreement.start_date
    assert start is not None
    run_due(start)
    db.session.refresh(agreement)
    assert agreement.status == AgreementStatus.ACTIVE
    last_day = add_months(start, 6) - timedelta(days=2)
    course_end.record_termination(case.employer, agreement, TerminationInput.model_validate(
        {"date": last_day.isoformat(), "reason": "resignation",
         "lock_version": agreement.lock_version}), today=start + timedelta(days=10))
    assert {c.status for c in claims(case).values()} == {"cancelled"}
