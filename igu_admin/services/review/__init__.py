"""The municipality's review: the queue, decisions, the caseworker's records,
the conversation, the audit trail as read, version differences, and the
employer's steps after approval."""

from igu_admin.services.review import (
    casework,
    comments,
    decisions,
    events,
    next_steps,
    queue,
    version_diff,
    vitas_summary,
)
from igu_admin.services.review.casework import (
    assign_to_me,
    record_programme_start,
)
from igu_admin.services.review.comments import (
    add_comment,
    comments_of,
    get_comment,
)
from igu_admin.services.review.decisions import (
    NEEDS_REASON,
    decide_agreement,
    decide_plan,
    decisions_of,
)
from igu_admin.services.review.events import (
    RELATED,
    AgreementEvent,
    agreement_events,
)
from igu_admin.services.review.next_steps import (
    AFTER_APPROVAL,
    MAX_SIGNED_COPY_BYTES,
    SIGNED_COPY_TYPES,
    Registration,
    attach_signed_copy,
    latest_signed_copy,
    record_registration,
    record_signing,
    registration,
    registration_deadline,
    sniff,
)
from igu_admin.services.review.queue import (
    ASSIGNEE_FILTERS,
    PAGE_SIZE,
    START_SOON_DAYS,
    STATUS_FILTERS,
    Flag,
    QueuePage,
    QueueQuery,
    QueueRow,
    Waiting,
)
from igu_admin.services.review.version_diff import (
    FieldChange,
)
from igu_admin.services.review.vitas_summary import (
    VitasField,
    summary_for,
)

__all__ = [
    "AFTER_APPROVAL",
    "ASSIGNEE_FILTERS",
    "MAX_SIGNED_COPY_BYTES",
    "NEEDS_REASON",
    "PAGE_SIZE",
    "RELATED",
    "SIGNED_COPY_TYPES",
    "START_SOON_DAYS",
    "STATUS_FILTERS",
    "AgreementEvent",
    "FieldChange",
    "Flag",
    "QueuePage",
    "QueueQuery",
    "QueueRow",
    "Registration",
    "VitasField",
    "Waiting",
    "add_comment",
    "agreement_events",
    "assign_to_me",
    "attach_signed_copy",
    "casework",
    "comments",
    "comments_of",
    "decide_agreement",
    "decide_plan",
    "decisions",
    "decisions_of",
    "events",
    "get_comment",
    "latest_signed_copy",
    "next_steps",
    "queue",
    "record_programme_start",
    "record_registration",
    "record_signing",
    "registration",
    "registration_deadline",
    "sniff",
    "summary_for",
    "version_diff",
    "vitas_summary",
]
