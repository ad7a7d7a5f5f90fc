from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from igu_admin.domain.lifecycle import PlanStatus, RecordKind
from igu_admin.models.agreement import Agreement
from igu_admin.models.base import Base, UTCDateTime, status_check, utcnow


class SchoolingPlan(Base):
    """The schooling plan (undervisningsplan) of one agreement."""

    __tablename__ = "schooling_plan"
    __table_args__ = (status_check(RecordKind.PLAN),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id"), unique=True)
    status: Mapped[str] = mapped_column(String(20), default=PlanStatus.DRAFT)
    passed_danish_test: Mapped[str] = mapped_column(String(10), default="")
    lock_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    agreement: Mapped[Agreement] = relationship()
    items: Mapped[list[SchoolingPlanItem]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="SchoolingPlanItem.position"
    )

    __mapper_args__ = {"version_id_col": lock_version}


class SchoolingPlanItem(Base):
    """One course in a plan: AMU, FVU, AVU, HF, FGU or Danish education."""

    __tablename__ = "schooling_plan_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("schooling_plan.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    course_number: Mapped[str] = mapped_column(String(20), default="")
    provider: Mapped[str] = mapped_column(String(200), default="")
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    hours: Mapped[Decimal] = mapped_column(Numeric(7, 2))

    plan: Mapped[SchoolingPlan] = relationship(back_populates="items")
