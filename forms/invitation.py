"""Inviting a company, or a person to a company, to igu-admin."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, RadioField, StringField

from forms.eligibility import one_of
from forms.fields import BaseForm, choices, max_length, required_message

EMPLOYER_TYPES = [("private", _l("Private")),
                  ("public", _l("Public, or funded mainly by public grants"))]


class InvitePersonForm(BaseForm):
    """A person to invite to a company: an e-mail, and the name if known."""

    name = StringField(_l("Name"), validators=[max_length(200)])
    email = EmailField(_l("E-mail"), validators=[required_message(_l("Enter the e-mail.")),
                                                  max_length(254)])


class InviteCompanyForm(InvitePersonForm):
    """A company igu-admin does not know, and the person to invite to it."""

    cvr = StringField(_l("CVR number"), validators=[required_message(_l("Enter the CVR number.")),
                                                    max_length(20)])
    company_name = StringField(_l("Company name"), validators=[
        required_message(_l("Enter the company name.")), max_length(200)])
    employer_type = RadioField(_l("Type of employer"), validate_choice=False,
                               choices=choices(EMPLOYER_TYPES),
                               validators=[one_of(_l("Choose the type of employer."))])


class ResendForm(BaseForm):
    """Only the CSRF token: a resend is a POST."""


class StartForCompanyForm(BaseForm):
    """The company a caseworker starts an agreement for: one igu-admin knows,
    by its CVR number; or, when it does not know it, the company's name and
    type and the person to invite (the invitation's fields, all needed then)."""

    cvr = StringField(_l("CVR number"), validators=[required_message(_l("Enter the CVR number.")),
                                                    max_length(20)])
    company_name = StringField(_l("Company name"), validators=[max_length(200)])
    employer_type = RadioField(_l("Type of employer"), validate_choice=False,
                               choices=choices(EMPLOYER_TYPES))
    name = StringField(_l("Name"), validators=[max_length(200)])
    email = EmailField(_l("E-mail"), validators=[max_length(254)])

    def invites(self) -> bool:
        """Whether the caseworker filled in the company to invite."""
        return any((field.data or "").strip() for field in (
            self.company_name, self.employer_type, self.name, self.email))

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if not self.invites():
            return valid
        # Inviting: every field of the invitation, all said at once.
        for field, message in ((self.company_name, _l("Enter the company name.")),
                               (self.employer_type, _l("Choose the type of employer.")),
                               (self.email, _l("Enter the e-mail."))):
            if not (field.data or "").strip() and not field.errors:
                field.errors = [*field.errors, str(message)]
                valid = False
        return valid
