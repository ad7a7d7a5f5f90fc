"""Declarative base, naming convention and the UTC timestamp type."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import CheckConstraint, DateTime, MetaData, TypeDecorator, event
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapper

from igu_admin.domain.lifecycle import RecordKind, status_values

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as UTC and always read back timezone-aware.

    SQLite keeps no time zone, so naive values coming back are UTC by contract.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; store timezone-aware UTC")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def status_check(kind: RecordKind, column: str = "status") -> CheckConstraint:
    """A CHECK constraint listing the statuses the domain knows for `kind`."""
    values = ", ".join(f"'{value}'" for value in status_values(kind))
    return CheckConstraint(f"{column} IN ({values})", name=f"{column}_known")


class RecordImmutable(RuntimeError):
    """An append-only record (audit event, submitted version) was to be changed."""


M = TypeVar("M", bound=type)


def immutable(model: M) -> M:
    """Refuse updates and deletes of the model's rows through the ORM (on
    PostgreSQL a trigger refuses them in the database too)."""

    def refuse(mapper: Mapper[Any], connection: Any, target: Any) -> None:
        raise RecordImmutable(f"{model.__name__} rows are never changed")

    event.listen(model, "before_update", refuse)
    event.listen(model, "before_delete", refuse)
    return model
