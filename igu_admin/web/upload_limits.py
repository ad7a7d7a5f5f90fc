"""Requests may be at most MAX_CONTENT_LENGTH (1 MiB), except the few pages
that take an uploaded document: for those the limit is the document's
(services.uploads.MAX_BYTES) and a little for the form's other fields.

The limit is raised before anything reads the body (the CSRF check reads
the form), so the hook is registered before CSRF protection.
"""

from __future__ import annotations

from flask import Flask, request

from igu_admin.inputs.uploads import MAX_BYTES

# The endpoints of the pages that upload a document.
UPLOAD_ENDPOINTS: set[str] = set()
FORM_ALLOWANCE = 64 * 1024


def accepts_upload(endpoint: str) -> None:
    UPLOAD_ENDPOINTS.add(endpoint)


def _raise_limit() -> None:
    if request.endpoint in UPLOAD_ENDPOINTS:
        request.max_content_length = MAX_BYTES + FORM_ALLOWANCE


def register_upload_limits(app: Flask) -> None:
    app.before_request(_raise_limit)
