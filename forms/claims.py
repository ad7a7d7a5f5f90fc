"""Forms of the bonus claims: the finance officers' filter and bulk marking,
and each step of preparing, sending and recording a claim."""

from __future__ import annotations

from typing import Any, ClassVar

from flask import has_request_context, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import StopValidation
from wtforms.widgets import FileInput

from forms.eligibility import one_of
from forms.fields import (
    BaseForm,
    DateTextField,
    OptionalUnlessParseError,
    choices,
    max_length,
    required_message,
)
from forms.numbers import DecimalTextField


class LockForm(BaseForm):
    """A step taken on the claim as the page showed it."""

    lock_version = HiddenField()

    def lock(self) -> int | None:
        text = self.lock_version.data or ""
        return int(text) if text.isdigit() and len(text) < 10 else 0


class DocumentField(Field):
    """A file chosen in the browser: `data` is the uploaded file (werkzeug's
    FileStorage) or None. Read from the request's files, never from the
    posted text fields."""

    widget = FileInput()

    def process(self, formdata: Any, data: Any = None, extra_filters: Any = None) -> None:
        self.process_errors: list[Any] = []
        self.raw_data: list[Any] = []
        found = request.files.get(self.name) if has_request_context() else None
        self.data = found if found is not None and found.filename else None

    def _value(self) -> str:
        return ""


class PrepareForm(LockForm):
    """Preparing a claim; for a company claim that is de minimis aid, with
    the employer's declaration of the company's other de minimis aid (the
    service checks it: the fields are optional here)."""

    other_aid_eur = DecimalTextField(
        _l("Other de minimis aid received in the last three years (EUR)"),
        format_message=_l("Enter an amount in EUR, for example 12.500,00 (0 if none)."))
    grantors = TextAreaField(_l("Who granted it"), validators=[max_length(4000)])
    declared = BooleanField(_l(
        "The company declares that this is all the de minimis aid it and the companies "
        "it forms a single undertaking with have received in the period"))

    def grantor_lines(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in (self.grantors.data or "").splitlines()
                     if line.strip())


class EvidenceForm(LockForm):
    accepts_files: ClassVar[bool] = True
    evidence_code = HiddenField()
    document = DocumentField(_l("Choose a file"))

    def validate_document(self, field: DocumentField) -> None:
        if field.data is None:
            raise StopValidation(str(_l("Choose a file to attach.")))


class NotRelevantForm(LockForm):
    evidence_code = HiddenField()
    not_relevant = HiddenField()


class SubmitClaimForm(LockForm):
    submitted_on = DateTextField(_l("Sent on"), validators=[
        required_message(_l("Enter the day the claim was sent."))])
    reference = StringField(_l("Reference of the application"), validators=[
        required_message(_l("Enter the reference of the application.")), max_length(100)])


class PaidForm(LockForm):
    paid_on = DateTextField(_l("Paid on"), validators=[
        required_message(_l("Enter the day the amount was paid."))])
    amount = DecimalTextField(_l("Amount paid (DKK)"), validators=[
        required_message(_l("Enter the amount paid."))])


class RejectedForm(LockForm):
    reason = TextAreaField(_l("The reason given for the refusal"), validators=[
        required_message(_l("Enter the reason given for the refusal.")), max_length(2000)])


class ClaimFilterForm(FlaskForm):
    """The finance list's filter: read from the address (GET), no CSRF."""

    class Meta:
        csrf = False

    status = SelectField(_l("Status"), choices=[], validate_choice=False)
    beneficiary = SelectField(_l("Beneficiary"), choices=[], validate_choice=False)
    claim_type = SelectField(_l("Claim"), choices=[], validate_choice=False)
    due_from = DateTextField(_l("Due from"), validators=[OptionalUnlessParseError()])
    due_to = DateTextField(_l("Due until"), validators=[OptionalUnlessParseError()])

    def configure(self, statuses: list[tuple[str, str]], beneficiaries: list[tuple[str, str]],
                  claim_types: list[tuple[str, str]]) -> None:
        every = [("", str(_l("All")))]
        self.status.choices = choices(every + statuses)
        self.beneficiary.choices = choices(every + beneficiaries)
        self.claim_type.choices = choices(every + claim_types)

    def chosen(self, field: SelectField) -> str | None:
        """The field's value if it is one of its choices (anything else: all)."""
        value = field.data or ""
        return value if value and value in {c[0] for c in field.iter_choices()} else None

    def validate_due_to(self, field: DateTextField) -> None:
        if field.data and self.due_from.data and field.data < self.due_from.data:
            raise StopValidation(str(_l("The end of the period is before its start.")))


BULK_CHOICES = [("submit", _l("Mark as sent")), ("record_payment", _l("Mark as paid"))]


class BulkForm(BaseForm):
    claim_ids = SelectMultipleField(_l("Claims"), choices=[], validate_choice=False)
    action = RadioField(_l("What to record"), choices=choices(BULK_CHOICES),
                        validate_choice=False,
                        validators=[one_of(_l("Choose what to record."))])
    on = DateTextField(_l("On"), validators=[required_message(_l("Enter the day."))])
    reference = StringField(_l("Reference of the application (when marking as sent)"),
                            validators=[max_length(100)])

    def validate_claim_ids(self, field: SelectMultipleField) -> None:
        if not field.data:
            raise StopValidation(str(_l("Choose at least one claim.")))
