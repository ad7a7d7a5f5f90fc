"""A file handed to the browser to save: never kept on the way."""

from __future__ import annotations

from flask import Response


def attachment(content: bytes, media_type: str, filename: str) -> Response:
    """`filename` must hold no personal data (it ends up in download lists);
    nothing caches the file (no-store)."""
    response = Response(content, mimetype=media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def pdf_response(content: bytes, filename: str, media_type: str = "application/pdf") -> Response:
    """A stored document (a PDF, or the signed scan of `media_type`) to save."""
    return attachment(content, media_type, filename)
