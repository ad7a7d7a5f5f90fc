"""A change to an approved agreement as a PDF: "Tillæg til aftale om
integrationsgrunduddannelse", the agreement's new version listing each
changed term's old and new value and the day the change takes effect.

Rendered once, when the municipality approves the change and the version is
made (services/documents keeps it), from the version's stored data and the
records it points to, never from the live agreement.
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

from igu_admin.documents.agreement_pdf import (
    DANISH,
    NUMBER_LOCALES,
    CompanyBlock,
    TraineeBlock,
    agreement_number,
)
from igu_admin.documents.render import DocumentInfo, html_to_pdf, render_html
from igu_admin.domain.amendments import AMENDABLE_PATHS
from igu_admin.extensions import db
from igu_admin.models import AgreementVersion, Company, Municipality
from igu_admin.wording.dates import date_pattern

TEMPLATE = "amendment.html"
# The key of a version's data that makes it an amendment's version.
AMENDMENT = "amendment"
MONEY_PATHS = ("wage.year1", "wage.year2")


@dataclass(frozen=True)
class ChangedTerm:
    """One term as it was and as it is from the day of the change (display
    strings; "" for a term that was empty)."""

    path: str
    old: str
    new: str


@dataclass(frozen=True)
class AmendmentDocument:
    """What amendment.html shows, every value a display string."""

    number: str
    amendment: int
    version: int
    effective_from: str
    approved_on: str
    caseworker: str
    municipality: str
    reason: str
    company: CompanyBlock
    trainee: TraineeBlock
    start: str
    end: str
    terms: tuple[ChangedTerm, ...]


def is_amendment(version: AgreementVersion) -> bool:
    return isinstance(version.data, dict) and AMENDMENT in version.data


def render_version(version: AgreementVersion, lang: str = DANISH) -> bytes:
    """The amendment's version as its PDF."""
    return html_to_pdf(version_html(version, lang))


def version_html(version: AgreementVersion, lang: str = DANISH) -> str:
    data = version.data
    company = db.session.get(Company, data["company_id"])
    assert company is not None, "an agreement always has its company"
    with flask_babel.force_locale(lang):
        doc = _document(version, company, lang)
        title = flask_babel.gettext(
            "Amendment to the agreement on integration basic education (IGU), no. %(number)s, "
            "version %(version)s", number=doc.number, version=doc.version)
    info = DocumentInfo(title=title, lang=lang, author=company.name,
                        created=_local(version.submitted_at))
    return render_html(TEMPLATE, {"doc": doc}, info)


def _document(version: AgreementVersion, company: Company, lang: str) -> AmendmentDocument:
    numbers = NUMBER_LOCALES.get(lang, NUMBER_LOCALES[DANISH])
    data: dict[str, Any] = version.data
    about: dict[str, Any] = data[AMENDMENT]

    def day(value: str | None) -> str:
        return (format_date(date.fromisoformat(value), date_pattern("long", numbers),
                            locale=numbers) if value else "")

    def shown(path: str, value: Any) -> str:
        if value in (None, ""):
            return ""
        if path in MONEY_PATHS:
            return format_currency(Decimal(str(value)), "DKK", locale=numbers)
        if path == "weekly_hours":
            return format_decimal(Decimal(str(value)), locale=numbers)
        return str(value)

    municipality = (db.session.get(Municipality, data["municipality_code"])
                    if data.get("municipality_code") else None)
    changes: dict[str, dict[str, Any]] = about["changes"]
    return AmendmentDocument(
        number=agreement_number(version.agreement_id), amendment=int(about["number"]),
        version=version.number, effective_from=day(about["effective_from"]),
        approved_on=day(about.get("approved_on")), caseworker=about.get("approved_by") or "",
        municipality=municipality.official_name if municipality else "",
        reason=about.get("reason") or "",
        company=CompanyBlock(name=company.name, cvr=company.cvr,
                             address_lines=_address(company), contact_person=data.get(
                                 "contact_person") or ""),
        trainee=TraineeBlock(name=data.get("trainee_name") or None, cpr=None,
                             address_lines=(),
                             municipality=municipality.name if municipality else None),
        start=day(data.get("start_date")), end=day(data.get("end_date")),
        terms=tuple(ChangedTerm(path, shown(path, changes[path]["old"]),
                                shown(path, changes[path]["new"]))
                    for path in AMENDABLE_PATHS if path in changes))


def _address(company: Company) -> tuple[str, ...]:
    town = f"{company.postal_code} {company.city}".strip()
    return tuple(line for line in ((company.address or "").strip(), town) if line)


def _local(moment: datetime) -> datetime:
    return moment.astimezone(ZoneInfo(current_app.config["IGU_TIMEZONE"]))
