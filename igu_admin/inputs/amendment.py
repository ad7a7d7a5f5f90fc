"""A change to an approved agreement (tillæg) as input: the API's bodies
(and their OpenAPI schema) and what the pages build from their forms.
Shapes only, with the same declarations as a draft's fields (inputs/agreement);
the hours, wages and the day it takes effect are judged by the service."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from igu_admin.inputs.agreement import (
    ContactPerson,
    JobTitle,
    Tasks,
    WageChanges,
    WeeklyHours,
    WorkplaceAddress,
)
from igu_admin.inputs.course import DECISION_REASON_LENGTH, DECISIONS
from igu_admin.inputs.types import IsoDate, OneOf, StrictInput, Text, left_out, lock_version

AMENDMENT_REASON_LENGTH = 2000


class AmendmentChanges(StrictInput):
    """The terms to change; each left out stays as it is."""

    weekly_hours: WeeklyHours = left_out()
    wage: WageChanges | None = left_out()
    job_title: JobTitle = left_out()
    tasks: Tasks = left_out()
    workplace_address: WorkplaceAddress = left_out()
    contact_person: ContactPerson = left_out()


class AmendmentInput(StrictInput):
    """The employer or the caseworker proposes a change to an approved agreement."""

    effective_from: Annotated[date, IsoDate(
        "The day the change takes effect: within the course, from its first day to its "
        "end_date. A day already past is allowed.")]
    changes: AmendmentChanges
    reason: Annotated[str, Text(AMENDMENT_REASON_LENGTH, multiline=True, description=(
        "Why the terms change (optional)."))] = ""
    lock_version: Annotated[int, lock_version(
        "The agreement's lock_version last read; a stale one answers 409.")]


class AmendmentDecisionInput(StrictInput):
    """The municipality's decision on an amendment."""

    decision: Annotated[str, OneOf(lambda: DECISIONS, "decision_unknown")]
    reason: Annotated[str, Text(DECISION_REASON_LENGTH, multiline=True, description=(
        "Why; required when refusing."))] = ""
    lock_version: Annotated[int, lock_version(
        "The amendment's lock_version last read; a stale one answers 409.")]


class AmendmentWithdrawalInput(StrictInput):
    """Whoever proposed the amendment takes it back before the decision."""

    lock_version: Annotated[int, lock_version(
        "The amendment's lock_version last read; a stale one answers 409.")]
