"""The certificate of a course as first handed out."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from igu_admin.models.base import Base, UTCDateTime, immutable, utcnow


@immutable
class IssuedCertificate(Base):
    """The certificate or the documentation of partial completion of a
    course, kept when first made, so that every later download is the same
    document with the same date of issue. Keyed by the course's last
    agreement: a continuation recorded later makes a new last agreement, and
    its own document when that one ends. A completion whose claim keeps the
    certificate as evidence is served from there."""

    __tablename__ = "issued_certificate"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id"), unique=True)
    completed: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    pdf_sha256: Mapped[str] = mapped_column(String(64))
