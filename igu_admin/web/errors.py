"""Error pages: HTML for people, JSON for the API; never a stack trace."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from flask import Flask, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from igu_admin.core.errors import ConflictError, NotFound, PermissionDenied
from igu_admin.extensions import db
from igu_admin.services.documents import NoPdf
from igu_admin.web import labels
from igu_admin.wording import amendment as amendment_messages

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
        # The field api.md names for each answer: who you are, which record, or the request.
        field = {401: "auth", 403: "auth", 404: "id"}.get(code, "request")
        return jsonify({"errors": {field: [title]}}), code, dict(headers or {})
    return (render_template("errors/error.html", title=title, text=text, code=code), code,
            dict(headers or {}))


def _kept_headers(error: HTTPException) -> dict[str, str]:
    """Headers the status itself calls for: Allow on 405. (The limiter adds
    Retry-After to its 429 after this.)"""
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        return {"Allow": ", ".join(error.valid_methods)}
    return {}


def conflict_message(error: ConflictError) -> str:
    """Why a change was refused, in the user's words."""
    if error.code == "stale":
        return _("Someone else has changed this in the meantime, so your change was not saved. "
                 "What you entered is kept: check the current version and save again.")
    if error.code == "amendment_pending":
        return amendment_messages.pending_conflict()
    if error.code == "termination_recorded":
        return _("An early end of the course has been recorded, so the course cannot be "
                 "extended, completed or ended again.")
    if error.code == "continued":
        return _("Another agreement in igu-admin already continues this course.")
    return _("This is not possible while the status is \u201c%(status)s\u201d.",
             status=_status_label(error))


def _status_label(error: ConflictError) -> str:
    by_kind = {"agreement": labels.agreement_status_label, "plan": labels.plan_status_label,
               "claim": labels.claim_status_label, "extension": labels.extension_status_label,
               # An amendment has an extension's statuses (requested, approved, ...).
               "amendment": labels.extension_status_label}
    label = by_kind.get(error.kind or "")
    return label(error.status) if label and error.status else _("unknown")


def render_conflict(error: ConflictError) -> ResponseReturnValue:
    if _wants_json():
        return jsonify({"errors": {error.field: [conflict_message(error)]}}), 409
    return render_template("errors/error.html", title=_("The change was not made"),
                           text=conflict_message(error), code=409), 409


def no_pdf_message() -> tuple[str, str]:
    return (_("There is no PDF of this version"),
            _("The course was imported from the municipality's own records, so its version has "
              "no document in igu-admin."))


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(NotFound)
    def _not_found(error: NotFound) -> ResponseReturnValue:
        return render_error(404)

    @app.errorhandler(NoPdf)
    def _no_pdf(error: NoPdf) -> ResponseReturnValue:
        # An imported version: not a missing page, and not a failure.
        title, text = no_pdf_message()
        if _wants_json():
            return jsonify({"errors": {"id": [f"{title}. {text}"]}}), 404
        return render_template("errors/error.html", title=title, text=text, code=404), 404

    @app.errorhandler(PermissionDenied)
    def _forbidden(error: PermissionDenied) -> ResponseReturnValue:
        return render_error(403)

    @app.errorhandler(ConflictError)
    def _conflict(error: ConflictError) -> ResponseReturnValue:
        # Pages that edit a record catch the conflict themselves to keep the
        # input; this is the answer for everything else (the API above all).
        return render_conflict(error)

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError) -> ResponseReturnValue:
        # Re-run the view: its form fails CSRF validation again and re-renders
        # everything that was entered, with a fresh token and a clear message.
        view = app.view_functions.get(request.endpoint or "")
        if view is None:
            return render_error(400)
        try:
            return app.ensure_sync(view)(**(request.view_args or {}))
        # An error raised here would be a 500: the view's refusals are answered as usual.
        except HTTPException as refused:
            return _http(refused)
        except NotFound:
            return render_error(404)
        except PermissionDenied:
            return render_error(403)
        except ConflictError as conflict:
            return render_conflict(conflict)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> ResponseReturnValue:
        return render_error(error.code or 500, _kept_headers(error))

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> ResponseReturnValue:
        # Log the type and place only: field values may hold CPR numbers.
        log.error("unhandled %s at %s %s", type(error).__name__, request.method, request.path)
        db.session.rollback()  # a failed flush would break the error page too
        return render_error(500)
