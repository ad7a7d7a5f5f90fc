"""Every answer of a draft, worded for "Tjek dine svar", with where to correct
it; and what still stands in the way of sending it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import url_for
from flask_babel import format_date, format_decimal, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import RadioField

from forms.agreement import STEP_FORMS
from igu_admin.core import wage_rates
from igu_admin.domain import trainee_languages
from igu_admin.models import Agreement
from igu_admin.services import agreements
from igu_admin.web.labels import money
from igu_admin.web.pages.employer.agreement_step_pages import company_address, municipality_choices, per_unit
from igu_admin.web.pages.employer.agreement_steps import STEPS, Step, step_of_path
from igu_admin.wording.eligibility import target_group_label

# What each field path is called where the page names it (missing answers).
FIELD_LABELS: dict[str, Any] = {
    "contact_person": _l("Contact person"),
    "trainee_language": _l("The trainee's language"),
    "trainee": _l("The trainee"),
    "trainee.name": _l("The trainee's name"),
    "trainee.cpr": _l("The trainee's CPR number"),
    "trainee.address": _l("The trainee's address"),
    "trainee.email": _l("The trainee's e-mail"),
    "trainee.phone": _l("The trainee's phone"),
    "trainee.municipality_code": _l("Municipality of residence"),
    "trainee.target_group": _l("Target group"),
    "trainee.residence_permit": _l("Residence permit"),
    "trainee.residence_permit.kind": _l("Kind of residence permit"),
    "trainee.residence_permit.date": _l("Date of the residence permit"),
    "trainee.registered_since": _l("First registered address in Denmark"),
    "trainee.absences": _l("Periods registered abroad"),
    "trainee.previous_igu": _l("Previous IGU"),
    "trainee.recent_ordinary_employment": _l("Ordinary employment in the company"),
    "start_date": _l("First day of the IGU"),
    "workplace_address": _l("Address of the workplace"),
    "job_title": _l("Job title"),
    "tasks": _l("Work areas and functions"),
    "weekly_hours": _l("Weekly working hours"),
    "collective_agreement": _l("Collective agreement"),
    "wage": _l("Wage"),
    "wage.basis": _l("Wage by the month or by the hour"),
    "wage.year1": _l("Wage in year 1"),
    "wage.year2": _l("Wage in year 2"),
    "terms": _l("Terms"),
    "terms.holiday": _l("Holiday"),
    "terms.notice": _l("Notice"),
    "terms.other": _l("Other terms"),
}


@dataclass(frozen=True)
class Answer:
    label: str
    value: str
    path: str  # where "Ret" leads; "" when the answer cannot be changed here
    multiline: bool = False


@dataclass(frozen=True)
class Section:
    step: Step
    answers: list[Answer]


@dataclass(frozen=True)
class Problem:
    step: Step
    path: str
    message: str
    href: str


def field_id(path: str) -> str:
    """The id of the field a path is typed in, for links to it."""
    parts = path.split(".")
    if parts[:2] == ["trainee", "absences"]:
        return "absences-0-start"
    for form in STEP_FORMS.values():
        for name, known in form.PATHS.items():
            if known == path or known.startswith(path + "."):
                field = getattr(form, name)
                return f"{name}-0" if field.field_class is RadioField else name
    return ""


def edit_url(agreement_id: int, path: str) -> str:
    """The step where the path is typed, returning to the check page after."""
    anchor = field_id(path)
    url = url_for("employer.agreement_step", agreement_id=agreement_id,
                  step_key=step_of_path(path).key) + "?return=check"
    return f"{url}#{anchor}" if anchor else url


def label_of(path: str) -> str:
    while path not in FIELD_LABELS and "." in path:
        path = path.rsplit(".", 1)[0]
    return str(FIELD_LABELS.get(path, _l("An answer")))


def problems(review: Any, refused: Mapping[str, list[str]], agreement_id: int) -> list[Problem]:
    """What must be corrected before the agreement can be sent, step by step,
    each with a link to the field."""
    found: list[Problem] = []
    messages: dict[str, list[str]] = {
        **{path: [_("Fill in: %(field)s.", field=label_of(path))] for path in review.missing},
        **review.errors}
    if not messages:  # the draft changed between the review and the send
        messages = dict(refused)
    for path, texts in messages.items():
        step = step_of_path(path)
        found.extend(Problem(step, path, text, edit_url(agreement_id, path)) for text in texts)
    order = {step.key: n for n, step in enumerate(STEPS)}
    return sorted(found, key=lambda p: order.get(p.step.key, len(STEPS)))


def read_only(section: Section) -> Section:
    """The section without the links to change its answers."""
    return replace(section, answers=[replace(a, path="") for a in section.answers])


def sections(agreement: Agreement, review: Any) -> list[Section]:
    """Every answer, grouped by the step it was given on."""
    values = agreements.draft_values(agreement)
    trainee: Mapping[str, Any] = values.get("trainee") or {}
    permit: Mapping[str, Any] = trainee.get("residence_permit") or {}
    wage: Mapping[str, Any] = values.get("wage") or {}
    terms: Mapping[str, Any] = values.get("terms") or {}
    company = agreement.company
    steps = {step.key: step for step in STEPS}
    per = per_unit(str(wage.get("basis") or ""))
    return [
        Section(steps["company"], [
            Answer(_("Company name"), company.name, ""),
            Answer(_("CVR number"), company.cvr, ""),
            Answer(_("Address"), company_address(company) or _none(), ""),
            Answer(_("Type of employer"), _("Private") if company.is_private
                   else _("Public, or funded mainly by public grants"), ""),
            Answer(_("Contact person"), _text(values.get("contact_person")), "contact_person"),
        ]),
        Section(steps["trainee"], [
            Answer(_("Full name"), _text(trainee.get("name")), "trainee.name"),
            Answer(_("CPR number"), agreements.agreement_cpr(agreement, full=False) or _none(),
                   "trainee.cpr"),
            Answer(_("Address"), _text(trainee.get("address")), "trainee.address", True),
            Answer(_("E-mail"), _text(trainee.get("email")), "trainee.email"),
            Answer(_("Phone"), _text(trainee.get("phone")), "trainee.phone"),
            Answer(_("Municipality of residence"), _municipality(trainee.get("municipality_code")),
                   "trainee.municipality_code"),
            Answer(_("The trainee's language"), _language(values.get("trainee_language")),
                   "trainee_language"),
        ]),
        Section(steps["background"], [
            Answer(_("Target group"), target_group_label(trainee["target_group"])
                   if trainee.get("target_group") else _none(), "trainee.target_group"),
            Answer(_("Kind of residence permit"), _text(permit.get("kind")),
                   "trainee.residence_permit.kind"),
            Answer(_("Date of the residence permit"), _day(permit.get("date")),
                   "trainee.residence_permit.date"),
            Answer(_("First registered address in Denmark"), _day(trainee.get("registered_since")),
                   "trainee.registered_since"),
            Answer(_("Periods registered abroad"), _periods(trainee.get("absences")),
                   "trainee.absences", True),
            Answer(_("Has the trainee had an IGU before?"), _yes_no(trainee.get("previous_igu")),
                   "trainee.previous_igu"),
            Answer(_("Ordinary employment in the company before the start"),
                   _yes_no(trainee.get("recent_ordinary_employment")),
                   "trainee.recent_ordinary_employment"),
        ]),
        Section(steps["employment"], [
            Answer(_("First day of the IGU"), _day(values.get("start_date")), "start_date"),
            Answer(_("Last day of the IGU"), _day(review.end_date), ""),
            Answer(_("Address of the workplace"), _text(values.get("workplace_address")),
                   "workplace_address", True),
            Answer(_("Job title"), _text(values.get("job_title")), "job_title"),
            Answer(_("Work areas and functions"), _text(values.get("tasks")), "tasks", True),
            Answer(_("Weekly working hours"), _hours(values.get("weekly_hours")),
                   "weekly_hours"),
        ]),
        Section(steps["wage"], [
            Answer(_("Collective agreement"), _agreement(values.get("collective_agreement")),
                   "collective_agreement"),
            Answer(_("Wage in year 1"), _money(wage.get("year1"), per), "wage.year1"),
            Answer(_("Wage in year 2"), _money(wage.get("year2"), per), "wage.year2"),
        ]),
        Section(steps["terms"], [
            Answer(_("Holiday"), _text(terms.get("holiday")), "terms.holiday", True),
            Answer(_("Notice"), _text(terms.get("notice")), "terms.notice", True),
            Answer(_("Other terms"), _text(terms.get("other")), "terms.other", True),
        ]),
    ]


def _none() -> str:
    return _("Not filled in")


def _text(value: Any) -> str:
    return str(value) if value not in (None, "") else _none()


def _day(value: Any) -> str:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return _none()
    return format_date(value, "long") if isinstance(value, date) else _none()


def _yes_no(value: Any) -> str:
    return _none() if value is None else _("Yes") if value else _("No")


def _periods(periods: Any) -> str:
    if not periods:
        return _("None")
    return "\n".join(_("%(start)s to %(end)s", start=_day(p.get("from")), end=_day(p.get("to")))
                     for p in periods)


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _hours(value: Any) -> str:
    hours = _decimal(value)
    if hours is None:
        return _none()
    return _("%(hours)s hours", hours=format_decimal(hours, "#,##0.##"))


def _money(value: Any, per: str) -> str:
    amount = _decimal(value)
    return _none() if amount is None else f"{money(amount)} {per}".strip()


def _agreement(code: Any) -> str:
    if not code:
        return _none()
    if code == wage_rates.OTHER_AGREEMENT:
        return _("Other agreement, or none")
    rate = wage_rates.find(code)
    return rate.title(str(get_locale())) if rate is not None else str(code)


def _language(code: Any) -> str:
    if not code or not trainee_languages.is_trainee_language(str(code)):
        return _("Not chosen")
    return trainee_languages.label(str(code), str(get_locale()))


def _municipality(code: Any) -> str:
    if not code:
        return _none()
    return dict(municipality_choices()).get(code, str(code))
