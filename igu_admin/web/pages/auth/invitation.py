"""An invitation's one-time link: the invited person chooses a password and
is logged in as an employer of the company. A link that cannot be used says
so, and whom to ask (the jobcenter of the company's municipality).

Single sign-on: the company is known to igu-admin from the invitation on, so
a provider that names the company (NemLog-in's CVR) lets its people in; the
page shows those buttons too, and a sign-in with the invitation's e-mail
(verified by the provider) accepts it (services.accounts.sign_on)."""

from __future__ import annotations

from flask import flash, redirect, render_template, session
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from forms.auth import AcceptInvitationForm
from igu_admin.core.errors import ServiceError
from igu_admin.services import accounts
from igu_admin.web.navigation import home_url
from igu_admin.web.pages.auth.blueprint import CARRIED_OVER_LOGIN, bp
from igu_admin.web.pages.auth.sign_on import providers
from igu_admin.web.sessions import start_session
from igu_admin.wording.accounts import account_error


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def invitation(token: str) -> str | Response | tuple[str, int]:
    found = accounts.invitation_for_token(token)
    if not found.usable or found.invitation is None:
        return _unusable(found)
    invited = found.invitation
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        try:
            user = accounts.accept_invitation(token, form.password.data or "",
                                              name=form.name.data or "")
        except ServiceError as error:
            if error.field == "password":
                form.password.errors = [account_error(error.code)]
            elif error.field == "email":
                form.name.errors = [account_error(error.code)]
            else:
                return _unusable(accounts.invitation_for_token(token))
        else:
            if current_user.is_authenticated:
                logout_user()
            carried = {key: session[key] for key in CARRIED_OVER_LOGIN if key in session}
            session.clear()  # a fresh session on login: no fixation
            session.update(carried)
            login_user(user)
            start_session(user)
            flash(_("Welcome to igu-admin. Your login is ready."), "success")
            return redirect(home_url(user))
    elif not form.is_submitted():
        form.name.data = invited.name
    return render_template("auth/invitation.html", form=form, invitation=invited,
                           sign_on_providers=providers())


def _unusable(found: accounts.InvitationLink) -> tuple[str, int]:
    municipality = (found.invitation.company.municipality.name
                    if found.invitation is not None else None)
    return render_template("auth/invitation_unusable.html", municipality=municipality), 404
