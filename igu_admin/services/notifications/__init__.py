"""E-mail notifications: what each event tells whom, queued in the outbox."""

from igu_admin.services.notifications import messages
from igu_admin.services.notifications.account_mail import (
    INVITATION_KIND,
    PASSWORD_RESET_KIND,
    invitation_link,
    password_reset_link,
)
from igu_admin.services.notifications.messages import (
    CHECK_IN_REMINDER_KIND,
    DECISION_KINDS,
    ClaimReminder,
    DeadlineKind,
    agreement_decided,
    agreement_submitted,
    check_in_reminder,
    claim_reminders,
    comment_added,
    deadline_reminder,
    mask_cpr_numbers,
    page_url,
)
from igu_admin.services.notifications.waiting_steps import (
    amendment_decided,
    amendment_proposed,
    extension_decided,
    extension_requested,
    plan_submitted,
)

__all__ = [
    "CHECK_IN_REMINDER_KIND",
    "DECISION_KINDS",
    "INVITATION_KIND",
    "PASSWORD_RESET_KIND",
    "ClaimReminder",
    "DeadlineKind",
    "agreement_decided",
    "agreement_submitted",
    "amendment_decided",
    "amendment_proposed",
    "check_in_reminder",
    "claim_reminders",
    "comment_added",
    "deadline_reminder",
    "extension_decided",
    "extension_requested",
    "invitation_link",
    "mask_cpr_numbers",
    "messages",
    "page_url",
    "password_reset_link",
    "plan_submitted",
]
