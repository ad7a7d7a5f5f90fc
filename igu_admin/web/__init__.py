"""Web adapters: thin views over the services. pages/ holds a package per
area (public, auth, account, employer, caseworker, finance, admin), api/ the
JSON API; the modules here are what every page and operation shares."""

from __future__ import annotations

from flask import Flask, g, request

from igu_admin.core import audit
from igu_admin.extensions import babel, csrf, login_manager
from igu_admin.web import api, health, metrics
from igu_admin.web.access import PUBLIC, register_access, set_policy
from igu_admin.web.api.identity import register_api_identity
from igu_admin.web.converters import register_converters
from igu_admin.web.cookie_sessions import register_cookie_sessions
from igu_admin.web.errors import register_error_handlers
from igu_admin.web.i18n import register_i18n
from igu_admin.web.labels import register_labels
from igu_admin.web.metrics import register_request_metrics
from igu_admin.web.navigation import register_navigation
from igu_admin.web.pages import AREAS
from igu_admin.web.pages.auth import register_password_reset_limits, register_sign_on
from igu_admin.web.pages.caseworker.labels import register_queue_labels
from igu_admin.web.rate_limits import LIMITER, register_rate_limits
from igu_admin.web.request_ids import register_request_ids
from igu_admin.web.security_headers import register_security_headers
from igu_admin.web.sessions import register_sessions
from igu_admin.web.upload_limits import register_upload_limits


def register_web(app: Flask) -> None:
    """The pages and the API, with what guards and words them, in the order
    their hooks must run."""
    # First: a hook that answers early ends the hooks after it, and that
    # request too has an id and is counted.
    register_request_ids(app)
    register_request_metrics(app)
    register_converters(app)
    register_cookie_sessions(app)
    register_i18n(app, babel)
    register_sessions(login_manager)
    # Before the access policy: the API's caller comes from a bearer token.
    register_api_identity(app)
    register_access(app, login_manager)
    register_security_headers(app)
    # Before CSRF protection, which reads the body: pages taking a document
    # may send more than the usual limit.
    register_upload_limits(app)
    # After the access hook: a failed CSRF check re-runs the view to keep the
    # input, which must only happen for a user allowed to use that view.
    csrf.init_app(app)
    register_blueprints(app)
    register_rate_limits(app)
    register_operations(app)
    register_password_reset_limits(app)
    register_sign_on(app)
    register_error_handlers(app)
    register_labels(app)
    register_navigation(app)


def register_blueprints(app: Flask) -> None:
    for blueprint, policy in [*AREAS, (api.bp, PUBLIC)]:
        set_policy(app, blueprint.name, policy)
        app.register_blueprint(blueprint)
    register_queue_labels(app)
    app.before_request(_audit_channel)
    app.teardown_request(_end_audit_channel)
    # The API takes JSON from programs, not forms from a browser session.
    csrf.exempt(api.bp)


def register_operations(app: Flask) -> None:
    """/healthz, /readyz and /metrics: open to any caller (/metrics asks for
    its own token), never rate limited, so that a probe is never refused."""
    for blueprint in (health.bp, metrics.bp):
        set_policy(app, blueprint.name, PUBLIC)
        app.register_blueprint(blueprint)
        app.extensions[LIMITER].exempt(blueprint)


def _audit_channel() -> None:
    """Changes made in this request are audited as coming through the API or the pages."""
    g.audit_channel = audit.set_channel("api" if request.blueprint == "api" else "web")


def _end_audit_channel(error: BaseException | None) -> None:
    token = g.pop("audit_channel", None)
    if token is not None:
        audit.reset_channel(token)
