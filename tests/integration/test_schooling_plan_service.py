"""The schooling-plan use cases, called directly (no HTTP): the empty draft,
saves with lock_version, the statuses that allow a change, tenancy, the
check against the agreement, submission on its own and with the agreement,
versions, audit events and the deadline."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from igu_admin.core import rules_in_force
from igu_admin.core.errors import (
    ConflictError,
    NotFound,
    PermissionDenied,
    SubmissionRefused,
)
from igu_admin.core.lifecycle import change_status
from igu_admin.core.plan_snapshot import snapshot
from igu_admin.core.unit_of_work import unit_of_work
from igu_admin.domain.lifecycle import Action, RecordKind
from igu_admin.extensions import db
from igu_admin.inputs.agreement import parse_changes
from igu_admin.inputs.plan import PlanValidation, parse_plan
from igu_admin.models import (
    Agreement,
    AgreementStatus,
    AuditEvent,
    PlanStatus,
    Role,
    SchoolingPlan,
    SchoolingPlanVersion,
)
from igu_admin.services import agreements
from igu_admin.services.plans import building as schooling_plans
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import START, complete_agreement
from igu_admin.testing.plans import weeks_plan


def required_weeks() -> int:
    selection = rules_in_force.catalogue().select(rules_in_force.default_mode(), START)
    return selection.ruleset.as_of(START).schooling.weeks


def plan(items: list[dict[str, Any]], passed: bool = False):
    return parse_plan({"items": items, "passed_danish_test": passed})


def valid_plan():
    return plan(weeks_plan(required_weeks()))


@pytest.fixture
def world(app):
    company = make_company(municipality="101")
    employer = make_user(Role.EMPLOYER, company=company)
    agreement = agreements.create_draft(employer, parse_changes(complete_agreement()))
    return {"employer": employer, "agreement": agreement,
            "caseworker": make_user(Role.CASEWORKER, municipality="101")}


def saved(world, plan_input=None, lock_version: int = 0) -> SchoolingPlan:
    return schooling_plans.save_plan(world["employer"], world["agreement"],
                                     plan_input or valid_plan(), lock_version)


def set_status(record, status: str) -> None:
    record.status = status
    db.session.commit()


def events(entity_type: str, action: str | None = None) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.entity_type == entity_type)
    if action is not None:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query.order_by(AuditEvent.id)))


def plan_count() -> int:
    return db.session.scalar(select(func.count()).select_from(SchoolingPlan)) or 0


class TestReading:
    def test_an_agreement_without_a_plan_answers_an_empty_draft_and_creates_nothing(
            self, world) -> None:
        found = schooling_plans.get_plan(world["employer"], world["agreement"])
        assert (found.status, found.lock_version, list(found.items)) == (PlanStatus.DRAFT, 0, [])
        assert found.agreement is world["agreement"]
        db.session.commit()
        assert plan_count() == 0
        result = schooling_plans.check(found)
        assert {"required_kind_missing", "weeks_short"} <= {e.code for e in result.errors}

    def test_the_caseworker_reads_the_plan_only_once_the_agreement_is_submitted(
            self, world) -> None:
        saved(world)
        with pytest.raises(NotFound):
            schooling_plans.get_plan(world["caseworker"], world["agreement"])
        agreements.submit(world["employer"], world["agreement"],
                          world["agreement"].lock_version)
        found = schooling_plans.get_plan(world["caseworker"], world["agreement"])
        assert len(found.items) == required_weeks()

    def test_others_read_nothing(self, world) -> None:
        saved(world)
        agreements.submit(world["employer"], world["agreement"],
                          world["agreement"].lock_version)
        with pytest.raises(NotFound):
            schooling_plans.get_plan(make_user(Role.EMPLOYER), world["agreement"])
        with pytest.raises(NotFound):
            schooling_plans.get_plan(make_user(Role.CASEWORKER, municipality="751"),
                                     world["agreement"])
        with pytest.raises(PermissionDenied):
            schooling_plans.get_plan(make_user(Role.FINANCE, municipality="101"),
                                     world["agreement"])


class TestSaving:
    def test_the_first_save_makes_the_plan_and_each_save_moves_its_lock_version(
            self, world) -> None:
        first = saved(world)
        assert (first.lock_version, first.status, len(first.items)) == (
            1, PlanStatus.DRAFT, required_weeks())
        assert [item.position for item in first.items] == list(range(required_weeks()))
        second = saved(world, plan(weeks_plan(2)), lock_version=1)
        assert second.id == first.id and second.lock_version == 2 and len(second.items) == 2
        # Only the items changed: the lock_version moves all the same.
        third = saved(world, plan(weeks_plan(2), passed=False), lock_version=2)
        assert third.lock_version == 3

    def test_a_stale_lock_version_changes_nothing(self, world) -> None:
        saved(world)
        saved(world, plan(weeks_plan(3)), lock_version=1)
        with pytest.raises(ConflictError) as refused:
            saved(world, plan(weeks_plan(1)), lock_version=1)
        assert refused.value.code == "stale"
        with pytest.raises(ConflictError):
            saved(world, plan(weeks_plan(1)), lock_version=0)  # "no plan yet": there is one
        db.session.expire_all()
        assert len(schooling_plans.find_plan(world["agreement"]).items) == 3

    def test_two_first_saves_at_once_make_one_plan_and_the_second_is_stale(
            self, world, monkeypatch) -> None:
        saved(world)
        # The second caller read before the first saved: it saw no plan.
        monkeypatch.setattr(schooling_plans, "find_plan", lambda agreement: None)
        with pytest.raises(ConflictError) as refused:
            saved(world, plan(weeks_plan(1)))
        assert refused.value.code == "stale"
        monkeypatch.undo()
        assert plan_count() == 1
        assert len(schooling_plans.find_plan(world["agreement"]).items) == required_weeks()

    def test_saves_are_audited_with_the_plans_shape_not_its_text(self, world) -> None:
        saved(world)
        saved(world, plan(weeks_plan(2)), lock_version=1)
        created, updated = events("plan", "created"), events("plan", "updated")
        assert len(created) == 1 and len(updated) == 1
        assert created[0].after["items"] == required_weeks() and created[0].before is None
        assert updated[0].before["items"] == required_weeks() and updated[0].after["items"] == 2
        assert "AMU-kursus" not in str(created[0].after)

    @pytest.mark.parametrize("status", [AgreementStatus.REJECTED, AgreementStatus.WITHDRAWN,
                                        AgreementStatus.COMPLETED, AgreementStatus.TERMINATED])
    def test_no_change_once_the_agreement_has_ended(
            self, world, status) -> None:
        saved(world)
        set_status(world["agreement"], status)
        with pytest.raises(ConflictError) as refused:
            saved(world, plan(weeks_plan(1)), lock_version=1)
        assert (refused.value.code, refused.value.kind) == ("status", "agreement")

    @pytest.mark.parametrize("status", [AgreementStatus.SUBMITTED,
                                        AgreementStatus.CHANGES_REQUESTED,
                                        AgreementStatus.APPROVED, AgreementStatus.ACTIVE])
    def test_the_plan_can_be_made_while_the_agreement_awaits_its_decision_and_adjusted_later(
            self, world, status) -> None:
        saved(world)
        set_status(world["agreement"], status)
        assert len(saved(world, plan(weeks_plan(1)), lock_version=1).items) == 1

    def test_saving_an_approved_plan_makes_it_a_draft_again(self, world) -> None:
        first = saved(world)
        set_status(world["agreement"], AgreementStatus.APPROVED)
        set_status(first, PlanStatus.APPROVED)
        again = saved(world, plan(weeks_plan(2)), lock_version=first.lock_version)
        assert again.status == PlanStatus.DRAFT
        revised = events("plan", Action.REVISE.value)
        assert revised[-1].before == {"status": "approved"}

    def test_no_change_while_the_plan_awaits_a_decision(self, world) -> None:
        first = saved(world)
        set_status(first, PlanStatus.SUBMITTED)
        with pytest.raises(ConflictError) as refused:
            saved(world, plan(weeks_plan(1)), lock_version=first.lock_version)
        assert (refused.value.code, refused.value.kind) == ("status", "plan")

    def test_only_the_agreements_employer_saves(self, world) -> None:
        with pytest.raises(NotFound):
            schooling_plans.save_plan(make_user(Role.EMPLOYER), world["agreement"],
                                      valid_plan(), 0)
        with pytest.raises(PermissionDenied):
            schooling_plans.save_plan(world["caseworker"], world["agreement"], valid_plan(), 0)
        assert plan_count() == 0


class TestChecking:
    def test_a_plan_is_held_against_its_agreements_period_and_hours(self, world) -> None:
        result = schooling_plans.check(saved(world))
        assert result.valid, result.errors
        assert result.counted_weeks == required_weeks()
        end = world["agreement"].end_date
        late = weeks_plan(required_weeks())
        late[-1].update(start=(end - timedelta(days=1)).isoformat(),
                        end=(end + timedelta(days=1)).isoformat())
        again = saved(world, plan(late), lock_version=1)
        outside = [e for e in schooling_plans.check(again).errors if e.code == "outside_period"]
        assert [e.item for e in outside] == [required_weeks() - 1]
        assert outside[0].params["period_end"] == end

    def test_an_amu_element_without_its_number_cannot_be_submitted(self, world) -> None:
        items = weeks_plan(required_weeks())
        items[0]["course_number"] = ""
        result = schooling_plans.check(saved(world, plan(items)))
        assert [(e.code, e.item) for e in result.errors] == [("course_number_missing", 0)]

    def test_without_a_start_date_the_period_cannot_be_judged(self, world) -> None:
        agreement = world["agreement"]
        agreement.start_date = None
        agreement.end_date = None
        db.session.commit()
        result = schooling_plans.check(saved(world))
        assert [e.code for e in result.errors] == ["period_unknown"]
        assert schooling_plans.deadline(agreement) is None

    def test_the_weekly_hours_of_the_agreement_judge_the_workplaces_share(self, world) -> None:
        world["agreement"].weekly_hours = Decimal("30.00")
        db.session.commit()
        # 30 hours a week less the school weeks leave under 25 hours on average.
        codes = {e.code for e in schooling_plans.check(saved(world)).errors}
        assert "workplace_share_low" in codes

    def test_the_public_check_takes_the_rule_set_asked_for(self, app) -> None:
        body = {"start_date": START.isoformat(), "items": weeks_plan(20), "ruleset": "igu-2024"}
        result = schooling_plans.validate(PlanValidation.model_validate(body))
        assert result.required_weeks == 23 and not result.valid
        result = schooling_plans.validate(PlanValidation.model_validate(
            {**body, "ruleset": "igu-2016"}))
        assert result.required_weeks == 20 and result.valid, result.errors


class TestSubmitting:
    def test_a_plan_waits_for_its_agreement_to_be_submitted(self, world) -> None:
        first = saved(world)
        with pytest.raises(ConflictError) as refused:
            schooling_plans.submit_plan(world["employer"], world["agreement"],
                                        first.lock_version)
        assert (refused.value.code, refused.value.kind) == ("status", "agreement")

    def test_a_plan_with_errors_is_refused_with_every_error_at_its_element(self, world) -> None:
        items = weeks_plan(required_weeks(), last_hours="30")
        items[0]["course_number"] = ""
        first = saved(world, plan(items))
        agreements.submit(world["employer"], world["agreement"],
                          world["agreement"].lock_version)
        with pytest.raises(SubmissionRefused) as refused:
            schooling_plans.submit_plan(world["employer"], world["agreement"],
                                        first.lock_version)
        assert set(refused.value.errors) == {"items", "items.0"}
        assert refused.value.errors["items.0"][0].startswith("Element 1 (AMU: AMU-kursus")
        db.session.expire_all()
        assert schooling_plans.find_plan(world["agreement"]).status == PlanStatus.DRAFT

    def test_nothing_saved_is_refused_as_an_empty_plan(self, world) -> None:
        agreements.submit(world["employer"], world["agreement"],
                          world["agreement"].lock_version)
        with pytest.raises(SubmissionRefused) as refused:
            schooling_plans.submit_plan(world["employer"], world["agreement"], 0)
        assert "items" in refused.value.errors
        assert plan_count() == 0

    def test_versions_1_and_2_hold_the_plan_as_sent(self, world) -> None:
        # Saved with an error, so it does not go with the agreement.
        items = weeks_plan(required_weeks())
        items[0]["course_number"] = ""
        first = saved(world, plan(items))
        agreements.submit(world["employer"], world["agreement"],
                          world["agreement"].lock_version)
        assert first.status == PlanStatus.DRAFT and first.versions == []
        # Approved, the agreement's plan can be mended and sent on its own.
        with unit_of_work():
            change_status(world["agreement"], RecordKind.AGREEMENT, Action.APPROVE,
                          world["caseworker"])
        fixed = saved(world, valid_plan(), lock_version=first.lock_version)
        one = schooling_plans.submit_plan(world["employer"], world["agreement"],
                                          fixed.lock_version)
        assert (one.number, fixed.status) == (1, PlanStatus.SUBMITTED)
        assert one.data == snapshot(fixed) and one.pdf is not None
        assert one.pdf_sha256 == hashlib.sha256(one.pdf).hexdigest()
        assert one.data["items"][0]["course_number"] == "42994"
        # The municipality sends it back; the employer changes it and sends it again.
        with unit_of_work():
            change_status(fixed, RecordKind.PLAN, Action.REQUEST_CHANGES, world["caseworker"])
        changed = saved(world, plan(weeks_plan(required_weeks() + 1)),
                        lock_version=fixed.lock_version)
        two = schooling_plans.submit_plan(world["employer"], world["agreement"],
                                          changed.lock_version)
        assert two.number == 2 and len(two.data["items"]) == required_weeks() + 1
        assert len(one.data["items"]) == required_weeks()
        numbers = [e.after["number"] for e in events("plan_version", "created")]
        assert numbers == [1, 2]
        assert len(events("plan", Action.SUBMIT.value)) == 2

    def test_a_submitted_plan_cannot_be_submitted_again(self, world) -> None:
        first = saved(world)
        agreements.submit(world["employer"], world["agreement"],
                          world["agreement"].lock_version)
        assert first.status == PlanStatus.SUBMITTED
        with pytest.raises(ConflictError) as refused:
            schooling_plans.submit_plan(world["employer"], world["agreement"],
                                        first.lock_version)
        assert (refused.value.kind, refused.value.status) == ("plan", "submitted")

    def test_a_stale_lock_version_is_refused_before_anything_else(self, world) -> None:
        saved(world)
        with pytest.raises(ConflictError) as refused:
            schooling_plans.submit_plan(world["employer"], world["agreement"], 7)
        assert refused.value.code == "stale"


class TestWithTheAgreement:
    def test_a_ready_plan_goes_with_the_agreement_in_the_same_transaction(self, world) -> None:
        first = saved(world)
        agreements.submit(world["employer"], world["agreement"], world["agreement"].lock_version)
        db.session.expire_all()
        found = schooling_plans.find_plan(world["agreement"])
        assert (found.status, [v.number for v in found.versions]) == (PlanStatus.SUBMITTED, [1])
        assert found.versions[0].data["ruleset"] == world["agreement"].ruleset_code
        assert first.id == found.id

    def test_a_plan_with_errors_stays_a_draft_and_the_agreement_is_submitted(
            self, world) -> None:
        saved(world, plan(weeks_plan(2)))
        agreements.submit(world["employer"], world["agreement"],
                          world["agreement"].lock_version)
        db.session.expire_all()
        assert world["agreement"].status == AgreementStatus.SUBMITTED
        found = schooling_plans.find_plan(world["agreement"])
        assert (found.status, found.versions) == (PlanStatus.DRAFT, [])

    def test_a_refused_agreement_takes_its_plan_with_it_into_the_rollback(self, world) -> None:
        saved(world)
        world["agreement"].job_title = ""
        db.session.commit()
        with pytest.raises(SubmissionRefused):
            agreements.submit(world["employer"], world["agreement"],
                              world["agreement"].lock_version)
        db.session.expire_all()
        assert schooling_plans.find_plan(world["agreement"]).status == PlanStatus.DRAFT
        assert db.session.scalar(select(func.count()).select_from(SchoolingPlanVersion)) == 0

    def test_the_plans_version_is_rolled_back_when_the_agreements_submission_fails(
            self, world, monkeypatch) -> None:
        saved(world)

        def fail(*args: object) -> None:
            raise RuntimeError("after the plan")

        monkeypatch.setattr(schooling_plans, "_submit", _then(schooling_plans._submit, fail))
        with pytest.raises(RuntimeError):
            agreements.submit(world["employer"], world["agreement"],
                              world["agreement"].lock_version)
        db.session.expire_all()
        assert world["agreement"].status == AgreementStatus.DRAFT
        assert schooling_plans.find_plan(world["agreement"]).status == PlanStatus.DRAFT
        assert db.session.scalar(select(func.count()).select_from(SchoolingPlanVersion)) == 0


def _then(first, second):
    def both(*args: object) -> object:
        result = first(*args)
        second(*args)
        return result

    return both


class TestDeadline:
    def test_the_plan_is_due_at_the_end_of_the_first_month_of_employment(self, world) -> None:
        assert schooling_plans.deadline(world["agreement"]) == date(START.year, 4, 1)

    def test_the_deadline_stays_open_until_the_plan_is_first_submitted(self, world) -> None:
        agreement = world["agreement"]
        other = agreements.create_draft(world["employer"], parse_changes(complete_agreement(
            start_date=date(START.year, 1, 31).isoformat())))
        assert schooling_plans.open_deadlines([agreement, other]) == {
            agreement.id: date(START.year, 4, 1),
            other.id: date(START.year, 2, 28 if START.year % 4 else 29) - timedelta(days=1)}
        saved(world)
        agreements.submit(world["employer"], agreement, agreement.lock_version)
        assert schooling_plans.open_deadlines([agreement, other]) == {
            other.id: date(START.year, 2, 28 if START.year % 4 else 29) - timedelta(days=1)}
        set_status(other, AgreementStatus.WITHDRAWN)
        assert schooling_plans.open_deadlines([agreement, other]) == {}


def test_an_agreement_row_is_never_changed_by_reading_its_plan(world) -> None:
    before = world["agreement"].lock_version
    schooling_plans.get_plan(world["employer"], world["agreement"])
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Agreement, world["agreement"].id).lock_version == before
