"""The one declaration of an agreement's fields as input: the API's POST and
PATCH bodies (and their OpenAPI schema) and the guided flow's steps, which
build the same raw mapping for their part and call `parse_changes`.

Every field may be left out (it then stays as it is); none may be null. Text
may be an empty string, which clears it. Shapes are checked here (types,
lengths, formats, codes); meaning (a start date before today, hours outside
the rule set, wages) is checked by the agreement service against the rules.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.json_schema import JsonSchemaValue

from igu_admin.core.municipalities import read_municipality_file
from igu_admin.core.wage_rates import agreement_codes
from igu_admin.domain.rulesets import TARGET_GROUPS
from igu_admin.domain.trainee_languages import TRAINEE_LANGUAGES
from igu_admin.domain.wage_rates import WAGE_BASES
from igu_admin.inputs.eligibility import AbsencePeriod
from igu_admin.inputs.errors import validate_input
from igu_admin.inputs.types import (
    CprNumber,
    CvrNumber,
    DecimalString,
    Email,
    Flag,
    IsoDate,
    OneOf,
    Phone,
    Text,
    left_out,
    lock_version,
    refuse_null,
)

# The sizes of the columns the values are kept in.
NAME_LENGTH = 200
ADDRESS_LENGTH = 300
WORKPLACE_LENGTH = 200
TASKS_LENGTH = 4000
PERMIT_KIND_LENGTH = 100
SHORT_TERMS_LENGTH = 500
OTHER_TERMS_LENGTH = 2000


@functools.cache
def municipality_codes() -> tuple[str, ...]:
    """The 98 municipality codes, from the shipped data file."""
    return tuple(sorted(row.code for row in read_municipality_file()))


LANGUAGE_DESCRIPTION = (
    "The language of the trainee's own copy (\"Din IGU\"): ar, fa, ti, so, uk or en. Not a "
    "term of the agreement: it makes no new version and is not in the agreement's PDF.")
# A code of the trainee's languages (the PUT body's; null there means none).
TraineeLanguageCode = Annotated[str, OneOf(lambda: TRAINEE_LANGUAGES, "trainee_language_unknown",
                                           LANGUAGE_DESCRIPTION)]


@dataclass(frozen=True)
class _LanguageOrNone(OneOf):
    """A code of the trainee's languages, or "" for none (a draft's fields
    are never null: an empty value clears, as for text)."""

    def check(self, value: Any) -> str:
        return "" if value == "" else super().check(value)

    def json_schema(self) -> JsonSchemaValue:
        schema = super().json_schema()
        schema["enum"] = [*schema["enum"], ""]
        schema["description"] = f"{self.description} \"\" for none.".strip()
        return schema


class _Changes(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _no_null(cls, value: Any) -> Any:
        return refuse_null(value)


class ResidencePermitChanges(_Changes):
    """The trainee's evidence of the target group."""

    kind: Annotated[str | None, Text(PERMIT_KIND_LENGTH, description=(
        "The kind of residence permit, e.g. \"Udlændingelovens § 7, stk. 1\"."))] = left_out()
    date_: Annotated[date | None, IsoDate("The date the permit was granted.")] = Field(
        default=None, alias="date")


class TraineeChanges(_Changes):
    """The trainee as typed on this agreement."""

    name: Annotated[str | None, Text(NAME_LENGTH, description="Full name.")] = left_out()
    cpr: Annotated[str | None, CprNumber()] = left_out()
    address: Annotated[str | None, Text(ADDRESS_LENGTH, multiline=True)] = left_out()
    email: Annotated[str | None, Email()] = left_out()
    phone: Annotated[str | None, Phone()] = left_out()
    municipality_code: Annotated[str | None, OneOf(
        municipality_codes, "municipality_unknown",
        "The municipality of residence (3-digit code); it reviews the agreement.")] = left_out()
    target_group: Annotated[str | None, OneOf(
        lambda: TARGET_GROUPS, "target_group_unknown")] = left_out()
    residence_permit: ResidencePermitChanges | None = left_out()
    registered_since: Annotated[date | None, IsoDate(
        "First registered address in Denmark.")] = left_out()
    absences: list[AbsencePeriod] | None = left_out(
        "Periods registered abroad; the list replaces the one held.")
    previous_igu: Annotated[bool | None, Flag("Has the person had an IGU before?")] = left_out()
    recent_ordinary_employment: Annotated[bool | None, Flag(
        "Ordinary employment in the company within the rule set's months before the start.")
    ] = left_out()


class WageChanges(_Changes):
    basis: Annotated[str | None, OneOf(lambda: WAGE_BASES, "wage_basis_unknown")] = left_out()
    year1: Annotated[Decimal | None, DecimalString(
        9, description="DKK per hour or month, year 1: \"12132.00\".")] = left_out()
    year2: Annotated[Decimal | None, DecimalString(
        9, description="DKK per hour or month, year 2.")] = left_out()


# The terms an approved agreement's amendment may change too (inputs/amendment).
WorkplaceAddress = Annotated[str | None, Text(WORKPLACE_LENGTH, multiline=True)]
JobTitle = Annotated[str | None, Text(NAME_LENGTH)]
Tasks = Annotated[str | None, Text(TASKS_LENGTH, multiline=True, description=(
    "The work areas and functions the trainee will learn."))]
WeeklyHours = Annotated[Decimal | None, DecimalString(
    3, description="Hours a week: \"37.00\"; within the rule set's limits.")]
ContactPerson = Annotated[str | None, Text(NAME_LENGTH)]


class TermsChanges(_Changes):
    """Terms under the collective agreement (defaults are filled in at creation)."""

    holiday: Annotated[str | None, Text(SHORT_TERMS_LENGTH, multiline=True)] = left_out()
    notice: Annotated[str | None, Text(SHORT_TERMS_LENGTH, multiline=True)] = left_out()
    other: Annotated[str | None, Text(OTHER_TERMS_LENGTH, multiline=True)] = left_out()


class AgreementChanges(_Changes):
    """Any subset of an agreement's fields."""

    trainee: TraineeChanges | None = left_out()
    start_date: Annotated[date | None, IsoDate(
        "The first day of employment; not before today. The end date follows from the rule "
        "set.")] = left_out()
    workplace_address: WorkplaceAddress = left_out()
    job_title: JobTitle = left_out()
    tasks: Tasks = left_out()
    weekly_hours: WeeklyHours = left_out()
    collective_agreement: Annotated[str | None, OneOf(
        agreement_codes, "collective_agreement_unknown",
        "A code from GET /api/v1/wage-rates, or \"other\".")] = left_out()
    wage: WageChanges | None = left_out()
    terms: TermsChanges | None = left_out()
    contact_person: ContactPerson = left_out()
    trainee_language: Annotated[str | None, _LanguageOrNone(
        lambda: TRAINEE_LANGUAGES, "trainee_language_unknown",
        LANGUAGE_DESCRIPTION)] = left_out()


EMPLOYER_TYPES = ("private", "public")
COMPANY_NAME_LENGTH = 200


class CompanyByCvr(_Changes):
    """A company igu-admin knows, by its CVR number."""

    cvr: Annotated[str, CvrNumber()]


class CompanyInviteInput(_Changes):
    """A company igu-admin does not know: created in the caseworker's
    municipality, and the person at `email` invited to it by e-mail."""

    cvr: Annotated[str, CvrNumber()]
    name: Annotated[str, Text(COMPANY_NAME_LENGTH, description="The company's name.",
                              required=True)]
    email: Annotated[str, Email(required=True, description=(
        "The person invited to become the company's first user."))]
    employer_type: Annotated[str, OneOf(
        lambda: EMPLOYER_TYPES, "employer_type_unknown",
        "private or public (public employers get no company bonus).")]


class AgreementStart(AgreementChanges):
    """A new draft. An employer's is for their own company. A caseworker
    starts one for a company, named by `company` (known to igu-admin) or
    `company_invite` (new, invited), with the trainee part only."""

    company: CompanyByCvr | None = left_out(
        "Caseworkers only: the company igu-admin knows, by its CVR number.")
    company_invite: CompanyInviteInput | None = left_out(
        "Caseworkers only: a company igu-admin does not know, created and invited.")


class AgreementPatch(AgreementChanges):
    """Changes to a draft, with the lock_version last seen."""

    lock_version: Annotated[int, lock_version()]


class LockVersion(_Changes):
    """An action on an agreement as last read."""

    lock_version: Annotated[int, lock_version()]


class TraineeLanguageInput(BaseModel):
    """The trainee's language, changed in any status (PUT .../trainee-language)."""

    model_config = ConfigDict(extra="forbid")

    trainee_language: TraineeLanguageCode | None = Field(description=(
        f"{LANGUAGE_DESCRIPTION} null: none chosen."))
    lock_version: Annotated[int, lock_version()]


def parse_changes(raw: Mapping[str, Any]) -> AgreementChanges:
    """Raw data (decoded JSON, or a step's mapping) to changes; raises
    InputErrors with translated messages per field path."""
    return validate_input(AgreementChanges, raw)


def given_paths(changes: BaseModel, prefix: str = "") -> Iterator[str]:
    """The field paths the changes set (`trainee.residence_permit.date`), leaves only."""
    for name in changes.model_fields_set:
        info = type(changes).model_fields[name]
        path = prefix + (info.alias or name)
        value = getattr(changes, name)
        if isinstance(value, BaseModel):
            yield from given_paths(value, path + ".")
        else:
            yield path
