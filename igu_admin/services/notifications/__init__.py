"""E-mail notifications: what each event tells whom, queued in the outbox."""

from igu_admin.services.notifications import messages
from igu_admin.services.notifications.messages import (
    DECISION_KINDS,
    ClaimReminder,
    DeadlineKind,
    agreement_decided,
    agreement_submitted,
    claim_reminders,
    comment_added,
    deadline_reminder,
    mask_cpr_numbers,
    page_url,
)

__all__ = [
    "DECISION_KINDS",
    "ClaimReminder",
    "DeadlineKind",
    "agreement_decided",
    "agreement_submitted",
    "claim_reminders",
    "comment_added",
    "deadline_reminder",
    "mask_cpr_numbers",
    "messages",
    "page_url",
]
