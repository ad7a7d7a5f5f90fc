"""The public shape of an assessment: the API's answer, the CLI's --json and
stored snapshots. Declared once; the API document takes its schema from here."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from igu_admin.domain import eligibility as domain
from igu_admin.inputs.types import OneOf
from igu_admin.wording.eligibility import explain, notice_message


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


class Notice(BaseModel):
    """Information that bears on the answer without being a criterion (for
    example igu-2024's national cap on new courses, which no installation
    can count)."""

    model_config = ConfigDict(extra="forbid")

    code: str
    message: str = Field(description="In the language of Accept-Language.")
    legal_reference: str


class Assessment(BaseModel):
    """Whether the person can start an IGU, one result per criterion."""

    model_config = ConfigDict(extra="forbid")

    eligible: bool
    ruleset: str = Field(description="The code of the rule set applied.")
    criteria: list[Criterion]
    notices: list[Notice] = Field(description="Always present; empty when there is none.")


def answer(assessment: domain.Assessment) -> Assessment:
    return Assessment(
        eligible=assessment.eligible,
        ruleset=assessment.ruleset.code,
        criteria=[Criterion(code=c.code, passed=c.passed, value=c.value,
                            message=explain(c, assessment.ruleset),
                            legal_reference=c.legal_reference)
                  for c in assessment.criteria],
        notices=[Notice(code=n.code, message=notice_message(n),
                        legal_reference=n.legal_reference) for n in assessment.notices])
