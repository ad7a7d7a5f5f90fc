"""Drafting an agreement: a draft the employer fills in over several steps
(or through the API), from any subset of the fields, every change checked
before it is saved.

The trainee as typed stays on the agreement (name, CPR, address, contact and
the facts for eligibility): a draft never shows or changes what another
company typed about the same person. The shared Trainee record is linked,
by the CPR number's keyed hash, only when the agreement is submitted.
"""

from __future__ import annotations

from typing import Any

from flask_babel import force_locale, gettext

from igu_admin.core import audit, clock, rules_in_force, wage_rates
from igu_admin.core.cpr_vault import vault
from igu_admin.core.errors import (
    ConflictError,
    NotFound,
    PermissionDenied,
    RulesRefused,
    ServiceError,
)
from igu_admin.core.locking import ensure_current
from igu_admin.core.unit_of_work import use_case
from igu_admin.domain import agreement_rules
from igu_admin.domain.identifiers import cpr_sex
from igu_admin.domain.lifecycle import AgreementStatus, RecordKind, StartedBy
from igu_admin.extensions import db
from igu_admin.inputs.agreement import AgreementChanges, given_paths
from igu_admin.inputs.errors import InputErrors
from igu_admin.models import (
    Agreement,
    Company,
    Role,
    User,
)
from igu_admin.services.agreements.checks import rule_findings
from igu_admin.services.agreements.fields import (
    ABSENCES_PATH,
    COLUMNS,
    CPR_PATH,
    EDITABLE,
    STEPS,
    changed_values,
    draft_values,
    leaf_paths,
    merged_values,
    plain_cpr,
    submitted_data,
    value_at,
)
from igu_admin.wording import agreement as agreement_messages

# The part of the agreement a jobcentre that started it fills in and keeps.
TRAINEE_PART = "trainee"


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
    # One line, as the workplace field is one line: "Bagergade 1, 1000 København K".
    address = ", ".join(part for part in (
        company.address, f"{company.postal_code} {company.city}".strip()) if part)
    return {"contact_person": contact_person, "workplace_address": address,
            "terms": _default_terms()}


def _with_table_rates(agreement_values: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """Choosing an agreement from the table fills in its rates, unless the
    same change gives the wage itself (a manual rate), and only a rate current
    on the start date (today while there is none): an expired rate, or one of
    no stated period, is never filled in (the review asks for the agreed rate)."""
    code = given.get("collective_agreement")
    start = value_at(given, "start_date") or value_at(agreement_values, "start_date")
    rate = wage_rates.current(code, start or clock.today())
    if rate is None or code == value_at(agreement_values, "collective_agreement"):
        return given
    wage = dict(given.get("wage") or {})
    for key, value in (("basis", rate.basis), ("year1", rate.year1), ("year2", rate.year2)):
        wage.setdefault(key, value)
    return {**given, "wage": wage}


def check_changes(agreement: Agreement, values: dict[str, Any], cpr: str | None,
                   paths: set[str]) -> None:
    """Refuse (InputErrors, nothing saved) a change that breaks a rule at a
    field it changes. Rules broken elsewhere (a start date that has passed
    since it was saved) are shown by review, and block submission only."""
    start = value_at(values, "start_date")
    ruleset = rules_in_force.for_agreement(agreement, start)
    findings = rule_findings(values, cpr, ruleset)
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
        value = value_at(given, path)
        if path == CPR_PATH:
            agreement.trainee_cpr_encrypted = vault().encrypt(value)
            agreement.trainee_cpr_hash = vault().lookup_hash(value)
            agreement.trainee_sex = cpr_sex(value)
        elif path == ABSENCES_PATH:
            agreement.absences = [{"from": a["from"].isoformat(), "to": a["to"].isoformat()}
                                  for a in value]
        else:
            column = COLUMNS[path]
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


def apply_changes(agreement: Agreement, changes: AgreementChanges, step: str | None,
           defaults: dict[str, Any] | None = None) -> list[str]:
    """Check and write the changes; returns the paths written."""
    current = draft_values(agreement)
    # Only the fields (an AgreementPatch's lock_version is the caller's to check).
    given = changes.model_dump(exclude_unset=True, by_alias=True,
                               include=set(AgreementChanges.model_fields))
    if defaults:
        given = merged_values(defaults, given)
    given = _with_table_rates(current, given)
    paths = {path for path in leaf_paths(given)}
    values = merged_values(current, given)
    cpr = value_at(given, CPR_PATH) or plain_cpr(agreement)
    check_changes(agreement, values, cpr, paths)
    _write(agreement, given, paths)
    _record_step(agreement, step)
    return sorted(paths)


def is_started_by_municipality(agreement: Agreement) -> bool:
    return agreement.started_by == StartedBy.MUNICIPALITY.value


def in_trainee_part(path: str) -> bool:
    """The trainee part of an agreement (`trainee.*`): the person and the
    facts for eligibility, the jobcentre's on a draft it started."""
    return path == TRAINEE_PART or path.startswith(TRAINEE_PART + ".")


def refuse_trainee_part(agreement: Agreement, changes: AgreementChanges) -> None:
    """An employer's change to a draft the jobcentre started may not touch
    the trainee part (RulesRefused, 422, at each path given): it is the
    jobcentre's, to be asked for in a comment."""
    if not is_started_by_municipality(agreement):
        return
    inside = sorted(p for p in given_paths(changes) if in_trainee_part(p))
    if inside:
        message = agreement_messages.trainee_part_jobcentre()
        raise RulesRefused({path: [message] for path in inside})


def ensure_employer_of(actor: User, agreement: Agreement | None = None) -> None:
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
    ensure_employer_of(actor)
    agreement = Agreement(company_id=actor.company_id, created_by_id=actor.id, absences=[],
                          status=AgreementStatus.DRAFT.value, step_reached="")
    paths = apply_changes(agreement, changes, step, defaults=_defaults(actor))
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
    ensure_employer_of(actor, agreement)
    refuse_trainee_part(agreement, changes)
    ensure_current(agreement, lock_version)
    if agreement.status not in EDITABLE:
        raise ConflictError("status", kind=RecordKind.AGREEMENT.value, action="edit",
                            status=agreement.status)
    change_and_record(actor, agreement, changes, step)
    return agreement


def change_and_record(actor: User, agreement: Agreement, changes: AgreementChanges,
                      step: str | None, **noted: str) -> list[str]:
    """`changes` applied to a draft (see apply_changes) with their audit
    event, `noted` added to what it records; the paths changed."""
    earlier, cpr_hash = submitted_data(agreement), agreement.trainee_cpr_hash
    paths = apply_changes(agreement, changes, step)
    if paths:
        # Field by field, what it held and holds now, and the paths given; a
        # CPR number is never kept, only whether another was typed.
        before, after = changed_values(earlier, submitted_data(agreement))
        audit.record(actor, RecordKind.AGREEMENT.value, agreement.id, "updated",
                     before={"values": before}, after={
                         "fields": paths, "values": after, **noted,
                         "cpr_changed": agreement.trainee_cpr_hash != cpr_hash})
    db.session.flush()
    return paths
