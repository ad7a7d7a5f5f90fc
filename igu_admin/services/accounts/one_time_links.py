"""One-time links by e-mail: the one mechanism behind "Glemt adgangskode"
(purpose "reset", for a user) and invitations (purpose "invitation", for an
invitation, before any user exists).

The token is random (secrets.token_urlsafe, 256 bits); only its SHA-256
hash is stored (PasswordResetToken), with its purpose and expiry. A token
is used once: it is deleted as it is used (one DELETE ... RETURNING, so two
requests at once cannot both use it).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from igu_admin.extensions import db
from igu_admin.models import PasswordResetToken

__all__ = ["INVITATION", "RESET", "TOKEN_MAX_LENGTH", "find", "issue", "readable",
           "token_hash", "use"]

RESET = "reset"
INVITATION = "invitation"
# What a token may look like before it is even hashed: token_urlsafe(32)
# gives 43 characters; anything much longer is not one of ours.
TOKEN_MAX_LENGTH = 100
_TOKEN_BYTES = 32


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def readable(token: str) -> bool:
    return 0 < len(token) <= TOKEN_MAX_LENGTH and token.isascii()


def issue(purpose: str, lifetime: timedelta, now: datetime, *, user_id: int | None = None,
          invitation_id: int | None = None) -> str:
    """A new link's token for the user or the invitation, ending every older
    link of the same purpose for it; only the hash is stored."""
    owner = (PasswordResetToken.user_id == user_id if invitation_id is None
             else PasswordResetToken.invitation_id == invitation_id)
    db.session.execute(delete(PasswordResetToken).where(
        PasswordResetToken.purpose == purpose, owner))
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    db.session.add(PasswordResetToken(purpose=purpose, user_id=user_id,
                                      invitation_id=invitation_id, token_hash=token_hash(token),
                                      created_at=now, expires_at=now + lifetime))
    db.session.flush()
    return token


def find(token: str, purpose: str) -> PasswordResetToken | None:
    """The stored link for a token, expired or not; None if unknown or used."""
    if not readable(token):
        return None
    return db.session.scalar(select(PasswordResetToken).where(
        PasswordResetToken.token_hash == token_hash(token),
        PasswordResetToken.purpose == purpose))


def use(token: str, purpose: str, now: datetime) -> tuple[int | None, int | None] | None:
    """Use a link up: (user_id, invitation_id) of a link still valid, deleted
    now; None for a link that cannot be used."""
    if not readable(token):
        return None
    used = db.session.execute(
        delete(PasswordResetToken)
        .where(PasswordResetToken.token_hash == token_hash(token),
               PasswordResetToken.purpose == purpose,
               PasswordResetToken.expires_at > now)
        .returning(PasswordResetToken.user_id, PasswordResetToken.invitation_id)).first()
    return None if used is None else (used.user_id, used.invitation_id)
