"""Login with a password, and logout (also from a single sign-on)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from forms.auth import LoginForm, LogoutForm
from igu_admin.services.accounts.users import LoginOutcome, authenticate, end_all_sessions
from igu_admin.web.navigation import home_url
from igu_admin.web.pages.auth.blueprint import CARRIED_OVER_LOGIN, bp
from igu_admin.web.pages.auth.sign_on import SIGNED_ON_WITH, end_session_url, providers
from igu_admin.web.rate_limits import client_address
from igu_admin.web.safety import safe_next
from igu_admin.web.sessions import start_session


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
        if result.outcome is LoginOutcome.SIGN_ON_ONLY:
            form.password.errors = [_(
                "Your login does not use a password here. Log in with %(providers)s.",
                providers=" / ".join(p.title for p in providers()) or "-")]
        elif result.outcome is LoginOutcome.LOCKED:
            form.password.errors = [_(
                "Too many failed attempts. Wait %(minutes)s minutes and try again.",
                minutes=result.retry_after_minutes)]
        else:
            form.password.errors = [_("The e-mail or the password is wrong.")]
    return render_template("auth/login.html", form=form, sign_on_providers=providers(),
                           password_login=bool(current_app.config["IGU_PASSWORD_LOGIN_ROLES"]
                                               .strip()))


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    form = LogoutForm()
    if form.validate_on_submit():
        if current_user.is_authenticated:
            end_all_sessions(current_user)
        signed_on_with = session.get(SIGNED_ON_WITH)
        logout_user()
        session.clear()
        flash(_("You are logged out."), "success")
        # Signed in through a provider: its session ends too, then back here.
        return redirect(end_session_url(signed_on_with) or url_for("public.index"))
    flash(_("Your session expired for security reasons. Try again."), "warning")
    return redirect(url_for("public.index"))
