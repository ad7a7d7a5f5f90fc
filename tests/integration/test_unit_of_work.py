"""One transaction per use case: all of it is stored, or none of it."""

import ast
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from igu_admin.core.errors import ConflictError, ServiceError
from igu_admin.core.unit_of_work import unit_of_work
from igu_admin.extensions import db
from igu_admin.models import AuditEvent, Company
from igu_admin.services import accounts
from igu_admin.testing.accounts import make_company, valid_cvr
from igu_admin.testing.agreements import make_agreement

SERVICES = Path(__file__).parents[2] / "igu_admin" / "services"


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_two_use_cases_in_one_unit_are_rolled_back_together(app) -> None:
    companies, events = _count(Company), _count(AuditEvent)
    with pytest.raises(ServiceError), unit_of_work():
        accounts.create_company(None, accounts.NewCompany(valid_cvr(901), "Først ApS", "101"))
        # The second step fails: the first must not be stored either.
        accounts.create_company(None, accounts.NewCompany("12345678", "Anden ApS", "101"))
    db.session.expire_all()
    assert (_count(Company), _count(AuditEvent)) == (companies, events)


def test_a_use_case_alone_commits_its_change_and_its_audit_event(app) -> None:
    company = make_company()
    db.session.rollback()  # nothing pending survives a rollback: it was committed
    assert db.session.get(Company, company.id) is not None
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.entity_type == "company", AuditEvent.entity_id == str(company.id)))


def test_a_stale_optimistic_lock_becomes_a_conflict_and_changes_nothing(app) -> None:
    agreement = make_agreement(make_company())
    assert agreement.lock_version == 1  # read by this writer
    db.session.expunge(agreement)  # kept as read, while another writer goes ahead
    db.session.commit()
    with db.engine.begin() as other:
        other.execute(text("UPDATE agreement SET lock_version = lock_version + 1, "
                           "job_title = 'their edit' WHERE id = :id"), {"id": agreement.id})
    with pytest.raises(ConflictError) as conflict, unit_of_work():
        db.session.add(agreement)
        agreement.job_title = "my edit"
    assert conflict.value.field == "lock_version"
    db.session.expire_all()
    assert db.session.get(type(agreement), agreement.id).job_title == "their edit"


def test_no_service_commits_except_through_the_unit_of_work() -> None:
    offenders = []
    for path in SERVICES.glob("*.py"):
        if path.name == "unit_of_work.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr == "commit":
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


def test_audit_events_name_the_channel_the_change_came_through(app, client, auth) -> None:
    from igu_admin.models import Role
    from igu_admin.testing.accounts import make_user
    from tests.conftest import csrf_token

    direct = make_company()  # a service called directly, as the scheduler would: "system"
    auth.login(make_user(Role.ADMIN).email)
    client.post("/admin/companies/new", data={
        "csrf_token": csrf_token(client, "/admin/companies/new"), "cvr": valid_cvr(955),
        "name": "Kanal ApS", "municipality_code": "101", "employer_type": "private"})
    channels = dict(db.session.execute(
        select(Company.name, AuditEvent.channel).join(
            AuditEvent, AuditEvent.entity_id == func.cast(Company.id, db.String))
        .where(AuditEvent.entity_type == "company")).all())
    assert channels["Kanal ApS"] == "web"
    assert channels[direct.name] == "system"
