"""The one eligibility check behind the page, the API, the CLI and new agreements."""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import exists, select

from igu_admin.core.cpr_vault import vault
from igu_admin.core.rules_in_force import catalogue, default_mode
from igu_admin.domain.eligibility import Assessment, assess
from igu_admin.domain.lifecycle import COUNTS_AS_IGU
from igu_admin.extensions import db
from igu_admin.inputs.eligibility import EligibilityRequest
from igu_admin.models import Agreement, Trainee
from igu_admin.wording.eligibility_answer import answer


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
