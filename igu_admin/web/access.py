"""One mechanism for who may use which view.

Each blueprint is registered with a policy: public, or the roles allowed.
A single before_request hook enforces it for every request; a blueprint
without a policy is refused, so a new area is closed until it says who may
use it.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, abort, current_app, flash, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user, login_url

from forms.kept_input import keep_input
from igu_admin.models import Role
from igu_admin.web.sessions import session_end_message

PUBLIC = "public"
Policy = tuple[Role, ...] | str
_POLICIES = "igu_access_policies"

def set_policy(app: Flask, blueprint_name: str, policy: Policy) -> None:
    app.extensions.setdefault(_POLICIES, {})[blueprint_name] = policy


def policy_for(app: Flask, endpoint: str) -> Policy | None:
    """The endpoint's policy; None (refused) for anything not declared."""
    if endpoint == "static":
        return PUBLIC
    blueprint = endpoint.rpartition(".")[0]
    return app.extensions.get(_POLICIES, {}).get(blueprint) if blueprint else None


def recorded_igu_scope() -> tuple[bool, int | None]:
    """Whether the eligibility check may look for an IGU igu-admin holds for
    the CPR number, and in which company's agreements only.

    The public may not (it would reveal who was in an IGU); an employer only
    in its own company's agreements (a recorded IGU elsewhere shows in the
    municipality's review); caseworkers and administrators everywhere."""
    if not current_user.is_authenticated:
        return False, None
    role = Role(current_user.role)
    if role is Role.EMPLOYER:
        return True, current_user.company_id
    return role in (Role.CASEWORKER, Role.ADMIN), None


def enforce_policy(login_manager: LoginManager) -> Any:
    if request.endpoint is None:
        return None  # 404 follows
    policy = policy_for(current_app, request.endpoint)
    if policy is None:
        abort(404)
    if policy == PUBLIC:
        return None
    if not current_user.is_authenticated:
        if request.method == "POST":
            # The session ended while the user filled in a form: keep what
            # they typed for the same page after they log in again.
            keep_input(request.path, request.form)
            flash(_l("Your session has ended. Log in again: what you entered has been kept."),
                  "warning")
            return redirect(url_for("auth.login", next=request.path))
        ended = session_end_message()
        if ended is not None:
            flash(ended, "warning")
            return redirect(login_url("auth.login", next_url=request.url))
        return login_manager.unauthorized()
    if Role(current_user.role) not in policy:
        abort(403)
    return None


def register_access(app: Flask, login_manager: LoginManager) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Log in to see this page.")
    login_manager.login_message_category = "info"
    app.before_request(lambda: enforce_policy(login_manager))
