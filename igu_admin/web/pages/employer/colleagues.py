"""The employer invites another person to their own company."""

from __future__ import annotations

from flask import url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from forms.invitation import InvitePersonForm
from igu_admin.services import accounts
from igu_admin.web.pages.employer.home import bp
from igu_admin.web.pages.invitation_forms import invite_person_page


@bp.route("/company/invite", methods=["GET", "POST"])
def invite_person() -> str | Response:
    company = accounts.invitable_company(current_user, current_user.company_id)
    return invite_person_page(InvitePersonForm(), company, url_for("employer.invite_person"))
