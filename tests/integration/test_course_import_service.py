"""Importing running and past courses (services/imports): each row becomes an
agreement with its history, a second import changes nothing, a changed row
is a conflict unless updating, and an invalid row stops everything."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from igu_admin.core.cpr_vault import vault
from igu_admin.core.errors import NotFound, PermissionDenied
from igu_admin.extensions import db
from igu_admin.inputs.course_import import RowError
from igu_admin.models import (
    Agreement,
    AgreementVersion,
    AuditEvent,
    BonusClaim,
    ClaimDaySum,
    Company,
    CourseExtension,
    CourseImport,
    Role,
    Trainee,
    User,
)
from igu_admin.services import documents, imports
from igu_admin.services.claims import day_sums
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.course_imports import course_row, read

TODAY = date(2026, 6, 15)


@pytest.fixture
def caseworker(app: Flask) -> User:
    return make_user(Role.CASEWORKER, municipality="101")


def run(actor: User | None, *rows: Any, errors: Any = (), **options: Any) -> imports.ImportReport:
    options.setdefault("channel", "web")
    return imports.import_courses(actor, "101", read(*rows, errors=errors), today=TODAY,
                                  **options)


def agreement(ref: str) -> Agreement:
    db.session.expire_all()
    found = db.session.scalar(select(Agreement).where(Agreement.external_ref == ref))
    assert found is not None
    return found


def claims(ref: str) -> dict[str, BonusClaim]:
    return {c.claim_type: c for c in db.session.scalars(
        select(BonusClaim).where(BonusClaim.agreement_id == agreement(ref).id))}


def count(model: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_an_imported_course_becomes_an_agreement_with_its_version_company_and_trainee(
        caseworker: User) -> None:
    row = course_row(1)
    report = run(caseworker, row)
    assert (report.rows, report.valid, report.created, report.updated, report.unchanged) == (
        1, 1, 1, 0, 0)
    found = agreement("REF-1")
    assert (found.status, found.started_by, found.started_by_municipality_code,
            found.municipality_code) == ("active", "import", "101", "101")
    assert (found.start_date, found.end_date, found.job_title) == (
        date(2025, 9, 1), date(2027, 8, 31), "Lagermedhjælper")
    assert found.submitted_at is not None  # the municipality's pages list it
    company = db.session.scalar(select(Company).where(Company.cvr == row.company_cvr))
    assert company is not None and company.municipality_code == "101"
    assert company.name == row.company_name and found.company_id == company.id
    trainee = db.session.get(Trainee, found.trainee_id)
    assert trainee is not None and trainee.cpr_hash == vault().lookup_hash(row.trainee_cpr)
    assert vault().decrypt(trainee.cpr_encrypted) == row.trainee_cpr
    assert row.trainee_cpr.encode() not in trainee.cpr_encrypted
    version = db.session.scalar(select(AgreementVersion).where(
        AgreementVersion.agreement_id == found.id))
    assert version is not None and version.number == 1 and version.pdf is None
    assert documents.imported_mark(version) == {"on": TODAY.isoformat(),
                                                "by": caseworker.name or caseworker.email}
    with pytest.raises(documents.NoPdf):
        documents.download_stored(found)


def test_every_change_of_an_import_is_audited_with_the_channel_import(caseworker: User) -> None:
    run(caseworker, course_row(1))
    events = list(db.session.scalars(select(AuditEvent).where(AuditEvent.entity_type != "user")))
    assert {e.entity_type for e in events} >= {"agreement", "agreement_version", "claim",
                                               "company"}
    assert {e.channel for e in events} == {"import"}
    assert all(e.actor_id == caseworker.id for e in events)
    line = db.session.scalar(select(CourseImport))
    assert line is not None and (line.channel, line.created, line.rows) == ("web", 1, 1)


def test_the_claims_follow_the_courses_history(caseworker: User) -> None:
    running = course_row(1, company_bonus_6m_paid_on=date(2026, 4, 2))
    unpaid = course_row(2)
    ended = course_row(3, status="terminated", start_date=date(2025, 1, 6),
                       end_date=date(2027, 1, 5), ended_on=date(2025, 5, 31),
                       termination_reason="dismissal", continued_by_cvr=None)
    completed = course_row(4, status="completed", start_date=date(2024, 3, 1),
                           end_date=date(2026, 2, 28), ended_on=date(2026, 2, 28),
                           integration_programme_start=date(2023, 6, 1))
    report = run(caseworker, running, unpaid, ended, completed)
    assert report.created == 4 and not report.errors
    paid = claims("REF-1")
    assert paid["company_bonus_6_months"].status == "paid"
    assert paid["company_bonus_6_months"].paid_on == date(2026, 4, 2)
    assert paid["company_bonus_6_months"].paid_amount == paid["company_bonus_6_months"].amount
    assert paid["company_bonus_completion"].status == "scheduled"
    assert claims("REF-2")["company_bonus_6_months"].status == "due"
    cancelled = claims("REF-3")
    assert {c.status for c in cancelled.values()} == {"cancelled"}
    assert {c.cancel_reason for c in cancelled.values()} == {"terminated"}
    assert agreement("REF-3").termination_date == date(2025, 5, 31)
    assert agreement("REF-4").termination_date is None  # completed, not ended early
    done = claims("REF-4")
    assert done["company_bonus_completion"].status == "due"
    assert done["company_bonus_completion"].due_date == date(2026, 3, 1)
    assert done["municipality_result_grant"].status == "due"
    # The day sums count the imported claims as the claims are.
    db.session.commit()
    assert sorted(day_sums.live_sums(db.session())) == sorted(
        (s.municipality_code, s.due_date, s.beneficiary, s.status, s.claim_type, s.claims,
         s.amount) for s in db.session.scalars(select(ClaimDaySum)) if s.claims)


def test_a_later_end_is_one_approved_extension_imported(caseworker: User) -> None:
    run(caseworker, course_row(1, start_date=date(2025, 1, 1), end_date=date(2027, 2, 28),
                               end_date_given=True))
    found = agreement("REF-1")
    extension = db.session.scalar(select(CourseExtension).where(
        CourseExtension.agreement_id == found.id))
    assert extension is not None
    assert (extension.reason, extension.status, extension.first_day, extension.last_day) == (
        "imported", "approved", date(2027, 1, 1), date(2027, 2, 28))
    assert found.end_date == date(2027, 2, 28)
    assert claims("REF-1")["company_bonus_completion"].due_date == date(2027, 3, 1)


def test_importing_the_same_file_again_changes_nothing(caseworker: User) -> None:
    rows = [course_row(1, company_bonus_6m_paid_on=date(2026, 4, 2)), course_row(2),
            course_row(4, status="completed", start_date=date(2024, 3, 1),
                       end_date=date(2026, 2, 28), ended_on=date(2026, 2, 28)),
            course_row(3, status="terminated", ended_on=date(2025, 12, 31),
                       termination_reason="resignation")]
    run(caseworker, *rows)
    events, claims_before = count(AuditEvent), count(BonusClaim)
    again = run(caseworker, *rows)
    assert (again.created, again.updated, again.unchanged, again.conflicts) == (0, 0, 4, [])
    assert count(AuditEvent) == events and count(BonusClaim) == claims_before
    assert count(Agreement) == 4 and count(CourseImport) == 2


def test_a_changed_row_is_a_conflict_and_not_applied(caseworker: User) -> None:
    run(caseworker, course_row(1), course_row(2))
    report = run(caseworker, course_row(1, job_title="Bagermedhjælper"), course_row(2))
    assert report.conflicts == [imports.Conflict(2, "REF-1")]
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    assert agreement("REF-1").job_title == "Lagermedhjælper"
    assert report.as_dict()["conflicts"] == [{"row": 2, "external_ref": "REF-1"}]


def test_with_update_only_what_the_row_changed_is_changed(caseworker: User) -> None:
    run(caseworker, course_row(1))
    lock = agreement("REF-1").lock_version
    report = run(caseworker, course_row(1, job_title="Bagermedhjælper",
                                        company_bonus_6m_paid_on=date(2026, 4, 2)), update=True)
    assert (report.updated, report.conflicts) == (1, [])
    found = agreement("REF-1")
    assert found.job_title == "Bagermedhjælper" and found.lock_version > lock
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "imported_update",
                                                       AuditEvent.entity_type == "agreement"))
    assert event is not None and event.channel == "import"
    assert event.before == {"job_title": "Lagermedhjælper", "company_bonus_6m_paid_on": None}
    assert event.after == {"job_title": "Bagermedhjælper",
                           "company_bonus_6m_paid_on": "2026-04-02"}
    assert claims("REF-1")["company_bonus_6_months"].status == "paid"
    assert run(caseworker, course_row(1, job_title="Bagermedhjælper",
                                      company_bonus_6m_paid_on=date(2026, 4, 2)),
               update=True).unchanged == 1


def test_an_update_that_ends_the_course_cancels_the_claims_it_never_reached(
        caseworker: User) -> None:
    run(caseworker, course_row(1))
    run(caseworker, course_row(1, status="terminated", ended_on=date(2025, 12, 31),
                               termination_reason="dismissal"), update=True)
    found = claims("REF-1")
    assert found["company_bonus_6_months"].status == "cancelled"
    assert found["company_bonus_completion"].status == "cancelled"
    assert agreement("REF-1").status == "terminated"


def test_nothing_is_written_while_any_row_is_invalid(caseworker: User) -> None:
    error = RowError(3, "start_date", "Enter a date.")
    events = count(AuditEvent)
    report = run(caseworker, course_row(1), errors=[error])
    assert report.errors == [error] and report.invalid
    assert (report.rows, report.valid, report.created) == (2, 1, 0)
    assert count(Agreement) == count(Company) == count(BonusClaim) == 0
    assert count(AuditEvent) == events
    line = db.session.scalar(select(CourseImport))
    assert line is not None and (line.errors, line.valid, line.created) == (1, 1, 0)


def test_a_dry_run_counts_what_it_would_do_and_writes_only_its_history(
        caseworker: User) -> None:
    run(caseworker, course_row(1), course_row(2))
    report = run(caseworker, course_row(1), course_row(2, job_title="Kok"), course_row(3),
                 dry_run=True, update=True)
    assert (report.created, report.updated, report.unchanged) == (1, 1, 1)
    assert count(Agreement) == 2 and agreement("REF-2").job_title == "Lagermedhjælper"
    line = db.session.scalars(select(CourseImport).order_by(CourseImport.id.desc())).first()
    assert line is not None and line.dry_run and line.update and line.created == 1


def test_the_service_finds_what_the_file_cannot_say(caseworker: User) -> None:
    report = run(caseworker, course_row(1),
                 course_row(3, completion_bonus_paid_on=date(2026, 1, 2)),
                 course_row(4, company_bonus_6m_paid_on=date(2026, 2, 1)),
                 course_row(5, result_grant_paid_on=date(2026, 4, 1)),
                 course_row(6, status="terminated", ended_on=date(2025, 12, 31),
                            termination_reason="dismissal",
                            company_bonus_6m_paid_on=date(2026, 4, 1)))
    assert [(e.row, e.field) for e in report.errors] == [
        (4, "completion_bonus_paid_on"), (5, "company_bonus_6m_paid_on"),
        (6, "result_grant_paid_on"), (7, "company_bonus_6m_paid_on")]
    assert count(Agreement) == 0


def test_a_known_company_is_used_as_it_is(caseworker: User) -> None:
    known = make_company("751", name="Kendt ApS", is_private=False)
    run(caseworker, course_row(1, company_cvr=known.cvr, company_name="Andet navn"))
    found = agreement("REF-1")
    assert found.company_id == known.id
    assert db.session.get(Company, known.id).name == "Kendt ApS"  # type: ignore[union-attr]
    assert "company_bonus_6_months" not in claims("REF-1")  # a public employer


def test_a_caseworker_imports_into_their_own_municipality_only(app: Flask) -> None:
    other = make_user(Role.CASEWORKER, municipality="751")
    with pytest.raises(NotFound):
        run(other, course_row(1))
    for role in (Role.EMPLOYER, Role.FINANCE):
        with pytest.raises(PermissionDenied):
            run(make_user(role), course_row(1))
    assert count(Agreement) == count(CourseImport) == 0
    admin = make_user(Role.ADMIN)
    assert run(admin, course_row(1)).created == 1
    with pytest.raises(NotFound):
        imports.import_courses(admin, "999", read(course_row(2)), channel="api", today=TODAY)


def test_the_same_reference_in_another_municipality_is_another_course(app: Flask) -> None:
    run(None, course_row(1), channel="cli")
    imports.import_courses(None, "751", read(course_row(1)), channel="cli", today=TODAY)
    assert count(Agreement) == 2


def test_no_cpr_number_in_the_report_or_the_audit(caseworker: User) -> None:
    row = course_row(1)
    report = run(caseworker, row, course_row(2, result_grant_paid_on=date(2026, 4, 1)))
    assert report.errors and row.trainee_cpr not in json.dumps(report.as_dict())
    run(caseworker, row)
    run(caseworker, course_row(1, trainee_cpr="0202921234"), update=True)
    for event in db.session.scalars(select(AuditEvent)):
        text = json.dumps([event.before, event.after])
        assert row.trainee_cpr not in text and "0202921234" not in text


def test_the_history_lists_the_municipalitys_imports_newest_first(caseworker: User) -> None:
    run(caseworker, course_row(1), filename="first.csv")
    run(caseworker, course_row(1), filename="second.csv", dry_run=True)
    imports.import_courses(None, "751", read(course_row(5)), channel="cli", today=TODAY)
    assert [i.filename for i in imports.history(caseworker, "101")] == ["second.csv",
                                                                       "first.csv"]
    with pytest.raises(NotFound):
        imports.history(caseworker, "751")


def test_an_update_may_name_a_person_a_new_row_of_the_same_file_brings(caseworker: User
                                                                       ) -> None:
    run(caseworker, course_row(1))
    report = run(caseworker, course_row(1, trainee_cpr="0303931234"),
                 course_row(2, trainee_cpr="0303931234"), update=True)
    assert (report.created, report.updated) == (1, 1)
    assert agreement("REF-1").trainee_id == agreement("REF-2").trainee_id
