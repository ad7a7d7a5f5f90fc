"""Who calls the JSON API: the user of a bearer token, or nobody.

The API never acts on a browser's session cookie: a program proves who it is
with `Authorization: Bearer <token>` on every request, so a page on another
site cannot make a logged-in browser act through the API (no CSRF token is
needed, and none is asked for).
"""

from __future__ import annotations

from flask import Flask, Response, g, jsonify, request
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin, current_user

from igu_admin.services.accounts import api_tokens
from igu_admin.web.api.operations import ApiError

API_BLUEPRINT = "api"


def _presented_token() -> str | None:
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _sep, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def identify_api_caller() -> Response | tuple[Response, int] | None:
    """Before an API request: act as the token's user, or as nobody. A token
    that is presented but unknown, revoked or of a deactivated user is
    refused at once (401), also on public operations."""
    if request.blueprint != API_BLUEPRINT:
        return None
    token = _presented_token()
    user = api_tokens.user_for_bearer(token) if token else None
    # Flask-Login reads the user from g first; setting it here keeps the
    # cookie session out of the API.
    g._login_user = user if user is not None else AnonymousUserMixin()
    if token is not None and user is None:
        response = jsonify({"errors": {"auth": [_(
            "The API key is unknown or has been revoked, or its user is no longer active.")]}})
        response.headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return response, 401
    return None


def require_bearer_user(roles: tuple[str, ...] | None) -> None:
    """For operations declared with bearer=True: 401 without a token, 403 for a
    role the operation never serves."""
    if not current_user.is_authenticated:
        raise ApiError(401, {"auth": [_(
            "Send a valid API key in the header Authorization: Bearer <key>.")]},
            headers={"WWW-Authenticate": "Bearer"})
    if roles is not None and current_user.role not in roles:
        raise ApiError(403, {"auth": [role_refused_message()]})


def role_refused_message() -> str:
    return _("Your role does not give access to this operation.")


def register_api_identity(app: Flask) -> None:
    app.before_request(identify_api_caller)
