"""Claims made when an agreement is approved, and kept in step with the course."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from igu_admin.core import rules_in_force
from igu_admin.core.unit_of_work import unit_of_work
from igu_admin.domain import milestones
from igu_admin.domain.milestones import CourseFacts, EmployerPeriod, Extension
from igu_admin.extensions import db
from igu_admin.models import AgreementStatus, AuditEvent, BonusClaim, ClaimStatus, CourseExtension
from igu_admin.services.claims.schedule import (
    NOT_APPLICABLE,
    Course,
    course_of,
    resync_claims,
    schedule_claims,
)
from igu_admin.testing.accounts import make_company
from igu_admin.testing.agreements import make_agreement
from igu_admin.testing.claims import START, approved, claims_of

SIX, COMPLETION, GRANT = ("company_bonus_6_months", "company_bonus_completion",
                          "municipality_result_grant")


def audit_actions(claim_id: int) -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.entity_type == "claim", AuditEvent.entity_id == str(claim_id))
        .order_by(AuditEvent.id)))


def test_approval_schedules_the_company_claims_with_their_dates_and_an_audit_event_each(
        app) -> None:
    claims = claims_of(approved())
    assert set(claims) == {SIX, COMPLETION}  # no programme start: no result grant
    six, completion = claims[SIX], claims[COMPLETION]
    assert (six.status, six.due_date, six.amount, six.deadline) == (
        ClaimStatus.SCHEDULED, date(2026, 9, 1), Decimal("20000.00"), None)
    # The course from 1 March 2026 ends 29 February 2028: due the day after.
    assert (completion.due_date, completion.deadline) == (date(2028, 3, 1), date(2029, 3, 1))
    assert completion.beneficiary == "company" and completion.lock_version == 1
    assert completion.evidence_not_relevant == [] and completion.reference == ""
    assert audit_actions(six.id) == ["created"] and audit_actions(completion.id) == ["created"]


def test_scheduling_twice_creates_nothing_more(app) -> None:
    agreement = approved()
    with unit_of_work():
        assert schedule_claims(agreement) == 0
    assert db.session.scalar(select(func.count()).select_from(BonusClaim)) == 2
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.entity_type == "claim")) == 2


def test_the_result_grant_is_scheduled_for_the_municipality_when_the_programme_start_is_known(
        app) -> None:
    claims = claims_of(approved(programme_start=date(2025, 6, 1)))
    grant = claims[GRANT]
    assert (grant.beneficiary, grant.due_date, grant.amount) == (
        "municipality", date(2026, 9, 1), Decimal("88817.00"))


def test_a_public_employer_gets_no_company_claims(app) -> None:
    claims = claims_of(approved(make_company(is_private=False), programme_start=date(2025, 6, 1)))
    assert set(claims) == {GRANT}


def test_a_draft_without_a_start_date_has_no_claims(app) -> None:
    agreement = make_agreement(make_company(), status=AgreementStatus.DRAFT)
    agreement.start_date = None
    with unit_of_work():
        assert schedule_claims(agreement) == 0


def test_an_extension_at_the_end_moves_the_completion_claim_only(app) -> None:
    agreement = approved()
    with unit_of_work():
        # Approved: two months of parental leave at the course's end, from its record.
        db.session.add(CourseExtension(agreement_id=agreement.id, number=1,
                                       first_day=date(2028, 3, 1), last_day=date(2028, 4, 30),
                                       reason="parental_leave", status="approved"))
        agreement.end_date = date(2028, 4, 30)
        db.session.flush()
        counts = resync_claims(agreement, today=date(2026, 5, 1))
    claims = claims_of(agreement)
    assert counts.moved == 1 and counts.cancelled == 0
    assert claims[COMPLETION].due_date == date(2028, 5, 1)
    assert claims[COMPLETION].deadline == date(2029, 5, 1)
    assert claims[SIX].due_date == date(2026, 9, 1)
    assert audit_actions(claims[COMPLETION].id) == ["created", "moved"]
    assert audit_actions(claims[SIX].id) == ["created"]


def _course(agreement, **facts) -> Course:
    ruleset = rules_in_force.catalogue().get("igu-2016")
    return Course((agreement,), milestones.one_employer(
        agreement.start_date, True, integration_programme_start=agreement.integration_programme_start,
        **facts), ruleset)


def test_a_termination_before_six_months_cancels_every_claim(app) -> None:
    agreement = approved(programme_start=date(2025, 6, 1))
    with unit_of_work():
        counts = resync_claims(agreement, _course(agreement, terminated_on=date(2026, 8, 30)),
                               today=date(2026, 8, 30))
    claims = claims_of(agreement)
    assert counts.cancelled == 3
    assert {c.status for c in claims.values()} == {ClaimStatus.CANCELLED}
    assert {c.cancel_reason for c in claims.values()} == {milestones.TERMINATED}
    assert audit_actions(claims[SIX].id) == ["created", "cancel"]


def test_a_termination_on_the_last_day_of_six_months_keeps_the_six_month_claims(app) -> None:
    agreement = approved(programme_start=date(2025, 6, 1))
    with unit_of_work():
        resync_claims(agreement, _course(agreement, terminated_on=date(2026, 8, 31)),
                      today=date(2026, 8, 31))
    claims = claims_of(agreement)
    assert claims[SIX].status == claims[GRANT].status == ClaimStatus.SCHEDULED
    assert claims[COMPLETION].status == ClaimStatus.CANCELLED


def test_an_extension_recorded_after_the_claim_fell_due_puts_it_back_to_scheduled(app) -> None:
    agreement = approved()
    six = claims_of(agreement)[SIX]
    with unit_of_work():
        six.status = ClaimStatus.DUE
    sickness = Extension(date(2026, 6, 1), date(2026, 7, 31), "sickness")
    with unit_of_work():
        counts = resync_claims(agreement, _course(agreement, extensions=(sickness,)),
                               today=date(2026, 9, 10))
    six = claims_of(agreement)[SIX]
    assert counts.rescheduled == 1
    assert (six.status, six.due_date) == (ClaimStatus.SCHEDULED, date(2026, 11, 1))
    assert audit_actions(six.id)[-1] == "reschedule"


def test_a_claim_a_person_has_acted_on_is_left_as_it_is(app) -> None:
    agreement = approved()
    six = claims_of(agreement)[SIX]
    with unit_of_work():
        six.status = ClaimStatus.SUBMITTED
    with unit_of_work():
        counts = resync_claims(agreement, _course(agreement, terminated_on=date(2026, 5, 1)),
                               today=date(2026, 9, 10))
    claims = claims_of(agreement)
    assert claims[SIX].status == ClaimStatus.SUBMITTED and counts.kept == 1
    assert claims[COMPLETION].status == ClaimStatus.CANCELLED


def test_a_company_that_turns_public_loses_its_open_claims(app) -> None:
    agreement = approved()
    with unit_of_work():
        agreement.company.is_private = False
        counts = resync_claims(agreement, today=START)
    assert counts.cancelled == 2
    assert {c.cancel_reason for c in claims_of(agreement).values()} == {NOT_APPLICABLE}


def _continued(first, second) -> Course:
    """`second` continues the course of `first` the day after `first` ended."""
    ruleset = rules_in_force.catalogue().get("igu-2016")
    facts = CourseFacts(first.start_date, (EmployerPeriod(first.start_date, True),
                                           EmployerPeriod(second.start_date, True)),
                        integration_programme_start=first.integration_programme_start)
    return Course((first, second), facts, ruleset)


def test_a_continuation_moves_the_open_company_claims_to_the_continuing_company(app) -> None:
    first = approved(programme_start=date(2025, 6, 1))
    second = make_agreement(make_company(), status=AgreementStatus.APPROVED,
                            start=date(2026, 5, 1))
    with unit_of_work():
        counts = resync_claims(first, _continued(first, second),
                               today=date(2026, 5, 1))
    assert counts.reassigned == 3 and counts.created == 0
    assert claims_of(first) == {}
    moved = claims_of(second)
    assert set(moved) == {SIX, COMPLETION, GRANT}
    # Time served with the first company counts: the dates stay.
    assert moved[SIX].due_date == date(2026, 9, 1) and moved[SIX].status == ClaimStatus.SCHEDULED
    assert audit_actions(moved[SIX].id) == ["created", "reassigned"]


def test_claims_cancelled_at_the_termination_are_made_again_for_the_continuing_company(
        app) -> None:
    first = approved()
    with unit_of_work():
        resync_claims(first, _course(first, terminated_on=date(2026, 4, 30)),
                      today=date(2026, 4, 30))
    second = make_agreement(make_company(), status=AgreementStatus.APPROVED,
                            start=date(2026, 5, 1))
    with unit_of_work():
        counts = resync_claims(second, _continued(first, second),
                               today=date(2026, 5, 1))
    assert counts.created == 2 and counts.reassigned == 0
    assert {c.status for c in claims_of(first).values()} == {ClaimStatus.CANCELLED}
    assert {c.status for c in claims_of(second).values()} == {ClaimStatus.SCHEDULED}


def test_course_of_reads_the_agreement_row(app) -> None:
    agreement = approved(programme_start=date(2025, 6, 1))
    course = course_of(agreement)
    assert course is not None and course.agreements == (agreement,)
    assert course.facts.start_date == START and course.facts.extensions == ()
    assert course.facts.integration_programme_start == date(2025, 6, 1)
    assert course.facts.employers == (EmployerPeriod(START, True),)


def test_the_demo_agreement_once_approved_gets_its_claims(app) -> None:
    from igu_admin.models import Agreement
    from igu_admin.services.demo.records import ensure_demo_data, schedule_demo_claims

    ensure_demo_data()
    agreement = db.session.scalar(select(Agreement).where(
        Agreement.status == AgreementStatus.SUBMITTED))
    with unit_of_work():
        agreement.status = AgreementStatus.APPROVED  # as the caseworker's approval leaves it
    assert schedule_demo_claims(agreement, date(agreement.start_date.year - 1, 6, 1)) == 3
    assert schedule_demo_claims(agreement) == 0
    claims = claims_of(agreement)
    assert claims[SIX].due_date == date(agreement.start_date.year, 7, 5)
