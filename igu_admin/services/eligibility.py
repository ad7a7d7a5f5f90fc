"""The one eligibility check behind the page, the API, the CLI and new agreements."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import exists, select

from igu_admin.domain.eligibility import Assessment, EligibilityInput, assess
from igu_admin.domain.lifecycle import COUNTS_AS_IGU
from igu_admin.domain.rulesets import RuleCatalogue
from igu_admin.extensions import db
from igu_admin.models import Agreement, Trainee
from igu_admin.services.cpr_vault import vault
from igu_admin.services.eligibility_answer import answer


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


def catalogue() -> RuleCatalogue:
    return current_app.extensions["igu_rules"]


def default_mode() -> str:
    return current_app.config["IGU_RULESET"]


def has_recorded_igu(cpr: str, exclude_agreement_id: int | None = None,
                     company_id: int | None = None, same_igu: tuple[int, ...] = ()) -> bool:
    """Whether igu-admin holds an IGU agreement (past draft) for this CPR, in
    any company or only in `company_id`'s, other than the agreement assessed
    and those of the same IGU (`same_igu`: the ones it continues)."""
    query = (select(Agreement.id).join(Trainee)
             .where(Trainee.cpr_hash == vault().lookup_hash(cpr))
             .where(Agreement.status.in_([s.value for s in COUNTS_AS_IGU])))
    excluded = [*same_igu, *([exclude_agreement_id] if exclude_agreement_id is not None else [])]
    if excluded:
        query = query.where(Agreement.id.not_in(excluded))
    if company_id is not None:
        query = query.where(Agreement.company_id == company_id)
    return bool(db.session.scalar(select(exists(query))))


def check(request: EligibilityRequest) -> Assessment:
    """Assess a person; raises EligibilityInputError when the facts contradict."""
    facts = request.facts
    if (request.lookup_recorded_igu and request.cpr is not None
            and has_recorded_igu(request.cpr, request.exclude_agreement_id,
                                 request.lookup_company_id, request.same_igu_agreement_ids)):
        facts = dataclasses.replace(facts, previous_igu_recorded=True)
    return assess(facts, catalogue(), request.ruleset or default_mode())


def assessment_as_dict(assessment: Assessment) -> dict[str, Any]:
    """The public shape of an assessment (the API's answer, the CLI's --json)."""
    return answer(assessment).model_dump(mode="json")
