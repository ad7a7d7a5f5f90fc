"""The one way in for a bonus schedule: the API now, the CLI and pages later.

`BonusScheduleFacts` is the one declaration of the request: it validates the
input and gives the API document its schema. `parse_request` reads raw data
(decoded JSON, or a mapping a form or the CLI builds) into a service
request, or raises InputErrors with translated messages per field path.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from igu_admin.core.rules_in_force import catalogue
from igu_admin.domain.course_events import EXTENSION_REASONS
from igu_admin.domain.milestones import CourseFacts, Extension, one_employer
from igu_admin.inputs.errors import InputErrors, input_error, validate_input
from igu_admin.inputs.types import IsoDate, OneOf

EMPLOYER_TYPES = ("private", "public")


def _ruleset_modes() -> tuple[str, ...]:
    return catalogue().modes


class ExtensionPeriod(BaseModel):
    """An approved extension. For sickness and parental leave, the absence
    (both days included): the course is extended by its length. For
    schooling, the period the course is extended by."""

    model_config = ConfigDict(extra="forbid")

    from_: Annotated[date, IsoDate()] = Field(alias="from")
    to: Annotated[date, IsoDate("Not before `from`.")]
    reason: Annotated[str, OneOf(lambda: tuple(EXTENSION_REASONS), "extension_reason_unknown")]

    @field_validator("to")
    @classmethod
    def _not_reversed(cls, to: date, info: ValidationInfo) -> date:
        start = info.data.get("from_")
        if start is not None and to < start:
            raise PydanticCustomError("extension_reversed", "extension_reversed")
        return to


class BonusScheduleFacts(BaseModel):
    """The facts of one course with one employer."""

    model_config = ConfigDict(extra="forbid")

    start_date: Annotated[date, IsoDate("The first day of the IGU.")]
    employer_type: Annotated[str, OneOf(
        lambda: EMPLOYER_TYPES, "employer_type_unknown",
        "public: at least half funded by public grants; gets no company bonus.")]
    ruleset: Annotated[str | None, OneOf(
        _ruleset_modes, "ruleset_unknown",
        "Default: the server's IGU_RULESET, as for the eligibility check.")] = None
    extensions: list[ExtensionPeriod] = Field(
        default_factory=list, description="Approved extensions, none before the start date.")
    terminated_on: Annotated[date | None, IsoDate(
        "The last day of a course that ended early; not before the start date.")] = None
    integration_programme_start: Annotated[date | None, IsoDate(
        "The first day of the person's integration programme. Without it, no claim "
        "for the municipality.")] = None


@dataclass(frozen=True)
class ScheduleRequest:
    facts: CourseFacts
    ruleset: str | None = None


def schedule_request(facts: BonusScheduleFacts) -> ScheduleRequest:
    """The service request for validated facts; raises InputErrors if they
    contradict each other (an end or an extension before the start)."""
    errors: dict[str, list[str]] = {}
    if facts.terminated_on is not None and facts.terminated_on < facts.start_date:
        errors["terminated_on"] = [input_error("termination_before_start")]
    for i, period in enumerate(facts.extensions):
        if period.from_ < facts.start_date:
            errors[f"extensions.{i}.from"] = [input_error("extension_before_start")]
    if errors:
        raise InputErrors(errors)
    extensions = [Extension(p.from_, p.to, EXTENSION_REASONS[p.reason])
                  for p in facts.extensions]
    course = one_employer(facts.start_date, facts.employer_type == "private",
                          extensions=extensions, terminated_on=facts.terminated_on,
                          integration_programme_start=facts.integration_programme_start)
    return ScheduleRequest(course, facts.ruleset)


def parse_request(raw: Any) -> ScheduleRequest:
    """Raw data to a service request; raises InputErrors listing every problem."""
    return schedule_request(validate_input(BonusScheduleFacts, raw))
