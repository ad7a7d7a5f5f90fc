"""E-mails about a login itself: the one-time link to set a new password,
and the one-time link of an invitation to become an employer user.

The link carries the token in clear (only its hash is stored); the message
is queued in the outbox like every other, and its text is blanked in the
outbox once it has been sent (jobs/mail_delivery.py), so the link lives on
only in the recipient's mailbox.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import force_locale, gettext

from igu_admin.core.unit_of_work import use_case
from igu_admin.extensions import db
from igu_admin.models import Invitation, OutboxMessage, User
from igu_admin.services.notifications.queueing import (
    mail_templates,
    mask_cpr_numbers,
    one_line,
    page_url,
    queue,
)

__all__ = ["INVITATION_KIND", "PASSWORD_RESET_KIND", "invitation_link", "password_reset_link"]

PASSWORD_RESET_KIND = "password_reset"
INVITATION_KIND = "invitation"


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


@use_case
def invitation_link(invitation: Invitation, token: str, lifetime: timedelta,
                    inviter: User | None) -> int:
    """Queue the invitation's link to `invitation.email`, valid for `lifetime`.
    The person has no login yet, so no language of theirs: the message is in
    the default language (Danish) with the English text after it."""
    link = page_url("auth.invitation", token=token)
    days = max(1, lifetime.days)
    company = invitation.company
    parts = []
    languages = [current_app.config["BABEL_DEFAULT_LOCALE"],
                 *(code for code in current_app.config["SUPPORTED_LOCALES"]
                   if code != current_app.config["BABEL_DEFAULT_LOCALE"])]
    for language in languages:
        with force_locale(language):
            parts.append(mail_templates().get_template("mail/invitation.txt").render(
                recipient_name=invitation.name.strip(), link=link, days=days,
                company=company.name, municipality=company.municipality.name,
                inviter=(inviter.name.strip() or inviter.email) if inviter else "").strip())
    with force_locale(languages[0]):
        subject = gettext("Invitation to igu-admin for %(company)s", company=company.name)
    db.session.add(OutboxMessage(
        recipient_id=None, recipient_email=invitation.email, language=languages[0],
        subject=one_line(mask_cpr_numbers(subject))[:300],
        body_text=mask_cpr_numbers("\n\n-----\n\n".join(parts) + "\n"), kind=INVITATION_KIND))
    db.session.flush()
    return 1
