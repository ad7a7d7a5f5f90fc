"""Input kept across a login: a form posted after the session ended is shown
again, filled in, once the user has logged in.

The session cookie is signed, not encrypted, so secrets are never kept:
passwords, CPR numbers and the CSRF token are left out.
"""

from __future__ import annotations

from flask import request, session
from werkzeug.datastructures import MultiDict

KEPT_INPUT = "kept_input"
NEVER_KEPT = ("csrf_token", "password", "cpr")


def keep_input(path: str, form: MultiDict[str, str]) -> None:
    fields = {name: values for name, values in form.lists()
              if not any(secret in name for secret in NEVER_KEPT)}
    session[KEPT_INPUT] = {"path": path, "fields": fields}


def take_kept_input() -> MultiDict[str, str] | None:
    """The input kept for this page, once; None on other pages and requests."""
    kept = session.get(KEPT_INPUT)
    if request.method != "GET" or not kept or kept.get("path") != request.path:
        return None
    session.pop(KEPT_INPUT)
    return MultiDict([(name, value) for name, values in kept["fields"].items()
                      for value in values])
