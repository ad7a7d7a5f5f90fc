"""The agreement use cases, called directly (no HTTP): drafts, the rules,
lock_version, the trainee as typed, linking at submission, versions."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from igu_admin.core import clock
from igu_admin.core.errors import (
    ConflictError,
    NotFound,
    PermissionDenied,
    SubmissionRefused,
)
from igu_admin.extensions import db
from igu_admin.inputs.agreement import parse_changes
from igu_admin.inputs.errors import InputErrors
from igu_admin.models import Agreement, AgreementStatus, AgreementVersion, AuditEvent, Role, Trainee
from igu_admin.models.base import RecordImmutable
from igu_admin.services import agreements
from igu_admin.services.agreements import trainees
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.wage_rates import CURRENT_CODE, WAGE_TABLE_KEY, with_current_rate

CPR = "150595-1234"
START = date(date.today().year + 1, 3, 2)


def complete(**overrides: Any) -> dict[str, Any]:
    """Everything submission needs, as the API takes it; `overrides` replace
    top-level fields, and `trainee__x` one of the trainee's."""
    values: dict[str, Any] = {
        "contact_person": "Bente Bager",
        "trainee": {"name": "Amal Test", "cpr": CPR, "address": "Søndergade 12\n2100 København Ø",
                    "municipality_code": "101", "target_group": "refugee",
                    "residence_permit": {"kind": "Udlændingelovens § 7, stk. 1",
                                         "date": "2024-01-10"},
                    "registered_since": "2024-02-01", "previous_igu": False,
                    "recent_ordinary_employment": False},
        "start_date": START.isoformat(), "workplace_address": "Bagergade 1", "job_title": "Bager",
        "tasks": "Bagning", "weekly_hours": "37.00", "collective_agreement": "other",
        "wage": {"basis": "monthly", "year1": "12132.00", "year2": "13429.00"},
    }
    for key, value in overrides.items():
        if key.startswith("trainee__"):
            values["trainee"][key.removeprefix("trainee__")] = value
        else:
            values[key] = value
    return values


def draft_of(employer, **overrides: Any) -> Agreement:
    return agreements.create_draft(employer, parse_changes(complete(**overrides)))


@pytest.fixture
def employer(app):
    return make_user(Role.EMPLOYER)


def test_a_new_draft_holds_its_company_the_account_defaults_and_nothing_typed(app) -> None:
    company = make_company()
    company.address, company.postal_code, company.city = "Bagergade 1", "1000", "København K"
    employer = make_user(Role.EMPLOYER, company=company)
    employer.name = "Bente Bager"
    draft = agreements.create_draft(employer, parse_changes({}), step="company")
    assert (draft.status, draft.company_id, draft.created_by_id) == (
        AgreementStatus.DRAFT, company.id, employer.id)
    assert (draft.trainee_id, draft.trainee_cpr_hash, draft.start_date) == (None, None, None)
    assert draft.contact_person == "Bente Bager"
    assert draft.workplace_address == "Bagergade 1, 1000 København K"
    assert draft.terms_holiday and draft.terms_notice and draft.step_reached == "company"
    assert "trainee.cpr" in agreements.missing_fields(draft)
    assert "contact_person" not in agreements.missing_fields(draft)


def test_default_terms_are_danish_whatever_the_callers_language(employer) -> None:
    with force_locale("en"):
        draft = agreements.create_draft(employer, parse_changes({}))
    assert draft.terms_notice == "Efter overenskomsten."


def test_only_an_employer_with_a_company_makes_drafts(app) -> None:
    with pytest.raises(PermissionDenied):
        agreements.create_draft(make_user(Role.CASEWORKER), parse_changes({}))


def test_the_trainee_as_typed_stays_on_the_agreement_until_submission(employer) -> None:
    draft = draft_of(employer)
    assert draft.trainee_id is None
    assert db.session.scalar(select(func.count()).select_from(Trainee)) == 0
    assert draft.trainee_name == "Amal Test"
    assert CPR.replace("-", "").encode() not in draft.trainee_cpr_encrypted
    assert agreements.agreement_cpr(draft, full=True) == CPR
    assert agreements.agreement_cpr(draft, full=False) == "150595-XXXX"


def test_two_companies_typing_the_same_person_never_see_or_change_each_others_data(app) -> None:
    first, second = make_user(Role.EMPLOYER), make_user(Role.EMPLOYER)
    theirs = draft_of(first, trainee__name="Amal A", trainee__email="a@example.dk")
    agreements.submit(first, theirs, theirs.lock_version)
    record = theirs.trainee
    assert record is not None and record.full_name == "Amal A"
    mine = draft_of(second, trainee__name="Amal B", trainee__address="Nyvej 2",
                    trainee__email="b@example.dk")
    # The draft shows what this company typed, nothing from the other.
    values = agreements.draft_values(mine)
    assert (values["trainee"]["name"], values["trainee"]["email"]) == ("Amal B", "b@example.dk")
    mine = agreements.update_draft(second, mine, parse_changes({"trainee": {"name": "Amal C"}}),
                                   mine.lock_version)
    db.session.refresh(record)
    assert (record.full_name, record.email, record.address) == ("Amal A", "", "")
    assert theirs.trainee_name == "Amal A"


def test_submission_links_the_trainee_record_by_the_cpr_hash_or_makes_it(app) -> None:
    first, second = make_user(Role.EMPLOYER), make_user(Role.EMPLOYER)
    one = draft_of(first)
    agreements.submit(first, one, one.lock_version)
    assert one.trainee is not None
    assert one.trainee.cpr_hash == one.trainee_cpr_hash
    assert trainees.plain_cpr(one.trainee) == CPR.replace("-", "")
    assert one.trainee.birth_date == date(1995, 5, 15)
    # The same person elsewhere (the first IGU is only known to the municipality).
    other = draft_of(second, trainee__name="Amal Andersen")
    agreements.submit(second, other, other.lock_version)
    assert other.trainee_id == one.trainee_id
    assert db.session.scalar(select(func.count()).select_from(Trainee)) == 1


def test_update_changes_only_what_is_given_and_keeps_the_furthest_step(employer) -> None:
    draft = agreements.create_draft(employer, parse_changes({"job_title": "Bager"}),
                                    step="trainee")
    draft = agreements.update_draft(employer, draft, parse_changes(
        {"trainee": {"residence_permit": {"kind": "§ 7"}}, "tasks": "Bagning"}),
        draft.lock_version, step="company")
    assert (draft.job_title, draft.tasks, draft.residence_permit_kind) == ("Bager", "Bagning", "§ 7")
    assert draft.step_reached == "trainee"
    draft = agreements.update_draft(employer, draft, parse_changes({}), draft.lock_version,
                                    step="wage")
    assert draft.step_reached == "wage"
    with pytest.raises(ValueError, match="unknown step"):
        agreements.update_draft(employer, draft, parse_changes({}), draft.lock_version,
                                step="elsewhere")


def test_an_empty_string_clears_text_and_a_new_list_replaces_the_periods_abroad(employer) -> None:
    draft = draft_of(employer, trainee__absences=[{"from": "2024-06-01", "to": "2024-06-30"}])
    assert draft.absences == [{"from": "2024-06-01", "to": "2024-06-30"}]
    draft = agreements.update_draft(employer, draft, parse_changes(
        {"tasks": "", "trainee": {"absences": []}}), draft.lock_version)
    assert (draft.tasks, draft.absences) == ("", [])
    assert "tasks" in agreements.missing_fields(draft)


def test_the_end_date_follows_from_the_rule_set_and_is_never_typed(employer) -> None:
    draft = draft_of(employer)
    review = agreements.review(draft)
    months = review.ruleset.course.duration_months
    assert months == 24
    assert draft.end_date == review.end_date == date(START.year + 2, 3, 1)
    with pytest.raises(InputErrors) as refused:
        parse_changes({"end_date": "2030-01-01"})
    assert list(refused.value.errors) == ["end_date"]


def test_a_stale_lock_version_is_refused_and_nothing_is_saved(employer) -> None:
    draft = draft_of(employer)
    seen = draft.lock_version
    agreements.update_draft(employer, draft, parse_changes({"job_title": "Konditor"}), seen)
    with pytest.raises(ConflictError) as conflict:
        agreements.update_draft(employer, draft, parse_changes({"job_title": "Smed"}), seen)
    assert (conflict.value.code, conflict.value.field) == ("stale", "lock_version")
    db.session.refresh(draft)
    assert draft.job_title == "Konditor"
    with pytest.raises(ConflictError):
        agreements.submit(employer, draft, seen)
    assert draft.status == AgreementStatus.DRAFT


def test_a_submitted_agreement_cannot_be_edited(employer) -> None:
    draft = draft_of(employer)
    agreements.submit(employer, draft, draft.lock_version)
    with pytest.raises(ConflictError) as conflict:
        agreements.update_draft(employer, draft, parse_changes({"job_title": "Smed"}),
                                draft.lock_version)
    assert (conflict.value.code, conflict.value.status) == ("status", "submitted")


def test_another_companys_agreement_is_not_found(employer) -> None:
    draft = draft_of(employer)
    stranger = make_user(Role.EMPLOYER)
    with pytest.raises(NotFound):
        agreements.update_draft(stranger, draft, parse_changes({}), draft.lock_version)
    with pytest.raises(NotFound):
        agreements.submit(stranger, draft, draft.lock_version)


# Meaning errors refused at once at their field, nothing saved.
@pytest.mark.parametrize(("changes", "path"), [
    ({"start_date": (date.today() - timedelta(days=2)).isoformat()}, "start_date"),
    ({"weekly_hours": "24.99"}, "weekly_hours"),
    ({"weekly_hours": "37.01"}, "weekly_hours"),
    ({"weekly_hours": "-5"}, "weekly_hours"),
    ({"wage": {"year1": "-1.00"}}, "wage.year1"),
    ({"wage": {"year2": "0"}}, "wage.year2"),
    ({"wage": {"year1": "121321.00"}}, "wage.year1"),
    ({"trainee": {"registered_since": "1990-01-01"}}, "trainee.registered_since"),
    ({"trainee": {"registered_since": (START + timedelta(days=1)).isoformat()}},
     "trainee.registered_since"),
    ({"trainee": {"residence_permit": {"date": (START + timedelta(days=1)).isoformat()}}},
     "trainee.residence_permit.date"),
    ({"trainee": {"cpr": "010130-4321"}}, "trainee.cpr"),  # born in 2030, after the start
    ({"start_date": "2024-01-01"}, "start_date"),
])
def test_a_change_that_breaks_a_rule_is_refused_at_its_field(employer, changes, path) -> None:
    draft = draft_of(employer)
    before = (draft.lock_version, agreements.draft_values(draft))
    with pytest.raises(InputErrors) as refused:
        agreements.update_draft(employer, draft, parse_changes(changes), draft.lock_version)
    assert list(refused.value.errors) == [path]
    db.session.expire_all()
    assert (draft.lock_version, agreements.draft_values(draft)) == before


def test_a_rule_broken_elsewhere_does_not_stop_saving_another_field(employer) -> None:
    draft = draft_of(employer)
    draft.start_date = date.today() - timedelta(days=1)  # saved before; today has passed it
    db.session.commit()
    draft = agreements.update_draft(employer, draft, parse_changes({"job_title": "Konditor"}),
                                    draft.lock_version)
    assert draft.job_title == "Konditor"
    assert list(agreements.review(draft).errors) == ["start_date"]


def test_hours_are_judged_against_the_rule_set_of_the_start_date(employer) -> None:
    draft = draft_of(employer)
    course = agreements.review(draft).ruleset.as_of(START).course
    low, high = course.min_average_workplace_hours, course.max_average_total_hours
    for hours in (low, high):
        draft = agreements.update_draft(employer, draft, parse_changes(
            {"weekly_hours": f"{hours}.00"}), draft.lock_version)
        assert draft.weekly_hours == Decimal(hours)


def test_choosing_an_agreement_from_the_table_fills_its_rates_unless_a_wage_is_given(
        app, employer, monkeypatch) -> None:
    table = with_current_rate(app.extensions[WAGE_TABLE_KEY], clock.today(), basis="monthly",
                              year1="14000.00", year2="15000.00")
    monkeypatch.setitem(app.extensions, WAGE_TABLE_KEY, table)
    draft = agreements.create_draft(employer, parse_changes({"collective_agreement": CURRENT_CODE}))
    assert (draft.wage_basis, draft.wage_rate_year1, draft.wage_rate_year2) == (
        "monthly", Decimal("14000.00"), Decimal("15000.00"))
    draft = agreements.update_draft(employer, draft, parse_changes(
        {"collective_agreement": "other"}), draft.lock_version)
    draft = agreements.update_draft(employer, draft, parse_changes(
        {"collective_agreement": CURRENT_CODE, "wage": {"year1": "14500.00"}}),
        draft.lock_version)
    assert (draft.wage_basis, draft.wage_rate_year1, draft.wage_rate_year2) == (
        "monthly", Decimal("14500.00"), Decimal("15000.00"))


@pytest.mark.parametrize("code", ["hk-detail", "di-industri"])
def test_a_rate_not_current_on_the_start_is_never_filled_in_and_the_review_asks_for_it(
        employer, code) -> None:
    draft = agreements.create_draft(employer, parse_changes({"collective_agreement": code}))
    assert not draft.wage_basis and (draft.wage_rate_year1, draft.wage_rate_year2) == (None, None)
    review = agreements.review(draft)
    assert "wage_rate_not_current" in [w.code for w in review.warnings]
    assert {"wage.year1", "wage.year2"} <= set(agreements.missing_fields(draft))
    with force_locale("da"):
        message = next(w.message for w in agreements.review(draft).warnings
                       if w.code == "wage_rate_not_current")
    assert "ingen gældende sats" in message and "Indtast den løn, I har aftalt" in message
    draft = agreements.update_draft(employer, draft, parse_changes(
        {"wage": {"basis": "monthly", "year1": "14000.00", "year2": "15000.00"}}),
        draft.lock_version)
    assert "wage_rate_not_current" not in [w.code for w in agreements.review(draft).warnings]


def test_a_manual_wage_below_the_table_is_a_warning_not_an_error(employer) -> None:
    draft = draft_of(employer, collective_agreement="di-industri",
                     wage={"basis": "hourly", "year1": "70.00", "year2": "82.25"})
    review = agreements.review(draft)
    assert [(w.code, w.path) for w in review.warnings] == [("wage_below_table", "wage.year1")]
    assert review.ready
    with force_locale("da"):
        message = agreements.review(draft).warnings[0].message
    assert "72,50" in message


def test_a_wage_over_ten_times_the_table_is_refused_and_the_factor_is_data(employer) -> None:
    draft = draft_of(employer, collective_agreement="di-industri",
                     wage={"basis": "hourly", "year1": "725.00", "year2": "82.25"})
    assert agreements.review(draft).errors == {}
    with pytest.raises(InputErrors) as refused:
        agreements.update_draft(employer, draft, parse_changes({"wage": {"year1": "725.01"}}),
                                draft.lock_version)
    assert list(refused.value.errors) == ["wage.year1"]


def test_with_another_agreement_the_limit_is_the_tables_highest_rate_of_the_basis(
        employer) -> None:
    # "other": no rate of its own, yet 10 x the highest monthly rate is still absurd.
    with pytest.raises(InputErrors) as refused:
        draft_of(employer, wage={"basis": "monthly", "year1": "12132.00", "year2": "134291.00"})
    assert list(refused.value.errors) == ["wage.year2"]


def test_submission_is_refused_with_every_reason_at_once(employer) -> None:
    draft = agreements.create_draft(employer, parse_changes({"job_title": "Bager"}))
    draft.start_date = date.today() - timedelta(days=1)
    db.session.commit()
    with pytest.raises(SubmissionRefused) as refused:
        agreements.submit(employer, draft, draft.lock_version)
    errors = refused.value.errors
    assert set(agreements.missing_fields(draft)) < set(errors)
    assert "start_date" in errors and "job_title" not in errors
    assert draft.status == AgreementStatus.DRAFT and draft.versions == []


def test_a_person_outside_the_target_group_blocks_submission_with_the_legal_basis(
        employer) -> None:
    draft = draft_of(employer, trainee__target_group="other")
    review = agreements.review(draft)
    assert review.assessment is not None and not review.assessment.eligible
    (message,) = review.errors["trainee.target_group"]
    assert review.assessment.criterion("target_group").legal_reference in message
    with pytest.raises(SubmissionRefused) as refused:
        agreements.submit(employer, draft, draft.lock_version)
    assert list(refused.value.errors) == ["trainee.target_group"]


def test_age_and_a_previous_igu_block_at_their_own_fields(employer) -> None:
    # Born 1 January 1960: far over the age limit on the start date.
    draft = draft_of(employer, trainee__cpr="010160-1234", trainee__previous_igu=True)
    errors = agreements.review(draft).errors
    assert {"trainee.cpr", "trainee.previous_igu"} <= set(errors)


def test_the_assessment_waits_for_the_facts(employer) -> None:
    draft = agreements.create_draft(employer, parse_changes({"trainee": {"cpr": CPR}}))
    assert agreements.review(draft).assessment is None


def test_submitting_makes_version_one_with_the_data_as_sent_and_audit_events(employer) -> None:
    draft = draft_of(employer)
    version = agreements.submit(employer, draft, lock_version=draft.lock_version)
    assert (draft.status, version.number) == (AgreementStatus.SUBMITTED, 1)
    # The act in force on the start date (next year): the default, by start date.
    assert draft.ruleset_code == version.data["ruleset"] == "igu-2024"
    assert version.data["start_date"] == START.isoformat()
    assert version.data["trainee_name"] == "Amal Test"
    assert CPR.replace("-", "") not in str(version.data) and CPR not in str(version.data)
    assert version.pdf is not None and version.pdf_sha256
    actions = set(db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.entity_type == "agreement", AuditEvent.entity_id == str(draft.id))))
    assert {"created", "submit"} <= actions


def test_changes_after_changes_requested_make_version_two(employer) -> None:
    draft = draft_of(employer)
    first = agreements.submit(employer, draft, draft.lock_version)
    draft.status = AgreementStatus.CHANGES_REQUESTED  # the review issue's caseworker action
    db.session.commit()
    draft = agreements.update_draft(employer, draft, parse_changes({"job_title": "Konditor"}),
                                    draft.lock_version)
    second = agreements.submit(employer, draft, draft.lock_version)
    assert (first.number, second.number) == (1, 2)
    assert (first.data["job_title"], second.data["job_title"]) == ("Bager", "Konditor")
    assert first.pdf != second.pdf


def test_the_lifecycle_table_refuses_a_second_submission_and_a_caseworkers_withdrawal(
        employer) -> None:
    draft = draft_of(employer)
    agreements.submit(employer, draft)
    with pytest.raises(ConflictError) as conflict:
        agreements.submit(employer, draft)
    assert conflict.value.field == "status"
    with pytest.raises(PermissionDenied):
        agreements.withdraw(make_user(Role.CASEWORKER), draft)
    with pytest.raises(ConflictError):
        agreements.withdraw(employer, draft, draft.lock_version + 1)
    agreements.withdraw(employer, draft, draft.lock_version)
    assert draft.status == AgreementStatus.WITHDRAWN


def test_the_receipt_names_the_version_the_municipality_and_what_happens_next(employer) -> None:
    draft = draft_of(employer)
    agreements.submit(employer, draft)
    receipt = agreements.receipt(draft)
    assert (receipt.agreement_id, receipt.version, receipt.municipality) == (
        draft.id, 1, "Københavns Kommune")
    assert receipt.submitted_at is not None


def test_draft_values_give_every_answer_in_the_shape_of_the_changes(employer) -> None:
    raw = complete(trainee__absences=[{"from": "2024-06-01", "to": "2024-06-30"}])
    draft = agreements.create_draft(employer, parse_changes(raw))
    values = agreements.draft_values(draft)
    expected = copy.deepcopy(raw)
    del expected["trainee"]["cpr"]
    expected["terms"] = {"holiday": draft.terms_holiday, "notice": draft.terms_notice,
                         "other": ""}
    expected["trainee"].update(email="", phone="")
    # Round trip: the values, written as the API writes them, parse to the same changes.
    assert parse_changes(_as_json(values)) == parse_changes(expected)


def _as_json(values: Any) -> Any:
    if isinstance(values, dict):
        return {k: _as_json(v) for k, v in values.items() if v is not None}
    if isinstance(values, list):
        return [_as_json(v) for v in values]
    if isinstance(values, date):
        return values.isoformat()
    if isinstance(values, Decimal):
        return f"{values:.2f}"
    return values


def test_a_submitted_version_is_never_changed(employer) -> None:
    draft = draft_of(employer)
    version = agreements.submit(employer, draft)
    version.data = {"forged": True}
    with pytest.raises(RecordImmutable):
        db.session.flush()
    db.session.rollback()


def test_the_database_refuses_an_unknown_status(employer) -> None:
    draft = agreements.create_draft(employer, parse_changes({}))
    with pytest.raises(IntegrityError):
        db.session.execute(text("UPDATE agreement SET status = 'signed' WHERE id = :id"),
                           {"id": draft.id})
    db.session.rollback()


def test_postgresql_refuses_raw_updates_and_deletes_of_audit_events_and_versions(
        employer, backend) -> None:
    if backend != "postgresql":
        pytest.skip("the append-only trigger is PostgreSQL's")
    draft = draft_of(employer)
    agreements.submit(employer, draft)
    for statement in ("UPDATE audit_event SET action = 'forged'", "DELETE FROM audit_event",
                      "UPDATE agreement_version SET data = '{}'", "DELETE FROM agreement_version"):
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
    assert db.session.scalar(select(AgreementVersion.number)) == 1


def test_an_employer_learns_only_of_igus_recorded_in_its_own_company(app) -> None:
    other_employer = make_user(Role.EMPLOYER)
    elsewhere = draft_of(other_employer)
    agreements.submit(other_employer, elsewhere)
    employer = make_user(Role.EMPLOYER)
    draft = draft_of(employer, start_date=(START + timedelta(days=90)).isoformat())
    # The employer's own view: nothing recorded in its company.
    assert agreements.assess(draft).criterion("previous_igu").passed is True
    # The municipality's review sees the IGU in the other company.
    assert agreements.assess(draft, everywhere=True).criterion("previous_igu").passed is False


def test_the_receipt_carries_the_2024_cap_notice_under_the_2024_rules(employer, app,
                                                                     monkeypatch) -> None:
    monkeypatch.setitem(app.config, "IGU_RULESET", "igu-2024")
    draft = draft_of(employer)
    agreements.submit(employer, draft)
    assert [n.code for n in agreements.receipt(draft).notices] == ["yearly_cap"]
    monkeypatch.setitem(app.config, "IGU_RULESET", "igu-2016")
    other = draft_of(employer, trainee__cpr="010190-1234")
    agreements.submit(employer, other)
    assert agreements.receipt(other).notices == []
