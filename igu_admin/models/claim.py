from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from igu_admin.domain.lifecycle import ClaimStatus, RecordKind
from igu_admin.models.agreement import Agreement
from igu_admin.models.base import Base, UTCDateTime, status_check, utcnow


class BonusClaim(Base):
    """A bonus claim that falls due for an agreement. The claim type and amount
    come from the rule set; one claim per agreement and type, so a scheduler
    run twice still creates it once."""

    __tablename__ = "bonus_claim"
    __table_args__ = (UniqueConstraint("agreement_id", "claim_type"),
                      status_check(RecordKind.CLAIM))

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id"), index=True)
    claim_type: Mapped[str] = mapped_column(String(50))
    beneficiary: Mapped[str] = mapped_column(String(20))
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    due_date: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=ClaimStatus.SCHEDULED)
    reference: Mapped[str] = mapped_column(String(100), default="")
    lock_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    prepared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    agreement: Mapped[Agreement] = relationship()

    __mapper_args__ = {"version_id_col": lock_version}
