"""Personal API tokens: made and revoked by their owner, stored only as a hash.

A token acts as its user, with the user's role and tenancy, and stops
working at once when it is revoked or the user is deactivated.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update

from igu_admin.core import audit
from igu_admin.core.errors import NotFound, ServiceError
from igu_admin.core.unit_of_work import use_case
from igu_admin.domain.accounts import LABEL_MAX
from igu_admin.extensions import db
from igu_admin.models import ApiToken, User
from igu_admin.models.base import utcnow

PREFIX = "igu_"
LAST_USE_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    """The token itself is in `secret`, once; only its hash is stored."""

    record: ApiToken
    secret: str


def _digest(secret: str) -> str:
    # Tokens carry 256 random bits: a fast hash is enough, no salt needed.
    return hashlib.sha256(secret.encode()).hexdigest()


@use_case
def create_token(actor: User | None, owner: User, label: str = "") -> NewToken:
    label = label.strip()
    if len(label) > LABEL_MAX:
        raise ServiceError("label_too_long", "label")
    if not owner.active:
        raise ServiceError("user_inactive", "email")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=owner.id, label=label, token_hash=_digest(secret),
                     prefix=secret[:len(PREFIX) + 6])
    db.session.add(token)
    db.session.flush()
    audit.record(actor, "api_token", token.id, "created",
                 after={"user_id": owner.id, "label": label, "prefix": token.prefix})
    return NewToken(token, secret)


@use_case
def revoke_token(actor: User, token_id: int) -> None:
    """Revoke one of the actor's own tokens (another user's is not found)."""
    token = db.session.scalar(select(ApiToken).where(ApiToken.id == token_id,
                                                     ApiToken.user_id == actor.id))
    if token is None:
        raise NotFound(str(token_id))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record(actor, "api_token", token.id, "revoked")


def tokens_of(user: User) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                   .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


@use_case
def user_for_bearer(secret: str) -> User | None:
    """The active user a presented token acts as, or None (unknown, revoked,
    or the user deactivated)."""
    if not secret.startswith(PREFIX) or len(secret) > 200 or not secret.isascii():
        return None
    found = db.session.execute(
        select(ApiToken, User).join(User, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == _digest(secret))).first()
    if found is None:
        return None
    token, user = found
    if token.revoked_at is not None or not user.active:
        return None
    now = utcnow()
    # A plain UPDATE (the last use is a fact for the owner, not an edit), at
    # most once a minute: a write on every request would cost each request a
    # commit (most of a stored PDF's download time on SQLite).
    if token.last_used_at is None or now - token.last_used_at >= LAST_USE_PRECISION:
        db.session.execute(update(ApiToken).where(ApiToken.id == token.id)
                           .values(last_used_at=now))
    return user
