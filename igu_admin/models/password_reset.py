from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from igu_admin.models.base import Base, UTCDateTime, utcnow


class PasswordResetToken(Base):
    """A one-time link sent by e-mail: of purpose "reset", to set a new
    password, for the user who asked for it ("Glemt adgangskode"); of purpose
    "invitation", to accept an invitation (`invitation_id`), for a person who
    has no login yet. One mechanism for both (services/accounts/one_time_links).

    Only the token's SHA-256 hash is stored: the link itself exists only in
    the e-mail. A token is deleted when it is used, when a newer one is
    issued for the same user, and when the user's password changes; one past
    `expires_at` is refused (and swept when the user asks again).
    """

    __tablename__ = "password_reset_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(20), default="reset", server_default="reset")
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitation.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
