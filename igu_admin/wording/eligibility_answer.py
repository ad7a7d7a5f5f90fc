"""The public shape of an assessment: the API's answer, the CLI's --json and
stored snapshots. Declared once; the API document takes its schema from here."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from igu_admin.domain import eligibility as domain
from igu_admin.domain.rule_parts import SURENESS
from igu_admin.inputs.types import OneOf
from igu_admin.wording import catalogue
from igu_admin.wording.eligibility import criterion_note, explain, notice_message

_SURENESS = Field(description=(
    "How sure the legal reference is: verified (read in the act or the executive order), "
    "amending_bill (read in the bill that made the rule), guidance (the ministry's "
    "guidance, no section found) or unverified (no source read: the reference names the "
    "act alone)."))
_NOTE = Field(description=(
    "What was read and what was not for this reference or its date, from the rule file "
    "(in Danish); null without any. Never part of legal_reference."))
_REFERENCE = Field(description="The citation only: a section, a bill or the act's name.")


class Criterion(BaseModel):
    """One condition of the act, with the reason and the legal basis."""

    model_config = ConfigDict(extra="forbid")

    code: Annotated[str, OneOf(lambda: domain.CRITERIA_CODES, "invalid")]
    passed: bool
    value: bool | int | str | None = Field(description=(
        "The computed value: age or whole years of residence (integer), target group "
        "(string), yes/no (boolean), rule set code or null (scheme_window)."))
    message: str = Field(description="Why, in the language of Accept-Language.")
    legal_reference: str = _REFERENCE
    sureness: Annotated[str, OneOf(lambda: SURENESS, "invalid")] = _SURENESS
    note: str | None = _NOTE


class Notice(BaseModel):
    """Information that bears on the answer without being a criterion: for
    example igu-2024's national cap on new courses, which no installation
    can count (`yearly_cap`), or a start date outside the window of the rule
    set named in the request (`outside_window`)."""

    model_config = ConfigDict(extra="forbid")

    code: str
    message: str = Field(description="In the language of Accept-Language.")
    legal_reference: str = _REFERENCE
    sureness: Annotated[str, OneOf(lambda: SURENESS, "invalid")] = _SURENESS
    note: str | None = _NOTE


class InForceOnStart(BaseModel):
    """The verdict of the act in force on the start date, from the same facts."""

    model_config = ConfigDict(extra="forbid")

    ruleset: str = Field(description="The code of the rule set whose window holds the start date.")
    eligible: bool


class Assessment(BaseModel):
    """Whether the person can start an IGU, one result per criterion."""

    model_config = ConfigDict(extra="forbid")

    eligible: bool
    ruleset: str = Field(description="The code of the rule set applied.")
    criteria: list[Criterion]
    notices: list[Notice] = Field(description="Always present; empty when there is none.")
    in_force_on_start: InForceOnStart | None = Field(description=(
        "The answer of the act in force on the start date (the rule set whose window holds "
        "it), from the same facts and look-ups. Null when that act is the one applied, and "
        "null when no act's window holds the start date."))


def notice_out(notice: domain.Notice) -> Notice:
    return Notice.model_validate(_notice(notice))


def answer(assessment: domain.Assessment) -> Assessment:
    """The one public shape of an assessment: the API's answer, and the
    `eligibility` of an agreement record."""
    in_force = assessment.in_force_on_start
    with catalogue.settled():  # a dozen sentences and dates in one locale
        return _answer(assessment, in_force)


def _answer(assessment: domain.Assessment, in_force: domain.InForce | None) -> Assessment:
    # Validated once as a whole from plain values: a model built for each
    # criterion on its own cost the eligibility request a tenth of its time.
    return Assessment.model_validate({
        "eligible": assessment.eligible,
        "ruleset": assessment.ruleset.code,
        "criteria": [{"code": c.code, "passed": c.passed, "value": c.value,
                      "message": explain(c, assessment.ruleset),
                      "legal_reference": c.legal_reference, "sureness": c.sureness,
                      "note": criterion_note(c)}
                     for c in assessment.criteria],
        "notices": [_notice(n) for n in assessment.notices],
        "in_force_on_start": None if in_force is None else {
            "ruleset": in_force.ruleset.code, "eligible": in_force.eligible}})


def _notice(notice: domain.Notice) -> dict[str, object]:
    return {"code": notice.code, "message": notice_message(notice),
            "legal_reference": notice.legal_reference, "sureness": notice.sureness,
            "note": notice.note}
