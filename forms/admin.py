from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField, SelectField, StringField

from forms.eligibility import one_of
from forms.fields import choices, required_message
from igu_admin.models import Role

ROLE_CHOICES = [
    (Role.EMPLOYER.value, _l("Employer")),
    (Role.CASEWORKER.value, _l("Caseworker")),
    (Role.FINANCE.value, _l("Finance officer")),
    (Role.ADMIN.value, _l("Administrator")),
]


class UserForm(FlaskForm):
    name = StringField(_l("Name"))
    email = EmailField(_l("E-mail"), validators=[required_message(_l("Enter the e-mail."))])
    password = PasswordField(_l("Password (at least 12 characters)"),
                             validators=[required_message(_l("Enter a password."))])
    role = RadioField(_l("Role"), choices=choices(ROLE_CHOICES), validate_choice=False,
                      validators=[one_of(_l("Choose a role."))])
    company_id = SelectField(_l("Company (employers)"), choices=[], validate_choice=False)
    municipality_code = SelectField(_l("Municipality (caseworkers and finance officers)"),
                                    choices=[], validate_choice=False)


class CompanyForm(FlaskForm):
    cvr = StringField(_l("CVR number"), validators=[required_message(_l("Enter the CVR number."))])
    name = StringField(_l("Company name"),
                       validators=[required_message(_l("Enter the company name."))])
    address = StringField(_l("Address"))
    postal_code = StringField(_l("Postal code"))
    city = StringField(_l("City"))
    municipality_code = SelectField(_l("Municipality"), choices=[], validate_choice=False)
    employer_type = RadioField(
        _l("Type of employer"), validate_choice=False,
        choices=choices([("private", _l("Private")),
                         ("public", _l("Public (at least 50 % public funding)"))]),
        validators=[one_of(_l("Choose the type of employer."))])
