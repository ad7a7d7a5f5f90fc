from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from igu_admin.domain.lifecycle import AmendmentStatus, RecordKind
from igu_admin.models.base import Base, UTCDateTime, status_check, utcnow


class AgreementAmendment(Base):
    """A change to an approved agreement's terms (tillæg), numbered 1, 2, ...
    per agreement: the day it takes effect, each changed term's old and new
    value (`changes`: {path: {"old", "new"}}, values as JSON text), and the
    municipality's decision. Approved, it is the agreement's version
    `version_number`; `applied_at` says when its new terms were written to
    the agreement (on approval if its day had come, else by the daily job)."""

    __tablename__ = "agreement_amendment"
    __table_args__ = (UniqueConstraint("agreement_id", "number"),
                      status_check(RecordKind.AMENDMENT))

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default=AmendmentStatus.REQUESTED)
    effective_from: Mapped[date] = mapped_column(Date)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text, default="")
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    proposed_by_role: Mapped[str] = mapped_column(String(20))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    version_number: Mapped[int | None] = mapped_column(Integer)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    lock_version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": lock_version}
