"""One mechanism for every document igu-admin keeps: a version frozen at
submission with its PDF and the PDF's SHA-256 (the agreement's and the
plan's), its approved copy, and the files people upload; and one way to hand
any of them out, recorded as an audit event in the same unit of work.

The agreement and its plan are the same shape: submit → an immutable version
numbered within its parent → its PDF rendered once, before the insert (a
version is never updated) → downloads served from storage, checked against
the stored hash. `Versioned` describes what differs between the two: the
version table, its parent, the file names, and how a version is rendered.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import func, insert, select

from igu_admin.core import audit
from igu_admin.core.errors import NotFound
from igu_admin.domain.lifecycle import RecordKind
from igu_admin.extensions import db
from igu_admin.models import User

PDF = "application/pdf"
# Parents looked up in one query (well below SQLite's limit of parameters).
_CHUNK = 500


# The mark in an imported version's data: a course the municipality ran
# before it used igu-admin has no submitted document, so its version has no
# PDF. {"on": "YYYY-MM-DD", "by": who imported it (or null from the command
# line), "channel": "web" | "api" | "cli"}.
IMPORTED = "imported"


class StoredPdfCorrupt(RuntimeError):
    """A stored PDF no longer matches the SHA-256 stored with it."""


class NoPdf(NotFound):
    """An imported version: there is no PDF to hand out (not an error of the
    stored data, so the pages say so instead of failing)."""


class Version(Protocol):
    id: int
    number: int
    pdf: bytes | None
    pdf_sha256: str | None


@dataclass(frozen=True)
class Download:
    """A document to hand out, and the file name to save it as (no personal
    data). `document` says which: "preview" (a draft, UDKAST), "version" (as
    submitted), "approved" (with the approval stamped in), "signed_copy",
    "summary" or "evidence"; `subject` whose document it is."""

    content: bytes
    filename: str
    media_type: str = PDF
    document: str = "preview"
    version: int | None = None
    subject: str = RecordKind.AGREEMENT.value

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class Versioned:
    """What makes a kind of versioned document: the agreement or its plan."""

    subject: RecordKind
    model: Any  # the version table (AgreementVersion, SchoolingPlanVersion)
    parent: Any  # its column naming the parent record
    stem: str  # the file names' beginning, "igu-aftale"
    render: Callable[[Any], bytes]  # a version, rendered from its stored data
    entity: str  # the version's name in the audit trail

    def latest(self, parent_id: int | None, number: int | None = None) -> Any:
        """Version `number` of the parent, or its latest; None without one."""
        if parent_id is None:
            return None
        query = select(self.model).where(self.parent == parent_id)
        if number is not None:
            query = query.where(self.model.number == number)
        return db.session.scalar(query.order_by(self.model.number.desc()).limit(1))

    def next_number(self, parent_id: int) -> int:
        return (db.session.scalar(select(func.max(self.model.number))
                                  .where(self.parent == parent_id)) or 0) + 1

    def filename(self, agreement_id: int, version: int | None = None,
                 approved: bool = False) -> str:
        if version is None:
            return f"{self.stem}-{agreement_id}-udkast.pdf"
        return f"{self.stem}-{agreement_id}-version-{version}{'-godkendt' if approved else ''}.pdf"


def freeze(kind: Versioned, actor: User, parent_id: int, submitted_at: datetime,
           data: dict[str, Any], **about: Any) -> Any:
    """A new immutable version of the parent, numbered after its last, with
    its PDF rendered from `data` before the insert, and its audit event
    (`about` names the records it belongs to)."""
    version = kind.model(**{kind.parent.key: parent_id}, number=kind.next_number(parent_id),
                         submitted_by_id=actor.id, submitted_at=submitted_at, data=data)
    # No autoflush while rendering: the version must not be inserted without its PDF.
    with db.session.no_autoflush:
        attach_pdf(version, kind.render(version))
    db.session.add(version)
    db.session.flush()
    audit.record(actor, kind.entity, version.id, "created",
                 after={**about, "number": version.number, "data_sha256": _sha256(data),
                        "pdf_sha256": version.pdf_sha256})
    return version


def freeze_imported(kind: Versioned, actor: User | None, at: datetime, mark: dict[str, Any],
                    parents: Sequence[tuple[int, dict[str, Any]]]) -> int:
    """The imported versions of parents just made: each parent's first
    (number 1), its data marked with `mark` (see IMPORTED), no PDF; with
    their audit events. In bulk (an import makes thousands): one INSERT run,
    one query a chunk for their ids. Returns the number made."""
    by_id = actor.id if actor is not None else None
    rows: list[dict[str, Any]] = [{kind.parent.key: parent_id, "number": 1, "submitted_by_id": by_id,
             "submitted_at": at, "data": {**data, IMPORTED: mark}, "pdf": None,
             "pdf_sha256": None} for parent_id, data in parents]
    if not rows:
        return 0
    # The table, not the mapped class: a plain INSERT run, not the ORM's bulk path.
    db.session.execute(insert(kind.model.__table__), rows)
    sha: dict[int, str] = {row[kind.parent.key]: _sha256(row["data"]) for row in rows}
    keys = sorted(sha)
    changes: list[audit.Change] = []
    for start in range(0, len(keys), _CHUNK):
        found: Any = db.session.execute(select(kind.model.id, kind.parent).where(
            kind.parent.in_(keys[start:start + _CHUNK]), kind.model.number == 1))
        for version_id, parent_id in found:
            changes.append((kind.entity, version_id, "created", None, {
                kind.parent.key: parent_id, "number": 1, "data_sha256": sha[parent_id],
                "pdf_sha256": None, IMPORTED: True}))
    audit.record_many(actor, changes)
    return len(rows)


def imported_mark(version: Any) -> dict[str, Any] | None:
    """The import's mark of a version (see IMPORTED), or None for a version
    submitted in igu-admin."""
    data = getattr(version, "data", None)
    mark = data.get(IMPORTED) if isinstance(data, dict) else None
    return mark if isinstance(mark, dict) else None


def _sha256(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def attach_pdf(version: Version, pdf: bytes) -> None:
    """Set a new version's PDF with its SHA-256. Before the version is
    inserted: a version is never updated once it is."""
    version.pdf = pdf
    version.pdf_sha256 = hashlib.sha256(pdf).hexdigest()


def checked(content: bytes, sha256: str | None, what: str) -> bytes:
    """Stored content, refused when it no longer matches its stored hash."""
    if hashlib.sha256(content).hexdigest() != sha256:
        raise StoredPdfCorrupt(f"{what}: stored PDF does not match its SHA-256")
    return content


def stored_pdf(kind: Versioned, version: Version) -> bytes:
    """The version's PDF as stored at submission, never rendered again; a
    version from before PDFs were stored is rendered from its data; an
    imported version has none (NoPdf)."""
    if version.pdf is None and imported_mark(version) is not None:
        raise NoPdf(f"{kind.subject.value} version {version.id}")
    if version.pdf is None:
        return kind.render(version)
    return checked(version.pdf, version.pdf_sha256, f"{kind.subject.value} version {version.id}")


def not_found(agreement_id: int, number: int | None) -> NotFound:
    return NotFound(f"{agreement_id}/{number}")


def record_download(actor: User | None, agreement_id: int, download: Download,
                    **about: Any) -> Download:
    """The download as an audit event of the agreement it belongs to, in the
    caller's unit of work (a GET that writes); `about` names more (a claim)."""
    after: dict[str, Any] = {"document": download.document, "version": download.version,
                             "sha256": download.sha256}
    if download.subject != RecordKind.AGREEMENT.value:
        after["subject"] = download.subject
    audit.record(actor, RecordKind.AGREEMENT.value, agreement_id, "download",
                 after={**after, **about})
    return download
