"""The facts of a claim its summary PDF states beyond the claim's own
record (documents/claim_pdf draws them)."""

from __future__ import annotations

from datetime import date

from igu_admin.core import rules_in_force
from igu_admin.documents.claim_pdf import ClaimFacts
from igu_admin.domain import milestones
from igu_admin.domain.rulesets import RuleSet
from igu_admin.models import BonusClaim
from igu_admin.services.claims.handling import (
    checklist,
    claim_type,
    de_minimis_check,
    de_minimis_needed,
    missing_evidence,
)
from igu_admin.services.claims.schedule import course_of, termination_date


def summary_facts(claim: BonusClaim) -> ClaimFacts:
    kind = claim_type(claim)
    return ClaimFacts(
        legal_reference=kind.legal_reference if kind is not None else "",
        items=tuple((item.code, item.not_relevant) for item in checklist(claim)),
        missing=tuple(missing_evidence(claim)), end_date=_end_date(claim),
        terminated_on=termination_date(claim.agreement),
        ruleset=_ruleset(claim), de_minimis_needed=de_minimis_needed(claim),
        de_minimis=de_minimis_check(claim))


def _ruleset(claim: BonusClaim) -> RuleSet | None:
    """The rule set the claim's agreement was judged under, which the summary names."""
    code = claim.agreement.ruleset_code
    catalogue = rules_in_force.catalogue()
    return catalogue.get(code) if code and code in catalogue.codes else None


def _end_date(claim: BonusClaim) -> date | None:
    """The course's last day: as recorded on the agreement, else as its schedule has it."""
    if claim.agreement.end_date is not None:
        return claim.agreement.end_date
    course = course_of(claim.agreement)
    return None if course is None else milestones.schedule(course.ruleset, course.facts).end_date
