"""E-mails for the steps of a running agreement that someone waits on: a
schooling plan sent on its own, an extension asked for, an extension
decided, a change to the agreement (tillæg) proposed and decided. Each
goes to those who must act next, in their own language, and is queued in
the caller's unit of work like every notification.

A plan sent together with its agreement needs no message of its own: the
agreement's message (agreement_submitted) already tells the caseworkers.
"""

from __future__ import annotations

from flask_babel import format_date, gettext

from igu_admin.core.unit_of_work import use_case
from igu_admin.domain.lifecycle import AmendmentStatus, ExtensionStatus
from igu_admin.extensions import db
from igu_admin.models import Agreement, AgreementAmendment, CourseExtension, Role, User
from igu_admin.services.notifications.queueing import Side, queue, recipients_of, render_body
from igu_admin.wording.rule_labels import GROUND_LABELS

__all__ = ["amendment_decided", "amendment_proposed", "extension_decided",
           "extension_requested", "plan_submitted"]


@use_case
def plan_submitted(agreement: Agreement, version: int) -> int:
    """Tell the caseworkers of the agreement's municipality that its schooling
    plan (version `version`) was sent on its own and awaits their decision."""

    def render(user: User) -> tuple[str, str]:
        return (gettext("The schooling plan of IGU agreement no. %(number)s awaits your review",
                        number=agreement.id),
                render_body("mail/plan_submitted.txt", user, agreement, Side.MUNICIPALITY,
                            version=version))

    return queue(recipients_of(agreement, (Side.MUNICIPALITY,)), agreement, "plan_submitted",
                 render)


@use_case
def extension_requested(agreement: Agreement, extension: CourseExtension) -> int:
    """Tell the caseworkers of the agreement's municipality that the employer
    asks to extend the course: for which period, on which ground."""

    def render(user: User) -> tuple[str, str]:
        return (gettext("Extension of IGU agreement no. %(number)s awaits your decision",
                        number=agreement.id),
                render_body("mail/extension_requested.txt", user, agreement, Side.MUNICIPALITY,
                            first_day=format_date(extension.first_day, "long"),
                            last_day=format_date(extension.last_day, "long"),
                            ground=str(GROUND_LABELS.get(extension.reason, extension.reason))))

    return queue(recipients_of(agreement, (Side.MUNICIPALITY,)), agreement,
                 "extension_requested", render)


@use_case
def extension_decided(agreement: Agreement, extension: CourseExtension) -> int:
    """Tell the employer users of the agreement's company whether the
    municipality approved the extension (and the course's new end) or
    refused it (and why)."""
    approved = extension.status == ExtensionStatus.APPROVED
    kind = "extension_approved" if approved else "extension_refused"

    def render(user: User) -> tuple[str, str]:
        subject = (gettext("The extension of IGU agreement no. %(number)s is approved",
                           number=agreement.id) if approved else
                   gettext("The extension of IGU agreement no. %(number)s is refused",
                           number=agreement.id))
        end = agreement.end_date
        return (subject, render_body(
            "mail/extension_decided.txt", user, agreement, Side.EMPLOYER, approved=approved,
            first_day=format_date(extension.first_day, "long"),
            last_day=format_date(extension.last_day, "long"),
            end_date=format_date(end, "long") if end is not None else "",
            reason=(extension.decision_reason or "").strip()))

    return queue(recipients_of(agreement, (Side.EMPLOYER,)), agreement, kind, render)


@use_case
def amendment_proposed(agreement: Agreement, amendment: AgreementAmendment) -> int:
    """Tell the other side that a change to the agreement is proposed: the
    caseworkers of the municipality (who decide) when the employer proposed
    it, the company's employer users when the municipality did."""
    by_employer = amendment.proposed_by_role == Role.EMPLOYER.value
    side = Side.MUNICIPALITY if by_employer else Side.EMPLOYER

    def render(user: User) -> tuple[str, str]:
        subject = (gettext("A change to IGU agreement no. %(number)s awaits your decision",
                           number=agreement.id) if by_employer else
                   gettext("The municipality proposes a change to IGU agreement no. %(number)s",
                           number=agreement.id))
        return (subject, render_body(
            "mail/amendment_proposed.txt", user, agreement, side, by_employer=by_employer,
            amendment_number=amendment.number,
            effective_from=format_date(amendment.effective_from, "long")))

    return queue(recipients_of(agreement, (side,)), agreement, "amendment_proposed", render)


@use_case
def amendment_decided(agreement: Agreement, amendment: AgreementAmendment) -> int:
    """Tell the proposer whether the municipality approved the change or
    refused it (and why): the company's employer users, whose agreement it
    is in either case, and the caseworker who proposed it if another one
    decided."""
    approved = amendment.status == AmendmentStatus.APPROVED
    kind = "amendment_approved" if approved else "amendment_refused"
    recipients = recipients_of(agreement, (Side.EMPLOYER,))
    proposer = (None if amendment.proposed_by_id is None
                else db.session.get(User, amendment.proposed_by_id))
    if (proposer is not None and proposer.role == Role.CASEWORKER and proposer.active
            and proposer.id != amendment.decided_by_id):
        recipients.append(proposer)

    def render(user: User) -> tuple[str, str]:
        subject = (gettext("The change to IGU agreement no. %(number)s is approved",
                           number=agreement.id) if approved else
                   gettext("The change to IGU agreement no. %(number)s is refused",
                           number=agreement.id))
        side = Side.EMPLOYER if user.role == Role.EMPLOYER else Side.MUNICIPALITY
        return (subject, render_body(
            "mail/amendment_decided.txt", user, agreement, side, approved=approved,
            amendment_number=amendment.number,
            effective_from=format_date(amendment.effective_from, "long"),
            reason=(amendment.decision_reason or "").strip()))

    return queue(recipients, agreement, kind, render)
