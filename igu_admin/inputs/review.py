"""The inputs of the municipality's review and the employer's next steps, as
the API's bodies declare them (and the pages build the same mappings):
decisions, comments, assignment, the integration programme's start, and the
signing and registration dates.

Shapes are checked here; meaning (a reason required for a refusal, a date
against the course, a status that allows the action) by the services.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, field_validator

from igu_admin.domain.lifecycle import Action
from igu_admin.inputs.types import IsoDate, OneOf, Text, left_out, lock_version, refuse_null

# The longest reason or comment: a few paragraphs, not a document.
TEXT_LENGTH = 2000
AGREEMENT_DECISIONS = (Action.APPROVE.value, Action.REQUEST_CHANGES.value, Action.REJECT.value)
# The plan's review has no rejection: a plan is sent back for changes.
PLAN_DECISIONS = (Action.APPROVE.value, Action.REQUEST_CHANGES.value)
_LOCK = "The lock_version last read; a stale one answers 409."


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _no_null(cls, value: Any) -> Any:
        return refuse_null(value)


LockVersionField = Annotated[int, lock_version(_LOCK)]
OptionalLockVersion = Annotated[int | None, lock_version(
    f"{_LOCK} May be left out: the change is then made on the record as it is.")]
Reason = Annotated[str, Text(TEXT_LENGTH, multiline=True, description=(
    "Why: required to request changes or to reject (the employer sees it); optional with an "
    "approval."))]


class DecisionInput(_Input):
    """A caseworker's decision on the agreement, as last read."""

    decision: Annotated[str, OneOf(lambda: AGREEMENT_DECISIONS, "decision_unknown",
                                   "approve, request_changes or reject.")]
    reason: Reason = ""
    lock_version: LockVersionField


class PlanDecisionInput(_Input):
    """A caseworker's decision on the schooling plan, as last read (the plan's
    own lock_version)."""

    decision: Annotated[str, OneOf(lambda: PLAN_DECISIONS, "decision_unknown",
                                   "approve or request_changes (a plan is not rejected).")]
    reason: Reason = ""
    lock_version: LockVersionField


class CommentInput(_Input):
    text: Annotated[str, Text(TEXT_LENGTH, multiline=True, description=(
        "The message; not empty."))]


class AssignInput(_Input):
    """Take the case: no fields needed beyond an optional lock_version."""

    lock_version: OptionalLockVersion = left_out()


class ProgrammeStartInput(_Input):
    integration_programme_start: Annotated[date, IsoDate(
        "The first day of the trainee's integration programme; not after the course's start.")]
    lock_version: OptionalLockVersion = left_out()


class SignedInput(_Input):
    signed_on: Annotated[date, IsoDate(
        "The day both parties signed; on or before the course's first day.")]
    lock_version: OptionalLockVersion = left_out()


class RegisteredInput(_Input):
    registered_on: Annotated[date, IsoDate(
        "The day the agreement was registered in VITAS; not before the signing. A day after "
        "the registration deadline is accepted (the answer shows the deadline).")]
    lock_version: OptionalLockVersion = left_out()
