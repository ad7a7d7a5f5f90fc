"""The one way in for an eligibility check: the API, the CLI and the page.

`EligibilityFacts` is the one declaration of the request: it validates the
input and gives the API document its schema. `parse_request` reads raw data
(decoded JSON, or the mapping a form or the CLI builds) into a service
request, or raises InputErrors with translated messages per field path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.functional_validators import ModelWrapValidatorHandler
from pydantic_core import InitErrorDetails, PydanticCustomError

from igu_admin.core.rules_in_force import catalogue
from igu_admin.domain.eligibility import (
    Absence,
    EligibilityInput,
    EligibilityInputError,
    check_consistency,
)
from igu_admin.domain.identifiers import cpr_birth_date
from igu_admin.domain.rulesets import TARGET_GROUPS
from igu_admin.inputs.errors import (
    InputErrors,
    coded_errors_as_messages,
    validate_input,
)
from igu_admin.inputs.types import CprNumber, IsoDate, OneOf

# Either is enough; the schema says so with anyOf, the check below with the same names.
BIRTH_OR_CPR = ("birth_date", "cpr")


@dataclass(frozen=True)
class EligibilityRequest:
    """`lookup_recorded_igu`: also look for an IGU igu-admin holds for the CPR.
    Only for callers allowed to learn that (logged-in staff, the CLI): on the
    public page it would tell anyone whether a CPR number has been in an IGU."""

    facts: EligibilityInput
    cpr: str | None = None
    ruleset: str | None = None
    lookup_recorded_igu: bool = False
    # An employer may only learn of IGUs in its own company: the look-up is
    # then limited to that company's agreements.
    lookup_company_id: int | None = None
    # The agreement being assessed is not the person's "previous" IGU.
    exclude_agreement_id: int | None = None
    # Nor are the agreements it continues after an early end: the same IGU.
    same_igu_agreement_ids: tuple[int, ...] = ()


def _ruleset_modes() -> tuple[str, ...]:
    return catalogue().modes


class AbsencePeriod(BaseModel):
    """A period registered abroad, both days included; `to` is not before `from`."""

    model_config = ConfigDict(extra="forbid")

    from_: Annotated[date, IsoDate()] = Field(alias="from")
    to: Annotated[date, IsoDate()]

    @field_validator("to")
    @classmethod
    def _not_reversed(cls, to: date, info: ValidationInfo) -> date:
        start = info.data.get("from_")
        if start is not None and to < start:
            raise PydanticCustomError("absence_reversed", "absence_reversed")
        return to


class EligibilityFacts(BaseModel):
    """The facts about a person and the planned start. Give birth_date or cpr
    (or both, if they agree)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"anyOf": [{"required": [name]} for name in BIRTH_OR_CPR]})

    start_date: Annotated[date, IsoDate("The planned first day of the IGU.")]
    birth_date: Annotated[date | None, IsoDate()] = None
    cpr: Annotated[str | None, CprNumber()] = None
    registered_since: Annotated[date, IsoDate("First registered address in Denmark.")]
    absences: list[AbsencePeriod] = Field(default_factory=list)
    target_group: Annotated[str, OneOf(lambda: TARGET_GROUPS, "target_group_unknown")]
    previous_igu: StrictBool = False
    recent_ordinary_employment: StrictBool = False
    ruleset: Annotated[str | None, OneOf(
        _ruleset_modes, "ruleset_unknown", "Default: the server's IGU_RULESET.")] = None

    @model_validator(mode="wrap")
    @classmethod
    def _birth_date_or_cpr(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        """Checked around the field checks, so that one answer names every problem."""
        problems: list[InitErrorDetails] = []
        if isinstance(data, Mapping) and not any(name in data for name in BIRTH_OR_CPR):
            problems.append(_problem("birth_or_cpr", BIRTH_OR_CPR[0], data))
        try:
            facts = handler(data)
        except ValidationError as exc:
            if not problems:
                raise
            raise ValidationError.from_exception_data(
                exc.title, [*_as_init_details(exc), *problems]) from None
        if problems:
            raise ValidationError.from_exception_data(cls.__name__, problems)
        if facts.cpr is not None and facts.birth_date is not None \
                and facts.birth_date != cpr_birth_date(facts.cpr):
            raise ValidationError.from_exception_data(
                cls.__name__, [_problem("birth_cpr_mismatch", "birth_date", data)])
        return facts

    def birth(self) -> date:
        """The birth date given, or the one the CPR number holds."""
        if self.cpr is not None:
            return cpr_birth_date(self.cpr)
        assert self.birth_date is not None  # the model requires one of them
        return self.birth_date


def _problem(code: str, field: str, data: Any) -> InitErrorDetails:
    return InitErrorDetails(type=PydanticCustomError(code, code), loc=(field,), input=data)


def _as_init_details(exc: ValidationError) -> list[InitErrorDetails]:
    """Errors to raise again along with more: their type names are kept as is."""
    return [InitErrorDetails(type=PydanticCustomError(e["type"], e["msg"], e.get("ctx")),
                             loc=e["loc"], input=e["input"])
            for e in exc.errors(include_url=False)]


def facts_request(facts: EligibilityFacts, lookup_recorded_igu: bool = False,
                  lookup_company_id: int | None = None) -> EligibilityRequest:
    """The service request for validated facts; raises InputErrors if they
    contradict each other (for example a start before the birth)."""
    inp = EligibilityInput(
        start_date=facts.start_date, birth_date=facts.birth(),
        registered_since=facts.registered_since, target_group=facts.target_group,
        previous_igu=facts.previous_igu,
        recent_ordinary_employment=facts.recent_ordinary_employment,
        absences=tuple(Absence(period.from_, period.to) for period in facts.absences))
    try:
        check_consistency(inp)
    except EligibilityInputError as error:
        raise InputErrors(coded_errors_as_messages(error.errors)) from None
    return EligibilityRequest(facts=inp, cpr=facts.cpr, ruleset=facts.ruleset,
                              lookup_recorded_igu=lookup_recorded_igu,
                              lookup_company_id=lookup_company_id)


def parse_request(raw: Any, lookup_recorded_igu: bool = False,
                  lookup_company_id: int | None = None) -> EligibilityRequest:
    """Raw data to a service request; raises InputErrors listing every problem."""
    return facts_request(validate_input(EligibilityFacts, raw), lookup_recorded_igu,
                         lookup_company_id)
