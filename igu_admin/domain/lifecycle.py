"""The lifecycle of agreements, schooling plans, extensions and bonus claims, in one place.

Every status a record can have, and the one table of allowed changes:
(kind of record, from status, action) -> (to status, who may do it). The
services ask `transition()` before every change and refuse anything else.

The review steps (submit, approve, request changes, reject) are igu-admin's
own: the act lets company and trainee agree directly. The municipality's
review was added because its users asked for it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from igu_admin.domain.roles import SYSTEM, Role


class RecordKind(StrEnum):
    AGREEMENT = "agreement"
    PLAN = "plan"
    CLAIM = "claim"
    EXTENSION = "extension"
    AMENDMENT = "amendment"


class AgreementStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    ACTIVE = "active"
    COMPLETED = "completed"
    TERMINATED = "terminated"


class StartedBy(StrEnum):
    """Who started an agreement: its channel of origin."""

    EMPLOYER = "employer"
    MUNICIPALITY = "municipality"
    IMPORT = "import"


class PlanStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"


class ExtensionStatus(StrEnum):
    """An employer's request to extend an active course, decided by the
    trainee's municipality."""

    REQUESTED = "requested"
    APPROVED = "approved"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


class AmendmentStatus(StrEnum):
    """A change to an approved agreement (tillæg), proposed by the employer
    or the caseworker while the course runs, decided by the municipality."""

    REQUESTED = "requested"
    APPROVED = "approved"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


class ClaimStatus(StrEnum):
    SCHEDULED = "scheduled"
    DUE = "due"
    PREPARED = "prepared"
    SUBMITTED = "submitted"
    PAID = "paid"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


STATUSES: dict[RecordKind, type[StrEnum]] = {
    RecordKind.AGREEMENT: AgreementStatus,
    RecordKind.PLAN: PlanStatus,
    RecordKind.CLAIM: ClaimStatus,
    RecordKind.EXTENSION: ExtensionStatus,
    RecordKind.AMENDMENT: AmendmentStatus,
}


class Action(StrEnum):
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"
    REJECT = "reject"
    ACTIVATE = "activate"
    COMPLETE = "complete"
    TERMINATE = "terminate"
    REQUEST_EXTENSION = "request_extension"
    PROPOSE_AMENDMENT = "propose_amendment"
    REFUSE = "refuse"
    REVISE = "revise"
    FALL_DUE = "fall_due"
    RESCHEDULE = "reschedule"
    PREPARE = "prepare"
    REOPEN = "reopen"
    RECORD_PAYMENT = "record_payment"
    RECORD_REJECTION = "record_rejection"
    CANCEL = "cancel"


@dataclass(frozen=True)
class Transition:
    kind: RecordKind
    from_status: str
    action: Action
    to_status: str
    roles: frozenset[str]  # Role values, or SYSTEM


def _t(kind: RecordKind, from_status: StrEnum, action: Action, to_status: StrEnum,
       *roles: str) -> Transition:
    return Transition(kind, from_status.value, action, to_status.value,
                      frozenset(str(r) for r in roles))


_A, _P, _C, _E = RecordKind.AGREEMENT, RecordKind.PLAN, RecordKind.CLAIM, RecordKind.EXTENSION
_M, M = RecordKind.AMENDMENT, AmendmentStatus
A, P, C, E = AgreementStatus, PlanStatus, ClaimStatus, ExtensionStatus
EMPLOYER, CASEWORKER, FINANCE = Role.EMPLOYER, Role.CASEWORKER, Role.FINANCE

TRANSITIONS: tuple[Transition, ...] = (
    # The agreement: made by the employer, reviewed by the trainee's municipality.
    _t(_A, A.DRAFT, Action.SUBMIT, A.SUBMITTED, EMPLOYER),
    _t(_A, A.CHANGES_REQUESTED, Action.SUBMIT, A.SUBMITTED, EMPLOYER),
    _t(_A, A.DRAFT, Action.WITHDRAW, A.WITHDRAWN, EMPLOYER),
    _t(_A, A.SUBMITTED, Action.WITHDRAW, A.WITHDRAWN, EMPLOYER),
    _t(_A, A.CHANGES_REQUESTED, Action.WITHDRAW, A.WITHDRAWN, EMPLOYER),
    _t(_A, A.SUBMITTED, Action.APPROVE, A.APPROVED, CASEWORKER),
    _t(_A, A.SUBMITTED, Action.REQUEST_CHANGES, A.CHANGES_REQUESTED, CASEWORKER),
    _t(_A, A.SUBMITTED, Action.REJECT, A.REJECTED, CASEWORKER),
    # The course: starts on its start date (the daily job), ends completed or
    # early. The employer records an early end; so may the jobcenter, which
    # follows the course (a closed company may have no one left to do it).
    # A termination recorded for a later date takes effect through the daily
    # job, on that date: hence the system too.
    _t(_A, A.APPROVED, Action.ACTIVATE, A.ACTIVE, SYSTEM),
    _t(_A, A.ACTIVE, Action.COMPLETE, A.COMPLETED, EMPLOYER),
    _t(_A, A.APPROVED, Action.TERMINATE, A.TERMINATED, EMPLOYER, CASEWORKER, SYSTEM),
    _t(_A, A.ACTIVE, Action.TERMINATE, A.TERMINATED, EMPLOYER, CASEWORKER, SYSTEM),
    # Asking for an extension leaves the course as it is: the request is a
    # record of its own (below). Only an active course is extended.
    _t(_A, A.ACTIVE, Action.REQUEST_EXTENSION, A.ACTIVE, EMPLOYER),
    # An extension: requested by the employer, decided by the municipality.
    # The employer may take a request back; one still open when the course
    # ends lapses, withdrawn by the system as part of that change.
    _t(_E, E.REQUESTED, Action.APPROVE, E.APPROVED, CASEWORKER),
    _t(_E, E.REQUESTED, Action.REFUSE, E.REFUSED, CASEWORKER),
    _t(_E, E.REQUESTED, Action.WITHDRAW, E.WITHDRAWN, EMPLOYER, SYSTEM),
    # A change to the agreement's terms (tillæg): proposed by either side once
    # the municipality has approved the agreement and until the course ends;
    # the proposal is a record of its own (below) and leaves the agreement's
    # status as it is.
    _t(_A, A.APPROVED, Action.PROPOSE_AMENDMENT, A.APPROVED, EMPLOYER, CASEWORKER),
    _t(_A, A.ACTIVE, Action.PROPOSE_AMENDMENT, A.ACTIVE, EMPLOYER, CASEWORKER),
    # An amendment: decided by the municipality; taken back before that by
    # whoever proposed it (the service checks that it is the same side), or
    # by the system when the course ends first.
    _t(_M, M.REQUESTED, Action.APPROVE, M.APPROVED, CASEWORKER),
    _t(_M, M.REQUESTED, Action.REFUSE, M.REFUSED, CASEWORKER),
    _t(_M, M.REQUESTED, Action.WITHDRAW, M.WITHDRAWN, EMPLOYER, CASEWORKER, SYSTEM),
    # The schooling plan: its own review; an approved plan can be adjusted later.
    _t(_P, P.DRAFT, Action.SUBMIT, P.SUBMITTED, EMPLOYER),
    _t(_P, P.CHANGES_REQUESTED, Action.SUBMIT, P.SUBMITTED, EMPLOYER),
    _t(_P, P.SUBMITTED, Action.APPROVE, P.APPROVED, CASEWORKER),
    _t(_P, P.SUBMITTED, Action.REQUEST_CHANGES, P.CHANGES_REQUESTED, CASEWORKER),
    _t(_P, P.APPROVED, Action.REVISE, P.DRAFT, EMPLOYER),
    # Bonus claims: scheduled, moved and cancelled by the system (the daily job,
    # and the course's events: an extension recorded late moves a claim that
    # fell due back to scheduled). Prepared, sent and recorded by the side that
    # receives the money: the employer for the company's claims, the finance
    # officer for the municipality's (CLAIM_HANDLERS: the table names both
    # roles, the services check the claim's beneficiary).
    _t(_C, C.SCHEDULED, Action.FALL_DUE, C.DUE, SYSTEM),
    _t(_C, C.SCHEDULED, Action.CANCEL, C.CANCELLED, SYSTEM),
    _t(_C, C.DUE, Action.CANCEL, C.CANCELLED, SYSTEM),
    _t(_C, C.DUE, Action.RESCHEDULE, C.SCHEDULED, SYSTEM),
    _t(_C, C.DUE, Action.PREPARE, C.PREPARED, EMPLOYER, FINANCE),
    _t(_C, C.PREPARED, Action.REOPEN, C.DUE, EMPLOYER, FINANCE),
    _t(_C, C.PREPARED, Action.SUBMIT, C.SUBMITTED, EMPLOYER, FINANCE),
    _t(_C, C.SUBMITTED, Action.RECORD_PAYMENT, C.PAID, EMPLOYER, FINANCE),
    _t(_C, C.SUBMITTED, Action.RECORD_REJECTION, C.REJECTED, EMPLOYER, FINANCE),
)

# Who prepares, sends and records a claim, by its beneficiary: the company
# claims its bonus from SIRI itself; the municipality's finance officers
# handle the municipality's own claims (and only read the company claims).
CLAIM_HANDLERS: dict[str, Role] = {"company": Role.EMPLOYER, "municipality": Role.FINANCE}


def claim_handler(beneficiary: str) -> Role | None:
    """The role that prepares and records a claim for `beneficiary`."""
    return CLAIM_HANDLERS.get(beneficiary)

_TABLE: dict[tuple[RecordKind, str, Action], Transition] = {
    (t.kind, t.from_status, t.action): t for t in TRANSITIONS
}


class TransitionRefused(ValueError):
    """The action is not allowed from this status, or not for this role.

    `reason` is "status" (no such change from this status) or "role" (the
    change exists, but another role makes it).
    """

    def __init__(self, kind: RecordKind, from_status: str, action: str, role: str,
                 reason: str) -> None:
        super().__init__(f"{kind}: {action} from {from_status} by {role}: {reason}")
        self.kind, self.from_status, self.action, self.role = kind, from_status, action, role
        self.reason = reason


def transition(kind: RecordKind, from_status: str, action: Action, role: str) -> str:
    """The status after `action`, or TransitionRefused."""
    found = _TABLE.get((kind, from_status, action))
    if found is None:
        raise TransitionRefused(kind, from_status, action, role, "status")
    if role not in found.roles:
        raise TransitionRefused(kind, from_status, action, role, "role")
    return found.to_status


def allowed_actions(kind: RecordKind, from_status: str, role: str) -> tuple[Action, ...]:
    """What `role` may do with a record in `from_status` (for buttons and API hints)."""
    return tuple(t.action for t in TRANSITIONS
                 if t.kind is kind and t.from_status == from_status and role in t.roles)


@functools.cache  # asked for each value an answer's status is checked against
def status_values(kind: RecordKind) -> tuple[str, ...]:
    return tuple(s.value for s in STATUSES[kind])


# One IGU per person: an agreement in one of these statuses is the person's
# IGU. A terminated course counts: another employer continuing it continues
# the same IGU, it does not start a new one. Drafts, withdrawn and rejected
# agreements never began.
COUNTS_AS_IGU = frozenset({A.SUBMITTED, A.CHANGES_REQUESTED, A.APPROVED, A.ACTIVE, A.COMPLETED,
                           A.TERMINATED})


def counts_as_igu(statuses: Iterable[str]) -> bool:
    """Whether any of a person's agreements (by status) is their one IGU."""
    return any(status in COUNTS_AS_IGU for status in statuses)
# The agreement statuses in which the employer may still change it: until it
# leaves them, it is judged under the rules it would be submitted under now.
EDITABLE = (A.DRAFT.value, A.CHANGES_REQUESTED.value)
