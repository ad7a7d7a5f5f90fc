from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from igu_admin.domain.lifecycle import PlanStatus, RecordKind
from igu_admin.models.agreement import Agreement
from igu_admin.models.base import Base, UTCDateTime, immutable, status_check, utcnow


class SchoolingPlan(Base):
    """The schooling plan (undervisningsplan) of one agreement."""

    __tablename__ = "schooling_plan"
    __table_args__ = (status_check(RecordKind.PLAN),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id"), unique=True)
    status: Mapped[str] = mapped_column(String(20), default=PlanStatus.DRAFT)
    # Whether the trainee has passed Prøve i Dansk 1, 2 or 3 (AMU then makes
    # up a minimum, and the 20-week rules leave Danish education out).
    passed_danish_test: Mapped[bool] = mapped_column(Boolean, default=False)
    lock_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    agreement: Mapped[Agreement] = relationship()
    items: Mapped[list[SchoolingPlanItem]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="SchoolingPlanItem.position"
    )
    versions: Mapped[list[SchoolingPlanVersion]] = relationship(
        back_populates="plan", order_by="SchoolingPlanVersion.number")

    __mapper_args__ = {"version_id_col": lock_version}


class SchoolingPlanItem(Base):
    """One course in a plan: AMU, FVU, AVU, HF, FGU or Danish education."""

    __tablename__ = "schooling_plan_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("schooling_plan.id", ondelete="CASCADE"),
                                         index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    course_number: Mapped[str] = mapped_column(String(20), default="")
    provider: Mapped[str] = mapped_column(String(200), default="")
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    hours: Mapped[Decimal] = mapped_column(Numeric(7, 2))
    note: Mapped[str] = mapped_column(Text, default="")

    plan: Mapped[SchoolingPlan] = relationship(back_populates="items")


@immutable
class SchoolingPlanVersion(Base):
    """A plan as submitted: number 1, 2, ... per plan, the plan as sent and its
    PDF with the PDF's SHA-256. Never updated: an adjustment is a new version."""

    __tablename__ = "schooling_plan_version"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("schooling_plan.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary)
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))

    plan: Mapped[SchoolingPlan] = relationship(back_populates="versions")
