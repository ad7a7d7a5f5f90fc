"""What the data model promises: encrypted CPR, append-only audit, UTC, locking."""

from datetime import UTC

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from igu_admin.core import audit
from igu_admin.extensions import db
from igu_admin.models import AgreementStatus, AuditEvent, Role
from igu_admin.models.base import RecordImmutable as AuditEventImmutable
from igu_admin.services.agreements import trainees
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import make_agreement, make_trainee


def _dump() -> str:
    """Everything in the trainee table, as a database dump would show it."""
    rows = db.session.execute(text("SELECT * FROM trainee")).all()
    return " ".join(str(value) for row in rows for value in row)


def test_a_cpr_number_cannot_be_read_from_a_database_dump(app) -> None:
    trainee = make_trainee(cpr="0712874321")
    dump = _dump()
    assert "0712874321" not in dump
    assert "4321" not in dump.replace(trainee.cpr_hash, "")
    assert trainees.display_cpr(trainee, full=True) == "071287-4321"
    assert trainees.display_cpr(trainee, full=False) == "071287-XXXX"


def test_a_person_is_found_again_by_the_keyed_cpr_hash(app) -> None:
    trainee = make_trainee(cpr="0712874321")
    assert trainees.find_by_cpr("0712874321").id == trainee.id
    assert trainees.find_by_cpr("0712874322") is None


def test_the_same_cpr_cannot_be_registered_twice(app) -> None:
    make_trainee(cpr="0712874321")
    with pytest.raises(IntegrityError):
        make_trainee(cpr="0712874321")


def test_audit_events_are_append_only(app) -> None:
    event = audit.record(None, "agreement", 1, "created", after={"status": "draft"})
    db.session.commit()
    event.action = "tampered"
    with pytest.raises(AuditEventImmutable):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEvent, event.id))
    with pytest.raises(AuditEventImmutable):
        db.session.commit()
    db.session.rollback()


def test_creating_records_through_services_writes_audit_events(app) -> None:
    company = make_company()
    user = make_user(Role.EMPLOYER, company=company)
    actions = {(e.entity_type, e.action) for e in db.session.query(AuditEvent)}
    assert {("company", "created"), ("user", "created")} <= actions
    assert user.company_id == company.id


def test_timestamps_come_back_as_utc(app) -> None:
    company = make_company()
    db.session.expire_all()
    assert company.created_at.tzinfo == UTC


def test_foreign_keys_are_enforced(app) -> None:
    with pytest.raises(IntegrityError):
        db.session.execute(text("INSERT INTO company (cvr, name, address, postal_code, city, "
                                "is_private, municipality_code, created_at) VALUES ('12345674', "
                                "'X', '', '', '', true, '999', CURRENT_TIMESTAMP)"))
        db.session.flush()
    db.session.rollback()


def test_a_user_must_belong_to_the_tenant_its_role_needs(app) -> None:
    from igu_admin.models import User

    db.session.add(User(email="x@example.dk", password_hash="x", role="employer"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_two_writers_of_the_same_agreement_cannot_overwrite_each_other(app) -> None:
    agreement = make_agreement(make_company())
    # A second writer changes the row behind this session's back.
    db.session.execute(text("UPDATE agreement SET lock_version = lock_version + 1, status = 'approved' "
                            "WHERE id = :id"), {"id": agreement.id})
    agreement.status = AgreementStatus.REJECTED
    with pytest.raises(StaleDataError):
        db.session.commit()
    db.session.rollback()
