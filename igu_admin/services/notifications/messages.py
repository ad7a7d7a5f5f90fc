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

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale, format_currency, format_date, gettext
from jinja2 import Environment
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from igu_admin.core.unit_of_work import use_case
from igu_admin.domain.lifecycle import Action, RecordKind
from igu_admin.extensions import db
from igu_admin.models import Agreement, BonusClaim, OutboxMessage, Role, User
from igu_admin.wording.rule_labels import CLAIM_TYPE_LABELS

__all__ = ["DECISION_KINDS", "ClaimReminder", "DeadlineKind", "agreement_decided",
           "agreement_submitted", "claim_reminders", "comment_added", "deadline_reminder",
           "mask_cpr_numbers", "page_url"]


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


class _Side(StrEnum):
    EMPLOYER = "employer"
    MUNICIPALITY = "municipality"


# Who is reminded of each deadline: the employer registers the agreement and
# writes the plan; the municipality decides on extensions; both follow the end.
DEADLINE_AUDIENCE: dict[DeadlineKind, tuple[_Side, ...]] = {
    DeadlineKind.REGISTRATION: (_Side.EMPLOYER,),
    DeadlineKind.PLAN: (_Side.EMPLOYER,),
    DeadlineKind.COURSE_END: (_Side.EMPLOYER, _Side.MUNICIPALITY),
    DeadlineKind.EXTENSION_DECISION: (_Side.MUNICIPALITY,),
}

# The decisions a caseworker takes, per record decided on: the message's kind code.
DECISION_KINDS: dict[tuple[RecordKind, Action], str] = {
    (RecordKind.AGREEMENT, Action.APPROVE): "agreement_approved",
    (RecordKind.AGREEMENT, Action.REQUEST_CHANGES): "agreement_changes_requested",
    (RecordKind.AGREEMENT, Action.REJECT): "agreement_rejected",
    (RecordKind.PLAN, Action.APPROVE): "plan_approved",
    (RecordKind.PLAN, Action.REQUEST_CHANGES): "plan_changes_requested",
}

# Each side's page of an agreement, where the links in its messages lead.
_AGREEMENT_PAGES = {_Side.EMPLOYER: "employer.agreement",
                    _Side.MUNICIPALITY: "caseworker.agreement"}
# The page of a claim for the side that handles it.
_CLAIM_PAGES = {"company": "employer.claim", "municipality": "finance.claim"}

# Ten digits as a CPR number is written (DDMMYY-SSSS, with or without the
# hyphen or a space), not part of a longer number.
_CPR_SHAPED = re.compile(r"(?<!\d)\d{6}[- ]?\d{4}(?!\d)")
_CPR_MASK = "XXXXXX-XXXX"

Render = Callable[[User], tuple[str, str]]


@use_case
def agreement_submitted(agreement: Agreement) -> int:
    """Tell every active caseworker of the agreement's municipality that it
    awaits review (again, after changes). Returns the number of messages queued."""

    def render(user: User) -> tuple[str, str]:
        return (gettext("IGU agreement no. %(number)s awaits your review", number=agreement.id),
                _body("mail/agreement_submitted.txt", user, agreement, _Side.MUNICIPALITY))

    return _queue(_recipients(agreement, (_Side.MUNICIPALITY,)), agreement,
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
                _body("mail/agreement_decided.txt", user, agreement, _Side.EMPLOYER,
                      kind=kind, reason=reason.strip()))

    return _queue(_recipients(agreement, (_Side.EMPLOYER,)), agreement, kind, render)


@use_case
def comment_added(agreement: Agreement, author: User) -> int:
    """Tell the other side that `author` wrote a comment on the agreement: the
    municipality's caseworkers when the employer wrote, else the company's
    employer users. The comment itself is not quoted."""
    side = _Side.MUNICIPALITY if author.role == Role.EMPLOYER else _Side.EMPLOYER
    recipients = [user for user in _recipients(agreement, (side,)) if user.id != author.id]

    def render(user: User) -> tuple[str, str]:
        return (gettext("New comment on IGU agreement no. %(number)s", number=agreement.id),
                _body("mail/comment_added.txt", user, agreement, side,
                      from_employer=side is _Side.MUNICIPALITY))

    return _queue(recipients, agreement, "comment_added", render)


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
        side = _Side.EMPLOYER if user.role == Role.EMPLOYER else _Side.MUNICIPALITY
        return (_deadline_subject(deadline, agreement.id),
                _body("mail/deadline_reminder.txt", user, agreement, side,
                      deadline=deadline.value, due_on=format_date(due_on, "long")))

    def dedupe_key(user: User) -> str:
        return f"{kind}:{agreement.id}:{due_on.isoformat()}:{user.id}"

    return _queue(_recipients(agreement, sides), agreement, kind, render, dedupe_key)


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
            by_language.setdefault(_language(user), []).append((claim, user))
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
                body = _body("mail/claim_reminder.txt", user, agreement, _Side.EMPLOYER,
                             link=page_url(_CLAIM_PAGES[claim.beneficiary], claim_id=claim.id),
                             reminder=kind.value, claim=label(claim.claim_type),
                             due_on=day(claim.due_date), deadline=day(claim.deadline),
                             amount=money(claim.amount))
                dated = claim.due_date if kind is ClaimReminder.DUE else claim.deadline
                assert dated is not None
                rows.append(_message_values(
                    user, language, subject, body, f"claim_{kind.value}", agreement,
                    f"claim_{kind.value}:{claim.id}:{dated.isoformat()}:{user.id}"))
    queued = _insert_once(rows) if rows else 0
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


def _recipients(agreement: Agreement, sides: Iterable[_Side]) -> list[User]:
    """The active users of each side of the agreement, each once, in id order."""
    found: dict[int, User] = {}
    for side in sides:
        if side is _Side.EMPLOYER:
            where = (User.role == Role.EMPLOYER, User.company_id == agreement.company_id)
        elif agreement.municipality_code is None:
            continue
        else:
            where = (User.role == Role.CASEWORKER,
                     User.municipality_code == agreement.municipality_code)
        for user in db.session.scalars(select(User).where(User.active.is_(True), *where)):
            found.setdefault(user.id, user)
    return [found[key] for key in sorted(found)]


def _queue(recipients: Iterable[User], agreement: Agreement, kind: str, render: Render,
           dedupe_key: Callable[[User], str] | None = None) -> int:
    queued = 0
    for user in recipients:
        language = _language(user)
        with force_locale(language):
            subject, body = render(user)
        values = _message_values(user, language, subject, body, kind, agreement,
                                 None if dedupe_key is None else dedupe_key(user))
        if dedupe_key is None:
            db.session.add(OutboxMessage(**values))
            queued += 1
        else:
            queued += _insert_once([values])
    db.session.flush()
    return queued


def _message_values(user: User, language: str, subject: str, body: str, kind: str,
                    agreement: Agreement, dedupe_key: str | None) -> dict[str, Any]:
    """An outbox row's values, with CPR-shaped numbers masked."""
    values: dict[str, Any] = {
        "recipient_id": user.id, "recipient_email": user.email, "language": language,
        "subject": _one_line(mask_cpr_numbers(subject))[:300],
        "body_text": mask_cpr_numbers(body), "kind": kind, "agreement_id": agreement.id,
    }
    if dedupe_key is not None:
        values["dedupe_key"] = dedupe_key
    return values


def _insert_once(rows: Sequence[Mapping[str, Any]]) -> int:
    """Insert each row unless a message with the same dedupe key exists (or is
    being inserted by another transaction, which this one then waits for);
    returns how many were inserted. One statement, sent as a batch of rows."""
    dialect = db.session.get_bind().dialect.name
    insert: Callable[[Any], postgresql.Insert | sqlite.Insert]
    if dialect == "postgresql":
        insert = postgresql.insert
    elif dialect == "sqlite":
        insert = sqlite.insert
    else:
        raise NotImplementedError(f"no insert-once for {dialect}")
    # Core inserts still get the columns' Python defaults (created_at, attempts, ...).
    statement = insert(OutboxMessage).on_conflict_do_nothing(index_elements=["dedupe_key"])
    # RETURNING gives a row for an insert and none for a conflict (rowcount
    # is not reliable for every driver).
    return len(db.session.connection().execute(statement.returning(OutboxMessage.id),
                                               list(rows)).all())


def _language(user: User) -> str:
    supported = current_app.config["SUPPORTED_LOCALES"]
    if user.preferred_language in supported:
        return user.preferred_language
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def _body(template: str, user: User, agreement: Agreement, side: _Side,
          link: str | None = None, **context: Any) -> str:
    """The message's text in the current (forced) locale; `link` leads to the
    agreement's page for the side unless another page is given."""
    page = link or page_url(_AGREEMENT_PAGES[side], agreement_id=agreement.id)
    text = _mail_templates().get_template(template).render(
        recipient_name=user.name.strip(), number=agreement.id, company=agreement.company.name,
        trainee=agreement.trainee_name.strip(), link=page, **context)
    return text.strip() + "\n"


def _mail_templates() -> Environment:
    """The app's templates for plain text: no HTML escaping, and block tags
    take their line with them."""
    key = "igu_mail_templates"
    if key not in current_app.extensions:
        current_app.extensions[key] = current_app.jinja_env.overlay(
            autoescape=False, trim_blocks=True, lstrip_blocks=True)
    environment: Environment = current_app.extensions[key]
    return environment


def page_url(endpoint: str, **values: Any) -> str:
    """An absolute URL of a page under IGU_BASE_URL, with or without a request."""
    base = urlsplit(current_app.config["IGU_BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/",
                                       url_scheme=base.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)


def mask_cpr_numbers(text: str) -> str:
    """Every CPR-shaped number in `text` masked: the last guard before a message
    (with free text such as a reason) leaves the system."""
    return _CPR_SHAPED.sub(_CPR_MASK, text)


def _one_line(text: str) -> str:
    """A header value: line breaks would be refused by (or break) the header."""
    return " ".join(text.split())
