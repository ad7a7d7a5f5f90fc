"""The calendar feeds, read by calendar programs without a login: the secret
token in the address is the key (an unknown or renewed one is not found)."""

from __future__ import annotations

from flask import Blueprint, Response

from igu_admin.core.errors import NotFound
from igu_admin.services.claims import calendar_feeds

bp = Blueprint("calendar", __name__, url_prefix="/calendar")


@bp.route("/<token>.ics")
def feed(token: str) -> Response:
    found = calendar_feeds.feed_for_token(token)
    if found is None:
        raise NotFound("calendar feed")
    response = Response(calendar_feeds.ics(found), content_type="text/calendar; charset=utf-8")
    response.headers["Content-Disposition"] = 'inline; filename="bonuskrav.ics"'
    return response
