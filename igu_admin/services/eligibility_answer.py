"""The public shape of an assessment: the API's answer, the CLI's --json and
stored snapshots. Declared once; the API document takes its schema from here."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from igu_admin.domain import eligibility as domain
from igu_admin.services.eligibility_messages import explain
from igu_admin.services.input_types import OneOf


class Criterion(BaseModel):
    """One condition of the act, with the reason and the legal basis."""

    model_config = ConfigDict(extra="forbid")

    code: Annotated[str, OneOf(lambda: domain.CRITERIA_CODES, "invalid")]
    passed: bool
    value: bool | int | str | None = Field(description=(
        "The computed value: age or whole years of residence (integer), target group "
        "(string), yes/no (boolean), rule set code or null (scheme_window)."))
    message: str = Field(description="Why, in the language of Accept-Language.")
    legal_reference: str


class Assessment(BaseModel):
    """Whether the person can start an IGU, one result per criterion."""

    model_config = ConfigDict(extra="forbid")

    eligible: bool
    ruleset: str = Field(description="The code of the rule set applied.")
    criteria: list[Criterion]


def answer(assessment: domain.Assessment) -> Assessment:
    return Assessment(
        eligible=assessment.eligible,
        ruleset=assessment.ruleset.code,
        criteria=[Criterion(code=c.code, passed=c.passed, value=c.value,
                            message=explain(c, assessment.ruleset),
                            legal_reference=c.legal_reference)
                  for c in assessment.criteria])
