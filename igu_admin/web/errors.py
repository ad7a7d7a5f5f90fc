"""Error pages: HTML for people, JSON for the API; never a stack trace."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from flask import Flask, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from igu_admin.extensions import db
from igu_admin.services.errors import NotFound

log = logging.getLogger(__name__)


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("The request could not be read"), _("Check what you entered and try again.")),
        403: (_("You do not have access to this page"),
              _("Your role does not give access to this page.")),
        404: (_("Page not found"), _("The page does not exist, or you do not have access to it.")),
        405: (_("This action is not possible here"), _("Go back and try again.")),
        413: (_("The request is too large"), _("Send less data and try again.")),
        429: (_("Too many attempts"),
              _("There have been too many attempts from your address. Wait a while and try "
                "again.")),
        500: (_("Something went wrong"),
              _("We could not complete your request. Nothing you entered has been saved by "
                "this attempt. Try again later.")),
    }


def _wants_json() -> bool:
    return request.blueprint == "api" or request.path.startswith("/api/")


def render_error(code: int, headers: Mapping[str, str] | None = None) -> ResponseReturnValue:
    """The error page (or JSON under /api) for an HTTP status. It never reads
    the request body: the error may be that the body could not be read."""
    title, text = _messages().get(code, _messages()[400 if code < 500 else 500])
    if _wants_json():
        return jsonify({"errors": {"request": [title]}}), code, dict(headers or {})
    return (render_template("errors/error.html", title=title, text=text, code=code), code,
            dict(headers or {}))


def _kept_headers(error: HTTPException) -> dict[str, str]:
    """Headers the status itself calls for: Allow on 405. (The limiter adds
    Retry-After to its 429 after this.)"""
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        return {"Allow": ", ".join(error.valid_methods)}
    return {}


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(NotFound)
    def _not_found(error: NotFound) -> ResponseReturnValue:
        return render_error(404)

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError) -> ResponseReturnValue:
        # Re-run the view: its form fails CSRF validation again and re-renders
        # everything that was entered, with a fresh token and a clear message.
        view = app.view_functions.get(request.endpoint or "")
        if view is None:
            return render_error(400)
        try:
            return app.ensure_sync(view)(**(request.view_args or {}))
        except HTTPException as refused:  # an error raised here would be a 500
            return _http(refused)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> ResponseReturnValue:
        return render_error(error.code or 500, _kept_headers(error))

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> ResponseReturnValue:
        # Log the type and place only: field values may hold CPR numbers.
        log.error("unhandled %s at %s %s", type(error).__name__, request.method, request.path)
        db.session.rollback()  # a failed flush would break the error page too
        return render_error(500)
