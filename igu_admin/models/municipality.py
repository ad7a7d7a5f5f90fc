from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from igu_admin.domain.municipality_names import official_name
from igu_admin.models.base import Base


class Municipality(Base):
    """One of the 98 Danish municipalities, keyed by its official code."""

    __tablename__ = "municipality"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    region: Mapped[str] = mapped_column(String(50))
    # The months after a course's start when its check-ins fall due ("1,3,6"),
    # the municipality's own practice; None: the setting IGU_FOLLOW_UP_MONTHS.
    follow_up_months: Mapped[str | None] = mapped_column(String(100))

    @property
    def official_name(self) -> str:
        """"Københavns Kommune": the name in a sentence about the municipality."""
        return official_name(self.name)
