from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from igu_admin.domain.lifecycle import ExtensionStatus, RecordKind
from igu_admin.models.base import Base, UTCDateTime, status_check, utcnow


class CourseExtension(Base):
    """An employer's request to extend an active course (number 1, 2, ... per
    agreement), for an absence or schooling that could not be completed, and
    the municipality's decision. Approved, it has moved the agreement's end
    date by the length of its period."""

    __tablename__ = "course_extension"
    __table_args__ = (UniqueConstraint("agreement_id", "number"),
                      status_check(RecordKind.EXTENSION))

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20), default=ExtensionStatus.REQUESTED)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    lock_version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": lock_version}
