"""The public shape of a bonus schedule: the API's answer (and the CLI's
--json later). Declared once; the API document takes its schema from here."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from igu_admin.domain import milestones
from igu_admin.domain.rule_parts import BENEFICIARIES
from igu_admin.inputs.types import OneOf

_AMOUNT = Field(pattern=r"^[0-9]+\.[0-9]{2}$", description="DKK, two decimals: \"20000.00\".",
                examples=["20000.00"])


class Claim(BaseModel):
    """A claim that falls due."""

    model_config = ConfigDict(extra="forbid")

    type: str = Field(description="The claim type's code in the rule set.")
    beneficiary: Annotated[str, OneOf(lambda: BENEFICIARIES, "invalid")]
    amount: str = _AMOUNT
    due_date: date = Field(description="The day after the milestone is met.")
    deadline: date | None = Field(description="The last day to claim; null when there is "
                                               "none.")


class CancelledClaim(BaseModel):
    """A claim whose milestone the course did not reach."""

    model_config = ConfigDict(extra="forbid")

    type: str
    beneficiary: Annotated[str, OneOf(lambda: BENEFICIARIES, "invalid")]
    reason: Annotated[str, OneOf(lambda: milestones.CANCEL_REASONS, "invalid",
                                 "terminated: the course ended before the milestone.")]
    would_have_fallen_due: date


class BonusSchedule(BaseModel):
    """When the bonus claims of a course fall due."""

    model_config = ConfigDict(extra="forbid")

    end_date: date = Field(description="The course's last day, after extensions (the planned "
                                       "end, also when it ended early).")
    claims: list[Claim]
    cancelled: list[CancelledClaim] = Field(description="Always present; empty when none.")


def answer(schedule: milestones.Schedule) -> BonusSchedule:
    return BonusSchedule(
        end_date=schedule.end_date,
        claims=[Claim(type=c.claim_type, beneficiary=c.beneficiary, amount=f"{c.amount:.2f}",
                      due_date=c.due_date, deadline=c.deadline) for c in schedule.due],
        cancelled=[_cancelled(c) for c in schedule.cancelled])


def _cancelled(claim: milestones.ScheduledClaim) -> CancelledClaim:
    assert claim.cancelled is not None
    return CancelledClaim(type=claim.claim_type, beneficiary=claim.beneficiary,
                          reason=claim.cancelled, would_have_fallen_due=claim.due_date)
