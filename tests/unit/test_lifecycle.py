"""The lifecycle table: every allowed change, and every change it refuses."""

from itertools import product

import pytest

from igu_admin.domain.lifecycle import (
    COUNTS_AS_IGU,
    STATUSES,
    TRANSITIONS,
    Action,
    AgreementStatus,
    AmendmentStatus,
    ClaimStatus,
    ExtensionStatus,
    PlanStatus,
    RecordKind,
    TransitionRefused,
    allowed_actions,
    claim_handler,
    counts_as_igu,
    transition,
)
from igu_admin.domain.roles import SYSTEM, Role

ACTORS = [*(r.value for r in Role), SYSTEM]
A, P, C, E = AgreementStatus, PlanStatus, ClaimStatus, ExtensionStatus
M = AmendmentStatus

# The table as the product is specified, written out independently of the
# module, so that a change to either is noticed.
EXPECTED = {
    (RecordKind.AGREEMENT, A.DRAFT, Action.SUBMIT): (A.SUBMITTED, {"employer"}),
    (RecordKind.AGREEMENT, A.CHANGES_REQUESTED, Action.SUBMIT): (A.SUBMITTED, {"employer"}),
    (RecordKind.AGREEMENT, A.DRAFT, Action.WITHDRAW): (A.WITHDRAWN, {"employer"}),
    (RecordKind.AGREEMENT, A.SUBMITTED, Action.WITHDRAW): (A.WITHDRAWN, {"employer"}),
    (RecordKind.AGREEMENT, A.CHANGES_REQUESTED, Action.WITHDRAW): (A.WITHDRAWN, {"employer"}),
    (RecordKind.AGREEMENT, A.SUBMITTED, Action.APPROVE): (A.APPROVED, {"caseworker"}),
    (RecordKind.AGREEMENT, A.SUBMITTED, Action.REQUEST_CHANGES):
        (A.CHANGES_REQUESTED, {"caseworker"}),
    (RecordKind.AGREEMENT, A.SUBMITTED, Action.REJECT): (A.REJECTED, {"caseworker"}),
    (RecordKind.AGREEMENT, A.APPROVED, Action.ACTIVATE): (A.ACTIVE, {"system"}),
    (RecordKind.AGREEMENT, A.ACTIVE, Action.COMPLETE): (A.COMPLETED, {"employer"}),
    # The employer or the jobcenter records an early end; the daily job makes
    # one recorded for a later date take effect.
    (RecordKind.AGREEMENT, A.APPROVED, Action.TERMINATE): (A.TERMINATED,
                                                           {"employer", "caseworker", "system"}),
    (RecordKind.AGREEMENT, A.ACTIVE, Action.TERMINATE): (A.TERMINATED,
                                                         {"employer", "caseworker", "system"}),
    (RecordKind.AGREEMENT, A.ACTIVE, Action.REQUEST_EXTENSION): (A.ACTIVE, {"employer"}),
    (RecordKind.EXTENSION, E.REQUESTED, Action.APPROVE): (E.APPROVED, {"caseworker"}),
    (RecordKind.EXTENSION, E.REQUESTED, Action.REFUSE): (E.REFUSED, {"caseworker"}),
    (RecordKind.EXTENSION, E.REQUESTED, Action.WITHDRAW): (E.WITHDRAWN, {"employer", "system"}),
    # A change to the terms (tillæg): proposed by either side while the
    # course is approved or active, decided by the municipality.
    (RecordKind.AGREEMENT, A.APPROVED, Action.PROPOSE_AMENDMENT):
        (A.APPROVED, {"employer", "caseworker"}),
    (RecordKind.AGREEMENT, A.ACTIVE, Action.PROPOSE_AMENDMENT):
        (A.ACTIVE, {"employer", "caseworker"}),
    (RecordKind.AMENDMENT, M.REQUESTED, Action.APPROVE): (M.APPROVED, {"caseworker"}),
    (RecordKind.AMENDMENT, M.REQUESTED, Action.REFUSE): (M.REFUSED, {"caseworker"}),
    (RecordKind.AMENDMENT, M.REQUESTED, Action.WITHDRAW):
        (M.WITHDRAWN, {"employer", "caseworker", "system"}),
    (RecordKind.PLAN, P.DRAFT, Action.SUBMIT): (P.SUBMITTED, {"employer"}),
    (RecordKind.PLAN, P.CHANGES_REQUESTED, Action.SUBMIT): (P.SUBMITTED, {"employer"}),
    (RecordKind.PLAN, P.SUBMITTED, Action.APPROVE): (P.APPROVED, {"caseworker"}),
    (RecordKind.PLAN, P.SUBMITTED, Action.REQUEST_CHANGES): (P.CHANGES_REQUESTED, {"caseworker"}),
    (RecordKind.PLAN, P.APPROVED, Action.REVISE): (P.DRAFT, {"employer"}),
    (RecordKind.CLAIM, C.SCHEDULED, Action.FALL_DUE): (C.DUE, {"system"}),
    (RecordKind.CLAIM, C.SCHEDULED, Action.CANCEL): (C.CANCELLED, {"system"}),
    (RecordKind.CLAIM, C.DUE, Action.CANCEL): (C.CANCELLED, {"system"}),
    (RecordKind.CLAIM, C.DUE, Action.RESCHEDULE): (C.SCHEDULED, {"system"}),
    # The employer handles the company's claims, the finance officer the
    # municipality's: the table allows both, the claim's beneficiary decides.
    (RecordKind.CLAIM, C.DUE, Action.PREPARE): (C.PREPARED, {"employer", "finance"}),
    (RecordKind.CLAIM, C.PREPARED, Action.REOPEN): (C.DUE, {"employer", "finance"}),
    (RecordKind.CLAIM, C.PREPARED, Action.SUBMIT): (C.SUBMITTED, {"employer", "finance"}),
    (RecordKind.CLAIM, C.SUBMITTED, Action.RECORD_PAYMENT): (C.PAID, {"employer", "finance"}),
    (RecordKind.CLAIM, C.SUBMITTED, Action.RECORD_REJECTION):
        (C.REJECTED, {"employer", "finance"}),
}

EVERY_CASE = [(kind, status.value, action, actor)
              for kind in RecordKind for status in STATUSES[kind]
              for action, actor in product(Action, ACTORS)]


def test_the_module_holds_exactly_the_expected_table() -> None:
    actual = {(t.kind, t.from_status, t.action): (t.to_status, set(t.roles))
              for t in TRANSITIONS}
    assert actual == {(k, s.value, a): (to.value, roles)
                      for (k, s, a), (to, roles) in EXPECTED.items()}


@pytest.mark.parametrize(("kind", "status", "action", "actor"), EVERY_CASE,
                         ids=lambda v: str(v))
def test_every_change_is_allowed_or_refused_as_the_table_says(kind, status, action,
                                                              actor) -> None:
    expected = EXPECTED.get((kind, status, action))
    if expected is not None and actor in expected[1]:
        assert transition(kind, status, action, actor) == expected[0].value
        assert action in allowed_actions(kind, status, actor)
        return
    with pytest.raises(TransitionRefused) as refused:
        transition(kind, status, action, actor)
    assert refused.value.reason == ("role" if expected is not None else "status")
    assert action not in allowed_actions(kind, status, actor)


def test_final_statuses_allow_nothing() -> None:
    finals = [(RecordKind.AGREEMENT, s) for s in (A.REJECTED, A.WITHDRAWN, A.COMPLETED,
                                                  A.TERMINATED)]
    finals += [(RecordKind.CLAIM, s) for s in (C.PAID, C.REJECTED, C.CANCELLED)]
    finals += [(RecordKind.EXTENSION, s) for s in (E.APPROVED, E.REFUSED, E.WITHDRAWN)]
    for kind, status in finals:
        assert all(allowed_actions(kind, status, actor) == () for actor in ACTORS)


def test_an_administrator_changes_no_status_by_hand() -> None:
    assert not any("admin" in t.roles for t in TRANSITIONS)


def test_the_company_handles_its_claims_and_the_municipality_its_own() -> None:
    assert claim_handler("company") is Role.EMPLOYER
    assert claim_handler("municipality") is Role.FINANCE
    assert claim_handler("someone else") is None
    handled = {t.action for t in TRANSITIONS if t.kind is RecordKind.CLAIM
               and {"employer", "finance"} <= t.roles}
    assert handled == {Action.PREPARE, Action.REOPEN, Action.SUBMIT, Action.RECORD_PAYMENT,
                       Action.RECORD_REJECTION}


@pytest.mark.parametrize("status", list(AgreementStatus))
def test_one_igu_per_person_counts_every_agreement_that_was_sent_and_not_taken_back(
        status: AgreementStatus) -> None:
    never_began = {A.DRAFT, A.WITHDRAWN, A.REJECTED}
    assert (status in COUNTS_AS_IGU) is (status not in never_began)
    assert counts_as_igu([A.DRAFT, status]) is (status not in never_began)


def test_only_an_active_course_can_be_extended_and_only_by_its_employer() -> None:
    asking = [(s, actor) for s in AgreementStatus for actor in ACTORS
              if Action.REQUEST_EXTENSION in allowed_actions(RecordKind.AGREEMENT, s, actor)]
    assert asking == [(A.ACTIVE, "employer")]


def test_only_the_daily_job_starts_a_course() -> None:
    starting = {actor for s in AgreementStatus for actor in ACTORS
                if Action.ACTIVATE in allowed_actions(RecordKind.AGREEMENT, s, actor)}
    assert starting == {"system"}
