"""A claim's summary as a PDF: every field the application asks for, and its
evidence, for the one who sends the claim (the employer to SIRI, the
finance officer for the municipality).

It carries the trainee's CPR number in full: the application needs it, and
the document is its handler's own (pages and the API hand it only to the
claim's handler). The file name holds the claim's number, never personal
data. Rendered on each download (services/claims gathers its facts): the
evidence may change until the claim is sent, and the PDF is not kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import flask_babel
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from flask import current_app

from igu_admin.core.cpr_vault import vault
from igu_admin.documents.render import DocumentInfo, html_to_pdf, render_html
from igu_admin.domain.de_minimis import Assessment
from igu_admin.domain.identifiers import format_cpr
from igu_admin.domain.rulesets import RuleSet
from igu_admin.models import BonusClaim
from igu_admin.models.base import utcnow
from igu_admin.wording.dates import date_pattern
from igu_admin.wording.de_minimis import de_minimis_warning, window_label
from igu_admin.wording.rule_labels import CLAIM_TYPE_LABELS, evidence_label

TEMPLATE = "claim_summary.html"
DANISH = "da"
NUMBER_LOCALES = {"da": "da_DK", "en": "en_DK"}


@dataclass(frozen=True)
class DocumentLine:
    filename: str
    media_type: str
    size: str
    sha256: str
    uploaded_on: str


@dataclass(frozen=True)
class EvidenceLine:
    label: str
    documents: tuple[DocumentLine, ...]
    not_relevant: bool


@dataclass(frozen=True)
class ClaimFacts:
    """What the claim's services know beyond its record: the claim type's
    legal reference, its evidence items (code, and whether the course had
    no such schooling), what is still missing, the course's dates, and the
    rule set its agreement was judged under (None if there is none)."""

    legal_reference: str
    items: tuple[tuple[str, bool], ...]
    missing: tuple[str, ...]
    end_date: date | None
    terminated_on: date | None
    ruleset: RuleSet | None = None
    # A company claim that is de minimis aid: the check of the employer's
    # declaration (None until it is declared).
    de_minimis_needed: bool = False
    de_minimis: Assessment | None = None


@dataclass(frozen=True)
class DeMinimisLines:
    """The employer's de minimis declaration and the check, as display strings."""

    regime: str
    legal_reference: str
    window: str
    ceiling: str
    rate: str
    rate_unverified: bool
    other_aid: str
    grantors: tuple[str, ...]
    claim_eur: str
    total: str
    declared_on: str
    warning: str | None


@dataclass(frozen=True)
class ClaimDocument:
    """What claim_summary.html shows, as display strings."""

    claim_number: str
    agreement_number: str
    claim_type: str
    legal_reference: str
    ruleset: str | None
    beneficiary: str
    amount: str
    due_date: str
    deadline: str | None
    status: str
    company_name: str
    cvr: str
    company_address: tuple[str, ...]
    trainee_name: str
    cpr: str | None
    trainee_address: tuple[str, ...]
    municipality: str | None
    programme_start: str | None
    start_date: str | None
    end_date: str | None
    terminated_on: str | None
    job_title: str
    weekly_hours: str | None
    evidence: tuple[EvidenceLine, ...]
    missing: tuple[str, ...]
    issued_on: str
    # None for a claim that is not de minimis aid; `de_minimis_missing`: it
    # is, but the declaration is not given yet.
    de_minimis: DeMinimisLines | None = None
    de_minimis_missing: bool = False


def filename(claim: BonusClaim) -> str:
    return f"bonuskrav-{claim.id}-oversigt.pdf"


def summary_pdf(claim: BonusClaim, facts: ClaimFacts, status_label: str, beneficiary_label: str,
                lang: str = DANISH) -> bytes:
    """The claim's summary; the labels of its status and beneficiary are the
    page's (in `lang`)."""
    created = utcnow()
    with flask_babel.force_locale(lang):
        doc = _document(claim, facts, status_label, beneficiary_label, lang, created)
        title = flask_babel.gettext("Bonus claim no. %(number)s: %(claim)s",
                                    number=doc.claim_number, claim=doc.claim_type)
    info = DocumentInfo(title=title, lang=lang, author=doc.company_name,
                        created=_local(created))
    return html_to_pdf(render_html(TEMPLATE, {"doc": doc}, info))


def _document(claim: BonusClaim, facts: ClaimFacts, status_label: str, beneficiary_label: str,
              lang: str, created: datetime) -> ClaimDocument:
    numbers = NUMBER_LOCALES.get(lang, NUMBER_LOCALES[DANISH])

    def day(value: date | None) -> str | None:
        return format_date(value, date_pattern("long", numbers), locale=numbers) if value else None

    def money(value: Decimal) -> str:
        return format_currency(value, "DKK", locale=numbers)

    agreement, company = claim.agreement, claim.agreement.company
    documents: dict[str, list[DocumentLine]] = {}
    for document in claim.evidence:
        documents.setdefault(document.evidence_code, []).append(DocumentLine(
            filename=document.filename, media_type=document.media_type,
            size=flask_babel.gettext("%(size)s kB", size=format_decimal(
                round(document.size / 1024, 1), locale=numbers)),
            sha256=document.sha256, uploaded_on=str(day(_local(document.uploaded_at).date()))))
    cpr = (format_cpr(vault().decrypt(agreement.trainee_cpr_encrypted))
           if agreement.trainee_cpr_encrypted else None)
    return ClaimDocument(
        claim_number=str(claim.id), agreement_number=str(agreement.id),
        claim_type=str(CLAIM_TYPE_LABELS.get(claim.claim_type, claim.claim_type)),
        legal_reference=facts.legal_reference,
        ruleset=None if facts.ruleset is None else facts.ruleset.title(lang),
        beneficiary=beneficiary_label, amount=money(claim.amount),
        due_date=str(day(claim.due_date)), deadline=day(claim.deadline), status=status_label,
        company_name=company.name, cvr=company.cvr,
        company_address=_lines(company.address, f"{company.postal_code} {company.city}"),
        trainee_name=agreement.trainee_name, cpr=cpr,
        trainee_address=_lines(*agreement.trainee_address.splitlines()),
        municipality=agreement.municipality.name if agreement.municipality else None,
        programme_start=(day(agreement.integration_programme_start)
                         if claim.beneficiary == "municipality" else None),
        start_date=day(agreement.start_date), end_date=day(facts.end_date),
        terminated_on=day(facts.terminated_on), job_title=agreement.job_title,
        weekly_hours=(None if agreement.weekly_hours is None
                      else format_decimal(agreement.weekly_hours, locale=numbers)),
        evidence=tuple(EvidenceLine(evidence_label(code), tuple(documents.get(code, ())),
                                    not_relevant)
                       for code, not_relevant in facts.items),
        missing=tuple(evidence_label(code) for code in facts.missing),
        issued_on=str(day(_local(created).date())),
        de_minimis=_de_minimis(claim, facts.de_minimis, lang, numbers, day),
        de_minimis_missing=facts.de_minimis_needed and facts.de_minimis is None)


def _de_minimis(claim: BonusClaim, check: Assessment | None, lang: str, numbers: str,
                day: Callable[[date | None], str | None]) -> DeMinimisLines | None:
    if check is None or claim.de_minimis_declared_at is None:
        return None

    def euros(value: Decimal) -> str:
        return format_currency(value, "EUR", locale=numbers)

    regime = check.regime
    return DeMinimisLines(
        regime=regime.title(lang),
        legal_reference=regime.legal_reference, window=window_label(regime.window),
        ceiling=euros(regime.ceiling_eur),
        rate=flask_babel.gettext("%(rate)s DKK for 1 EUR",
                                 rate=format_decimal(check.rate.dkk_per_eur, locale=numbers)),
        rate_unverified=check.rate.sureness == "unverified",
        other_aid=euros(check.other_aid_eur), grantors=tuple(claim.de_minimis_grantors or ()),
        claim_eur=euros(check.claim_eur), total=euros(check.total_eur),
        declared_on=str(day(_local(claim.de_minimis_declared_at).date())),
        warning=de_minimis_warning(check) if check.exceeds else None)


def _lines(*parts: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in parts if part and part.strip())


def _local(moment: datetime) -> datetime:
    return moment.astimezone(ZoneInfo(current_app.config["IGU_TIMEZONE"]))
