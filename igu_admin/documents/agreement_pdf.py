"""The agreement as a PDF: a draft's preview marked UDKAST on every page, a
submitted version's PDF (services/documents renders it once, when the
version is made, and serves it from storage), and the approved copy: the
approved version rendered again with the municipality's approval stamped in.

A version's PDF is made from the version's stored data plus the records it
points to (company, trainee, municipality), never from the live draft, so a
later edit of the agreement cannot change what was submitted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import flask_babel
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from flask import current_app

from igu_admin.core import rules_in_force, wage_rates
from igu_admin.core.cpr_vault import vault
from igu_admin.documents.render import DocumentInfo, html_to_pdf, render_html
from igu_admin.domain.identifiers import format_cpr
from igu_admin.domain.rule_parts import Part
from igu_admin.domain.rulesets import RuleSet
from igu_admin.extensions import db
from igu_admin.models import (
    Agreement,
    AgreementVersion,
    Company,
    Municipality,
    Trainee,
)
from igu_admin.models.base import utcnow
from igu_admin.wording.dates import date_pattern

TEMPLATE = "agreement.html"
DANISH = "da"
# English words with Danish numbers and money: the trainee lives with both.
NUMBER_LOCALES = {"da": "da_DK", "en": "en_DK"}


@dataclass(frozen=True)
class Approval:
    """The municipality's approval in igu-admin, for the PDF's approval block."""

    municipality: str  # as it names itself: "Københavns Kommune"
    approved_on: date
    caseworker: str = ""


@dataclass(frozen=True)
class Content:
    """The agreement's own fields, typed, from a draft or from a version's data.
    The trainee is the one typed on the agreement; the CPR number comes from
    the draft (encrypted) or, for a version, from the trainee record it was
    linked to at submission (the same number, found by its keyed hash)."""

    agreement_id: int
    company_id: int
    trainee_name: str
    trainee_address: str
    trainee_cpr_encrypted: bytes | None
    municipality_code: str | None
    start_date: date | None
    end_date: date | None
    workplace_address: str
    job_title: str
    tasks: str
    weekly_hours: Decimal | None
    collective_agreement: str
    wage_basis: str
    wage_rate_year1: Decimal | None
    wage_rate_year2: Decimal | None
    terms_holiday: str
    terms_notice: str
    terms_other: str
    contact_person: str

    @classmethod
    def of_agreement(cls, agreement: Agreement) -> Content:
        return cls(
            agreement_id=agreement.id, company_id=agreement.company_id,
            trainee_name=agreement.trainee_name or "",
            trainee_address=agreement.trainee_address or "",
            trainee_cpr_encrypted=agreement.trainee_cpr_encrypted,
            municipality_code=agreement.municipality_code,
            start_date=agreement.start_date, end_date=agreement.end_date,
            workplace_address=agreement.workplace_address or "", job_title=agreement.job_title or "",
            tasks=agreement.tasks or "", weekly_hours=agreement.weekly_hours,
            collective_agreement=agreement.collective_agreement or "",
            wage_basis=agreement.wage_basis or "", wage_rate_year1=agreement.wage_rate_year1,
            wage_rate_year2=agreement.wage_rate_year2, terms_holiday=agreement.terms_holiday or "",
            terms_notice=agreement.terms_notice or "", terms_other=agreement.terms_other or "",
            contact_person=agreement.contact_person or "")

    @classmethod
    def of_version(cls, version: AgreementVersion) -> Content:
        data = version.data
        trainee = db.session.get(Trainee, data["trainee_id"]) if data.get("trainee_id") else None
        if "trainee_name" in data:
            name, address = data["trainee_name"] or "", data.get("trainee_address") or ""
        else:  # versions submitted before the trainee was kept as typed
            name = trainee.full_name if trainee else ""
            address = "\n".join(_address(trainee.address, trainee.postal_code, trainee.city)
                                 if trainee else ())
        return cls(
            agreement_id=version.agreement_id, company_id=data["company_id"],
            trainee_name=name, trainee_address=address,
            trainee_cpr_encrypted=trainee.cpr_encrypted if trainee else None,
            municipality_code=data.get("municipality_code"),
            start_date=_day(data.get("start_date")), end_date=_day(data.get("end_date")),
            workplace_address=data.get("workplace_address") or "",
            job_title=data.get("job_title") or "", tasks=data.get("tasks") or "",
            weekly_hours=_amount(data.get("weekly_hours")),
            collective_agreement=data.get("collective_agreement") or "",
            wage_basis=data.get("wage_basis") or "",
            wage_rate_year1=_amount(data.get("wage_rate_year1")),
            wage_rate_year2=_amount(data.get("wage_rate_year2")),
            terms_holiday=data.get("terms_holiday") or "", terms_notice=data.get("terms_notice") or "",
            terms_other=data.get("terms_other") or "", contact_person=data.get("contact_person") or "")


@dataclass(frozen=True)
class CompanyBlock:
    name: str
    cvr: str
    address_lines: tuple[str, ...]
    contact_person: str


@dataclass(frozen=True)
class TraineeBlock:
    name: str | None
    cpr: str | None
    address_lines: tuple[str, ...]
    municipality: str | None


@dataclass(frozen=True)
class ApprovalBlock:
    municipality: str
    approved_on: str
    caseworker: str


@dataclass(frozen=True)
class AgreementDocument:
    """What agreement.html shows: display strings in the document's language,
    None where a draft has nothing yet (the template draws a line to fill in)."""

    number: str
    version: int | None
    draft: bool
    issued_on: str
    submitted_on: str | None
    company: CompanyBlock
    trainee: TraineeBlock
    start: str | None
    end: str | None
    workplace: str
    job_title: str
    tasks: str
    weekly_hours: str | None
    collective_agreement: str
    wage_basis: str
    wage_year1: str | None
    wage_year2: str | None
    terms_holiday: str
    terms_notice: str
    terms_other: str
    duration_months: str
    min_workplace_hours: str
    max_total_hours: str
    course_reference: str
    schooling_weeks: str
    schooling_hours_per_week: str
    schooling_total_hours: str
    schooling_reference: str
    ruleset_title: str
    ruleset_source: str
    approval: ApprovalBlock | None


def agreement_number(agreement_id: int) -> str:
    """The number an agreement goes by on paper."""
    return str(agreement_id)


def preview_pdf(agreement: Agreement, lang: str = DANISH) -> bytes:
    """The agreement as it stands, marked UDKAST on every page. Rendered on
    each call: a draft changes, and a preview is never stored."""
    return html_to_pdf(_html(Content.of_agreement(agreement), rules_in_force.in_force_for(agreement),
                             lang=lang, version=None,
                             created=utcnow(), approval=None))


def render_version(version: AgreementVersion, lang: str = DANISH,
                   approval: Approval | None = None) -> bytes:
    """A version rendered from its stored data and the records it points to:
    for its stored PDF and the approved copy. (The trainee reads the
    agreement in the trainee's copy, documents/trainee_copy_pdf.py.)"""
    return html_to_pdf(version_html(version, lang, approval))


def version_html(version: AgreementVersion, lang: str = DANISH,
                 approval: Approval | None = None) -> str:
    """The HTML a version's PDF is made of (the benchmark renders it bare too)."""
    content = Content.of_version(version)
    ruleset = rules_in_force.of_version(version.data["ruleset"], content.start_date)
    created = version.submitted_at or utcnow()
    return _html(content, ruleset, lang=lang, version=version.number, created=created,
                 approval=approval)


def _html(content: Content, ruleset: RuleSet, *, lang: str, version: int | None,
          created: datetime, approval: Approval | None) -> str:
    company = db.session.get(Company, content.company_id)
    assert company is not None, "an agreement always has its company"
    with flask_babel.force_locale(lang):
        doc = _document(content, ruleset, company, lang=lang, version=version,
                        created=created, approval=approval)
        title = _title(doc)
    info = DocumentInfo(title=title, lang=lang, author=company.name, created=_local(created),
                        draft=doc.draft)
    return render_html(TEMPLATE, {"doc": doc}, info)


def _document(content: Content, ruleset: RuleSet, company: Company, *,
              lang: str, version: int | None, created: datetime,
              approval: Approval | None) -> AgreementDocument:
    numbers = NUMBER_LOCALES.get(lang, NUMBER_LOCALES[DANISH])

    def day(value: date | None) -> str | None:
        return format_date(value, date_pattern("long", numbers), locale=numbers) if value else None

    def money(value: Decimal | None) -> str | None:
        return None if value is None else format_currency(value, "DKK", locale=numbers)

    def number(value: int | Decimal) -> str:
        return format_decimal(value, locale=numbers)

    municipality = (db.session.get(Municipality, content.municipality_code)
                    if content.municipality_code else None)
    schooling, course = ruleset.schooling, ruleset.course
    return AgreementDocument(
        number=agreement_number(content.agreement_id), version=version, draft=version is None,
        issued_on=str(day(_local(created).date())),
        submitted_on=None if version is None else day(_local(created).date()),
        company=CompanyBlock(
            name=company.name, cvr=company.cvr,
            address_lines=_address(company.address, company.postal_code, company.city),
            contact_person=content.contact_person),
        trainee=TraineeBlock(
            name=content.trainee_name or None,
            cpr=(format_cpr(vault().decrypt(content.trainee_cpr_encrypted))
                 if content.trainee_cpr_encrypted else None),
            address_lines=_lines(content.trainee_address),
            municipality=municipality.name if municipality else None),
        start=day(content.start_date), end=day(content.end_date),
        workplace=content.workplace_address, job_title=content.job_title, tasks=content.tasks,
        weekly_hours=None if content.weekly_hours is None else number(content.weekly_hours),
        collective_agreement=_agreement_name(content.collective_agreement, lang),
        wage_basis=content.wage_basis,
        wage_year1=money(content.wage_rate_year1), wage_year2=money(content.wage_rate_year2),
        terms_holiday=content.terms_holiday, terms_notice=content.terms_notice,
        terms_other=content.terms_other,
        duration_months=number(course.duration_months),
        min_workplace_hours=number(course.min_average_workplace_hours),
        max_total_hours=number(course.max_average_total_hours),
        course_reference=_sources(course, "min_average_workplace_hours",
                                  "max_average_total_hours"),
        schooling_weeks=number(schooling.weeks),
        schooling_hours_per_week=number(schooling.hours_per_week),
        schooling_total_hours=number(schooling.weeks * schooling.hours_per_week),
        schooling_reference=_sources(schooling, "weeks", "hours_per_week"),
        ruleset_title=ruleset.title(lang), ruleset_source=ruleset.source,
        approval=None if approval is None else ApprovalBlock(
            municipality=approval.municipality, approved_on=str(day(approval.approved_on)),
            caseworker=approval.caseworker))


def _title(doc: AgreementDocument) -> str:
    if doc.draft:
        return flask_babel.gettext(
            "Agreement on integration basic education (IGU), no. %(number)s, draft",
            number=doc.number)
    return flask_babel.gettext(
        "Agreement on integration basic education (IGU), no. %(number)s, version %(version)s",
        number=doc.number, version=doc.version)


def _sources(part: Part, *values: str) -> str:
    """The references of the values a sentence states, each as sure as its
    source: guidance reads "Vejledning …", an unverified value "Ikke
    verificeret …", so the document never presents them as sections of law."""
    references = dict.fromkeys(part.source_of(value).legal_reference for value in values)
    return "; ".join(_legal(reference) for reference in references)


def _legal(reference: str) -> str:
    """A legal reference whose "§ 6" never breaks across lines."""
    return reference.replace("§ ", "§\N{NO-BREAK SPACE}")


def _agreement_name(code: str, lang: str) -> str:
    """A collective agreement from the wage table by its title; text kept
    from before the table as it was typed."""
    if code == wage_rates.OTHER_AGREEMENT:
        return flask_babel.gettext("Another collective agreement")
    rate = wage_rates.find(code)
    return rate.title(lang) if rate is not None else code


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _address(street: str, postal_code: str, city: str) -> tuple[str, ...]:
    town = f"{postal_code} {city}".strip()
    return tuple(line for line in ((street or "").strip(), town) if line)


def _local(moment: datetime) -> datetime:
    return moment.astimezone(ZoneInfo(current_app.config["IGU_TIMEZONE"]))


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def _amount(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))

