"""What an agreement's page shows of its amendments (tillæg): each one with
its old and new terms, the proposal form for the employer and the
caseworker while the agreement may be changed, the caseworker's
decision form for the one awaiting a decision, and the withdrawal for the
side that proposed it.

Pages include `shared/_amendments.html` with `amendment_panel`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from forms.amendment import AmendmentDecisionForm, AmendmentForm, AmendmentWithdrawalForm
from forms.course import CourseEventForm
from igu_admin.core.lifecycle import actor_role
from igu_admin.domain.amendments import AMENDABLE_PATHS
from igu_admin.domain.lifecycle import (
    Action,
    AgreementStatus,
    AmendmentStatus,
    RecordKind,
    allowed_actions,
)
from igu_admin.models import Agreement, AgreementAmendment, User
from igu_admin.services.agreements import amendments

PROPOSAL_PREFIX = "amendment"
_SHOWN = (AgreementStatus.APPROVED.value, AgreementStatus.ACTIVE.value,
          AgreementStatus.COMPLETED.value, AgreementStatus.TERMINATED.value)


@dataclass(frozen=True)
class ShownAmendment:
    amendment: AgreementAmendment
    terms: list[tuple[str, Any, Any]]  # (path, old, new)
    decision: AmendmentDecisionForm | None = None
    withdrawal: AmendmentWithdrawalForm | None = None


@dataclass
class AmendmentPanel:
    items: list[ShownAmendment] = field(default_factory=list)
    proposal: AmendmentForm | None = None

    def __bool__(self) -> bool:
        return bool(self.items or self.proposal)


def proposal_form(formdata: bool = True) -> AmendmentForm:
    if formdata:
        return AmendmentForm(prefix=PROPOSAL_PREFIX)
    return AmendmentForm(formdata=None, prefix=PROPOSAL_PREFIX)


def decision_form(number: int, formdata: bool = True) -> AmendmentDecisionForm:
    prefix = f"amendment-decision-{number}"
    if formdata:
        return AmendmentDecisionForm(prefix=prefix)
    return AmendmentDecisionForm(formdata=None, prefix=prefix)


def withdrawal_form(number: int, formdata: bool = True) -> AmendmentWithdrawalForm:
    prefix = f"amendment-withdrawal-{number}"
    if formdata:
        return AmendmentWithdrawalForm(prefix=prefix, number=number)
    return AmendmentWithdrawalForm(formdata=None, prefix=prefix, number=number)


def _withdrawal(amendment: AgreementAmendment, user: User,
                posted: CourseEventForm | None) -> AmendmentWithdrawalForm | None:
    # A refused withdrawal stays with its message even when the amendment
    # has been decided meanwhile; the template then leaves out the button.
    if isinstance(posted, AmendmentWithdrawalForm) and posted.number == amendment.number:
        return posted
    role = actor_role(user)
    if (amendment.status != AmendmentStatus.REQUESTED.value
            or str(user.role) != amendment.proposed_by_role
            or Action.WITHDRAW not in allowed_actions(
                RecordKind.AMENDMENT, AmendmentStatus.REQUESTED, role)):
        return None
    form = withdrawal_form(amendment.number, formdata=False)
    form.lock_version.data = str(amendment.lock_version)
    return form


def panel(agreement: Agreement, user: User, posted: CourseEventForm | None = None,
          posted_decision: tuple[int, AmendmentDecisionForm] | None = None) -> AmendmentPanel:
    """The amendments and the forms the reader may use now; a refused form
    (`posted`, `posted_decision`) is shown as posted."""
    if agreement.status not in _SHOWN:
        return AmendmentPanel()
    shown = AmendmentPanel()
    may_decide = Action.APPROVE in allowed_actions(
        RecordKind.AMENDMENT, AmendmentStatus.REQUESTED, actor_role(user))
    for amendment in amendments.amendments_of(agreement):
        terms = [(p, amendment.changes[p]["old"], amendment.changes[p]["new"])
                 for p in AMENDABLE_PATHS if p in amendment.changes]
        form: AmendmentDecisionForm | None = None
        if amendment.status == AmendmentStatus.REQUESTED.value:
            if posted_decision is not None and posted_decision[0] == amendment.number:
                form = posted_decision[1]
            elif may_decide:
                form = decision_form(amendment.number, formdata=False)
                form.lock_version.data = str(amendment.lock_version)
        shown.items.append(ShownAmendment(amendment, terms, form,
                                          _withdrawal(amendment, user, posted)))
    if isinstance(posted, AmendmentForm):
        shown.proposal = posted
    elif amendments.can_propose(agreement, user):
        shown.proposal = proposal_form(formdata=False)
        shown.proposal.lock_version.data = str(agreement.lock_version)
    return shown
