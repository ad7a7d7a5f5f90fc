"""Agreements: a draft the employer fills in over several steps (or through
the API), reviewed against the rules, submitted to the trainee's
municipality as immutable versions, withdrawn before a decision.

The trainee as typed stays on the agreement (name, CPR, address, contact and
the facts for eligibility): a draft never shows or changes what another
company typed about the same person. The shared Trainee record is linked,
by the CPR number's keyed hash, only when the agreement is submitted.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask_babel import force_locale, gettext
from sqlalchemy import select

from igu_admin.core import audit, clock, rules_in_force, wage_rates
from igu_admin.core import course as course_chain
from igu_admin.core.cpr_vault import vault
from igu_admin.core.errors import (
    ConflictError,
    NotFound,
    PermissionDenied,
    ServiceError,
    SubmissionRefused,
)
from igu_admin.core.lifecycle import change_status, ensure_allowed
from igu_admin.core.locking import ensure_current
from igu_admin.core.unit_of_work import use_case
from igu_admin.domain import agreement_rules
from igu_admin.domain import eligibility as eligibility_rules
from igu_admin.domain import lifecycle as lifecycle_rules
from igu_admin.domain.agreement_rules import AgreementFacts, Problem
from igu_admin.domain.eligibility import (
    Absence,
    Assessment,
    EligibilityInput,
    EligibilityInputError,
)
from igu_admin.domain.identifiers import cpr_birth_date, format_cpr, mask_cpr
from igu_admin.domain.lifecycle import Action, AgreementStatus, RecordKind
from igu_admin.domain.rulesets import RuleSet
from igu_admin.extensions import db
from igu_admin.inputs.agreement import AgreementChanges
from igu_admin.inputs.errors import InputErrors
from igu_admin.models import (
    Agreement,
    AgreementVersion,
    Company,
    Municipality,
    Role,
    Trainee,
    User,
)
from igu_admin.models.base import utcnow
from igu_admin.services import documents, eligibility, notifications, plans
from igu_admin.services.agreements import trainees
from igu_admin.wording import agreement as agreement_messages
from igu_admin.wording.eligibility_answer import Notice
from igu_admin.wording.notices import notices_for

__all__ = ["EDITABLE", "REQUIRED_TO_SUBMIT", "STEPS", "AgreementWarning", "Receipt", "Review",
           "SubmissionRefused", "Warning", "agreement_cpr", "assess", "assess_as_listed",
           "check_lock", "create_draft", "draft_defaults", "draft_values", "missing_fields",
           "receipt", "review", "submit", "submitted_data", "update_draft",
           "withdraw"]

REQUIRED_TO_SUBMIT = agreement_rules.REQUIRED_TO_SUBMIT
# The steps of the guided flow in order; `step_reached` keeps the furthest.
# ("background": the trainee's target group, evidence and residence.)
STEPS = ("company", "trainee", "background", "employment", "wage", "terms", "check")
# The statuses in which the employer may change the agreement.
EDITABLE = lifecycle_rules.EDITABLE

# Where each field path (as in the API) is kept on the agreement. The CPR
# number (encrypted, with its keyed hash) and the periods abroad (a JSON
# list) are written by hand.
_COLUMNS: dict[str, str] = {
    "trainee.name": "trainee_name",
    "trainee.address": "trainee_address",
    "trainee.email": "trainee_email",
    "trainee.phone": "trainee_phone",
    "trainee.municipality_code": "municipality_code",
    "trainee.target_group": "target_group",
    "trainee.residence_permit.kind": "residence_permit_kind",
    "trainee.residence_permit.date": "residence_permit_date",
    "trainee.registered_since": "registered_since",
    "trainee.previous_igu": "previous_igu",
    "trainee.recent_ordinary_employment": "recent_ordinary_employment",
    "start_date": "start_date",
    "workplace_address": "workplace_address",
    "job_title": "job_title",
    "tasks": "tasks",
    "weekly_hours": "weekly_hours",
    "collective_agreement": "collective_agreement",
    "wage.basis": "wage_basis",
    "wage.year1": "wage_rate_year1",
    "wage.year2": "wage_rate_year2",
    "terms.holiday": "terms_holiday",
    "terms.notice": "terms_notice",
    "terms.other": "terms_other",
    "contact_person": "contact_person",
}
CPR_PATH, ABSENCES_PATH = "trainee.cpr", "trainee.absences"
WAGE_PATHS = ("wage.basis", "wage.year1", "wage.year2")

# Which field an eligibility criterion that fails is about.
_CRITERION_PATHS = {
    "scheme_window": "start_date",
    "age": "trainee.cpr",
    "residence": "trainee.registered_since",
    "target_group": "trainee.target_group",
    "previous_igu": "trainee.previous_igu",
    "recent_employment": "trainee.recent_ordinary_employment",
}


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


@dataclass(frozen=True)
class Receipt:
    """What the receipt (kvittering) after submission shows."""

    agreement_id: int
    version: int
    submitted_at: datetime
    municipality: str
    next_steps: list[str]
    notices: list[Notice]


# --- reading the agreement -------------------------------------------------

def agreement_cpr(agreement: Agreement, full: bool) -> str | None:
    """The trainee's CPR number as typed on the agreement: DDMMYY-XXXX, or in
    full where the reader may see it (None while not typed)."""
    if agreement.trainee_cpr_encrypted is None:
        return None
    cpr = vault().decrypt(agreement.trainee_cpr_encrypted)
    return format_cpr(cpr) if full else mask_cpr(cpr)


def _plain_cpr(agreement: Agreement) -> str | None:
    """For rules and look-ups inside a use case; never for display."""
    if agreement.trainee_cpr_encrypted is None:
        return None
    return vault().decrypt(agreement.trainee_cpr_encrypted)


def draft_values(agreement: Agreement) -> dict[str, Any]:
    """The agreement's current values in the shape of AgreementChanges (dates,
    Decimals, booleans; None or "" where not given), for prefilling forms
    and listing answers. The CPR number is left out: see `agreement_cpr`."""
    values: dict[str, Any] = {}
    for path, column in _COLUMNS.items():
        value = getattr(agreement, column)
        _put(values, path, None if value == "" and path in _CODES else value)
    _put(values, ABSENCES_PATH, [{"from": date.fromisoformat(a["from"]),
                                  "to": date.fromisoformat(a["to"])}
                                 for a in agreement.absences or []])
    return values


# Codes kept as "" in their columns while not chosen; None in the values.
_CODES = frozenset({"collective_agreement", "wage.basis"})


def _put(values: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    for part in parents:
        values = values.setdefault(part, {})
    values[leaf] = value


def _get(values: dict[str, Any], path: str) -> Any:
    for part in path.split("."):
        if not isinstance(values, dict) or part not in values:
            return None
        values = values[part]
    return values


def _merge(current: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    merged = dict(current)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _present(values: dict[str, Any]) -> Callable[[str], bool]:
    def present(path: str) -> bool:
        value = _get(values, path)
        return value is not None and value != ""

    return present


def missing_fields(agreement: Agreement) -> list[str]:
    """Field paths still empty that submission needs."""
    values = draft_values(agreement)
    values["trainee"]["cpr"] = agreement.trainee_cpr_hash
    return agreement_rules.missing(_present(values))


def _facts(values: dict[str, Any], cpr: str | None) -> AgreementFacts:
    return AgreementFacts(
        start_date=_get(values, "start_date"),
        birth_date=cpr_birth_date(cpr) if cpr else None,
        registered_since=_get(values, "trainee.registered_since"),
        residence_permit_date=_get(values, "trainee.residence_permit.date"),
        weekly_hours=_get(values, "weekly_hours"),
        collective_agreement=_get(values, "collective_agreement"),
        wage_basis=_get(values, "wage.basis"),
        wage_year1=_get(values, "wage.year1"),
        wage_year2=_get(values, "wage.year2"))


def _findings(values: dict[str, Any], cpr: str | None, ruleset: RuleSet,
              ) -> agreement_rules.Findings:
    facts = _facts(values, cpr)
    course = ruleset.as_of(facts.start_date or clock.today()).course
    return agreement_rules.check(facts, course, wage_rates.table(), clock.today())


def _worded(problems: tuple[Problem, ...]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(problem.path, []).append(agreement_messages.problem_message(problem))
    return errors


def assess(agreement: Agreement, everywhere: bool = False) -> Assessment | None:
    """The eligibility of the trainee as typed on the agreement; None while
    facts are missing or contradict each other. A recorded IGU is looked for
    in the agreement's own company only, unless `everywhere` (the
    municipality's review, where a recorded IGU elsewhere is shown)."""
    cpr = _plain_cpr(agreement)
    if cpr is None or not _has_eligibility_facts(agreement):
        return None
    # A continuation is the same IGU: the trainee is judged as on the day the
    # course began, under its rule set, and its earlier agreements are not a
    # previous IGU.
    continued = course_chain.continued_agreements(agreement)
    course_start = (continued[-1].start_date if continued else None) or agreement.start_date
    ruleset_code = agreement.ruleset_code if continued else _assessed_under(agreement)
    assert course_start is not None  # _has_eligibility_facts
    try:
        return eligibility.check(eligibility.EligibilityRequest(
            facts=_eligibility_input(agreement, cpr, course_start), cpr=cpr,
            lookup_recorded_igu=True, ruleset=ruleset_code, exclude_agreement_id=agreement.id,
            same_igu_agreement_ids=tuple(a.id for a in continued),
            lookup_company_id=None if everywhere else agreement.company_id))
    except EligibilityInputError:
        return None  # the date rules say which dates contradict each other


def assess_as_listed(agreement: Agreement, recorded_elsewhere: bool) -> Assessment | None:
    """As `assess(agreement, everywhere=True)` for a course's first agreement,
    without a query: `recorded_elsewhere` (whether igu-admin holds another
    IGU for the person) is what the caller's own list query found. For lists
    of many agreements; a continuation needs its chain, so `assess`."""
    cpr = _plain_cpr(agreement)
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


def review(agreement: Agreement, everywhere: bool = False) -> Review:
    """What is missing, what breaks the rules (eligibility included), what to
    check, and the end date, for the agreement as it stands."""
    values = draft_values(agreement)
    values["trainee"]["cpr"] = agreement.trainee_cpr_hash
    assessment = assess(agreement, everywhere)
    ruleset = (assessment.ruleset if assessment is not None else
               rules_in_force.for_agreement(agreement))
    findings = _findings(values, _plain_cpr(agreement), ruleset)
    errors = _worded(findings.errors)
    if assessment is not None:
        for criterion in assessment.criteria:
            if not criterion.passed:
                errors.setdefault(_CRITERION_PATHS[criterion.code], []).append(
                    agreement_messages.eligibility_failure(criterion, assessment.ruleset))
    return Review(
        missing=agreement_rules.missing(_present(values)), errors=errors,
        warnings=[AgreementWarning(p.code, agreement_messages.problem_message(p), p.path)
                  for p in findings.warnings],
        assessment=assessment, end_date=_end_date(agreement, ruleset), ruleset=ruleset)


def _end_date(agreement: Agreement, ruleset: RuleSet) -> date | None:
    """The course's last day. Once sent, the one stored: set at submission and
    moved by approved extensions. A continuation keeps the end of the course
    it continues. A draft's follows from its start date and the rule set."""
    kept = agreement.status not in EDITABLE or agreement.continues_agreement_id is not None
    if kept and agreement.end_date is not None:
        return agreement.end_date
    start = agreement.start_date
    return None if start is None else agreement_rules.end_date(start, ruleset.as_of(start).course)


def check_lock(agreement: Agreement, lock_version: int | None) -> None:
    """A writer that read an older state may not overwrite a newer one."""
    ensure_current(agreement, lock_version)


# --- changing the draft ----------------------------------------------------

def _default_terms() -> dict[str, str]:
    """The terms a new draft starts with, for the employer to change. In
    Danish: the agreement is a Danish document whatever the reader's language."""
    with force_locale("da"):
        return {"holiday": gettext("According to the Holiday Act and the collective agreement."),
                "notice": gettext("According to the collective agreement.")}


def _defaults(actor: User) -> dict[str, Any]:
    """What a new draft is prefilled with from the account."""
    company = actor.company
    assert company is not None, "an employer always has a company"
    return draft_defaults(company, actor.name)


def draft_defaults(company: Company, contact_person: str) -> dict[str, Any]:
    """What a new draft for `company` starts with, for the employer to change:
    the company's address as the workplace, the contact person, default terms."""
    address = "\n".join(part for part in (
        company.address, f"{company.postal_code} {company.city}".strip()) if part)
    return {"contact_person": contact_person, "workplace_address": address,
            "terms": _default_terms()}


def _with_table_rates(agreement_values: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """Choosing an agreement from the table fills in its rates, unless the
    same change gives the wage itself (a manual rate)."""
    code = given.get("collective_agreement")
    rate = wage_rates.find(code)
    if rate is None or code == _get(agreement_values, "collective_agreement"):
        return given
    wage = dict(given.get("wage") or {})
    for key, value in (("basis", rate.basis), ("year1", rate.year1), ("year2", rate.year2)):
        wage.setdefault(key, value)
    return {**given, "wage": wage}


def _check_changes(agreement: Agreement, values: dict[str, Any], cpr: str | None,
                   paths: set[str]) -> None:
    """Refuse (InputErrors, nothing saved) a change that breaks a rule at a
    field it changes. Rules broken elsewhere (a start date that has passed
    since it was saved) are shown by review, and block submission only."""
    start = _get(values, "start_date")
    ruleset = rules_in_force.for_agreement(agreement, start)
    findings = _findings(values, cpr, ruleset)
    errors: dict[str, list[str]] = {}
    for problem in findings.errors:
        # Shown at the field changed: a rule between two fields is broken by
        # the one that changed, which may be on another step than `path`.
        where = next((p for p in (problem.path, *problem.related) if p in paths), None)
        if where is not None:
            errors.setdefault(where, []).append(agreement_messages.problem_message(problem))
    if errors:
        raise InputErrors(errors)


def _write(agreement: Agreement, given: dict[str, Any], paths: set[str]) -> None:
    for path in paths:
        value = _get(given, path)
        if path == CPR_PATH:
            agreement.trainee_cpr_encrypted = vault().encrypt(value)
            agreement.trainee_cpr_hash = vault().lookup_hash(value)
        elif path == ABSENCES_PATH:
            agreement.absences = [{"from": a["from"].isoformat(), "to": a["to"].isoformat()}
                                  for a in value]
        else:
            column = _COLUMNS[path]
            setattr(agreement, column, value)
    if agreement.continues_agreement_id is not None:
        return  # it keeps the end of the course it continues
    start = agreement.start_date
    if start is not None:
        ruleset = rules_in_force.for_agreement(agreement, start)
        agreement.end_date = agreement_rules.end_date(start, ruleset.as_of(start).course)
    else:
        agreement.end_date = None


def _record_step(agreement: Agreement, step: str | None) -> None:
    if not step:
        return
    if step not in STEPS:
        raise ValueError(f"unknown step {step!r}; steps: {', '.join(STEPS)}")
    reached = STEPS.index(agreement.step_reached) if agreement.step_reached in STEPS else -1
    if STEPS.index(step) > reached:
        agreement.step_reached = step


def _apply(agreement: Agreement, changes: AgreementChanges, step: str | None,
           defaults: dict[str, Any] | None = None) -> list[str]:
    """Check and write the changes; returns the paths written."""
    current = draft_values(agreement)
    # Only the fields (an AgreementPatch's lock_version is the caller's to check).
    given = changes.model_dump(exclude_unset=True, by_alias=True,
                               include=set(AgreementChanges.model_fields))
    if defaults:
        given = _merge(defaults, given)
    given = _with_table_rates(current, given)
    paths = {path for path in _leaf_paths(given)}
    values = _merge(current, given)
    cpr = _get(given, CPR_PATH) or _plain_cpr(agreement)
    _check_changes(agreement, values, cpr, paths)
    _write(agreement, given, paths)
    _record_step(agreement, step)
    return sorted(paths)


def _leaf_paths(values: dict[str, Any], prefix: str = "") -> list[str]:
    paths: list[str] = []
    for key, value in values.items():
        if isinstance(value, dict):
            paths += _leaf_paths(value, f"{prefix}{key}.")
        else:
            paths.append(prefix + key)
    return paths


def _ensure_employer_of(actor: User, agreement: Agreement | None = None) -> None:
    if actor.role != Role.EMPLOYER:
        raise PermissionDenied("agreement_edit")
    if actor.company_id is None:
        raise ServiceError("company_required", "company")
    if agreement is not None and agreement.company_id != actor.company_id:
        raise NotFound(str(agreement.id))


@use_case
def create_draft(actor: User, changes: AgreementChanges, step: str = "") -> Agreement:
    """A new draft for the employer's own company, from any subset of the
    fields; the company's address, the account's name as contact person and
    default terms fill what is not given. Refuses (InputErrors, nothing
    saved) values that break a rule."""
    _ensure_employer_of(actor)
    agreement = Agreement(company_id=actor.company_id, created_by_id=actor.id, absences=[],
                          status=AgreementStatus.DRAFT.value, step_reached="")
    paths = _apply(agreement, changes, step, defaults=_defaults(actor))
    db.session.add(agreement)
    db.session.flush()
    audit.record(actor, RecordKind.AGREEMENT.value, agreement.id, "created",
                 after={"status": agreement.status, "fields": paths})
    return agreement


@use_case
def update_draft(actor: User, agreement: Agreement, changes: AgreementChanges, lock_version: int,
                 step: str | None = None) -> Agreement:
    """Save changes to a draft (or an agreement sent back for changes) as last
    read at `lock_version`. Refuses a stale lock_version or another status
    (ConflictError) and values that break a rule (InputErrors); nothing is
    saved then. `step` records the furthest step of the guided flow reached."""
    _ensure_employer_of(actor, agreement)
    check_lock(agreement, lock_version)
    if agreement.status not in EDITABLE:
        raise ConflictError("status", kind=RecordKind.AGREEMENT.value, action="edit",
                            status=agreement.status)
    paths = _apply(agreement, changes, step)
    if paths:
        audit.record(actor, RecordKind.AGREEMENT.value, agreement.id, "updated",
                     after={"fields": paths})
    db.session.flush()
    return agreement


# --- submitting ------------------------------------------------------------

def _split_name(name: str) -> tuple[str, str]:
    first, _sep, last = name.strip().rpartition(" ")
    return (first or last)[:100], (last if first else "")[:100]


def _link_trainee(agreement: Agreement) -> Trainee:
    """The shared person record for the CPR number typed: found by its keyed
    hash, or made now from what this agreement typed. A record found is
    never changed: it may hold what another company typed."""
    found = db.session.scalar(select(Trainee).where(
        Trainee.cpr_hash == agreement.trainee_cpr_hash))
    if found is not None:
        return found
    cpr = _plain_cpr(agreement)
    assert cpr is not None and agreement.municipality_code is not None
    first, last = _split_name(agreement.trainee_name)
    return trainees.new_trainee(cpr, first, last, agreement.municipality_code)


@use_case
def submit(actor: User, agreement: Agreement, lock_version: int | None = None) -> AgreementVersion:
    """Send the agreement to the trainee's municipality as a new immutable
    version with its PDF, and its schooling plan with it when the plan is a
    draft the rules accept (schooling_plans.submit_with_agreement). Refuses a
    stale lock_version or a status that does not allow it (ConflictError),
    and an agreement that is incomplete, breaks a rule or whose trainee is
    not eligible (SubmissionRefused, every reason)."""
    check_lock(agreement, lock_version)
    ensure_allowed(agreement, RecordKind.AGREEMENT, Action.SUBMIT, actor)
    _ensure_employer_of(actor, agreement)
    result = review(agreement)
    if not result.ready or result.assessment is None:
        raise SubmissionRefused(result.refusals() or {
            "trainee": [agreement_messages.eligibility_unknown()]})
    agreement.ruleset_code = result.assessment.ruleset.code
    agreement.end_date = result.end_date
    agreement.trainee = _link_trainee(agreement)
    db.session.flush()
    change_status(agreement, RecordKind.AGREEMENT, Action.SUBMIT, actor)
    agreement.submitted_at = utcnow()
    version: AgreementVersion = documents.freeze(
        documents.AGREEMENT, actor, agreement.id, agreement.submitted_at,
        submitted_data(agreement), agreement_id=agreement.id)
    # Queued in this transaction, sent by the scheduler once it has committed.
    notifications.agreement_submitted(agreement)
    # A plan ready to go (a draft the rules accept) goes with the agreement,
    # in this transaction; one with errors waits to be submitted on its own.
    plans.submit_with_agreement(actor, agreement)
    return version


def submitted_data(agreement: Agreement) -> dict[str, Any]:
    """The agreement's fields as submitted, enough to render its PDF again
    without the draft. No CPR number: the trainee's id points to it."""
    return {
        "company_id": agreement.company_id,
        "trainee_id": agreement.trainee_id,
        "municipality_code": agreement.municipality_code,
        "ruleset": agreement.ruleset_code,
        "trainee_name": agreement.trainee_name,
        "trainee_address": agreement.trainee_address,
        "trainee_email": agreement.trainee_email,
        "trainee_phone": agreement.trainee_phone,
        "start_date": _iso(agreement.start_date),
        "job_title": agreement.job_title,
        "target_group": agreement.target_group,
        "residence_permit_kind": agreement.residence_permit_kind,
        "residence_permit_date": _iso(agreement.residence_permit_date),
        "registered_since": _iso(agreement.registered_since),
        "absences": list(agreement.absences or []),
        "previous_igu": agreement.previous_igu,
        "recent_ordinary_employment": agreement.recent_ordinary_employment,
        "end_date": _iso(agreement.end_date),
        "workplace_address": agreement.workplace_address,
        "tasks": agreement.tasks,
        "weekly_hours": _decimal(agreement.weekly_hours),
        "collective_agreement": agreement.collective_agreement,
        "wage_basis": agreement.wage_basis,
        "wage_rate_year1": _decimal(agreement.wage_rate_year1),
        "wage_rate_year2": _decimal(agreement.wage_rate_year2),
        "terms_holiday": agreement.terms_holiday,
        "terms_notice": agreement.terms_notice,
        "terms_other": agreement.terms_other,
        "contact_person": agreement.contact_person,
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)




@use_case
def withdraw(actor: User, agreement: Agreement, lock_version: int | None = None) -> None:
    """The employer takes the agreement back before the municipality decides."""
    check_lock(agreement, lock_version)
    ensure_allowed(agreement, RecordKind.AGREEMENT, Action.WITHDRAW, actor)
    _ensure_employer_of(actor, agreement)
    change_status(agreement, RecordKind.AGREEMENT, Action.WITHDRAW, actor)


def receipt(agreement: Agreement) -> Receipt:
    """The receipt for the agreement's latest submission."""
    if not agreement.versions:
        raise NotFound(str(agreement.id))
    version = agreement.versions[-1]
    municipality = (db.session.get(Municipality, agreement.municipality_code)
                    if agreement.municipality_code else None)
    name = municipality.name if municipality is not None else ""
    next_steps = [
        gettext("%(municipality)s Municipality's jobcenter reviews the agreement in igu-admin. "
                "You get a message when it is approved, or if something must be changed.",
                municipality=name),
        gettext("Print the agreement and sign it with the trainee before the course starts."),
        gettext("Register the agreement and, later, the schooling plan in VITAS on virk.dk."),
    ]
    start = agreement.start_date or clock.today()
    return Receipt(agreement_id=agreement.id, version=version.number,
                   submitted_at=version.submitted_at, municipality=name, next_steps=next_steps,
                   notices=notices_for(start, agreement.ruleset_code))
