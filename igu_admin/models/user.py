from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from igu_admin.models.base import Base, UTCDateTime, utcnow
from igu_admin.models.company import Company
from igu_admin.models.municipality import Municipality


class User(Base):
    """A login. Employers belong to a company; caseworkers and finance
    officers to a municipality; administrators to neither."""

    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint(
            "(role = 'employer' AND company_id IS NOT NULL AND municipality_code IS NULL)"
            " OR (role IN ('caseworker', 'finance') AND municipality_code IS NOT NULL"
            " AND company_id IS NULL)"
            " OR (role = 'admin' AND company_id IS NULL AND municipality_code IS NULL)",
            name="tenant_matches_role",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"))
    municipality_code: Mapped[str | None] = mapped_column(ForeignKey("municipality.code"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    preferred_language: Mapped[str] = mapped_column(String(5), default="da")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Raised to end every session of the user at once (logout, deactivation,
    # password change): a session made under an older generation is refused.
    session_generation: Mapped[int] = mapped_column(Integer, default=1)
    lock_version: Mapped[int] = mapped_column(Integer, default=1)

    company: Mapped[Company | None] = relationship()
    municipality: Mapped[Municipality | None] = relationship()

    __mapper_args__ = {"version_id_col": lock_version}

    # Flask-Login protocol, kept here because it is only attribute access.
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)


class UserSignOn(Base):
    """A login at an OpenID Connect provider linked to a user: the provider's
    name (a setting, IGU_SIGN_ON_PROVIDERS) and its subject for the person.
    Made at the person's first sign-in through that provider."""

    __tablename__ = "user_sign_on"
    __table_args__ = (UniqueConstraint("provider", "subject", name="uq_user_sign_on_subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    provider: Mapped[str] = mapped_column(String(50))
    subject: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship()
