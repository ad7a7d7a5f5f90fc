"""What the municipality's review and the employer's next steps leave behind:
the approved copy of an agreement (or plan) with the approval stamped in,
and the signed copy the employer uploads."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from igu_admin.domain.lifecycle import RecordKind
from igu_admin.models.base import Base, UTCDateTime, immutable, utcnow


@immutable
class ApprovedPdf(Base):
    """A submitted version rendered again with the municipality's approval
    stamped in (caseworker, municipality, date): made once after the
    approval (by the scheduler, or by the first download before it), and
    served from storage afterwards. The version's own PDF stays as it was
    submitted."""

    __tablename__ = "approved_pdf"
    __table_args__ = (UniqueConstraint("agreement_id", "subject", "version_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id"), index=True)
    # "agreement" or "plan": whose version this is.
    subject: Mapped[str] = mapped_column(String(20), default=RecordKind.AGREEMENT.value)
    version_number: Mapped[int] = mapped_column(Integer)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    pdf_sha256: Mapped[str] = mapped_column(String(64))


@immutable
class SignedCopy(Base):
    """A scan of the agreement as signed by both parties, as the employer
    uploaded it. Its type is the one its content shows, never the file name's;
    a newer upload stands beside it (the latest one is the signed copy)."""

    __tablename__ = "signed_copy"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id"), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The name the file had on the employer's computer, for display only.
    filename: Mapped[str] = mapped_column(String(255), default="")
    media_type: Mapped[str] = mapped_column(String(50))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
