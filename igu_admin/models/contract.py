from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from igu_admin.models.base import Base, UTCDateTime, utcnow
from igu_admin.models.company import Company
from igu_admin.models.municipality import Municipality
from igu_admin.models.trainee import Trainee


class ContractStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    ACTIVE = "active"
    COMPLETED = "completed"
    TERMINATED = "terminated"
    WITHDRAWN = "withdrawn"


# Statuses in which a contract counts as the person's one IGU.
COUNTS_AS_IGU = frozenset(
    {
        ContractStatus.SUBMITTED,
        ContractStatus.APPROVED,
        ContractStatus.ACTIVE,
        ContractStatus.COMPLETED,
        ContractStatus.TERMINATED,
    }
)


class Contract(Base):
    """The IGU agreement between a company and a trainee.

    `municipality_code` is the trainee's municipality when the agreement was
    made: it decides which jobcenter reviews it. `version` gives optimistic
    locking, so two caseworkers cannot overwrite each other's decision.
    """

    __tablename__ = "contract"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), index=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainee.id"), index=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=ContractStatus.DRAFT)
    ruleset_code: Mapped[str] = mapped_column(String(30))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    job_title: Mapped[str] = mapped_column(String(200), default="")
    collective_agreement: Mapped[str] = mapped_column(String(200), default="")
    wage_basis: Mapped[str] = mapped_column(String(20), default="")
    wage_rate_year1: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    wage_rate_year2: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    weekly_hours: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    # The eligibility answer the agreement was made on, criteria and all.
    eligibility_snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    company: Mapped[Company] = relationship()
    trainee: Mapped[Trainee] = relationship()
    municipality: Mapped[Municipality] = relationship()

    __mapper_args__ = {"version_id_col": version}
