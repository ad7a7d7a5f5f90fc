"""The one eligibility check behind the page, the API, the CLI and new agreements."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import exists, select

from igu_admin.domain.eligibility import Assessment, EligibilityInput, Notice, assess
from igu_admin.domain.lifecycle import COUNTS_AS_IGU
from igu_admin.domain.rulesets import RuleCatalogue
from igu_admin.extensions import db
from igu_admin.models import Agreement, Trainee
from igu_admin.services.cpr_vault import vault
from igu_admin.services.eligibility_messages import explain, notice_message


@dataclass(frozen=True)
class EligibilityRequest:
    """`lookup_recorded_igu`: also look for an IGU igu-admin holds for the CPR.
    Only for callers allowed to learn that (logged-in staff, the CLI): on the
    public page it would tell anyone whether a CPR number has been in an IGU."""

    facts: EligibilityInput
    cpr: str | None = None
    ruleset: str | None = None
    lookup_recorded_igu: bool = False


def catalogue() -> RuleCatalogue:
    return current_app.extensions["igu_rules"]


def default_mode() -> str:
    return current_app.config["IGU_RULESET"]


def has_recorded_igu(cpr: str) -> bool:
    """Whether igu-admin holds an IGU agreement (past draft) for this CPR."""
    query = (select(Agreement.id).join(Trainee)
             .where(Trainee.cpr_hash == vault().lookup_hash(cpr))
             .where(Agreement.status.in_([s.value for s in COUNTS_AS_IGU])))
    return bool(db.session.scalar(select(exists(query))))


def check(request: EligibilityRequest) -> Assessment:
    """Assess a person; raises EligibilityInputError when the facts contradict."""
    facts = request.facts
    if request.lookup_recorded_igu and request.cpr is not None and has_recorded_igu(request.cpr):
        facts = dataclasses.replace(facts, previous_igu_recorded=True)
    return assess(facts, catalogue(), request.ruleset or default_mode())


def notice_as_dict(notice: Notice) -> dict[str, Any]:
    """The public shape of a notice: code, message (current locale), legal_reference."""
    return {"code": notice.code, "message": notice_message(notice),
            "legal_reference": notice.legal_reference}


def assessment_as_dict(assessment: Assessment) -> dict[str, Any]:
    """The public shape of an assessment (API, CLI --json, stored snapshots)."""
    return {
        "eligible": assessment.eligible,
        "ruleset": assessment.ruleset.code,
        "criteria": [
            {
                "code": c.code,
                "passed": c.passed,
                "value": c.value,
                "message": explain(c, assessment.ruleset),
                "legal_reference": c.legal_reference,
            }
            for c in assessment.criteria
        ],
        "notices": [notice_as_dict(n) for n in assessment.notices],
    }
