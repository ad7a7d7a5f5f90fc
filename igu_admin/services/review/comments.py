"""The conversation on a case between the employer and the municipality's
caseworkers: messages with their author, role and time, never edited or
deleted. A message can be written once the agreement has been submitted
(before that the municipality cannot see it), or on a draft the jobcentre
started."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from igu_admin.core import audit
from igu_admin.core.errors import ConflictError, NotFound
from igu_admin.core.parties import ensure_party, is_started_by_jobcentre
from igu_admin.core.tenancy import MAX_ID
from igu_admin.core.unit_of_work import use_case
from igu_admin.domain.lifecycle import RecordKind
from igu_admin.extensions import db
from igu_admin.inputs.errors import InputErrors
from igu_admin.inputs.review import TEXT_LENGTH
from igu_admin.models import Agreement, Comment, User
from igu_admin.models.base import utcnow
from igu_admin.services import notifications
from igu_admin.wording import review as review_messages

__all__ = ["add_comment", "comments_of", "get_comment"]

TEXT = "text"


@use_case
def add_comment(actor: User, agreement: Agreement, text: str) -> Comment:
    """A message from the employer of the company or a caseworker of the
    municipality. Refuses another role (PermissionDenied), a case outside the
    tenancy (NotFound), an empty or too long text (InputErrors) and an
    agreement never submitted (ConflictError)."""
    ensure_party(actor, agreement, "comment_add")
    message = text.replace("\r\n", "\n").strip()
    if not message:
        raise InputErrors({TEXT: [review_messages.comment_empty()]})
    if len(message) > TEXT_LENGTH:
        raise InputErrors({TEXT: [review_messages.comment_too_long()]})
    # A draft the jobcentre started has both sides already: the employer asks
    # there for a change to the trainee part.
    if agreement.submitted_at is None and not is_started_by_jobcentre(agreement):
        raise ConflictError("status", kind=RecordKind.AGREEMENT.value, action="comment",
                            status=agreement.status)
    comment = Comment(agreement_id=agreement.id, author_id=actor.id, role=str(actor.role),
                      occurred_at=utcnow(), text=message)
    db.session.add(comment)
    db.session.flush()
    # The text stays in the comment (append-only); the event records that it was written.
    audit.record(actor, RecordKind.AGREEMENT.value, agreement.id, "comment",
                 after={"comment_id": comment.id, "length": len(message)})
    # Queued in this transaction, sent by the scheduler once it has committed.
    notifications.comment_added(agreement, actor)
    return comment


def comments_of(actor: User, agreement: Agreement, after_id: int | None = None,
                limit: int = 50) -> tuple[list[Comment], int | None]:
    """One page of the conversation, oldest first, and the id to continue
    after (None on the last page)."""
    ensure_party(actor, agreement, "comment_read")
    query = (select(Comment).options(joinedload(Comment.author))
             .where(Comment.agreement_id == agreement.id).order_by(Comment.id).limit(limit + 1))
    if after_id is not None:
        query = query.where(Comment.id > after_id)
    rows = list(db.session.scalars(query))
    if len(rows) > limit:
        return rows[:limit], rows[limit - 1].id
    return rows, None


def get_comment(actor: User, agreement: Agreement, comment_id: int) -> Comment:
    ensure_party(actor, agreement, "comment_read")
    comment = db.session.get(Comment, comment_id) if 0 < comment_id <= MAX_ID else None
    if comment is None or comment.agreement_id != agreement.id:
        raise NotFound(f"{agreement.id}/{comment_id}")
    return comment
