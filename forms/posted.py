"""What a page form reads from a request: the posted fields only.

Flask-WTF would also hand a form the uploaded files and a JSON body. No page
form takes a JSON body, and only forms that declare `accepts_files` take
files, through their own file fields: a file part sent as a text field would
otherwise reach the validators as a file object, and a JSON body as numbers
or lists.
"""

from __future__ import annotations

from flask import abort, request
from werkzeug.datastructures import MultiDict

SUBMIT_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def posted_form_data(accepts_files: bool = False) -> MultiDict[str, str] | None:
    """The posted fields of this request; None when nothing was posted.
    A file part is refused with 400 unless the form `accepts_files` (its file
    fields read the files themselves; see forms.claims.DocumentField)."""
    if request.method not in SUBMIT_METHODS:
        return None
    if request.files and not accepts_files:
        abort(400)
    return request.form or None


def parse_lock_version(text: str | None) -> int | None:
    """The lock_version a page posted back, or None if it cannot be one."""
    text = text or ""
    return int(text) if text.isascii() and text.isdigit() and 0 < len(text) <= 9 else None
