"""The agreement held against the rules as it stands: missing fields, the
agreement's own rules (end date, hours, wages, start date) and the
trainee's eligibility, run after every change.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any

from igu_admin.core import clock, rules_in_force, wage_rates
from igu_admin.core import course as course_chain
from igu_admin.domain import agreement_rules
from igu_admin.domain import eligibility as eligibility_rules
from igu_admin.domain.agreement_rules import AgreementFacts, Problem
from igu_admin.domain.eligibility import (
    Absence,
    Assessment,
    EligibilityInput,
    EligibilityInputError,
)
from igu_admin.domain.identifiers import cpr_birth_date
from igu_admin.domain.rulesets import RuleSet
from igu_admin.inputs.eligibility import EligibilityRequest
from igu_admin.models import (
    Agreement,
)
from igu_admin.services import eligibility
from igu_admin.services.agreements.fields import (
    CRITERION_PATHS,
    EDITABLE,
    draft_values,
    plain_cpr,
    presence,
    value_at,
)
from igu_admin.wording import agreement as agreement_messages


@dataclass(frozen=True)
class AgreementWarning:
    """A point to check that does not block submission (e.g. a manual wage
    below the chosen collective agreement's rate)."""

    code: str
    message: str
    path: str


Warning = AgreementWarning  # the contract's name for it


@dataclass(frozen=True)
class Review:
    """The agreement held against the rules as it stands."""

    missing: list[str]
    errors: dict[str, list[str]]
    warnings: list[AgreementWarning]
    assessment: Assessment | None
    end_date: date | None
    ruleset: RuleSet

    @property
    def ready(self) -> bool:
        """Whether it can be submitted."""
        return not self.missing and not self.errors

    def refusals(self) -> dict[str, list[str]]:
        """Every reason it cannot be submitted, per field path."""
        reasons = {path: [agreement_messages.required_to_submit()] for path in self.missing}
        for path, messages in self.errors.items():
            reasons.setdefault(path, []).extend(messages)
        return reasons


def facts_of(values: dict[str, Any], cpr: str | None) -> AgreementFacts:
    return AgreementFacts(
        start_date=value_at(values, "start_date"),
        birth_date=cpr_birth_date(cpr) if cpr else None,
        registered_since=value_at(values, "trainee.registered_since"),
        residence_permit_date=value_at(values, "trainee.residence_permit.date"),
        weekly_hours=value_at(values, "weekly_hours"),
        collective_agreement=value_at(values, "collective_agreement"),
        wage_basis=value_at(values, "wage.basis"),
        wage_year1=value_at(values, "wage.year1"),
        wage_year2=value_at(values, "wage.year2"))


def rule_findings(values: dict[str, Any], cpr: str | None, ruleset: RuleSet,
              ) -> agreement_rules.Findings:
    facts = facts_of(values, cpr)
    course = ruleset.as_of(facts.start_date or clock.today()).course
    return agreement_rules.check(facts, course, wage_rates.table(), clock.today())


def worded(problems: tuple[Problem, ...]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(problem.path, []).append(agreement_messages.problem_message(problem))
    return errors


def assess(agreement: Agreement, everywhere: bool = False, *, cpr: str | None = None,
           recorded: bool | None = None) -> Assessment | None:
    """The eligibility of the trainee as typed on the agreement; None while
    facts are missing or contradict each other. A recorded IGU is looked for
    in the agreement's own company only, unless `everywhere` (the
    municipality's review, where a recorded IGU elsewhere is shown). A list
    that has already decrypted the CPR number and looked for recorded IGUs
    for all its rows (listing.Known) passes `cpr` and `recorded`: no query."""
    cpr = cpr if cpr is not None else plain_cpr(agreement)
    if cpr is None or not _has_eligibility_facts(agreement):
        return None
    # A continuation is the same IGU: the trainee is judged as on the day the
    # course began, under its rule set, and its earlier agreements are not a
    # previous IGU.
    continued = course_chain.continued_agreements(agreement)
    course_start = (continued[-1].start_date if continued else None) or agreement.start_date
    ruleset_code = agreement.ruleset_code if continued else _assessed_under(agreement)
    assert course_start is not None  # _has_eligibility_facts
    facts = _eligibility_input(agreement, cpr, course_start)
    if recorded is not None:
        facts = dataclasses.replace(facts, previous_igu_recorded=recorded)
    try:
        return eligibility.check(EligibilityRequest(
            facts=facts, cpr=cpr,
            lookup_recorded_igu=recorded is None, ruleset=ruleset_code,
            exclude_agreement_id=agreement.id,
            same_igu_agreement_ids=tuple(a.id for a in continued),
            lookup_company_id=None if everywhere else agreement.company_id))
    except EligibilityInputError:
        return None  # the date rules say which dates contradict each other


def assess_as_listed(agreement: Agreement, recorded_elsewhere: bool) -> Assessment | None:
    """As `assess(agreement, everywhere=True)` for a course's first agreement,
    without a query: `recorded_elsewhere` (whether igu-admin holds another
    IGU for the person) is what the caller's own list query found. For lists
    of many agreements; a continuation needs its chain, so `assess`."""
    cpr = plain_cpr(agreement)
    if cpr is None or not _has_eligibility_facts(agreement):
        return None
    assert agreement.start_date is not None  # _has_eligibility_facts
    facts = dataclasses.replace(_eligibility_input(agreement, cpr, agreement.start_date),
                                previous_igu_recorded=recorded_elsewhere)
    try:
        return eligibility_rules.assess(facts, rules_in_force.catalogue(),
                                        _assessed_under(agreement) or rules_in_force.default_mode())
    except EligibilityInputError:
        return None


def _has_eligibility_facts(agreement: Agreement) -> bool:
    return not (agreement.start_date is None or agreement.registered_since is None
                or not agreement.target_group or agreement.previous_igu is None
                or agreement.recent_ordinary_employment is None)


def _assessed_under(agreement: Agreement) -> str | None:
    """The rule set an agreement's trainee is judged under: the server's
    choice while the employer may change it, then the one it was sent under."""
    return None if agreement.status in EDITABLE else agreement.ruleset_code


def _eligibility_input(agreement: Agreement, cpr: str, course_start: date) -> EligibilityInput:
    assert agreement.registered_since is not None and agreement.target_group  # checked before
    return EligibilityInput(
        start_date=course_start, birth_date=cpr_birth_date(cpr),
        registered_since=agreement.registered_since, target_group=agreement.target_group,
        previous_igu=bool(agreement.previous_igu),
        recent_ordinary_employment=bool(agreement.recent_ordinary_employment),
        absences=tuple(Absence(date.fromisoformat(a["from"]), date.fromisoformat(a["to"]))
                       for a in agreement.absences or []))


def review(agreement: Agreement, everywhere: bool = False, *, cpr: str | None = None,
           recorded: bool | None = None) -> Review:
    """What is missing, what breaks the rules (eligibility included), what to
    check, and the end date, for the agreement as it stands. `cpr` and
    `recorded` as for `assess`, from a list that knows them (listing.Known)."""
    values = draft_values(agreement)
    values["trainee"]["cpr"] = agreement.trainee_cpr_hash
    cpr = cpr if cpr is not None else plain_cpr(agreement)
    assessment = assess(agreement, everywhere, cpr=cpr, recorded=recorded)
    ruleset = (assessment.ruleset if assessment is not None else
               rules_in_force.for_agreement(agreement))
    findings = rule_findings(values, cpr, ruleset)
    errors = worded(findings.errors)
    if assessment is not None:
        for criterion in assessment.criteria:
            if not criterion.passed:
                errors.setdefault(CRITERION_PATHS[criterion.code], []).append(
                    agreement_messages.eligibility_failure(criterion, assessment.ruleset))
    return Review(
        missing=agreement_rules.missing(presence(values)), errors=errors,
        warnings=[AgreementWarning(p.code, agreement_messages.problem_message(p), p.path)
                  for p in findings.warnings],
        assessment=assessment, end_date=end_date_of(agreement, ruleset), ruleset=ruleset)


def end_date_of(agreement: Agreement, ruleset: RuleSet) -> date | None:
    """The course's last day. Once sent, the one stored: set at submission and
    moved by approved extensions. A continuation keeps the end of the course
    it continues. A draft's follows from its start date and the rule set."""
    kept = agreement.status not in EDITABLE or agreement.continues_agreement_id is not None
    if kept and agreement.end_date is not None:
        return agreement.end_date
    start = agreement.start_date
    return None if start is None else agreement_rules.end_date(start, ruleset.as_of(start).course)
