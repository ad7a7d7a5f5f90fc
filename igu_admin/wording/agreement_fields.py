"""Every field of an agreement in the agreement's own order (the guided
flow's: company, trainee, background, employment, wage, terms), each with
its name for people and its value written for copying: dates DD-MM-YYYY,
money and hours with a decimal comma and no thousands separator, yes/no and
codes in words of the reader's language.

One list serves the VITAS-ready summary (read from the agreement), and,
written for reading (`shown`: money "12.132,00 kr.", dates as the pages
write them), the differences between two submitted versions, the case
page's terms and the audit trail's changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import format_currency, format_date, format_decimal, get_locale, gettext
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from igu_admin.core import rules_in_force, wage_rates
from igu_admin.extensions import db
from igu_admin.models import Municipality
from igu_admin.wording.eligibility import target_group_label


@dataclass(frozen=True)
class AgreementField:
    """A field: its path (as in the API), its key in a version's stored data
    (None where the data holds it elsewhere: the company's record, the
    trainee's CPR through the linked person), its name, and how its value is
    written."""

    path: str
    key: str | None
    label: LazyString
    kind: str


FIELDS: tuple[AgreementField, ...] = (
    AgreementField("company.name", None, _l("Employer"), "text"),
    AgreementField("company.cvr", None, _l("CVR number"), "text"),
    AgreementField("company.address", None, _l("The employer's address"), "address"),
    AgreementField("contact_person", "contact_person", _l("Contact person"), "text"),
    AgreementField("trainee.name", "trainee_name", _l("The trainee's name"), "text"),
    AgreementField("trainee.cpr", None, _l("The trainee's CPR number"), "text"),
    AgreementField("trainee.address", "trainee_address", _l("The trainee's address"), "address"),
    AgreementField("trainee.email", "trainee_email", _l("The trainee's e-mail"), "text"),
    AgreementField("trainee.phone", "trainee_phone", _l("The trainee's phone"), "text"),
    AgreementField("trainee.municipality_code", "municipality_code",
                   _l("Municipality of residence"), "municipality"),
    AgreementField("trainee.target_group", "target_group", _l("Target group"), "target_group"),
    AgreementField("trainee.residence_permit.kind", "residence_permit_kind",
                   _l("Kind of residence permit"), "text"),
    AgreementField("trainee.residence_permit.date", "residence_permit_date",
                   _l("Date of the residence permit"), "date"),
    AgreementField("trainee.registered_since", "registered_since",
                   _l("First registered address in Denmark"), "date"),
    AgreementField("trainee.absences", "absences", _l("Periods registered abroad"), "periods"),
    AgreementField("trainee.previous_igu", "previous_igu", _l("Previous IGU"), "bool"),
    AgreementField("trainee.recent_ordinary_employment", "recent_ordinary_employment",
                   _l("Ordinary employment in the company"), "bool"),
    AgreementField("start_date", "start_date", _l("First day of the IGU"), "date"),
    AgreementField("end_date", "end_date", _l("Last day of employment"), "date"),
    AgreementField("workplace_address", "workplace_address", _l("Address of the workplace"),
                   "address"),
    AgreementField("job_title", "job_title", _l("Job title"), "text"),
    AgreementField("tasks", "tasks", _l("Work areas and functions"), "multiline"),
    AgreementField("weekly_hours", "weekly_hours", _l("Weekly working hours"), "decimal"),
    AgreementField("collective_agreement", "collective_agreement", _l("Collective agreement"),
                   "collective_agreement"),
    AgreementField("wage.basis", "wage_basis", _l("Wage by the month or by the hour"), "basis"),
    AgreementField("wage.year1", "wage_rate_year1", _l("Wage in year 1"), "money"),
    AgreementField("wage.year2", "wage_rate_year2", _l("Wage in year 2"), "money"),
    AgreementField("terms.holiday", "terms_holiday", _l("Holiday"), "multiline"),
    AgreementField("terms.notice", "terms_notice", _l("Notice"), "multiline"),
    AgreementField("terms.other", "terms_other", _l("Other terms"), "multiline"),
)
# Kept in a version's data but not a field of the agreement as typed.
RULESET = AgreementField("ruleset", "ruleset", _l("Rule set"), "ruleset")
BY_KEY = {f.key: f for f in (*FIELDS, RULESET) if f.key is not None}


def copy_date(value: date | str | None) -> str:
    """DD-MM-YYYY."""
    if value in (None, ""):
        return ""
    day = value if isinstance(value, date) else date.fromisoformat(str(value))
    return day.strftime("%d-%m-%Y")


def copy_decimal(value: Decimal | str | None) -> str:
    """Two decimals after a comma, no thousands separator: 12132,00."""
    if value in (None, ""):
        return ""
    try:
        return f"{Decimal(str(value)):.2f}".replace(".", ",")
    except InvalidOperation:
        return str(value)


def _lines(value: Any) -> str:
    return ", ".join(line.strip() for line in str(value or "").splitlines() if line.strip())


def _yes_no(value: Any) -> str:
    if value is None:
        return ""
    return gettext("Yes") if value else gettext("No")


def _municipality(code: Any) -> str:
    if not code:
        return ""
    found = db.session.get(Municipality, str(code))
    return found.name if found is not None else str(code)


def _collective_agreement(code: Any) -> str:
    if not code:
        return ""
    if code == wage_rates.OTHER_AGREEMENT:
        return gettext("Another collective agreement")
    rate = wage_rates.find(code)
    return rate.title(str(get_locale())) if rate is not None else str(code)


def _basis(code: Any) -> str:
    return {"monthly": gettext("By the month"), "hourly": gettext("By the hour")}.get(
        code or "", str(code or ""))


def _periods(value: Any) -> str:
    return "; ".join(f"{copy_date(p.get('from'))} - {copy_date(p.get('to'))}"
                     for p in value or [] if isinstance(p, dict))


def _ruleset(code: Any) -> str:
    if not code:
        return ""
    try:
        return rules_in_force.catalogue().get(str(code)).title(str(get_locale()))
    except (KeyError, LookupError):
        return str(code)


_WRITERS: dict[str, Callable[[Any], str]] = {
    "text": lambda value: "" if value is None else str(value).strip(),
    "multiline": lambda value: "" if value is None else str(value).strip(),
    "address": _lines,
    "date": copy_date,
    "decimal": copy_decimal,
    "money": copy_decimal,
    "bool": _yes_no,
    "municipality": _municipality,
    "target_group": lambda code: target_group_label(code) if code else "",
    "collective_agreement": _collective_agreement,
    "basis": _basis,
    "periods": _periods,
    "ruleset": _ruleset,
}


def written(field: AgreementField, value: Any) -> str:
    """The value as the summary and the differences show it ("" when empty)."""
    return _WRITERS[field.kind](value)


def shown(field: AgreementField, value: Any) -> str:
    """The value as a page shows it to be read ("" when empty): money with
    its currency (12.132,00 kr.), dates in the pages' long style (1. juni
    2028), numbers in the reader's locale; the rest as `written`. A value
    that does not parse is shown as stored."""
    if value in (None, ""):
        return ""
    try:
        if field.kind == "money":
            return format_currency(Decimal(str(value)), "DKK")
        if field.kind == "decimal":
            return format_decimal(Decimal(str(value)))
        if field.kind == "date":
            day = value if isinstance(value, date) else date.fromisoformat(str(value))
            return format_date(day, "long")
    except (InvalidOperation, ValueError):
        return str(value)
    return written(field, value)
