"""Login sessions that the server can end.

The session cookie is signed by the app, and carries the user's session
generation at login, the login time and the time last seen. A session ends
when the generation was raised since (logout, deactivation or a new
password end every session of the user), when it has been idle too long,
or when it is older than its absolute lifetime.
"""

from __future__ import annotations

import time
from enum import StrEnum

from flask import current_app, g, session
from flask_babel import gettext as _
from flask_login import LoginManager
from flask_login.config import SESSION_KEYS

from igu_admin.models import User
from igu_admin.services.accounts.users import load_user

GENERATION = "igu_session_generation"
LOGGED_IN_AT = "igu_logged_in_at"
SEEN_AT = "igu_seen_at"
_ENDED = "igu_session_ended"
# Last-seen is written at most once a minute, so that not every response
# sends a new cookie.
_SEEN_RESOLUTION_SECONDS = 60


class SessionEnd(StrEnum):
    REVOKED = "revoked"
    IDLE = "idle"
    EXPIRED = "expired"


def _now() -> int:
    return int(time.time())


def start_session(user: User) -> None:
    """Stamp a fresh login session (call right after login_user)."""
    now = _now()
    session[GENERATION] = user.session_generation
    session[LOGGED_IN_AT] = now
    session[SEEN_AT] = now


def why_ended(user: User, now: int) -> SessionEnd | None:
    """Why this session may no longer stand for the user; None while it may."""
    generation, logged_in_at, seen_at = (session.get(GENERATION), session.get(LOGGED_IN_AT),
                                         session.get(SEEN_AT))
    if not (isinstance(generation, int) and isinstance(logged_in_at, int)
            and isinstance(seen_at, int)):
        return SessionEnd.REVOKED  # made before these stamps existed, or not by a login
    if generation != user.session_generation:
        return SessionEnd.REVOKED
    config = current_app.config
    if now - logged_in_at >= config["IGU_SESSION_MAX_HOURS"] * 3600:
        return SessionEnd.EXPIRED
    if now - seen_at >= config["IGU_SESSION_IDLE_MINUTES"] * 60:
        return SessionEnd.IDLE
    return None


def load_session_user(user_id: str) -> User | None:
    """Flask-Login's user loader: the user, while the session stands."""
    user = load_user(user_id)
    if user is None:
        return None
    now = _now()
    ended = why_ended(user, now)
    if ended is not None:
        g.setdefault(_ENDED, ended)
        forget_login()
        return None
    if now - session[SEEN_AT] >= _SEEN_RESOLUTION_SECONDS:
        session[SEEN_AT] = now
    return user


def forget_login() -> None:
    """Drop the login from the session; the language and kept input stay."""
    for key in (*SESSION_KEYS, GENERATION, LOGGED_IN_AT, SEEN_AT):
        session.pop(key, None)


def session_end_message() -> str | None:
    """Why this request's session ended, in the user's language; None if it did not."""
    ended = g.get(_ENDED)
    if ended is SessionEnd.IDLE:
        return _("You have been logged out because you were inactive for %(minutes)s minutes. "
                 "Log in again.", minutes=current_app.config["IGU_SESSION_IDLE_MINUTES"])
    if ended is SessionEnd.EXPIRED:
        return _("You have been logged out because you logged in more than %(hours)s hours "
                 "ago. Log in again.", hours=current_app.config["IGU_SESSION_MAX_HOURS"])
    if ended is SessionEnd.REVOKED:
        return _("Your session has ended because you logged out elsewhere or your password "
                 "was changed. Log in again.")
    return None


def register_sessions(login_manager: LoginManager) -> None:
    login_manager.user_loader(load_session_user)
