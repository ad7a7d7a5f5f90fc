"""The municipality's decisions through the services: who may decide, the
reasons, the lock_version, the stamped PDF, the plan's own review, and that
a failed decision leaves nothing behind."""

from __future__ import annotations

import pytest
from babel.dates import format_date
from sqlalchemy import func, select

from igu_admin.core import audit, clock
from igu_admin.core.errors import ConflictError, NotFound, PermissionDenied
from igu_admin.extensions import db
from igu_admin.inputs.agreement import AgreementPatch, parse_changes
from igu_admin.inputs.errors import InputErrors
from igu_admin.models import (
    AgreementStatus,
    ApprovedPdf,
    AuditEvent,
    Decision,
    PlanStatus,
)
from igu_admin.services import agreements, documents
from igu_admin.services.review import decisions
from igu_admin.testing.reviews import Case, submitted_case, submitted_plan
from tests.pdf_text import pdf_text


@pytest.fixture
def case(app) -> Case:
    return submitted_case()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def events(case: Case, action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(
        AuditEvent.entity_type == "agreement", AuditEvent.entity_id == str(case.agreement.id),
        AuditEvent.action == action)))


def test_approval_records_the_decision_the_status_and_its_event(case: Case) -> None:
    agreement = case.agreement
    row = decisions.decide_agreement(case.caseworker, agreement, "approve", "",
                                     agreement.lock_version)
    assert agreement.status == AgreementStatus.APPROVED
    assert (row.subject, row.kind, row.text, row.author_id, row.role, row.version_number) == (
        "agreement", "approve", "", case.caseworker.id, "caseworker", 1)
    assert agreement.decided_by_id == case.caseworker.id and agreement.decided_at is not None
    [event] = events(case, "approve")
    assert event.before == {"status": "submitted"}
    assert event.after["status"] == "approved" and event.after["decision_id"] == row.id
    assert event.actor_id == case.caseworker.id and event.actor_role == "caseworker"


def test_the_approved_pdf_is_a_new_rendering_with_caseworker_municipality_and_day(
        case: Case) -> None:
    agreement = case.agreement
    submitted = documents.download_stored(agreement)
    decisions.decide_agreement(case.caseworker, agreement, "approve", "", agreement.lock_version)
    # The decision is quick: the stamped copy is rendered after it, on first need.
    assert db.session.scalar(select(func.count()).select_from(ApprovedPdf)) == 0
    stamped = documents.download_stored(agreement)
    assert (stamped.document, stamped.version) == ("approved", 1)
    assert stamped.content != submitted.content and stamped.filename.endswith("-godkendt.pdf")
    text = pdf_text(stamped.content)
    today = format_date(clock.today(), "long", locale="da_DK").replace(" ", "")
    for expected in ("KarenSagsbehandler", "KøbenhavnsKommunehargennemgåetoggodkendtaftalen",
                     today):
        assert expected in text, expected
    assert "KarenSagsbehandler" not in pdf_text(submitted.content)
    # The version as submitted stays as it was, and remains downloadable by number.
    assert documents.download_stored(agreement, 1).content == submitted.content
    stored = db.session.scalar(select(ApprovedPdf))
    assert stored is not None and stored.pdf_sha256 == stamped.sha256
    [stored_event] = events(case, "approved_pdf_stored")
    assert stored_event.after["pdf_sha256"] == stamped.sha256
    # Once made, it is kept: a second download renders nothing new.
    assert documents.download_stored(agreement).content == stamped.content
    assert db.session.scalar(select(func.count()).select_from(ApprovedPdf)) == 1


def test_the_scheduler_renders_pending_approved_copies_once(case: Case) -> None:
    from igu_admin.services.documents.approved_copies import render_pending

    agreement = case.agreement
    decisions.decide_agreement(case.caseworker, agreement, "approve", "", agreement.lock_version)
    assert render_pending() == 1
    assert render_pending() == 0
    stored = db.session.scalar(select(ApprovedPdf))
    assert stored is not None and "KarenSagsbehandler" in pdf_text(stored.pdf)


@pytest.mark.parametrize("decision", ["request_changes", "reject"])
@pytest.mark.parametrize("reason", ["", "   \n  "])
def test_request_changes_and_reject_need_a_reason_and_change_nothing_without(
        case: Case, decision: str, reason: str) -> None:
    agreement = case.agreement
    lock = agreement.lock_version
    with pytest.raises(InputErrors) as refused:
        decisions.decide_agreement(case.caseworker, agreement, decision, reason, lock)
    assert list(refused.value.errors) == ["reason"]
    db.session.expire_all()
    assert (agreement.status, agreement.lock_version) == ("submitted", lock)
    assert count(Decision) == 0 and events(case, decision) == []


@pytest.mark.parametrize(("decision", "status"), [("request_changes", "changes_requested"),
                                                  ("reject", "rejected")])
def test_with_a_reason_the_employer_is_told_why(case: Case, decision: str, status: str) -> None:
    agreement = case.agreement
    decisions.decide_agreement(case.caseworker, agreement, decision,
                               "  Løntrinnet passer ikke til overenskomsten.  ",
                               agreement.lock_version)
    assert agreement.status == status
    [row] = decisions.decisions_of(case.employer, agreement)
    assert (row.kind, row.text) == (decision, "Løntrinnet passer ikke til overenskomsten.")
    assert count(ApprovedPdf) == 0  # only an approval stamps


def test_an_unknown_decision_is_refused_at_its_field(case: Case) -> None:
    with pytest.raises(InputErrors) as refused:
        decisions.decide_agreement(case.caseworker, case.agreement, "withdraw", "x",
                                   case.agreement.lock_version)
    assert list(refused.value.errors) == ["decision"]


def test_only_a_caseworker_of_the_trainees_municipality_decides(case: Case) -> None:
    agreement = case.agreement
    lock = agreement.lock_version
    for employer in (case.employer, case.stranger):
        with pytest.raises(PermissionDenied):
            decisions.decide_agreement(employer, agreement, "approve", "", lock)
    with pytest.raises(PermissionDenied):
        decisions.decide_agreement(case.finance, agreement, "approve", "", lock)
    with pytest.raises(NotFound):
        decisions.decide_agreement(case.far_caseworker, agreement, "approve", "", lock)
    assert agreement.status == "submitted" and count(Decision) == 0


def test_a_stale_lock_version_and_a_decided_agreement_are_conflicts(case: Case) -> None:
    agreement = case.agreement
    lock = agreement.lock_version
    with pytest.raises(ConflictError) as stale:
        decisions.decide_agreement(case.caseworker, agreement, "approve", "", lock - 1)
    assert stale.value.code == "stale"
    decisions.decide_agreement(case.caseworker, agreement, "approve", "", lock)
    # The colleague read it before the approval: stale. Read again: decided already.
    with pytest.raises(ConflictError) as second:
        decisions.decide_agreement(case.colleague, agreement, "reject", "Nej", lock)
    assert second.value.code == "stale"
    with pytest.raises(ConflictError) as decided:
        decisions.decide_agreement(case.colleague, agreement, "reject", "Nej",
                                   agreement.lock_version)
    assert (decided.value.code, decided.value.status) == ("status", "approved")
    assert count(Decision) == 1


def test_an_approved_agreement_cannot_be_edited(case: Case) -> None:
    agreement = case.agreement
    decisions.decide_agreement(case.caseworker, agreement, "approve", "", agreement.lock_version)
    patch = AgreementPatch.model_validate({"job_title": "Konditor",
                                           "lock_version": agreement.lock_version})
    with pytest.raises(ConflictError) as refused:
        agreements.update_draft(case.employer, agreement, patch, agreement.lock_version)
    assert (refused.value.code, refused.value.status) == ("status", "approved")
    db.session.expire_all()
    assert agreement.job_title == "Bagermedhjælper"


def test_changes_requested_go_back_to_the_employer_who_resubmits_a_new_version(
        case: Case) -> None:
    agreement = case.agreement
    decisions.decide_agreement(case.caseworker, agreement, "request_changes",
                               "Skriv arbejdsopgaverne mere præcist.", agreement.lock_version)
    agreements.update_draft(case.employer, agreement,
                            parse_changes({"tasks": "Bagning af rugbrød og boller"}),
                            agreement.lock_version)
    version = agreements.submit(case.employer, agreement, agreement.lock_version)
    assert (version.number, agreement.status) == (2, "submitted")
    row = decisions.decide_agreement(case.caseworker, agreement, "approve", "",
                                     agreement.lock_version)
    assert row.version_number == 2
    assert documents.download_stored(agreement).version == 2


# --- a failed transaction leaves neither the change nor its event --------------

def test_a_failing_audit_write_leaves_neither_decision_status_stamp_nor_event(
        case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    agreement = case.agreement
    lock, events_before = agreement.lock_version, count(AuditEvent)
    written = audit.record

    def failing(actor, entity_type, entity_id, action, *args, **kwargs):
        if action == "approve":
            raise RuntimeError("the audit store failed")
        return written(actor, entity_type, entity_id, action, *args, **kwargs)

    monkeypatch.setattr(audit, "record", failing)
    with pytest.raises(RuntimeError):
        decisions.decide_agreement(case.caseworker, agreement, "approve", "", lock)
    db.session.expire_all()
    assert (agreement.status, agreement.lock_version) == ("submitted", lock)
    assert agreement.decided_at is None
    assert count(Decision) == count(ApprovedPdf) == 0
    assert count(AuditEvent) == events_before


def test_a_failure_after_the_event_was_flushed_takes_the_event_with_it(
        case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    """The status change and its event reach the database (flushed), then a
    later step of the same unit of work fails: all of it is rolled back."""
    agreement = case.agreement
    events_before = count(AuditEvent)
    real_change_status = decisions.change_status
    flushed: list[int] = []

    def change_then_fail(*args, **kwargs):
        real_change_status(*args, **kwargs)
        db.session.flush()
        flushed.append(len(events(case, "request_changes")))
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(decisions, "change_status", change_then_fail)
    with pytest.raises(RuntimeError):
        decisions.decide_agreement(case.caseworker, agreement, "request_changes", "Ret lønnen",
                                   agreement.lock_version)
    assert flushed == [1]  # the event was in the transaction
    db.session.expire_all()
    assert agreement.status == "submitted"
    assert count(Decision) == 0 and count(AuditEvent) == events_before


# --- the plan's own review --------------------------------------------------

def test_the_plan_is_approved_or_sent_back_with_its_own_lock_version(case: Case) -> None:
    agreement = case.agreement
    plan = submitted_plan(agreement)
    with pytest.raises(InputErrors) as no_reason:
        decisions.decide_plan(case.caseworker, agreement, "request_changes", "",
                              plan.lock_version)
    assert list(no_reason.value.errors) == ["reason"]
    with pytest.raises(ConflictError) as stale:
        decisions.decide_plan(case.caseworker, agreement, "approve", "", plan.lock_version + 1)
    assert stale.value.code == "stale"
    row = decisions.decide_plan(case.caseworker, agreement, "approve", "God plan",
                                plan.lock_version)
    assert plan.status == PlanStatus.APPROVED and plan.decided_at is not None
    assert (row.subject, row.kind, row.version_number) == ("plan", "approve", 1)
    assert agreement.status == "submitted"  # the agreement has its own review
    plan_events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.entity_type == "plan", AuditEvent.entity_id == str(plan.id))).all()
    assert [(e.action, e.before, e.after["status"]) for e in plan_events] == [
        ("approve", {"status": "submitted"}, "approved")]


def test_a_plan_is_not_rejected(case: Case) -> None:
    plan = submitted_plan(case.agreement)
    with pytest.raises(InputErrors) as refused:
        decisions.decide_plan(case.caseworker, case.agreement, "reject", "Nej",
                              plan.lock_version)
    assert list(refused.value.errors) == ["decision"]
    assert plan.status == "submitted"


def test_a_plan_never_submitted_allows_no_decision(case: Case) -> None:
    with pytest.raises(ConflictError) as refused:
        decisions.decide_plan(case.caseworker, case.agreement, "approve", "", 1)
    assert (refused.value.kind, refused.value.status) == ("plan", "draft")


def test_only_the_municipalitys_caseworker_decides_on_the_plan(case: Case) -> None:
    plan = submitted_plan(case.agreement)
    with pytest.raises(PermissionDenied):
        decisions.decide_plan(case.employer, case.agreement, "approve", "", plan.lock_version)
    with pytest.raises(NotFound):
        decisions.decide_plan(case.far_caseworker, case.agreement, "approve", "",
                              plan.lock_version)


def test_decisions_are_read_by_both_sides_only(case: Case) -> None:
    decisions.decide_agreement(case.caseworker, case.agreement, "approve", "Fint",
                               case.agreement.lock_version)
    assert [d.text for d in decisions.decisions_of(case.employer, case.agreement)] == ["Fint"]
    assert len(decisions.decisions_of(case.colleague, case.agreement)) == 1
    with pytest.raises(NotFound):
        decisions.decisions_of(case.stranger, case.agreement)
    with pytest.raises(NotFound):
        decisions.decisions_of(case.far_caseworker, case.agreement)
    with pytest.raises(PermissionDenied):
        decisions.decisions_of(case.finance, case.agreement)


# --- two caseworkers at once ---------------------------------------------------

def test_two_caseworkers_deciding_at_once_one_wins_the_other_is_told(
        case: Case, migrated_app, backend: str) -> None:
    """Two sessions read the same lock_version, then both decide. On
    PostgreSQL the second write waits for the first and is then refused;
    SQLite lets one writer in at a time, so it is left to the sequential test
    above."""
    if backend != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    import threading

    from igu_admin.models import Agreement, User

    barrier = threading.Barrier(2, timeout=30)
    outcomes: dict[str, str] = {}
    agreement_id = case.agreement.id

    def decide(user_id: int, decision: str) -> None:
        with migrated_app.app_context():
            try:
                agreement = db.session.get(Agreement, agreement_id)
                user = db.session.get(User, user_id)
                lock = agreement.lock_version
                barrier.wait()  # both have read the agreement as it stood
                decisions.decide_agreement(user, agreement, decision, "Begrundelse", lock)
                outcomes[decision] = "won"
            except ConflictError as refused:
                outcomes[decision] = refused.code
            finally:
                db.session.remove()

    threads = [threading.Thread(target=decide, args=(case.caseworker.id, "approve")),
               threading.Thread(target=decide, args=(case.colleague.id, "reject"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes.values()) == ["stale", "won"], outcomes
    winner = next(d for d, outcome in outcomes.items() if outcome == "won")
    db.session.expire_all()
    assert case.agreement.status == {"approve": "approved", "reject": "rejected"}[winner]
    assert [d.kind for d in db.session.scalars(select(Decision))] == [winner]
    loser = "reject" if winner == "approve" else "approve"
    assert events(case, winner) and not events(case, loser)
    # The approved copy is rendered after the decision, never by the loser.
    assert count(ApprovedPdf) == 0
