"""The follow-up of an active course: the check-ins the municipality holds
and the employer's notes on how it goes. Both are kept as written (never
edited): they are the case's record of the follow-up."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from igu_admin.models.base import Base, UTCDateTime, utcnow
from igu_admin.models.user import User


class CheckIn(Base):
    """A check-in (number 1, 2, ... per agreement): when, who held it and who
    took part, how it goes at work, at school and with Danish (`good`,
    `concern`, `at_risk`), what was agreed and the next check-in's date."""

    __tablename__ = "check_in"
    __table_args__ = (UniqueConstraint("agreement_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    held_on: Mapped[date] = mapped_column(Date)
    held_by: Mapped[str] = mapped_column(String(20))
    participants: Mapped[list[str]] = mapped_column(JSON, default=list)
    work: Mapped[str] = mapped_column(String(10))
    school: Mapped[str] = mapped_column(String(10))
    danish: Mapped[str] = mapped_column(String(10))
    agreed: Mapped[str] = mapped_column(Text, default="")
    next_on: Mapped[date | None] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class FollowUpNote(Base):
    """The employer's note on how the course goes (number 1, 2, ... per
    agreement), which the caseworker reads in the follow-up."""

    __tablename__ = "follow_up_note"
    __table_args__ = (UniqueConstraint("agreement_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    written_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    text: Mapped[str] = mapped_column(Text)

    author: Mapped[User | None] = relationship()
