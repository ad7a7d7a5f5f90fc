"""The trainee's copy ("Din IGU", issue 21): the facts it states, gathered
from the agreement, its approved amendments, its schooling plan, its rule
set, the follow-up (the mentor, the check-ins) and the course's extensions;
and its download, recorded like every document's.

The terms are the agreement's as they stand after every approved amendment
(tillæg), also one whose day has not come yet: the copy is the trainee's
picture of the course, and the key dates say from when a change holds.
Bonus dates are not the trainee's and are left out.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from igu_admin.core import plan_snapshot, rules_in_force
from igu_admin.core.course import extensions_of
from igu_admin.core.errors import ConflictError
from igu_admin.core.unit_of_work import use_case
from igu_admin.documents import trainee_copy_pdf
from igu_admin.documents.trainee_copy_pdf import (
    Contact,
    ExtensionGround,
    KeyDate,
    SchoolingElement,
    TraineeCopyFacts,
)
from igu_admin.domain.dates import add_months
from igu_admin.domain.lifecycle import (
    AgreementStatus,
    AmendmentStatus,
    ExtensionStatus,
    RecordKind,
)
from igu_admin.domain.rule_parts import SchoolingRule
from igu_admin.domain.schooling import PlanElement, counted_hours, element_weeks, weeks_of
from igu_admin.extensions import db
from igu_admin.models import Agreement, AgreementAmendment, Role, User
from igu_admin.models.base import utcnow
from igu_admin.services import agreements, course, documents, follow_up
from igu_admin.services.trainee_copy import review_state

DOCUMENT = "trainee_copy"
# Months from the start to the second year of the course, when the wage for year 2 holds.
# (The agreement's wage years are years of employment, not a value of the act.)
YEAR_TWO_MONTHS = 12


def available(agreement: Agreement) -> bool:
    """From submission on: a draft has no copy for the trainee yet."""
    return agreement.status != AgreementStatus.DRAFT.value


def ensure_available(agreement: Agreement) -> None:
    """ConflictError (409) for a draft."""
    if not available(agreement):
        raise ConflictError("status", kind=RecordKind.AGREEMENT.value, action="trainee_copy",
                            status=agreement.status)


def facts(agreement: Agreement, lang: str) -> TraineeCopyFacts:
    """What the copy states about `agreement` (submitted or later)."""
    # A submitted agreement has its period; one sent back for changes may
    # have lost a date in the employer's hands: shown as "-", no key dates.
    start, end = agreement.start_date, agreement.end_date
    ruleset = rules_in_force.in_force_for(agreement)
    approved = [a for a in agreements.amendments.amendments_of(agreement)
                if a.status == AmendmentStatus.APPROVED.value]
    # Every approved change applied, also one whose day is still to come.
    terms = agreements.amendments.terms_on(agreement, date.max)
    company = agreement.company
    rule = ruleset.schooling
    schooling, elements = _schooling(agreement, rule)
    return TraineeCopyFacts(
        agreement_id=agreement.id, trainee_name=agreement.trainee_name or "",
        company_name=company.name, company_cvr=company.cvr,
        company_address=tuple(line for line in (company.address.strip(),
                                                f"{company.postal_code} {company.city}".strip())
                              if line),
        municipality=agreement.municipality.name if agreement.municipality else "",
        first_day=start, last_day=agreement.termination_date or end,
        workplace=terms.get("workplace_address") or "", job_title=terms.get("job_title") or "",
        weekly_hours=_decimal(terms.get("weekly_hours")),
        wage_basis=terms.get("wage.basis") or "",
        wage_year1=_decimal(terms.get("wage.year1")), wage_year2=_decimal(terms.get("wage.year2")),
        amended=bool(approved),
        schooling=schooling,
        counted_weeks=weeks_of(counted_hours(elements, rule), Decimal(rule.hours_per_week)),
        required_weeks=rule.weeks,
        extension_grounds=None if ruleset.extension is None else tuple(
            ExtensionGround(code=g.code, mandatory=g.mandatory,
                            limited_to_absence=g.limited_to_absence,
                            min_continuous_weeks_over=g.min_continuous_weeks_over)
            for g in ruleset.extension.grounds),
        contacts=_contacts(agreement, terms.get("contact_person") or ""),
        key_dates=(_key_dates(agreement, start, end, approved)
                   if start is not None and end is not None else ()),
        drafted=review_state.has_drafted(lang), issued_at=utcnow())


def _schooling(agreement: Agreement, rule: SchoolingRule) -> tuple[tuple[SchoolingElement, ...],
                                                            list[PlanElement]]:
    """The plan's elements as the municipality last approved them (as the
    certificate reads them): a change after the approval is not schooling
    anyone agreed to."""
    rows: list[SchoolingElement] = []
    elements: list[PlanElement] = []
    for item in course.approved_schooling(agreement):
        element = plan_snapshot.elements([dict(item)])[0]
        counted = None
        if element.hours is not None and element.hours > 0:
            elements.append(element)
            counted = element_weeks(element, rule)
        rows.append(SchoolingElement(kind=element.kind, title=str(item.get("title") or ""),
                                     provider=str(item.get("provider") or ""),
                                     start=element.start, end=element.end,
                                     counted_weeks=counted))
    return tuple(rows), elements


def _contacts(agreement: Agreement, contact_person: str) -> tuple[Contact, ...]:
    """The caseworker who has the case (else the one who decided it, else the
    jobcentre), the mentor where there is one, the employer's contact person."""
    caseworker = agreement.assigned_caseworker
    if caseworker is None and agreement.decided_by_id is not None:
        decider = db.session.get(User, agreement.decided_by_id)
        caseworker = decider if decider is not None and decider.role == Role.CASEWORKER else None
    municipality = agreement.municipality.name if agreement.municipality else ""
    found = [Contact("caseworker", caseworker.name or caseworker.email,
                     email=caseworker.email, municipality=municipality)
             if caseworker is not None else Contact("caseworker", "", municipality=municipality)]
    mentor = follow_up.mentor_of(agreement)
    if mentor is not None:
        found.append(Contact("mentor", mentor.get("name") or "",
                             organisation=mentor.get("organisation") or "",
                             phone=mentor.get("phone") or "", email=mentor.get("email") or ""))
    found.append(Contact("employer", contact_person or agreement.company.name,
                         organisation=agreement.company.name if contact_person else ""))
    return tuple(found)


def _key_dates(agreement: Agreement, start: date, end: date,
               approved: list[AgreementAmendment]) -> tuple[KeyDate, ...]:
    last = agreement.termination_date or end
    found = [KeyDate(start, "start")]
    year_two = add_months(start, YEAR_TWO_MONTHS)
    if year_two <= last:
        found.append(KeyDate(year_two, "year_two"))
    found += [KeyDate(day, "check_in") for months in follow_up.months_for(agreement)
              if start < (day := add_months(start, months)) <= last]
    found += [KeyDate(a.effective_from, "amendment", a.number) for a in approved]
    found += [KeyDate(e.first_day, "extension", e.number)
              for e in extensions_of(agreement)
              if e.status == ExtensionStatus.APPROVED.value]
    if agreement.termination_date is not None:
        found.append(KeyDate(agreement.termination_date, "termination"))
    else:
        found.append(KeyDate(end, "end"))
    return tuple(found)


def _decimal(value: object) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def render(agreement: Agreement, lang: str) -> bytes:
    """The copy in `lang`, not recorded (the benchmark's and the tests' way in)."""
    return trainee_copy_pdf.trainee_copy_pdf(facts(agreement, lang), lang)


@use_case
def download_trainee_copy(actor: User, agreement: Agreement, lang: str) -> documents.Download:
    """The trainee's copy in `lang`, recorded as a download of the agreement.
    ConflictError (409) for a draft. The caller has loaded the agreement
    within the actor's tenancy and checked `lang`."""
    ensure_available(agreement)
    content = render(agreement, lang)
    return documents.record_download(actor, agreement.id, documents.Download(
        content, trainee_copy_pdf.filename(agreement.id, lang), document=DOCUMENT), lang=lang)
