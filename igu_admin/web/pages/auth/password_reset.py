"""Forgotten passwords: ask for a link by e-mail, then set a new password.

The request's answer is the same page whether or not the e-mail belongs to
a login. Requests are limited per client address and per e-mail address
(IGU_PASSWORD_RESET_RATE_LIMIT, IGU_PASSWORD_RESET_EMAIL_RATE_LIMIT): over
either, the limiter answers 429 and nothing is sent. A link that cannot be
used (unknown, used, replaced or expired) answers 404 with a way on.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import Flask, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from limits import parse_many
from werkzeug.wrappers import Response

from forms.auth import ForgotPasswordForm, ResetPasswordForm
from igu_admin.config import ConfigurationError
from igu_admin.core.errors import ServiceError
from igu_admin.services import accounts
from igu_admin.web.pages.auth.blueprint import bp
from igu_admin.web.rate_limits import LIMITER, client_address, limit_view
from igu_admin.web.sessions import forget_login
from igu_admin.wording.accounts import account_error

__all__ = ["register_password_reset_limits"]


@bp.route("/login/forgot", methods=["GET", "POST"])
def forgot_password() -> str | Response:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        # Whatever this finds, the answer is the same page.
        accounts.request_password_reset(form.email.data or "", client_address=client_address())
        return redirect(url_for("auth.reset_link_sent"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/login/forgot/sent")
def reset_link_sent() -> str:
    minutes = max(1, int(current_app.config["IGU_PASSWORD_RESET_SECONDS"]) // 60)
    return render_template("auth/reset_link_sent.html", minutes=minutes)


@bp.route("/login/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> str | Response | tuple[str, int]:
    if accounts.user_for_reset_token(token) is None:
        return _link_unusable()
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.reset_password(token, form.password.data or "")
        except ServiceError as error:
            if error.field != "password":
                return _link_unusable()
            form.password.errors = [account_error(error.code)]
        else:
            # This browser's login (if any) ended with every other session.
            if current_user.is_authenticated:
                logout_user()
            forget_login()
            flash(_("Your password has been changed, and every session of your login has "
                    "ended. Log in with the new password."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)


def _link_unusable() -> tuple[str, int]:
    return render_template("auth/reset_link_unusable.html"), 404


def _posted_email_key() -> str:
    """The e-mail asked for, as a keyed hash: the limiter's storage (Redis,
    perhaps) never holds an address."""
    email = accounts.normalise_email(request.form.get("email", ""))
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"password-reset\n{email}".encode(), hashlib.sha256).hexdigest()


def _limit(app: Flask, name: str) -> str:
    try:
        parse_many(app.config[name])
    except ValueError as error:
        raise ConfigurationError(
            f"{name}={app.config[name]!r} is not a rate limit like '5 per hour'.") from error
    return str(app.config[name])


def register_password_reset_limits(app: Flask) -> None:
    """Limit the requests for a link on the app's limiter (after
    register_rate_limits): per client address, and per e-mail asked for."""
    limiter = app.extensions[LIMITER]
    by_address = limiter.limit(_limit(app, "IGU_PASSWORD_RESET_RATE_LIMIT"), methods=["POST"],
                               key_func=client_address, scope="password_reset_address")
    by_email = limiter.limit(_limit(app, "IGU_PASSWORD_RESET_EMAIL_RATE_LIMIT"),
                             methods=["POST"], key_func=_posted_email_key,
                             scope="password_reset_email")
    limit_view(app, "auth.forgot_password", lambda view: by_address(by_email(view)))
