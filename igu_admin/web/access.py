"""One mechanism for who may use which view.

Each blueprint is registered with a policy: public, or the roles allowed.
A single before_request hook enforces it for every request; a blueprint
without a policy is refused, so a new area is closed until it says who may
use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, abort, current_app, flash, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user

from forms.kept_input import keep_input
from igu_admin.models import Role, User
from igu_admin.services.accounts import load_user

PUBLIC = "public"
Policy = tuple[Role, ...] | str
_POLICIES = "igu_access_policies"

ROLE_LABELS = {
    Role.EMPLOYER: _l("Employer"),
    Role.CASEWORKER: _l("Caseworker"),
    Role.FINANCE: _l("Finance officer"),
    Role.ADMIN: _l("Administrator"),
}

HOME_ENDPOINTS = {
    Role.EMPLOYER: "employer.home",
    Role.CASEWORKER: "caseworker.home",
    Role.FINANCE: "finance.home",
    Role.ADMIN: "admin.home",
}

_NAV: dict[Role | None, list[tuple[str, Any]]] = {
    None: [("public.index", _l("Front page")), ("public.eligibility", _l("Eligibility check"))],
    Role.EMPLOYER: [("employer.home", _l("My IGU courses")),
                    ("public.eligibility", _l("Eligibility check"))],
    Role.CASEWORKER: [("caseworker.home", _l("Queue")),
                      ("public.eligibility", _l("Eligibility check"))],
    Role.FINANCE: [("finance.home", _l("Bonus claims"))],
    Role.ADMIN: [("admin.home", _l("Overview")), ("admin.users", _l("Users")),
                 ("admin.companies", _l("Companies"))],
}


def set_policy(app: Flask, blueprint_name: str, policy: Policy) -> None:
    app.extensions.setdefault(_POLICIES, {})[blueprint_name] = policy


def policy_for(app: Flask, endpoint: str) -> Policy | None:
    """The endpoint's policy; None (refused) for anything not declared."""
    if endpoint == "static":
        return PUBLIC
    blueprint = endpoint.rpartition(".")[0]
    return app.extensions.get(_POLICIES, {}).get(blueprint) if blueprint else None


def may_look_up_recorded_igus() -> bool:
    """Staff who make or review agreements may learn whether a person already
    had an IGU here; the public may not (it would reveal who was in an IGU)."""
    return current_user.is_authenticated and Role(current_user.role) in (
        Role.EMPLOYER, Role.CASEWORKER, Role.ADMIN)


def home_url(user: User) -> str:
    return url_for(HOME_ENDPOINTS[Role(user.role)])


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str
    active: bool


def nav_items() -> list[NavItem]:
    role = Role(current_user.role) if current_user.is_authenticated else None
    return [NavItem(url_for(endpoint), str(label), request.endpoint == endpoint)
            for endpoint, label in _NAV[role]]


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
        return login_manager.unauthorized()
    if Role(current_user.role) not in policy:
        abort(403)
    return None


SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                               "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def _protect_response(response: Response) -> Response:
    """Pages may show CPR numbers or echo what was typed: keep them out of
    shared and back-button caches (static files stay cacheable), and forbid
    framing and scripts from anywhere but this site."""
    response.headers.update(SECURITY_HEADERS)
    if request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
    return response


def register_access(app: Flask, login_manager: LoginManager) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_user)
    app.before_request(lambda: enforce_policy(login_manager))
    app.after_request(_protect_response)

    @app.context_processor
    def _access_context() -> dict[str, Any]:
        from forms.auth import LogoutForm

        role_label = None
        if current_user.is_authenticated:
            role_label = str(ROLE_LABELS[Role(current_user.role)])
        return {"nav_items": nav_items(), "role_label": role_label, "logout_form": LogoutForm()}
