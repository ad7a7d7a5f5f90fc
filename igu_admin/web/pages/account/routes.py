"""The user's own pages: API keys ("API-nøgler")."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from forms.account import NewApiKeyForm, RevokeApiKeyForm
from igu_admin.services.accounts import api_tokens

bp = Blueprint("account", __name__, url_prefix="/account")


def _page(form: NewApiKeyForm, new_secret: str | None = None) -> str:
    return render_template("account/api_keys.html", form=form, revoke_form=RevokeApiKeyForm(),
                           tokens=api_tokens.tokens_of(current_user), new_secret=new_secret)


@bp.route("/api-keys", methods=["GET", "POST"])
def api_keys() -> str:
    form = NewApiKeyForm()
    if form.validate_on_submit():
        made = api_tokens.create_token(current_user, current_user, form.label.data or "")
        # Shown in this answer only (no-store): never put in the session
        # cookie or a redirect, where it could be read later.
        return _page(NewApiKeyForm(formdata=None), new_secret=made.secret)
    return _page(form)


@bp.route("/api-keys/<int:token_id>/revoke", methods=["POST"])
def revoke_api_key(token_id: int) -> Response:
    if RevokeApiKeyForm().validate_on_submit():
        api_tokens.revoke_token(current_user, token_id)
        flash(_("The API key has been revoked. Programs using it are refused from now on."),
              "success")
    else:
        flash(_("Your session expired for security reasons. Try again."), "warning")
    return redirect(url_for("account.api_keys"))
