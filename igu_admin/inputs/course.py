"""The course events as input: the API's bodies (and their OpenAPI schema)
and what the pages build from their forms. Shapes only (types, formats,
codes); the dates are judged against the course by the services."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from igu_admin.domain.course_events import EXTENSION_REASONS, TERMINATION_REASONS
from igu_admin.inputs.types import CvrNumber, IsoDate, OneOf, StrictInput, Text, left_out, lock_version

NOTE_LENGTH = 1000
DECISION_REASON_LENGTH = 2000
DECISIONS = ("approve", "refuse")

LockVersionNumber = Annotated[int, lock_version()]
AGREEMENT_LOCK = "The agreement's lock_version last read; a stale one answers 409."


class ExtensionRequestInput(StrictInput):
    """The employer asks to extend an active course."""

    from_: Annotated[date, IsoDate(
        "The first day of the absence (for schooling: of the period that could not be used). "
        "Within the course; it may lie ahead.")] = Field(alias="from")
    to: Annotated[date, IsoDate(
        "The last day, included; within the course. The course is extended by the days from "
        "`from` to `to`.")]
    reason: Annotated[str, OneOf(
        lambda: tuple(EXTENSION_REASONS), "extension_reason_unknown",
        "parental_leave (pregnancy, birth or adoption), sickness (continuous, longer than the "
        "rule set's weeks) or schooling (special circumstances kept the schooling from being "
        "completed).")]


class ExtensionDecisionInput(StrictInput):
    """The municipality's decision on an extension request."""

    decision: Annotated[str, OneOf(lambda: DECISIONS, "decision_unknown")]
    reason: Annotated[str, Text(DECISION_REASON_LENGTH, multiline=True, description=(
        "Why; required when refusing."))] = ""
    lock_version: Annotated[LockVersionNumber | None, Field(description=(
        "The extension's lock_version last read; a stale one answers 409. Left out: "
        "the extension as it stands."))] = None


class WithdrawalInput(StrictInput):
    """The employer takes an extension request back before the decision."""

    lock_version: Annotated[LockVersionNumber, Field(description=(
        "The extension's lock_version last read; a stale one answers 409."))]


class TerminationInput(StrictInput):
    """The course ends early."""

    date_: Annotated[date, IsoDate(
        "The last day of employment, within the course. A later date is recorded now and "
        "takes effect on that day.")] = Field(alias="date")
    reason: Annotated[str, OneOf(lambda: TERMINATION_REASONS, "termination_reason_unknown")]
    note: Annotated[str, Text(NOTE_LENGTH, multiline=True)] = ""
    continued_by_cvr: Annotated[str | None, CvrNumber(
        "The company that continues the course, if any: the time served counts.")] = left_out()
    lock_version: Annotated[LockVersionNumber | None, Field(description=AGREEMENT_LOCK)] = None


class ContinuationInput(StrictInput):
    """The company that continues a course ended early, named after the fact."""

    continued_by_cvr: Annotated[str, CvrNumber(
        "The company that continues the course: the time served counts. If it uses "
        "igu-admin it gets a draft agreement continuing the course.")]
    lock_version: Annotated[LockVersionNumber | None, Field(description=AGREEMENT_LOCK)] = None


class CompletionInput(StrictInput):
    """The employer confirms that the course has been completed."""

    lock_version: Annotated[LockVersionNumber | None, Field(description=AGREEMENT_LOCK)] = None
