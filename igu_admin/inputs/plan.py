"""The one declaration of a schooling plan as input: the API's PUT body and
the public validation (and their OpenAPI schemas), and the builder page,
which builds the same raw mapping and calls `parse_plan`.

Shapes are checked here: a kind from the vocabulary, a title, dates written
YYYY-MM-DD, hours above 0 with at most two decimals, an AMU number of five
digits. Meaning (dates within the period, the weeks, the kinds the rule set
allows, a missing AMU number) is judged by the rules, as findings on the plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from igu_admin.core.rules_in_force import catalogue
from igu_admin.domain.amu_catalogue import AMU_NUMBER
from igu_admin.domain.rulesets import SCHOOLING_KINDS
from igu_admin.domain.schooling import AMU, PlanElement
from igu_admin.inputs.errors import validate_input
from igu_admin.inputs.types import (
    Flag,
    IsoDate,
    OneOf,
    PositiveDecimal,
    Text,
    left_out,
    lock_version,
    refuse_null,
)

# The sizes of the columns the values are kept in.
TITLE_LENGTH = 200
PROVIDER_LENGTH = 200
COURSE_NUMBER_LENGTH = 20
NOTE_LENGTH = 2000
# A plan of two years holds a few dozen courses; more is a mistake.
MAX_ITEMS = 200
# School hours of one element: at most 9999.99 (four digits before the point).
HOURS_DIGITS = 4
WEEKLY_HOURS_DIGITS = 2


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _no_null(cls, value: Any) -> Any:
        return refuse_null(value)


class PlanItemInput(_Input):
    """One course of the plan."""

    kind: Annotated[str, OneOf(lambda: SCHOOLING_KINDS, "schooling_kind_unknown", (
        "amu, fvu, avu, hf (single subjects), fgu or danish (Danish education); the rule set "
        "decides which are allowed."))]
    title: Annotated[str, Text(TITLE_LENGTH, required=True, description="The course's name.")]
    provider: Annotated[str, Text(PROVIDER_LENGTH, description=(
        "The school or language centre."))] = ""
    course_number: Annotated[str | None, Text(COURSE_NUMBER_LENGTH, description=(
        "The AMU course number (5 digits) when the kind is amu; a stored plan without it "
        "cannot be submitted. Left out of a validation, it is not judged."))] = left_out()
    start: Annotated[date, IsoDate("The first day of the course.")]
    end: Annotated[date, IsoDate("The last day of the course.")]
    hours: Annotated[Decimal, PositiveDecimal(HOURS_DIGITS, description="School hours.")]
    note: Annotated[str, Text(NOTE_LENGTH, multiline=True)] = ""

    @field_validator("course_number")
    @classmethod
    def _amu_number_shape(cls, number: str | None, info: ValidationInfo) -> str | None:
        # `kind` is checked first (declared first); an unknown kind is its own error.
        if info.data.get("kind") == AMU and number and not AMU_NUMBER.fullmatch(number):
            raise PydanticCustomError("amu_number_format", "amu_number_format")
        return number

    def element(self) -> PlanElement:
        """The course as the plan's rules judge it."""
        return PlanElement(self.kind, self.start, self.end, self.hours, self.course_number)


Items = Annotated[list[PlanItemInput], Field(json_schema_extra={"maxItems": MAX_ITEMS},
                                             description="The plan's courses, in order.")]


class PlanInput(_Input):
    """The whole plan: it replaces the plan held (items in the order given)."""

    passed_danish_test: Annotated[bool, Flag(
        "Has the trainee passed Prøve i Dansk 1, 2 or 3? Left out: false.")] = False
    items: Items

    @field_validator("items")
    @classmethod
    def _at_most(cls, items: list[PlanItemInput]) -> list[PlanItemInput]:
        if len(items) > MAX_ITEMS:
            raise PydanticCustomError("too_many_items", "too_many_items", {"max": MAX_ITEMS})
        return items


class PlanPut(PlanInput):
    """The whole plan with the lock_version last read (0: no plan saved yet)."""

    lock_version: Annotated[int, lock_version(
        "The plan's lock_version last read; 0 while the agreement has no plan. A stale one "
        "answers 409.", first=0)]


class PlanLockVersion(_Input):
    """An action on the plan as last read."""

    lock_version: Annotated[int, lock_version(
        "The plan's lock_version last read; a stale one answers 409.", first=0)]


def _ruleset_modes() -> tuple[str, ...]:
    return catalogue().modes


class PlanValidation(PlanInput):
    """A plan held against the rules without saving it: the period follows
    from the start date and the rule set."""

    ruleset: Annotated[str | None, OneOf(
        _ruleset_modes, "ruleset_unknown",
        "Default: the server's IGU_RULESET (by-start-date: the set governing the start "
        "date).")] = left_out()
    start_date: Annotated[date, IsoDate("The first day of employment.")]
    weekly_hours: Annotated[Decimal | None, PositiveDecimal(WEEKLY_HOURS_DIGITS, description=(
        "The agreed weekly hours, for the workplace's share. Left out: not judged."))] = \
        left_out()


def parse_plan(raw: Mapping[str, Any]) -> PlanInput:
    """Raw data (decoded JSON, or the builder page's mapping) to a plan;
    raises InputErrors with translated messages per field path
    (`items.0.end`)."""
    return validate_input(PlanInput, raw)
