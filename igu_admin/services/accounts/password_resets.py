"""Forgotten passwords: a one-time link by e-mail ("Glemt adgangskode").

- Anyone may ask for a link for an e-mail address; the answer never says
  whether an account exists (the adapter shows the same page either way).
  Only an active user gets a link, and only then is the request audited.
- The link's token is random (secrets.token_urlsafe, 256 bits); only its
  SHA-256 hash is stored, with its expiry (IGU_PASSWORD_RESET_SECONDS,
  one hour by default). A newer link replaces the older ones; setting a
  password (by a reset or otherwise) ends them all.
- A token is used once: it is deleted as the new password is stored (one
  DELETE ... RETURNING, so two requests at once cannot both use it), and
  every session of the user ends, in every browser.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from igu_admin.core import audit
from igu_admin.core.errors import ServiceError
from igu_admin.core.unit_of_work import use_case
from igu_admin.extensions import db
from igu_admin.models import PasswordResetToken, User
from igu_admin.models.base import utcnow
from igu_admin.services import notifications
from igu_admin.services.accounts import one_time_links
from igu_admin.services.accounts.one_time_links import RESET, TOKEN_MAX_LENGTH
from igu_admin.services.accounts.users import check_new_password, find_user_by_email, store_password

__all__ = ["TOKEN_MAX_LENGTH", "request_password_reset", "reset_password", "user_for_reset_token"]


def _lifetime() -> timedelta:
    return timedelta(seconds=int(current_app.config["IGU_PASSWORD_RESET_SECONDS"]))


@use_case
def request_password_reset(email: str, *, client_address: str,
                           now: datetime | None = None) -> bool:
    """Queue a reset link for the active user with this e-mail, replacing any
    older link. True when a link was queued; the caller must answer the same
    way whatever this returns."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        return False
    now = now or utcnow()
    token = one_time_links.issue(RESET, _lifetime(), now, user_id=user.id)
    audit.record(None, "user", user.id, "password_reset_requested",
                 after={"client": client_address}, actor_label="anonymous")
    notifications.password_reset_link(user, token, _lifetime())
    return True


def user_for_reset_token(token: str, now: datetime | None = None) -> User | None:
    """The active user a link is for while it may be used; None otherwise
    (unknown, used, replaced or expired)."""
    if not one_time_links.readable(token):
        return None
    now = now or utcnow()
    user = db.session.scalar(
        select(User).join(PasswordResetToken, PasswordResetToken.user_id == User.id)
        .where(PasswordResetToken.token_hash == one_time_links.token_hash(token),
               PasswordResetToken.purpose == RESET,
               PasswordResetToken.expires_at > now))
    return user if user is not None and user.active else None


@use_case
def reset_password(token: str, password: str, now: datetime | None = None) -> User:
    """Set the password of the link's user, use the link up and end every
    session of the user. Refuses a password the rules refuse (ServiceError
    at "password", and the link stays usable) and a link that cannot be used
    (ServiceError "reset_link_invalid")."""
    check_new_password(password)
    used = one_time_links.use(token, RESET, now or utcnow())
    user = db.session.get(User, used[0]) if used is not None and used[0] is not None else None
    if user is None or not user.active:
        raise ServiceError("reset_link_invalid")
    store_password(user, password)
    audit.record(user, "user", user.id, "password_reset")
    return user
