"""Where CPR numbers are stored, and the walk over them in batches that the
key commands share.

Two tables hold a CPR number, each encrypted (core/cpr_vault) beside its
keyed look-up hash: the trainee, and the agreement (the number as the
employer typed it). Versions, reviews and audit events keep none: the
version data points to the trainee, and an audit event says only whether
another number was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, Table, select, update

from igu_admin.core import audit
from igu_admin.core.unit_of_work import unit_of_work
from igu_admin.extensions import db
from igu_admin.models import Agreement, Trainee

# The audit events of the key commands: entity type, and the id of the summary.
AUDIT_ENTITY = "cpr_keys"
AUDIT_ALL = "all"


@dataclass(frozen=True)
class StoredCpr:
    """A table's encrypted CPR column and its look-up hash column."""

    table: Table
    token: str
    hash: str

    @property
    def name(self) -> str:
        return self.table.name

    def column(self, name: str) -> Column[Any]:
        return self.table.c[name]


STORED = (
    StoredCpr(Trainee.__table__, "cpr_encrypted", "cpr_hash"),  # type: ignore[arg-type]
    StoredCpr(Agreement.__table__, "trainee_cpr_encrypted", "trainee_cpr_hash"),  # type: ignore[arg-type]
)


class UnreadableCpr(Exception):
    """A stored number no configured key decrypts: named by table and row id
    (never the number, which nobody can read anyway)."""

    def __init__(self, table: str, row_id: int) -> None:
        super().__init__(f"{table} {row_id}")
        self.table, self.row_id = table, row_id


@dataclass
class KeyReport:
    """What a run of a key command did: rows written per table; whether it went
    through every row (not stopped by max_batches); rows another writer
    changed between our read and write (left for the next run to check)."""

    written: dict[str, int] = field(default_factory=lambda: {s.name: 0 for s in STORED})
    raced: int = 0
    complete: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {"written": dict(self.written), "raced": self.raced, "complete": self.complete}


@dataclass(frozen=True)
class StoredRow:
    """A row as read: its id, encrypted number and look-up hash."""

    id: int
    token: bytes
    hash: str | None


# A row as read -> the columns to write, or None: nothing to do.
Change = Callable[[StoredCpr, StoredRow], dict[str, Any] | None]


def walk(action: str, change: Change, batch_size: int, max_batches: int | None,
         compare_hash: bool) -> KeyReport:
    """Every stored number, table by table in the order of ids, `batch_size`
    rows at a time, each batch one transaction with its audit event. After
    `max_batches` batches that wrote something the walk stops
    (complete=False); a later run goes on, since `change` skips the rows
    done. Raises UnreadableCpr; the batches before stay done. The run ends
    with an audit event of its counts (or of the row it stopped at)."""
    report = KeyReport()
    left = max_batches
    try:
        for stored in STORED:
            last_id = 0
            while left is None or left > 0:
                with unit_of_work():
                    rows = _read(stored, last_id, batch_size)
                    written = _write(action, stored, rows, change, compare_hash, report)
                if not rows:
                    break
                last_id = rows[-1].id
                if written and left is not None:
                    left -= 1
            else:
                report.complete = False
                break
    except UnreadableCpr as unreadable:
        with unit_of_work():
            audit.record(None, AUDIT_ENTITY, AUDIT_ALL, f"{action}_failed", after={
                **report.as_dict(), "unreadable": {"table": unreadable.table,
                                                   "id": unreadable.row_id}})
        raise
    if report.raced:
        report.complete = False
    with unit_of_work():
        audit.record(None, AUDIT_ENTITY, AUDIT_ALL, f"{action}_run",
                     after={**report.as_dict(), "batch_size": batch_size})
    return report


def _read(stored: StoredCpr, after_id: int, batch_size: int) -> list[StoredRow]:
    """The next batch of rows holding a number, by id."""
    row_id, token, hashed = (stored.column(n) for n in ("id", stored.token, stored.hash))
    return [StoredRow(found[0], found[1], found[2]) for found in db.session.execute(
        select(row_id, token, hashed).where(row_id > after_id, token.is_not(None))
        .order_by(row_id).limit(batch_size))]


def _write(action: str, stored: StoredCpr, rows: list[StoredRow], change: Change,
           compare_hash: bool, report: KeyReport) -> int:
    """The batch's changes and their audit event; how many rows were written.
    A row is written only if it still holds what was read (the token, and the
    hash when `compare_hash`), so a number the app changed meanwhile is not
    overwritten with the old one: it counts as raced, for the next run."""
    row_id, token, hashed = (stored.column(n) for n in ("id", stored.token, stored.hash))
    written = 0
    for row in rows:
        values = change(stored, row)
        if values is None:
            continue
        still = [row_id == row.id, token == row.token]
        if compare_hash:
            still.append(hashed == row.hash if row.hash is not None else hashed.is_(None))
        # A Core UPDATE: the agreement's lock_version stays, so a form open on
        # it is not made stale by a change its reader cannot see.
        result = db.session.execute(update(stored.table).where(*still).values(values))
        done: int = result.rowcount  # type: ignore[attr-defined]
        written += done
        report.raced += 1 - done
    if written:
        report.written[stored.name] += written
        audit.record(None, AUDIT_ENTITY, stored.name, action, after={
            "rows": written, "from_id": rows[0].id, "to_id": rows[-1].id})
    return written
