"""Pages anyone can use: the front page, the eligibility check, the language,
and the calendar feeds (their secret address is the key)."""

from igu_admin.web.pages.public import calendar_feed, routes

bp = routes.bp
calendar_bp = calendar_feed.bp

__all__ = ["bp", "calendar_bp"]
