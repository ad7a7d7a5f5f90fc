"""Login and logout."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from forms.auth import LoginForm, LogoutForm
from forms.kept_input import KEPT_INPUT
from igu_admin.services.accounts.users import LoginOutcome, authenticate, end_all_sessions
from igu_admin.web.navigation import home_url
from igu_admin.web.rate_limits import client_address
from igu_admin.web.safety import safe_next
from igu_admin.web.sessions import start_session

bp = Blueprint("auth", __name__)
# What survives the fresh session made at login: the language chosen and
# input kept from a form whose session had ended.
CARRIED_OVER_LOGIN = ("lang", KEPT_INPUT)


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    if current_user.is_authenticated and request.method == "GET":
        return redirect(home_url(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        result = authenticate(form.email.data or "", form.password.data or "",
                              client_address=client_address())
        if result.outcome is LoginOutcome.OK and result.user is not None:
            carried = {key: session[key] for key in CARRIED_OVER_LOGIN if key in session}
            session.clear()  # a fresh session on login: no fixation
            session.update(carried)
            login_user(result.user)
            start_session(result.user)
            return redirect(safe_next(request.args.get("next")) or home_url(result.user))
        if result.outcome is LoginOutcome.LOCKED:
            form.password.errors = [_(
                "Too many failed attempts. Wait %(minutes)s minutes and try again.",
                minutes=result.retry_after_minutes)]
        else:
            form.password.errors = [_("The e-mail or the password is wrong.")]
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    form = LogoutForm()
    if form.validate_on_submit():
        if current_user.is_authenticated:
            end_all_sessions(current_user)
        logout_user()
        session.clear()
        flash(_("You are logged out."), "success")
        return redirect(url_for("public.index"))
    flash(_("Your session expired for security reasons. Try again."), "warning")
    return redirect(url_for("public.index"))
