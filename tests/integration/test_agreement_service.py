"""The agreement use cases, called directly (no HTTP)."""

from datetime import date

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from igu_admin.extensions import db
from igu_admin.models import AgreementStatus, AgreementVersion, AuditEvent, Role
from igu_admin.models.base import RecordImmutable
from igu_admin.services import agreements
from igu_admin.services.errors import ConflictError, PermissionDenied, ServiceError
from tests.factories import make_user

CPR = "150595-1234"


def complete_fields(**changes) -> agreements.DraftFields:
    values = {
        "trainee": agreements.TraineeFacts(CPR.replace("-", ""), "Amal", "Test", "101"),
        "start_date": date(2026, 3, 2), "job_title": "Bagermedhjælper",
        "target_group": "refugee", "registered_since": date(2024, 2, 1),
        "previous_igu": False, "recent_ordinary_employment": False, **changes}
    return agreements.DraftFields(**values)


def test_a_draft_may_hold_nothing_but_its_company(app) -> None:
    employer = make_user(Role.EMPLOYER)
    draft = agreements.start_draft(employer, agreements.DraftFields())
    assert draft.status == AgreementStatus.DRAFT
    assert (draft.trainee_id, draft.start_date, draft.created_by_id) == (None, None, employer.id)
    assert agreements.missing_fields(draft) == list(agreements.REQUIRED_TO_SUBMIT)


def test_submitting_makes_version_one_with_the_data_as_sent_and_an_audit_event(app) -> None:
    employer = make_user(Role.EMPLOYER)
    draft = agreements.start_draft(employer, complete_fields())
    version = agreements.submit(employer, draft, lock_version=draft.lock_version)
    assert (draft.status, version.number) == (AgreementStatus.SUBMITTED, 1)
    assert version.data["start_date"] == "2026-03-02"
    assert CPR.replace("-", "") not in str(version.data)
    actions = set(db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.entity_type == "agreement", AuditEvent.entity_id == str(draft.id))))
    assert {"created", "submit"} <= actions


def test_an_incomplete_draft_is_refused_naming_the_first_missing_field(app) -> None:
    employer = make_user(Role.EMPLOYER)
    draft = agreements.start_draft(employer, complete_fields(job_title=""))
    with pytest.raises(ServiceError) as refused:
        agreements.submit(employer, draft)
    assert (refused.value.code, refused.value.field) == ("incomplete", "job_title")
    assert draft.status == AgreementStatus.DRAFT


def test_a_person_outside_the_target_group_cannot_be_submitted(app) -> None:
    employer = make_user(Role.EMPLOYER)
    draft = agreements.start_draft(employer, complete_fields(target_group="other"))
    with pytest.raises(ServiceError) as refused:
        agreements.submit(employer, draft)
    assert refused.value.code == "not_eligible"


def test_a_stale_lock_version_is_a_conflict(app) -> None:
    employer = make_user(Role.EMPLOYER)
    draft = agreements.start_draft(employer, complete_fields())
    with pytest.raises(ConflictError) as conflict:
        agreements.submit(employer, draft, lock_version=draft.lock_version + 1)
    assert conflict.value.field == "lock_version"
    assert draft.status == AgreementStatus.DRAFT


def test_the_lifecycle_table_refuses_a_second_submission_and_a_caseworkers_withdrawal(app) -> None:
    employer = make_user(Role.EMPLOYER)
    draft = agreements.start_draft(employer, complete_fields())
    agreements.submit(employer, draft)
    with pytest.raises(ConflictError) as conflict:
        agreements.submit(employer, draft)
    assert conflict.value.field == "status"
    with pytest.raises(PermissionDenied):
        agreements.withdraw(make_user(Role.CASEWORKER), draft)
    agreements.withdraw(employer, draft)
    assert draft.status == AgreementStatus.WITHDRAWN


def test_a_submitted_version_is_never_changed(app) -> None:
    employer = make_user(Role.EMPLOYER)
    draft = agreements.start_draft(employer, complete_fields())
    version = agreements.submit(employer, draft)
    version.data = {"forged": True}
    with pytest.raises(RecordImmutable):
        db.session.flush()
    db.session.rollback()


def test_the_database_refuses_an_unknown_status(app) -> None:
    employer = make_user(Role.EMPLOYER)
    draft = agreements.start_draft(employer, agreements.DraftFields())
    with pytest.raises(IntegrityError):
        db.session.execute(text("UPDATE agreement SET status = 'signed' WHERE id = :id"),
                           {"id": draft.id})
    db.session.rollback()


def test_postgresql_refuses_raw_updates_and_deletes_of_audit_events_and_versions(
        app, backend) -> None:
    if backend != "postgresql":
        pytest.skip("the append-only trigger is PostgreSQL's")
    employer = make_user(Role.EMPLOYER)
    draft = agreements.start_draft(employer, complete_fields())
    agreements.submit(employer, draft)
    for statement in ("UPDATE audit_event SET action = 'forged'", "DELETE FROM audit_event",
                      "UPDATE agreement_version SET data = '{}'", "DELETE FROM agreement_version"):
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
    assert db.session.scalar(select(AgreementVersion.number)) == 1


def test_an_employer_learns_only_of_igus_recorded_in_its_own_company(app) -> None:
    other_employer = make_user(Role.EMPLOYER)
    elsewhere = agreements.start_draft(other_employer, complete_fields())
    agreements.submit(other_employer, elsewhere)
    employer = make_user(Role.EMPLOYER)
    draft = agreements.start_draft(employer, complete_fields(start_date=date(2026, 6, 1)))
    # The employer's own view: nothing recorded in its company.
    assert agreements.assess(draft).criterion("previous_igu").passed is True
    # The municipality's review sees the IGU in the other company.
    assert agreements.assess(draft, everywhere=True).criterion("previous_igu").passed is False
