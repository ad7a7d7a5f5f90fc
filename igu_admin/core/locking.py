"""Optimistic locking: a change is made on the record as the writer last saw it."""

from __future__ import annotations

from typing import Protocol

from igu_admin.core.errors import ConflictError


class Locked(Protocol):
    lock_version: int


def ensure_current(record: Locked, lock_version: int | None) -> None:
    """Refuse (ConflictError "stale") a writer whose `lock_version` is not the
    record's: someone changed it since. None means the caller holds the
    record it just read (the ORM's version check still guards the write)."""
    if lock_version is not None and lock_version != record.lock_version:
        raise ConflictError("stale")
