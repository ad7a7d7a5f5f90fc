"""The certificate at the end of a course: "Bevis for gennemført
integrationsgrunduddannelse" when it was completed, "Dokumentation for
delvist gennemført integrationsgrunduddannelse" when it ended early.

The act lets the minister set rules on both (IGU-loven § 8, stk. 4, as L 82
2023-24 proposed it); no official format was found (docs/certificate.md), so
the document says igu-admin issues it from the agreement and the plan, and
cites the reference the rule set gives. Every value is handed in by
services/course/certificate.py: this module only words and renders them.

The CPR number is masked: the certificate is the person's own paper, shown
to later employers and schools, which need the person, not the number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import flask_babel
from babel.dates import format_date
from babel.numbers import format_decimal
from flask import current_app

from igu_admin.documents.render import DocumentInfo, html_to_pdf, render_html
from igu_admin.domain.identifiers import mask_cpr
from igu_admin.wording.dates import date_pattern
from igu_admin.wording.rule_labels import KIND_LABELS

TEMPLATE = "certificate.html"
DANISH = "da"
NUMBER_LOCALES = {"da": "da_DK", "en": "en_DK"}


@dataclass(frozen=True)
class Employment:
    """One agreement of the course: its company and the days served there."""

    company_name: str
    cvr: str
    first_day: date
    last_day: date
    job_title: str
    tasks: str


@dataclass(frozen=True)
class SchoolingDone:
    """One completed element of a plan, with its weeks as the domain counts them."""

    kind: str
    title: str
    provider: str
    start: date | None
    end: date | None
    counted_weeks: Decimal


@dataclass(frozen=True)
class CertificateFacts:
    """What the certificate states, gathered by the service."""

    agreement_id: int
    completed: bool
    trainee_name: str
    cpr: str | None
    first_day: date
    last_day: date
    employments: tuple[Employment, ...]
    schooling: tuple[SchoolingDone, ...]
    counted_weeks: Decimal
    required_weeks: int
    legal_reference: str
    issued_at: datetime


@dataclass(frozen=True)
class EmploymentLine:
    company: str
    cvr: str
    period: str
    job_title: str
    tasks: str


@dataclass(frozen=True)
class SchoolingLine:
    kind: str
    title: str
    provider: str
    period: str
    weeks: str


@dataclass(frozen=True)
class CertificateDocument:
    """What certificate.html shows, as display strings."""

    title: str
    completed: bool
    number: str
    trainee_name: str
    cpr: str | None
    period: str
    employments: tuple[EmploymentLine, ...]
    schooling: tuple[SchoolingLine, ...]
    counted_weeks: str
    required_weeks: str
    legal_reference: str
    issued_on: str


def filename(agreement_id: int, completed: bool) -> str:
    """The file name: the agreement's number, never personal data."""
    stem = "igu-bevis" if completed else "igu-dokumentation"
    return f"{stem}-{agreement_id}.pdf"


def title(completed: bool) -> str:
    if completed:
        return flask_babel.gettext("Certificate of completed integration basic education")
    return flask_babel.gettext("Documentation of partly completed integration basic education")


def certificate_pdf(facts: CertificateFacts, lang: str = DANISH) -> bytes:
    with flask_babel.force_locale(lang):
        doc = document(facts, lang)
    author = facts.employments[-1].company_name if facts.employments else "igu-admin"
    info = DocumentInfo(title=doc.title, lang=lang, author=author,
                        created=_local(facts.issued_at))
    return html_to_pdf(render_html(TEMPLATE, {"doc": doc}, info))


def document(facts: CertificateFacts, lang: str = DANISH) -> CertificateDocument:
    """The facts as display strings in the current locale (call under
    force_locale for another language)."""
    numbers = NUMBER_LOCALES.get(lang, NUMBER_LOCALES[DANISH])

    def day(value: date | None) -> str:
        return format_date(value, date_pattern("long", numbers), locale=numbers) if value else "-"

    def period(first: date | None, last: date | None) -> str:
        return flask_babel.gettext("%(first)s to %(last)s", first=day(first), last=day(last))

    def weeks(value: Decimal | int) -> str:
        return format_decimal(value, locale=numbers)

    return CertificateDocument(
        title=title(facts.completed), completed=facts.completed,
        number=str(facts.agreement_id), trainee_name=facts.trainee_name,
        cpr=mask_cpr(facts.cpr) if facts.cpr else None,
        period=period(facts.first_day, facts.last_day),
        employments=tuple(EmploymentLine(
            company=e.company_name, cvr=e.cvr, period=period(e.first_day, e.last_day),
            job_title=e.job_title, tasks=e.tasks) for e in facts.employments),
        schooling=tuple(SchoolingLine(
            kind=str(KIND_LABELS.get(s.kind, s.kind)), title=s.title, provider=s.provider,
            period=period(s.start, s.end), weeks=weeks(s.counted_weeks))
            for s in facts.schooling),
        counted_weeks=weeks(facts.counted_weeks), required_weeks=weeks(facts.required_weeks),
        legal_reference=facts.legal_reference.replace("§ ", "§\N{NO-BREAK SPACE}"),
        issued_on=day(_local(facts.issued_at).date()))


def _local(moment: datetime) -> datetime:
    return moment.astimezone(ZoneInfo(current_app.config["IGU_TIMEZONE"]))
