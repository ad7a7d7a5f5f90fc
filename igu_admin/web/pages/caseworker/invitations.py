"""The caseworker's invitations: a company igu-admin does not know, created
with an invitation of its first user; a person invited to a company of the
municipality; the municipality's open invitations, each with "Send again"."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from forms.invitation import InviteCompanyForm, InvitePersonForm, ResendForm
from igu_admin.core.errors import NotFound, ServiceError
from igu_admin.models import Company
from igu_admin.services import accounts
from igu_admin.web.pages.caseworker.queue import bp
from igu_admin.web.pages.invitation_forms import blame, invite_person_page

# The form's name for the company's name; the service's is "name".
_COMPANY_FIELDS = {"name": "company_name"}


@bp.route("/invitations")
def invitations() -> str:
    return render_template("caseworker/invitations.html", form=ResendForm(),
                           invitations=accounts.open_invitations(current_user),
                           municipality=current_user.municipality)


@bp.route("/invitations/new", methods=["GET", "POST"])
def new_invitation() -> str | Response:
    form = InviteCompanyForm()
    known: Company | None = None
    if form.validate_on_submit():
        try:
            invitation = accounts.invite_company(
                current_user, form.cvr.data or "", form.company_name.data or "",
                form.employer_type.data or "", form.email.data or "",
                person_name=form.name.data or "")
        except ServiceError as error:
            blame(form, error, _COMPANY_FIELDS)
            if error.code == "company_exists":
                known = _known_company(form.cvr.data or "")
        else:
            flash(_("The invitation has been sent to %(email)s.", email=invitation.email),
                  "success")
            return redirect(url_for("caseworker.invitations"))
    return render_template("caseworker/invite_company.html", form=form, known=known)


def _known_company(cvr: str) -> Company | None:
    """The company of a known CVR number, if it is one the caseworker may invite to."""
    company = accounts.find_company_by_cvr(cvr)
    if company is None:
        return None
    try:
        return accounts.invitable_company(current_user, company.id)
    except NotFound:
        return None


@bp.route("/companies/<int:company_id>/invite", methods=["GET", "POST"])
def invite_person(company_id: int) -> str | Response:
    company = accounts.invitable_company(current_user, company_id)
    return invite_person_page(InvitePersonForm(), company, url_for("caseworker.invitations"))


@bp.route("/invitations/<int:invitation_id>/resend", methods=["POST"])
def resend_invitation(invitation_id: int) -> Response:
    form = ResendForm()
    if form.validate_on_submit():
        invitation = accounts.resend_invitation(current_user, invitation_id)
        flash(_("A new link has been sent to %(email)s. The old link no longer works.",
                email=invitation.email), "success")
    return redirect(url_for("caseworker.invitations"))
