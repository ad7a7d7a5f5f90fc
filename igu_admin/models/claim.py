from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    event,
    select,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Mapper, mapped_column, relationship

from igu_admin.domain.lifecycle import ClaimStatus, RecordKind
from igu_admin.models.agreement import Agreement
from igu_admin.models.base import Base, UTCDateTime, status_check, utcnow


class BonusClaim(Base):
    """A bonus claim that falls due for an agreement. The claim type and amount
    come from the rule set; one claim per agreement and type, so a scheduler
    run twice still creates it once.

    The daily job finds the claims falling due by (status, due_date) and the
    deadlines to remind of by (status, deadline): its cost follows the claims
    it moves, not the number of agreements."""

    __tablename__ = "bonus_claim"
    __table_args__ = (
        UniqueConstraint("agreement_id", "claim_type"),
        status_check(RecordKind.CLAIM),
        Index("ix_bonus_claim_status_due_date", "status", "due_date"),
        Index("ix_bonus_claim_status_deadline", "status", "deadline"),
        # A municipality's list in due-date order, and its sums per day and
        # beneficiary read from the index alone (the finance page's totals and
        # chart over a hundred thousand claims).
        Index("ix_bonus_claim_municipality_page", "municipality_code", "due_date", "id"),
        Index("ix_bonus_claim_municipality_sums", "municipality_code", "due_date", "beneficiary",
              "status", "claim_type", "amount"),
        Index("ix_bonus_claim_company_page", "company_id", "due_date", "id"),
        # The overview's money: claims paid in a period.
        Index("ix_bonus_claim_paid_on", "paid_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id"), index=True)
    # Whose claim it is, copied from its agreement (and kept in step by the
    # claims' resync): the company and the trainee's municipality. Lists,
    # totals and exports select a tenant's claims by them without a join.
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    municipality_code: Mapped[str | None] = mapped_column(ForeignKey("municipality.code"),
                                                          active_history=True)
    # active_history: a change always knows the value it replaces (the day
    # sums subtract it; services/claim_sums.py).
    claim_type: Mapped[str] = mapped_column(String(50), active_history=True)
    beneficiary: Mapped[str] = mapped_column(String(20), active_history=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2), active_history=True)
    due_date: Mapped[date] = mapped_column(Date, active_history=True)
    deadline: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=ClaimStatus.SCHEDULED,
                                        active_history=True)
    # Why a claim was cancelled (domain.milestones.CANCEL_REASONS, or
    # "not_applicable" when the course no longer gives it at all).
    cancel_reason: Mapped[str | None] = mapped_column(String(30))
    # Evidence the preparer marked as not relevant for this course
    # (domain.claim_evidence.ONLY_IF_RELEVANT codes).
    evidence_not_relevant: Mapped[list[str]] = mapped_column(JSON, default=list)
    # SIRI's (or the state's) reference of the application, and the dates
    # and amount recorded by the one who handles the claim.
    reference: Mapped[str] = mapped_column(String(100), default="")
    submitted_on: Mapped[date | None] = mapped_column(Date)
    paid_on: Mapped[date | None] = mapped_column(Date)
    paid_amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    rejection_reason: Mapped[str] = mapped_column(Text, default="")
    lock_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    prepared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the reminder of the approaching deadline was queued; cleared when
    # the deadline moves, so the new one is reminded of too.
    deadline_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The employer's de minimis declaration, given when a company claim is
    # prepared (the bonus is de minimis aid from 1 June 2023;
    # rules/de-minimis.toml): the other de minimis aid the company received
    # in the regime's three years, in EUR, and who granted it. Kept when the
    # claim is reopened; the next preparation replaces it.
    de_minimis_other_aid_eur: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    de_minimis_grantors: Mapped[list[str] | None] = mapped_column(JSON)
    de_minimis_declared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    de_minimis_declared_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    agreement: Mapped[Agreement] = relationship()
    # Read only: documents are added and removed as records of their own (the
    # daily job moves claims by the hundred, and a collection kept in step on
    # every flush would cost it for each one).
    evidence: Mapped[list[ClaimEvidence]] = relationship(order_by="ClaimEvidence.id",
                                                         viewonly=True)

    __mapper_args__ = {"version_id_col": lock_version}


class ClaimEvidence(Base):
    """A document attached to a claim for one item of its evidence: the file
    as uploaded (its type checked by content), with its SHA-256."""

    __tablename__ = "claim_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("bonus_claim.id", ondelete="CASCADE"),
                                          index=True)
    evidence_code: Mapped[str] = mapped_column(String(40))
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(50))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    claim: Mapped[BonusClaim] = relationship()


class CalendarFeed(Base):
    """The secret address of a company's or a municipality's calendar of claim
    dates. Only the token's SHA-256 is kept: the address is shown when it is
    made or renewed, and renewing it ends the old one."""

    __tablename__ = "calendar_feed"
    __table_args__ = (CheckConstraint(
        "(company_id IS NULL) <> (municipality_code IS NULL)", name="one_owner"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"), unique=True)
    municipality_code: Mapped[str | None] = mapped_column(ForeignKey("municipality.code"),
                                                          unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


@event.listens_for(BonusClaim, "before_insert")
def _owners_from_the_agreement(mapper: Mapper[Any], connection: Connection,
                               claim: BonusClaim) -> None:
    """A claim made through the ORM without its owners gets its agreement's."""
    if claim.company_id is None or claim.municipality_code is None:
        agreement_id = claim.agreement_id if claim.agreement_id is not None else (
            claim.agreement.id if claim.agreement is not None else None)
        row = connection.execute(select(Agreement.company_id, Agreement.municipality_code)
                                 .where(Agreement.id == agreement_id)).one()
        if claim.company_id is None:
            claim.company_id = row.company_id
        if claim.municipality_code is None:
            claim.municipality_code = row.municipality_code


class ClaimDaySum(Base):
    """The number and amount of a municipality's claims per due date,
    beneficiary, status and claim type. Kept in step with bonus_claim in the
    same transaction (services/claim_sums.py): the finance page totals and
    charts a municipality's claims by reading days, not claims, however many
    there are."""

    __tablename__ = "claim_day_sum"

    municipality_code: Mapped[str] = mapped_column(String(3), primary_key=True)
    due_date: Mapped[date] = mapped_column(Date, primary_key=True)
    beneficiary: Mapped[str] = mapped_column(String(20), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    claim_type: Mapped[str] = mapped_column(String(50), primary_key=True)
    claims: Mapped[int] = mapped_column(Integer, default=0)
    amount: Mapped[Decimal] = mapped_column(Numeric(16, 2), default=Decimal("0.00"))
