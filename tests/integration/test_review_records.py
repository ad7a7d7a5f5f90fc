"""What the case page and the next-steps page read: the differences between
two versions, the VITAS summary in the agreement's own order, the
registration deadline; and that the review's records are append-only."""

from __future__ import annotations

from datetime import date

import pytest
from flask_babel import force_locale
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from igu_admin.extensions import db
from igu_admin.inputs.agreement import parse_changes
from igu_admin.models import AgreementVersion, Comment, Decision
from igu_admin.models.base import RecordImmutable
from igu_admin.services import agreements
from igu_admin.services.documents import approved_copies
from igu_admin.services.review import comments, decisions, next_steps, vitas_summary
from igu_admin.services.review.version_diff import FieldChange, version_diff
from igu_admin.testing.agreements import START
from igu_admin.testing.reviews import Case, submitted_case
from igu_admin.wording import agreement_fields


@pytest.fixture
def case(app) -> Case:
    return submitted_case()


def resubmitted(case: Case, changes: dict) -> tuple[AgreementVersion, AgreementVersion]:
    agreement = case.agreement
    decisions.decide_agreement(case.caseworker, agreement, "request_changes", "Ret det",
                               agreement.lock_version)
    agreements.update_draft(case.employer, agreement, parse_changes(changes),
                            agreement.lock_version)
    newer = agreements.submit(case.employer, agreement, agreement.lock_version)
    older = db.session.scalar(db.select(AgreementVersion).where(
        AgreementVersion.agreement_id == agreement.id, AgreementVersion.number == 1))
    return older, newer


def test_the_diff_names_each_changed_field_in_the_agreements_order(case: Case) -> None:
    older, newer = resubmitted(case, {
        "wage": {"year1": "12500.00"}, "job_title": "Bager",
        "trainee": {"registered_since": "2024-03-01"}})
    with force_locale("en"):
        changes = version_diff(older, newer)
    assert [(c.path, c.label) for c in changes] == [
        ("trainee.registered_since", "First registered address in Denmark"),
        ("job_title", "Job title"), ("wage.year1", "Wage in year 1")]
    assert version_diff(newer, newer) == []


def test_the_diff_writes_money_and_dates_for_reading(case: Case) -> None:
    """Money with its currency and thousands ("12.132,00 kr."), dates as the
    pages write them, not the copy format of the VITAS summary."""
    older, newer = resubmitted(case, {
        "wage": {"year1": "12500.00"}, "job_title": "Bager",
        "trainee": {"registered_since": "2024-03-01"}})
    with force_locale("da"):
        changes = version_diff(older, newer)
    assert [(c.path, c.before, c.after) for c in changes] == [
        ("trainee.registered_since", "1. februar 2024", "1. marts 2024"),
        ("job_title", "Bagermedhjælper", "Bager"),
        ("wage.year1", "12.132,00\xa0kr.", "12.500,00\xa0kr."),
    ]


def test_a_different_person_shows_as_a_changed_cpr_number(case: Case) -> None:
    older, newer = resubmitted(case, {"trainee": {"cpr": "150595-1236"}})
    [change] = version_diff(older, newer)
    assert (change.path, change.before, change.after) == (
        "trainee.cpr", "150595-XXXX", "150595-XXXX")  # same birth date: masked alike
    [full] = version_diff(older, newer, full_cpr=True)
    assert (full.before, full.after) == ("150595-1234", "150595-1236")


def test_a_field_of_a_later_release_is_listed_by_its_key(case: Case) -> None:
    older = AgreementVersion(number=1, data={"job_title": "A", "new_field": 1})
    newer = AgreementVersion(number=2, data={"job_title": "A", "new_field": 2})
    with force_locale("en"):
        changes = version_diff(older, newer)
    assert changes == [FieldChange("new_field", "new_field", "1", "2")]


def test_the_vitas_summary_has_every_field_in_the_agreements_order(case: Case) -> None:
    with force_locale("en"):
        rows = vitas_summary.vitas_summary(case.agreement)
    assert [r.path for r in rows] == [f.path for f in agreement_fields.FIELDS]
    values = {r.path: r.value for r in rows}
    assert values["trainee.cpr"] == "150595-1234"
    assert values["end_date"] == date(START.year + 2, 3, 1).strftime("%d-%m-%Y")
    assert (values["trainee.previous_igu"], values["wage.basis"]) == ("No", "By the month")
    assert values["collective_agreement"] == "Retail (HK), apprentice wage"
    assert values["terms.other"] == ""
    label, value, path = rows[0]  # a NamedTuple: unpacks as (label, value, path)
    assert label == "Employer"
    assert (path, value) == ("company.name", "Ærø Bageri ApS")


def test_the_registration_deadline_shows_until_recorded(case: Case) -> None:
    assert next_steps.registration_deadline(case.agreement) == date(START.year, 4, 1)
    decisions.decide_agreement(case.caseworker, case.agreement, "approve", "",
                               case.agreement.lock_version)
    state = next_steps.registration(case.agreement)
    assert state.open and not state.late
    next_steps.record_signing(case.employer, case.agreement, START)
    result = next_steps.record_registration(case.employer, case.agreement, date(START.year, 4, 2))
    assert result.late and not result.open
    assert not next_steps.registration(case.agreement).open


# --- append-only ---------------------------------------------------------------

def test_decisions_and_comments_are_never_changed_through_the_app(case: Case) -> None:
    decisions.decide_agreement(case.caseworker, case.agreement, "request_changes", "Ret det",
                               case.agreement.lock_version)
    comments.add_comment(case.employer, case.agreement, "Det gør vi")
    for model in (Decision, Comment):
        row = db.session.scalar(db.select(model))
        row.text = "omskrevet"
        with pytest.raises(RecordImmutable):
            db.session.commit()
        db.session.rollback()
        db.session.delete(db.session.get(model, row.id))
        with pytest.raises(RecordImmutable):
            db.session.commit()
        db.session.rollback()


@pytest.mark.parametrize("table", ["decision", "comment", "approved_pdf", "signed_copy",
                                   "audit_event"])
def test_on_postgresql_the_database_refuses_changes_too(case: Case, backend: str,
                                                         table: str) -> None:
    if backend != "postgresql":
        pytest.skip("triggers are PostgreSQL's")
    decisions.decide_agreement(case.caseworker, case.agreement, "approve", "",
                               case.agreement.lock_version)
    approved_copies.render_pending()  # the stamped copy, as the scheduler makes it
    comments.add_comment(case.employer, case.agreement, "Tak")
    next_steps.attach_signed_copy(case.employer, case.agreement, "s.pdf", b"%PDF-1.7 test")
    assert db.session.execute(text(f"SELECT count(*) FROM {table}")).scalar() >= 1
    for statement in (f"UPDATE {table} SET id = id", f"DELETE FROM {table}"):
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
    assert db.session.execute(text(f"SELECT count(*) FROM {table}")).scalar() >= 1
