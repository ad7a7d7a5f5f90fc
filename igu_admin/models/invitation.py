from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from igu_admin.models.base import Base, UTCDateTime, utcnow
from igu_admin.models.company import Company


class Invitation(Base):
    """An invitation of a person to become an employer user of a company.

    Its link is a one-time link of purpose "invitation" (PasswordResetToken,
    the same mechanism as "Glemt adgangskode"): only the token's hash is
    stored, there. A resend replaces the link; accepting deletes it and sets
    `accepted_at` and the user it made. Open: not accepted yet.
    """

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"),
                                            index=True)
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200), default="")
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    accepted_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))

    company: Mapped[Company] = relationship()
