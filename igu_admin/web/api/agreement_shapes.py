"""The agreement as the JSON API shows it: the response shapes, declared once
(the OpenAPI document is made from them), and agreement_out, which fills them
from a record. The agreement operations, the course's and the review's
answer with it."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field

from igu_admin.core import tenancy
from igu_admin.domain import signing
from igu_admin.domain.lifecycle import RecordKind, StartedBy, status_values
from igu_admin.inputs.agreement import TraineeLanguageCode
from igu_admin.inputs.types import OneOf
from igu_admin.models import Agreement, AgreementVersion, Role, User
from igu_admin.services import agreements, documents
from igu_admin.wording.eligibility_answer import Assessment

STAFF = (Role.EMPLOYER, Role.CASEWORKER, Role.FINANCE, Role.ADMIN)
EMPLOYER = (Role.EMPLOYER,)
# Who starts and changes drafts: the employer, and a jobcentre's caseworker
# the trainee part of a draft it started for a company.
STARTERS = (Role.EMPLOYER, Role.CASEWORKER)
PDF = "application/pdf"
AgreementStatusCode = Annotated[
    str, OneOf(lambda: status_values(RecordKind.AGREEMENT), "status_unknown",
               "The agreement's status.")]
StartedByCode = Annotated[
    str, OneOf(lambda: tuple(s.value for s in StartedBy), "invalid",
               "Who started the agreement.")]
NOT_FOUND = "No such agreement, or one outside the caller's tenancy."


def _amount(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount:.2f}"


class Period(BaseModel):
    from_: date = Field(alias="from")
    to: date


class ResidencePermitOut(BaseModel):
    kind: str
    date_: date | None = Field(alias="date")


class CompanyOut(BaseModel):
    cvr: str
    name: str
    employer_type: str = Field(description="private or public (public employers get no "
                                           "company bonus).")


class TraineeOut(BaseModel):
    """The trainee as typed on this agreement."""

    name: str
    cpr: str | None = Field(description=(
        "DDMMYY-XXXX for employers and finance officers (the agreement PDF carries it in "
        "full); in full for the municipality's caseworkers. Null while not typed."))
    address: str
    email: str
    phone: str
    municipality_code: str | None
    target_group: str | None
    residence_permit: ResidencePermitOut
    registered_since: date | None
    absences: list[Period]
    previous_igu: bool | None
    recent_ordinary_employment: bool | None


class WageOut(BaseModel):
    basis: str | None = Field(description="hourly or monthly")
    year1: str | None = Field(description="DKK, two decimals: \"12132.00\".")
    year2: str | None


class TermsOut(BaseModel):
    holiday: str
    notice: str
    other: str


class WarningOut(BaseModel):
    code: str
    message: str = Field(description="In the language of Accept-Language.")


class CaseworkerOut(BaseModel):
    """A caseworker of the municipality, as the case shows them."""

    id: int
    name: str


class ImportedOut(BaseModel):
    """The mark of a version an import made: it has no PDF."""

    on: date = Field(description="The day of the import.")
    by: str | None = Field(description="Who imported it; null from the command line.")


class VersionOut(BaseModel):
    number: int
    submitted_at: datetime
    pdf_sha256: str | None
    imported: ImportedOut | None = Field(default=None, description=(
        "Set for the version of a course imported from the municipality's own records: there "
        "is no PDF (its download answers 404 saying so)."))


class TerminationOut(BaseModel):
    """The course's early end, recorded at once, also for a later date."""

    model_config = ConfigDict(populate_by_name=True)

    date_: date = Field(alias="date", description=(
        "The last day of employment. The status is terminated from this day on; until then "
        "the course runs."))
    reason: str = Field(description="dismissal, resignation, company_closure or other.")
    note: str
    continued_by_cvr: str | None = Field(description=(
        "The company that continues the course (the time served counts), if one was named."))


class AgreementOut(BaseModel):
    """An IGU agreement as the caller may see it."""

    model_config = ConfigDict(populate_by_name=True)

    id: int
    status: AgreementStatusCode
    lock_version: int = Field(description="Send it back with a change; a stale one answers 409.")
    ruleset: str = Field(description="The rule set the agreement is judged under: for a draft, "
                                     "the one it would be submitted under now.")
    company: CompanyOut
    trainee: TraineeOut
    start_date: date | None
    end_date: date | None = Field(description=(
        "The course's last day: from the start date and the rule set, moved by approved "
        "extensions; never typed."))
    original_end_date: date | None = Field(description=(
        "The end before approved extensions moved it (equal to end_date without any)."))
    workplace_address: str
    job_title: str
    tasks: str
    weekly_hours: str | None = Field(description="Hours a week: \"37.00\".")
    collective_agreement: str | None = Field(description=(
        "A code from GET /api/v1/wage-rates, or \"other\"."))
    wage: WageOut
    terms: TermsOut
    contact_person: str
    eligibility: Assessment | None = Field(description=(
        "The assessment from the facts on the agreement, as POST /eligibility answers it; "
        "null while facts are missing."))
    missing: list[str] = Field(description="Field paths still needed to submit.")
    warnings: list[WarningOut] = Field(description=(
        "Points to check that do not block submission, e.g. a wage below the chosen "
        "agreement's rate."))
    versions: list[VersionOut]
    started_by: StartedByCode = Field(description=(
        "Who started the agreement: `employer` (the company), `municipality` (a jobcentre, "
        "for the company: the trainee part is then the jobcentre's until submission) or "
        "`import` (a course the municipality ran before it used igu-admin)."))
    started_by_municipality_code: str | None = Field(description=(
        "The municipality whose jobcentre started the agreement; null unless `started_by` "
        "is `municipality`."))
    termination: TerminationOut | None = Field(description=(
        "The recorded early end, or null."))
    continues_agreement_id: int | None = Field(description=(
        "For an agreement continuing a course that ended early in another company: the "
        "agreement it continues (the same IGU). Not readable by the continuing company."))
    integration_programme_start: date | None = Field(description=(
        "The first day of the trainee's integration programme, as the municipality's "
        "caseworker recorded it; null while not recorded."))
    assigned_caseworker: CaseworkerOut | None = Field(description=(
        "The caseworker who has taken the case; null while nobody has."))
    signed_on: date | None = Field(description=(
        "The day both parties signed, as the employer recorded it after approval."))
    registered_on: date | None = Field(description=(
        "The day the agreement was registered in VITAS, as the employer recorded it."))
    registration_deadline: date | None = Field(description=(
        "The last day to register the agreement in VITAS: the rule set's months from the "
        "start (the day before the same date a month later). Null without a start date. A "
        "later registration is recorded as it happened."))
    trainee_language: TraineeLanguageCode | None = Field(description=(
        "The language of the trainee's own copy (\"Din IGU\"): ar, fa, ti, so, uk or en; "
        "null while none is chosen. Not a term of the agreement: changing it (PUT "
        "/agreements/{id}/trainee-language, in any status) makes no new version."))


class SubmittedOut(AgreementOut):
    """The agreement as submitted, and the version the submission made."""

    version: VersionOut


class AgreementPage(BaseModel):
    items: list[AgreementOut]
    next: str | None = Field(description="The URL of the next page, or null on the last.")


class AgreementQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: AgreementStatusCode | None = None
    limit: Annotated[int, Field(ge=1, le=500)] = 50
    after: Annotated[int, Field(ge=1, le=tenancy.MAX_ID,
                                description="The cursor from `next`.")] | None = None


class WageRateOut(BaseModel):
    code: str = Field(description="The value for an agreement's collective_agreement.")
    title: str = Field(description="In the language of Accept-Language.")
    basis: str = Field(description="hourly or monthly")
    year1: str = Field(description="DKK, two decimals.")
    year2: str
    valid_from: date | None
    valid_to: date | None = Field(description="After this date, check the current rate.")
    source: str
    note: str | None


class WageRatePage(BaseModel):
    items: list[WageRateOut]
    next: str | None = Field(description="Always null: the table is one page.")


def version_out(version: AgreementVersion) -> VersionOut:
    return VersionOut.model_validate(_version(version))


def _version(version: AgreementVersion, imported: bool = False) -> dict[str, Any]:
    """`imported`: the agreement was started by an import; only then is the
    version's data read for its mark (lists leave the data unloaded)."""
    return {"number": version.number, "submitted_at": version.submitted_at,
            "pdf_sha256": version.pdf_sha256,
            "imported": documents.imported_mark(version)
            if imported and version.pdf_sha256 is None else None}


def agreements_out(rows: list[Agreement]) -> list[AgreementOut]:
    """A page of records, as GET /{id} shows each: what they need beyond
    their own columns found for all of them at once (agreements.known_for)."""
    known = agreements.known_for(rows, everywhere=_everywhere())
    return [agreement_out(agreement, known) for agreement in rows]


def _everywhere() -> bool:
    # The municipality's review looks for a recorded IGU everywhere; the
    # employer only in its own company.
    return Role(current_user.role) in (Role.CASEWORKER, Role.ADMIN)


def agreement_out(agreement: Agreement, known: agreements.Known | None = None) -> AgreementOut:
    if known is None:
        known = agreements.known_for([agreement], everywhere=_everywhere())
    # One validation of the whole record from plain values (pydantic's core
    # walks it at once): building each nested model on its own cost a page of
    # 100 records most of its time.
    return AgreementOut.model_validate(_record(agreement, known, Role(current_user.role)))


def _record(agreement: Agreement, known: agreements.Known, role: Role) -> dict[str, Any]:
    parts = agreements.record_parts(agreement, known)
    values = agreements.draft_values(agreement)
    trainee, wage = values["trainee"], values["wage"]
    company = agreement.company
    return {
        "id": agreement.id, "status": agreement.status, "lock_version": agreement.lock_version,
        "ruleset": parts.ruleset.code,
        "company": {"cvr": company.cvr, "name": company.name,
                    "employer_type": "private" if company.is_private else "public"},
        "trainee": {
            "name": trainee["name"] or "",
            "cpr": agreements.shown_cpr(agreement, known, full=role is Role.CASEWORKER),
            "address": trainee["address"] or "", "email": trainee["email"] or "",
            "phone": trainee["phone"] or "", "municipality_code": trainee["municipality_code"],
            "target_group": trainee["target_group"],
            "residence_permit": {"kind": trainee["residence_permit"]["kind"] or "",
                                 "date": trainee["residence_permit"]["date"]},
            "registered_since": trainee["registered_since"],
            "absences": trainee["absences"],
            "previous_igu": trainee["previous_igu"],
            "recent_ordinary_employment": trainee["recent_ordinary_employment"]},
        "start_date": agreement.start_date, "end_date": parts.end_date,
        "original_end_date": agreements.original_end(agreement, known, parts.end_date),
        "workplace_address": agreement.workplace_address or "",
        "job_title": agreement.job_title or "", "tasks": agreement.tasks or "",
        "weekly_hours": _amount(agreement.weekly_hours),
        "collective_agreement": values["collective_agreement"],
        "wage": {"basis": wage["basis"], "year1": _amount(wage["year1"]),
                 "year2": _amount(wage["year2"])},
        "terms": {k: v or "" for k, v in values["terms"].items()},
        "contact_person": agreement.contact_person or "",
        "eligibility": parts.eligibility,
        "missing": parts.missing,
        "warnings": [{"code": code, "message": message} for code, message in parts.warnings],
        "versions": [_version(v, agreement.started_by == StartedBy.IMPORT.value)
                     for v in agreement.versions],
        "started_by": agreement.started_by,
        "started_by_municipality_code": agreement.started_by_municipality_code,
        "termination": _termination(agreement),
        "continues_agreement_id": agreement.continues_agreement_id,
        "integration_programme_start": agreement.integration_programme_start,
        "assigned_caseworker": _caseworker(agreement.assigned_caseworker),
        "signed_on": agreement.signed_on, "registered_on": agreement.registered_on,
        "registration_deadline": None if agreement.start_date is None else
        signing.registration_deadline(agreement.start_date,
                                      parts.ruleset.as_of(agreement.start_date).course),
        "trainee_language": agreement.trainee_language}


def _caseworker(user: User | None) -> dict[str, Any] | None:
    return None if user is None else {"id": user.id, "name": user.name or user.email}


def _termination(agreement: Agreement) -> dict[str, Any] | None:
    if agreement.termination_date is None:
        return None
    return {"date": agreement.termination_date, "reason": agreement.termination_reason or "",
            "note": agreement.termination_note or "",
            "continued_by_cvr": agreement.continued_by_cvr}
