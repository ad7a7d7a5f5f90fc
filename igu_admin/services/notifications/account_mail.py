"""E-mails about a login itself: the one-time link to set a new password.

The link carries the token in clear (only its hash is stored); the message
is queued in the outbox like every other, and its text is blanked in the
outbox once it has been sent (jobs/mail_delivery.py), so the link lives on
only in the recipient's mailbox.
"""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext

from igu_admin.core.unit_of_work import use_case
from igu_admin.models import User
from igu_admin.services.notifications.queueing import mail_templates, page_url, queue

__all__ = ["PASSWORD_RESET_KIND", "password_reset_link"]

PASSWORD_RESET_KIND = "password_reset"


@use_case
def password_reset_link(user: User, token: str, lifetime: timedelta) -> int:
    """Queue the link to set a new password for `user`, valid for `lifetime`."""
    link = page_url("auth.reset_password", token=token)
    minutes = max(1, int(lifetime.total_seconds()) // 60)

    def render(recipient: User) -> tuple[str, str]:
        text = mail_templates().get_template("mail/password_reset.txt").render(
            recipient_name=recipient.name.strip(), link=link, minutes=minutes,
            email=recipient.email)
        return gettext("Set a new password for igu-admin"), text.strip() + "\n"

    return queue([user], None, PASSWORD_RESET_KIND, render)
