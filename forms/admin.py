from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
)
from wtforms.validators import StopValidation

from forms.eligibility import one_of
from forms.fields import BaseForm, choices, max_length, required_message
from igu_admin.domain.accounts import MIN_PASSWORD_LENGTH
from igu_admin.models import Role

ROLE_CHOICES = [
    (Role.EMPLOYER.value, _l("Employer")),
    (Role.CASEWORKER.value, _l("Caseworker")),
    (Role.FINANCE.value, _l("Finance officer")),
    (Role.ADMIN.value, _l("Administrator")),
]


class UserForm(BaseForm):
    name = StringField(_l("Name"), validators=[max_length(200)])
    email = EmailField(_l("E-mail"), validators=[required_message(_l("Enter the e-mail.")),
                                                  max_length(254)])
    password = PasswordField(_l("Password (at least %(min)s characters)", min=MIN_PASSWORD_LENGTH),
                             validators=[required_message(_l("Enter a password.")),
                                         max_length(1000)])
    role = RadioField(_l("Role"), choices=choices(ROLE_CHOICES), validate_choice=False,
                      validators=[one_of(_l("Choose a role."))])
    company_id = SelectField(_l("Company (employers)"), choices=[], validate_choice=False)
    municipality_code = SelectField(_l("Municipality (caseworkers and finance officers)"),
                                    choices=[], validate_choice=False)


class CompanyForm(BaseForm):
    cvr = StringField(_l("CVR number"), validators=[required_message(_l("Enter the CVR number.")),
                                                    max_length(20)])
    name = StringField(_l("Company name"),
                       validators=[required_message(_l("Enter the company name.")), max_length(200)])
    address = StringField(_l("Address"), validators=[max_length(200)])
    postal_code = StringField(_l("Postal code"), validators=[max_length(4)])
    city = StringField(_l("City"), validators=[max_length(100)])
    municipality_code = SelectField(_l("Municipality"), choices=[], validate_choice=False)
    employer_type = RadioField(
        _l("Type of employer"), validate_choice=False,
        choices=choices([("private", _l("Private")),
                         ("public", _l("Public, or funded mainly by public grants"))]),
        validators=[one_of(_l("Choose the type of employer."))])


class EditUserForm(BaseForm):
    lock_version = HiddenField()
    name = StringField(_l("Name"), validators=[max_length(200)])
    active = BooleanField(_l("The login is active"))
    new_password = PasswordField(
        _l("New password (at least %(min)s characters; leave empty to keep the password)",
           min=MIN_PASSWORD_LENGTH), validators=[max_length(1000)])

    def validate_lock_version(self, field: HiddenField) -> None:
        if not (field.data or "").isascii() or not (field.data or "").isdigit():
            raise StopValidation(str(_l("The page is out of date. Open the user again.")))


class FollowUpMonthsForm(BaseForm):
    """A municipality's own check-in months; empty: the default."""

    months = StringField(_l("Check-in months"), validators=[max_length(100)])
