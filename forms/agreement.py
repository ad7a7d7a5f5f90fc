"""The guided agreement's forms, one per step.

Each form checks what people type (dates like 01.03.2025, amounts like
12.132,00, answers to the questions) and builds its part of the same raw
mapping the API takes (`services.agreement_input.parse_changes`); the
parser's and the service's messages come back per field path and are put on
the fields that path names (`PATHS`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    Field,
    FieldList,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import StopValidation

from forms.agreement_step import StepForm, iso_date
from forms.eligibility import YES_NO, AbsenceForm, one_of
from forms.fields import (
    BaseForm,
    DateTextField,
    choices,
    max_length,
    required_message,
)
from forms.numbers import DecimalTextField, danish_decimal
from igu_admin.inputs.eligibility import EligibilityRequest


class CompanyForm(StepForm):
    PATHS = {"contact_person": "contact_person"}

    contact_person = StringField(
        _l("Contact person at the company"),
        validators=[required_message(_l("Enter the name of the contact person.")),
                    max_length(200)])


class TraineeForm(StepForm):
    """The person. A saved CPR number is never put back into the page: the
    field stays empty, and an empty field keeps the saved number."""

    PATHS = {"name": "trainee.name", "cpr": "trainee.cpr", "address": "trainee.address",
             "email": "trainee.email", "phone": "trainee.phone",
             "municipality_code": "trainee.municipality_code",
             "trainee_language": "trainee_language"}
    CLEARABLE = frozenset({"email", "phone", "trainee_language"})

    name = StringField(_l("Full name"), validators=[
        required_message(_l("Enter the trainee's full name.")), max_length(200)])
    cpr = StringField(_l("CPR number"), validators=[max_length(20)])
    address = StringField(_l("Address"), validators=[
        required_message(_l("Enter the trainee's address.")), max_length(300)])
    email = StringField(_l("E-mail (optional)"), validators=[max_length(254)])
    phone = StringField(_l("Phone (optional)"), validators=[max_length(30)])
    municipality_code = SelectField(
        _l("Municipality of residence"), choices=[], validate_choice=False,
        validators=[required_message(_l("Choose the municipality the trainee lives in."))])
    # The language of the trainee's own copy; optional, no term of the
    # agreement. Not on the jobcentre's copy of the step: the trainee part is
    # `trainee.*`, and either party changes the language on the agreement's page.
    trainee_language = SelectField(_l("The trainee's language (optional)"), choices=[],
                                   validate_choice=False)

    def configure(self, municipalities: list[tuple[str, str]], cpr_saved: bool,
                  languages: list[tuple[str, str]] | None = None) -> None:
        """`languages`: (code, name) of the trainee's languages; None leaves
        the language out of the form."""
        self.municipality_code.choices = choices([("", str(_l("Choose"))), *municipalities])
        self.cpr_saved = cpr_saved
        if languages is None:
            del self["trainee_language"]
        else:
            self.trainee_language.choices = choices([("", str(_l("Not chosen"))), *languages])

    def validate_cpr(self, field: StringField) -> None:
        if not (field.data or "").strip() and not getattr(self, "cpr_saved", False):
            raise StopValidation(str(_l("Enter the trainee's CPR number.")))

    def load(self, values: Mapping[str, Any]) -> None:
        super().load({**values, "trainee": {k: v for k, v in (values.get("trainee") or {}).items()
                                            if k != "cpr"}})


class BackgroundForm(StepForm):
    """Target group and its evidence, residence, and the two declarations."""

    PATHS = {"target_group": "trainee.target_group",
             "residence_permit_kind": "trainee.residence_permit.kind",
             "residence_permit_date": "trainee.residence_permit.date",
             "registered_since": "trainee.registered_since",
             "previous_igu": "trainee.previous_igu",
             "recent_ordinary_employment": "trainee.recent_ordinary_employment"}
    BOOLEAN = frozenset({"previous_igu", "recent_ordinary_employment"})
    ABSENCE_PARTS = {"from": "start", "to": "end"}

    target_group = RadioField(_l("Which group does the trainee belong to?"), choices=[],
                              validate_choice=False)
    residence_permit_kind = StringField(_l("Kind of residence permit"), validators=[
        required_message(_l("Enter the kind of residence permit.")), max_length(100)])
    residence_permit_date = DateTextField(
        _l("Date of the residence permit"),
        validators=[required_message(_l("Enter the date of the residence permit."))])
    registered_since = DateTextField(
        _l("First registered address in Denmark"),
        validators=[required_message(_l("Enter the date of the first registered address."))])
    absences = FieldList(FormField(AbsenceForm), min_entries=2, max_entries=5)
    previous_igu = RadioField(
        _l("Has the trainee had an IGU before?"), choices=choices(YES_NO), validate_choice=False,
        validators=[one_of(_l("Answer whether the trainee has had an IGU before."))])
    # The label follows the rule set's rule on earlier employment: see configure().
    recent_ordinary_employment = RadioField(
        "", choices=choices(YES_NO), validate_choice=False,
        validators=[one_of(_l("Answer whether the trainee was employed in the company."))])

    def configure(self, target_groups: list[tuple[str, str]], recent_question: str) -> None:
        self.target_group.choices = choices(target_groups)
        self.recent_ordinary_employment.label.text = recent_question

    def validate_target_group(self, field: RadioField) -> None:
        one_of(_l("Choose the group the trainee belongs to."))(self, field)

    def load(self, values: Mapping[str, Any]) -> None:
        super().load(values)
        periods = [p for p in (values.get("trainee") or {}).get("absences") or []
                   if isinstance(p, Mapping)]
        while len(self.absences) < min(len(periods), self.absences.max_entries or 5):
            self.absences.append_entry()
        for entry, period in zip(self.absences, periods, strict=False):
            entry.form.start.data = iso_date(period.get("from"))
            entry.form.end.data = iso_date(period.get("to"))

    def changes(self) -> dict[str, Any]:
        data = super().changes()
        self._absence_entries = [
            number for number, entry in enumerate(self.absences)
            if entry.form.start.data and entry.form.end.data and not entry.errors]
        if not any(entry.errors for entry in self.absences):
            data.setdefault("trainee", {})["absences"] = [
                {"from": self.absences[n].form.start.data.isoformat(),
                 "to": self.absences[n].form.end.data.isoformat()}
                for n in self._absence_entries]
        return data

    def field_for(self, path: str) -> Field | None:
        parts = path.split(".")
        if parts[:2] == ["trainee", "absences"]:
            entries: list[int] = getattr(self, "_absence_entries", [])
            if len(parts) == 4 and parts[2].isdigit() and int(parts[2]) < len(entries) \
                    and parts[3] in self.ABSENCE_PARTS:
                field: Field = self.absences[entries[int(parts[2])]].form[
                    self.ABSENCE_PARTS[parts[3]]]
                return field
            return self.absences[0].form.start
        return super().field_for(path)

    def place_errors(self, errors: Mapping[str, list[str]]) -> None:
        super().place_errors(errors)
        # FieldList keeps the errors it gathered in validate(); gather them again.
        if any(entry.errors for entry in self.absences):
            self.absences.errors = [entry.errors for entry in self.absences]


class EmploymentForm(StepForm):
    PATHS = {"start_date": "start_date", "workplace_address": "workplace_address",
             "job_title": "job_title", "tasks": "tasks", "weekly_hours": "weekly_hours"}

    start_date = DateTextField(_l("First day of the IGU"), validators=[
        required_message(_l("Enter the first day of the IGU."))])
    workplace_address = StringField(_l("Address of the workplace"), validators=[
        required_message(_l("Enter the address of the workplace.")), max_length(200)])
    job_title = StringField(_l("Job title"), validators=[
        required_message(_l("Enter the job title.")), max_length(200)])
    tasks = TextAreaField(_l("Work areas and functions the trainee will learn"), validators=[
        required_message(_l("Describe the work areas and functions the trainee will learn.")),
        max_length(4000)])
    weekly_hours = DecimalTextField(
        _l("Weekly working hours"),
        format_message=_l("Enter the hours as a number, for example 37 or 32,5."),
        validators=[required_message(_l("Enter the weekly working hours."))])


@dataclass(frozen=True)
class TableRate:
    """A collective agreement's rates as the wage step uses them."""

    basis: str
    year1: Decimal
    year2: Decimal
    # Whether the source says the rate applies on the start date: only a
    # current rate is filled in; otherwise the employer types the agreed rate.
    current: bool = True


class WageForm(StepForm):
    """The collective agreement and the wage. The wage fields left empty are
    filled with the chosen agreement's current rates when the step is saved,
    so choosing an agreement fills the rates without JavaScript too. An
    agreement without a current rate fills in nothing: the wage is asked for."""

    PATHS = {"collective_agreement": "collective_agreement", "basis": "wage.basis",
             "year1": "wage.year1", "year2": "wage.year2"}

    collective_agreement = SelectField(
        _l("Collective agreement"), choices=[], validate_choice=False,
        validators=[required_message(_l("Choose the collective agreement, or Other."))])
    basis = RadioField(
        _l("The wage is paid"), validate_choice=False,
        choices=choices([("monthly", _l("By the month")), ("hourly", _l("By the hour"))]))
    year1 = DecimalTextField(_l("Wage in year 1"), format_message=_l(
        "Enter the amount in kroner, for example 12.132,00."))
    year2 = DecimalTextField(_l("Wage in year 2"), format_message=_l(
        "Enter the amount in kroner, for example 13.429,00."))

    def configure(self, agreements: list[tuple[str, str]], rates: Mapping[str, TableRate]) -> None:
        self.collective_agreement.choices = choices([("", str(_l("Choose"))), *agreements])
        self.rates = rates

    def chosen_rate(self) -> TableRate | None:
        """The chosen agreement's rate, if it is current (else None: no rate to fill in)."""
        rate = self._chosen()
        return rate if rate is not None and rate.current else None

    def _chosen(self) -> TableRate | None:
        rates: Mapping[str, TableRate] = getattr(self, "rates", {})
        return rates.get(self.collective_agreement.data or "")

    def lacks_current_rate(self) -> bool:
        """An agreement of the table is chosen whose rate is not current, and
        the wage is not typed in full: the step asks for the agreed rate."""
        rate = self._chosen()
        return (rate is not None and not rate.current
                and (self.year1.data is None or self.year2.data is None))

    def fill_rates(self, only_empty: bool = True) -> bool:
        """Put the chosen agreement's rates in the wage fields (only in empty
        ones, unless told); True if any was filled."""
        rate = self.chosen_rate()
        if rate is None:
            return False
        filled = False
        if not self.basis.data or not only_empty:
            self.basis.data, filled = rate.basis, True
        for field, amount in ((self.year1, rate.year1), (self.year2, rate.year2)):
            if (field.data is None and not field.parse_failed) or not only_empty:
                field.data, field.raw_text, filled = amount, danish_decimal(amount), True
        return filled

    def validate_basis(self, field: RadioField) -> None:
        if self.chosen_rate() is None:
            one_of(_l("Choose whether the wage is paid by the month or by the hour."))(self, field)

    def validate_year1(self, field: DecimalTextField) -> None:
        if field.data is None and self.chosen_rate() is None:
            raise StopValidation(str(_l("Enter the wage in year 1.")))

    def validate_year2(self, field: DecimalTextField) -> None:
        if field.data is None and self.chosen_rate() is None:
            raise StopValidation(str(_l("Enter the wage in year 2.")))


class TermsForm(StepForm):
    PATHS = {"holiday": "terms.holiday", "notice": "terms.notice", "other": "terms.other"}
    CLEARABLE = frozenset({"other"})

    holiday = TextAreaField(_l("Holiday"), validators=[
        required_message(_l("Describe the holiday terms.")), max_length(500)])
    notice = TextAreaField(_l("Notice"), validators=[
        required_message(_l("Describe the terms of notice.")), max_length(500)])
    other = TextAreaField(_l("Other terms (optional)"), validators=[max_length(2000)])


# The form of each step of the guided agreement, by the step's key.
STEP_FORMS: dict[str, type[StepForm]] = {
    "company": CompanyForm, "trainee": TraineeForm, "background": BackgroundForm,
    "employment": EmploymentForm, "wage": WageForm, "terms": TermsForm,
}


class SubmitForm(BaseForm):
    """"Send til kommunen": the draft as last seen (lock_version)."""

    lock_version = HiddenField()


class CarryOverForm(BaseForm):
    """The facts typed in the eligibility check, carried into a new draft by
    a POST from the answer page (a CPR number never goes into a URL)."""

    start_date = HiddenField()
    cpr = HiddenField()
    registered_since = HiddenField()
    target_group = HiddenField()
    previous_igu = HiddenField()
    recent_ordinary_employment = HiddenField()
    absences = HiddenField()

    @classmethod
    def of_check(cls, check: EligibilityRequest) -> CarryOverForm:
        """The form on the answer page, holding the facts just checked."""
        form = cls(formdata=None)
        facts = check.facts
        form.start_date.data = facts.start_date.isoformat()
        form.cpr.data = check.cpr or ""
        form.registered_since.data = facts.registered_since.isoformat()
        form.target_group.data = facts.target_group
        form.previous_igu.data = "true" if facts.previous_igu else "false"
        form.recent_ordinary_employment.data = (
            "true" if facts.recent_ordinary_employment else "false")
        form.absences.data = ",".join(f"{a.start.isoformat()}/{a.end.isoformat()}"
                                      for a in facts.absences)
        return form

    def changes(self) -> dict[str, Any]:
        """The facts in the API's shape; anything unreadable is left out (the
        steps ask for it again)."""
        trainee: dict[str, Any] = {}
        for name in ("cpr", "registered_since", "target_group"):
            if self[name].data:
                trainee[name] = self[name].data
        for name in ("previous_igu", "recent_ordinary_employment"):
            if self[name].data in ("true", "false"):
                trainee[name] = self[name].data == "true"
        periods = [p.split("/") for p in (self.absences.data or "").split(",") if p]
        trainee["absences"] = [{"from": p[0], "to": p[1]} for p in periods if len(p) == 2]
        data: dict[str, Any] = {"trainee": trainee}
        if self.start_date.data:
            data["start_date"] = self.start_date.data
        return data


class WithdrawForm(BaseForm):
    """"Træk aftalen tilbage": confirmed on its own page; the agreement as last
    seen (lock_version)."""

    lock_version = HiddenField()
