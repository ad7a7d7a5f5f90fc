from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from igu_admin.models.base import Base, UTCDateTime, utcnow
from igu_admin.models.municipality import Municipality


class Company(Base):
    """An employer, identified by its CVR number (stored compact, 8 digits)."""

    __tablename__ = "company"

    id: Mapped[int] = mapped_column(primary_key=True)
    cvr: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(4), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    # Only private employers can receive the IGU company bonus (IGU act § 11).
    is_private: Mapped[bool] = mapped_column(Boolean, default=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    municipality: Mapped[Municipality] = relationship()
