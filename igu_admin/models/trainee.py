from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from igu_admin.models.base import Base, UTCDateTime, utcnow
from igu_admin.models.municipality import Municipality


class Trainee(Base):
    """The person an IGU is about. The CPR number is stored encrypted, with a
    keyed hash beside it for look-ups; neither reveals it in a dump."""

    __tablename__ = "trainee"

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    cpr_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    cpr_hash: Mapped[str] = mapped_column(String(64), unique=True)
    birth_date: Mapped[date] = mapped_column(Date)
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(4), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    municipality: Mapped[Municipality] = relationship()

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"
