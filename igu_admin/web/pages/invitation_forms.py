"""What the caseworker's and the employer's invitation pages share: the
service's refusals at their fields, and the page inviting a person."""

from __future__ import annotations

from flask import flash, redirect, render_template
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from forms.fields import BaseForm
from forms.invitation import InvitePersonForm
from igu_admin.core.errors import ServiceError
from igu_admin.models import Company
from igu_admin.services import accounts
from igu_admin.wording.accounts import account_error


def blame(form: BaseForm, error: ServiceError, renamed: dict[str, str] | None = None) -> None:
    """Put the service's refusal at its field of the form (the e-mail's if none)."""
    name = (renamed or {}).get(error.field or "", error.field or "email")
    field = form[name] if name in form else form["email"]
    field.errors = [*field.errors, account_error(error.code)]


def invite_person_page(form: InvitePersonForm, company: Company, done_url: str) -> str | Response:
    if form.validate_on_submit():
        try:
            invitation = accounts.invite_person(current_user, company, form.email.data or "",
                                                form.name.data or "")
        except ServiceError as error:
            blame(form, error)
        else:
            flash(_("The invitation has been sent to %(email)s.", email=invitation.email),
                  "success")
            return redirect(done_url)
    return render_template("shared/invite_person.html", form=form, company=company,
                           invitations=[i for i in accounts.open_invitations(current_user)
                                        if i.company_id == company.id])
