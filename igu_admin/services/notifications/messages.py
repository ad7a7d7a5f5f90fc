"""E-mail notifications: what each event tells whom, queued in the outbox.

Each function picks the recipients of one event, words the message in each
recipient's own language and queues it in the caller's unit of work: a
change rolled back queues nothing, and the scheduler sends what was queued
only after the change has committed (services/mail_delivery.py).

A message names the agreement by its number, the company and the trainee by
name; never a CPR number. Free text (a decision's reason) is passed on, but
anything in a message shaped like a CPR number is masked before it is queued.
Comments are not quoted: the message says that there is one, and links to it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from enum import StrEnum
from typing import Any

from flask_babel import force_locale, format_currency, format_date, gettext
from sqlalchemy import select

from igu_admin.core.unit_of_work import use_case
from igu_admin.domain.lifecycle import Action, RecordKind
from igu_admin.extensions import db
from igu_admin.models import Agreement, BonusClaim, Role, User
from igu_admin.services.notifications.queueing import (
    Side,
    insert_once,
    language_of,
    mask_cpr_numbers,
    message_values,
    page_url,
    queue,
    recipients_of,
    render_body,
)
from igu_admin.wording.rule_labels import CLAIM_TYPE_LABELS

__all__ = ["CHECK_IN_REMINDER_KIND", "DECISION_KINDS", "ClaimReminder", "DeadlineKind",
           "agreement_decided", "agreement_submitted", "check_in_reminder", "claim_reminders",
           "comment_added", "deadline_reminder", "mask_cpr_numbers", "page_url"]

# The kind of the reminder, before a check-in, to the caseworker who has the case.
CHECK_IN_REMINDER_KIND = "check_in_due"


class DeadlineKind(StrEnum):
    # The agreement is registered (in VITAS) within a month of the start.
    REGISTRATION = "registration"
    # The schooling plan is in place by the end of the first month.
    PLAN = "plan"
    COURSE_END = "course_end"
    # The municipality decides on an extension (leave, long sickness).
    EXTENSION_DECISION = "extension_decision"


class ClaimReminder(StrEnum):
    # The claim fell due: it can be prepared and sent now.
    DUE = "due"
    # The claim's deadline is near (IGU_CLAIM_DEADLINE_REMINDER_DAYS before it).
    DEADLINE = "deadline"


# Who is reminded of each deadline: the employer registers the agreement and
# writes the plan; the municipality decides on extensions; both follow the end.
DEADLINE_AUDIENCE: dict[DeadlineKind, tuple[Side, ...]] = {
    DeadlineKind.REGISTRATION: (Side.EMPLOYER,),
    DeadlineKind.PLAN: (Side.EMPLOYER,),
    DeadlineKind.COURSE_END: (Side.EMPLOYER, Side.MUNICIPALITY),
    DeadlineKind.EXTENSION_DECISION: (Side.MUNICIPALITY,),
}

# The decisions a caseworker takes, per record decided on: the message's kind code.
DECISION_KINDS: dict[tuple[RecordKind, Action], str] = {
    (RecordKind.AGREEMENT, Action.APPROVE): "agreement_approved",
    (RecordKind.AGREEMENT, Action.REQUEST_CHANGES): "agreement_changes_requested",
    (RecordKind.AGREEMENT, Action.REJECT): "agreement_rejected",
    (RecordKind.PLAN, Action.APPROVE): "plan_approved",
    (RecordKind.PLAN, Action.REQUEST_CHANGES): "plan_changes_requested",
}

# The page of a claim for the side that handles it.
_CLAIM_PAGES = {"company": "employer.claim", "municipality": "finance.claim"}


@use_case
def agreement_submitted(agreement: Agreement) -> int:
    """Tell every active caseworker of the agreement's municipality that it
    awaits review (again, after changes). Returns the number of messages queued."""

    def render(user: User) -> tuple[str, str]:
        return (gettext("IGU agreement no. %(number)s awaits your review", number=agreement.id),
                render_body("mail/agreement_submitted.txt", user, agreement, Side.MUNICIPALITY))

    return queue(recipients_of(agreement, (Side.MUNICIPALITY,)), agreement,
                  "agreement_submitted", render)


@use_case
def agreement_decided(agreement: Agreement, decision_kind: str, reason: str = "",
                      subject: str = RecordKind.AGREEMENT) -> int:
    """Tell the employer users of the agreement's company what the caseworker
    decided on the agreement or, with subject="plan", on its schooling plan:
    decision_kind is "approve", "request_changes" or "reject" (agreements only),
    and the reason the caseworker gave goes with it."""
    try:
        kind = DECISION_KINDS[(RecordKind(subject), Action(decision_kind))]
    except (KeyError, ValueError):
        raise ValueError(f"no message for the decision {subject}/{decision_kind}") from None

    def render(user: User) -> tuple[str, str]:
        return (_decision_subject(kind, agreement.id),
                render_body("mail/agreement_decided.txt", user, agreement, Side.EMPLOYER,
                      kind=kind, reason=reason.strip()))

    return queue(recipients_of(agreement, (Side.EMPLOYER,)), agreement, kind, render)


@use_case
def comment_added(agreement: Agreement, author: User) -> int:
    """Tell the other side that `author` wrote a comment on the agreement: the
    municipality's caseworkers when the employer wrote, else the company's
    employer users. The comment itself is not quoted."""
    side = Side.MUNICIPALITY if author.role == Role.EMPLOYER else Side.EMPLOYER
    recipients = [user for user in recipients_of(agreement, (side,)) if user.id != author.id]

    def render(user: User) -> tuple[str, str]:
        return (gettext("New comment on IGU agreement no. %(number)s", number=agreement.id),
                render_body("mail/comment_added.txt", user, agreement, side,
                      from_employer=side is Side.MUNICIPALITY))

    return queue(recipients, agreement, "comment_added", render)


@use_case
def deadline_reminder(agreement: Agreement, deadline_kind: str, due_on: date) -> int:
    """Remind those who must act before one of the agreement's deadlines
    (DeadlineKind) that falls on `due_on`. Queued once per recipient for the
    same agreement, deadline and day however often (or by however many
    schedulers at once) it is called; returns the number newly queued."""
    deadline = DeadlineKind(deadline_kind)
    kind = f"deadline_{deadline.value}"
    sides = DEADLINE_AUDIENCE[deadline]

    def render(user: User) -> tuple[str, str]:
        side = Side.EMPLOYER if user.role == Role.EMPLOYER else Side.MUNICIPALITY
        return (_deadline_subject(deadline, agreement.id),
                render_body("mail/deadline_reminder.txt", user, agreement, side,
                      deadline=deadline.value, due_on=format_date(due_on, "long")))

    def dedupe_key(user: User) -> str:
        return f"{kind}:{agreement.id}:{due_on.isoformat()}:{user.id}"

    return queue(recipients_of(agreement, sides), agreement, kind, render, dedupe_key)


@use_case
def check_in_reminder(agreement: Agreement, due_on: date) -> int:
    """Remind the caseworker who has the case (the agreement's assigned
    caseworker) of the course's next check-in on `due_on`. No assignee, or one
    no longer an active caseworker of the agreement's municipality: nothing
    is queued (the list shows unassigned courses; telling every caseworker of
    the municipality would be noise nobody owns). Queued once per agreement,
    check-in day and caseworker however often it is called; returns the
    number newly queued (0 or 1)."""
    caseworker = agreement.assigned_caseworker
    if (caseworker is None or not caseworker.active or caseworker.role != Role.CASEWORKER
            or caseworker.municipality_code != agreement.municipality_code):
        return 0

    def render(user: User) -> tuple[str, str]:
        return (gettext("Reminder: check-in on IGU agreement no. %(number)s on %(due_on)s",
                        number=agreement.id, due_on=format_date(due_on, "long")),
                render_body("mail/check_in_reminder.txt", user, agreement, Side.MUNICIPALITY,
                            link=page_url("caseworker.follow_up_page", agreement_id=agreement.id),
                            due_on=format_date(due_on, "long")))

    def dedupe_key(user: User) -> str:
        return f"{CHECK_IN_REMINDER_KIND}:{agreement.id}:{due_on.isoformat()}:{user.id}"

    return queue([caseworker], agreement, CHECK_IN_REMINDER_KIND, render, dedupe_key)


@use_case
def claim_reminders(claims: Sequence[BonusClaim], reminder: str) -> int:
    """Remind each claim's beneficiary (ClaimReminder): the company's employer
    users for a company claim, the municipality's finance officers for the
    municipality's. Queued once per recipient for the claim and its date (the
    due date, or the deadline) however often, or by however many schedulers
    at once, it is called: a deadline that moves is reminded of again.
    Returns the number newly queued. One insert for all the claims given."""
    kind = ClaimReminder(reminder)
    audiences = _claim_audiences(claims)
    by_language: dict[str, list[tuple[BonusClaim, User]]] = {}
    for claim in claims:
        if (claim.due_date if kind is ClaimReminder.DUE else claim.deadline) is None:
            continue
        for user in audiences.get(_claim_owner(claim), ()):
            by_language.setdefault(language_of(user), []).append((claim, user))
    rows: list[dict[str, Any]] = []
    for language, pairs in by_language.items():
        # One locale at a time, each word made once: the daily job reminds by
        # the thousand, and the same claim types, dates and amounts recur.
        with force_locale(language):
            label = _remembered(lambda code: str(CLAIM_TYPE_LABELS.get(code, code)))
            day = _remembered(lambda value: format_date(value, "long") if value else "")
            money = _remembered(lambda value: format_currency(value, "DKK"))
            for claim, user in pairs:
                agreement = claim.agreement
                subject = (gettext("Bonus claim due: %(claim)s, IGU agreement no. %(number)s",
                                   claim=label(claim.claim_type), number=agreement.id)
                           if kind is ClaimReminder.DUE else
                           gettext("Deadline approaching: %(claim)s, IGU agreement no. "
                                   "%(number)s", claim=label(claim.claim_type),
                                   number=agreement.id))
                body = render_body("mail/claim_reminder.txt", user, agreement, Side.EMPLOYER,
                             link=page_url(_CLAIM_PAGES[claim.beneficiary], claim_id=claim.id),
                             reminder=kind.value, claim=label(claim.claim_type),
                             due_on=day(claim.due_date), deadline=day(claim.deadline),
                             amount=money(claim.amount))
                dated = claim.due_date if kind is ClaimReminder.DUE else claim.deadline
                assert dated is not None
                rows.append(message_values(
                    user, language, subject, body, f"claim_{kind.value}", agreement,
                    f"claim_{kind.value}:{claim.id}:{dated.isoformat()}:{user.id}"))
    queued = insert_once(rows) if rows else 0
    db.session.flush()
    return queued


def _remembered(make: Callable[[Any], str]) -> Callable[[Any], str]:
    made: dict[Any, str] = {}

    def word(value: Any) -> str:
        if value not in made:
            made[value] = make(value)
        return made[value]

    return word


def _claim_owner(claim: BonusClaim) -> tuple[str, object]:
    """Whose claim it is to handle: the agreement's company, or its municipality."""
    agreement = claim.agreement
    return (claim.beneficiary, agreement.company_id if claim.beneficiary == "company"
            else agreement.municipality_code)


def _claim_audiences(claims: Sequence[BonusClaim]) -> dict[tuple[str, object], list[User]]:
    """Who handles each of the claims, by `_claim_owner`: the active employer
    users of the company, or the active finance officers of the municipality,
    in id order. Two queries however many claims."""
    owners = {_claim_owner(claim) for claim in claims}
    companies = {key for side, key in owners if side == "company"}
    municipalities = {key for side, key in owners if side == "municipality" and key is not None}
    found: dict[tuple[str, object], list[User]] = {}
    if companies:
        for user in db.session.scalars(select(User).where(
                User.active.is_(True), User.role == Role.EMPLOYER,
                User.company_id.in_(companies)).order_by(User.id)):
            found.setdefault(("company", user.company_id), []).append(user)
    if municipalities:
        for user in db.session.scalars(select(User).where(
                User.active.is_(True), User.role == Role.FINANCE,
                User.municipality_code.in_(municipalities)).order_by(User.id)):
            found.setdefault(("municipality", user.municipality_code), []).append(user)
    return found


def _decision_subject(kind: str, number: int) -> str:
    subjects = {
        "agreement_approved": gettext("IGU agreement no. %(number)s is approved",
                                      number=number),
        "agreement_changes_requested": gettext(
            "Changes requested to IGU agreement no. %(number)s", number=number),
        "agreement_rejected": gettext("IGU agreement no. %(number)s is rejected",
                                      number=number),
        "plan_approved": gettext("The schooling plan of IGU agreement no. %(number)s is "
                                 "approved", number=number),
        "plan_changes_requested": gettext(
            "Changes requested to the schooling plan of IGU agreement no. %(number)s",
            number=number),
    }
    return subjects[kind]


def _deadline_subject(deadline: DeadlineKind, number: int) -> str:
    subjects = {
        DeadlineKind.REGISTRATION: gettext(
            "Reminder: register IGU agreement no. %(number)s", number=number),
        DeadlineKind.PLAN: gettext(
            "Reminder: the schooling plan of IGU agreement no. %(number)s", number=number),
        DeadlineKind.COURSE_END: gettext(
            "Reminder: IGU agreement no. %(number)s is ending", number=number),
        DeadlineKind.EXTENSION_DECISION: gettext(
            "Reminder: decide on the extension of IGU agreement no. %(number)s",
            number=number),
    }
    return subjects[deadline]


