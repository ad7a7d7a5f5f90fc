"""Queueing a notification: the recipients of one side of an agreement, the
message worded in each one's language from a plain-text template under
templates/mail, links under IGU_BASE_URL, CPR-shaped numbers masked, and
the row added to the outbox in the caller's unit of work."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale
from jinja2 import Environment
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from igu_admin.domain.identifiers import mask_cpr_numbers
from igu_admin.extensions import db
from igu_admin.models import Agreement, OutboxMessage, Role, User

__all__ = [
    "AGREEMENT_PAGES",
    "Render",
    "Side",
    "insert_once",
    "language_of",
    "mail_templates",
    "mask_cpr_numbers",
    "message_values",
    "one_line",
    "page_url",
    "queue",
    "recipients_of",
    "render_body",
]


class Side(StrEnum):
    EMPLOYER = "employer"
    MUNICIPALITY = "municipality"


# Each side's page of an agreement, where the links in its messages lead.
AGREEMENT_PAGES = {Side.EMPLOYER: "employer.agreement",
                   Side.MUNICIPALITY: "caseworker.agreement"}


Render = Callable[[User], tuple[str, str]]


def recipients_of(agreement: Agreement, sides: Iterable[Side]) -> list[User]:
    """The active users of each side of the agreement, each once, in id order."""
    found: dict[int, User] = {}
    municipality = agreement.municipality_code
    if agreement.submitted_at is None and agreement.started_by_municipality_code is not None:
        # A draft the jobcentre started: its caseworkers are the other side.
        municipality = agreement.started_by_municipality_code
    for side in sides:
        if side is Side.EMPLOYER:
            where = (User.role == Role.EMPLOYER, User.company_id == agreement.company_id)
        elif municipality is None:
            continue
        else:
            where = (User.role == Role.CASEWORKER, User.municipality_code == municipality)
        for user in db.session.scalars(select(User).where(User.active.is_(True), *where)):
            found.setdefault(user.id, user)
    return [found[key] for key in sorted(found)]


def queue(recipients: Iterable[User], agreement: Agreement | None, kind: str, render: Render,
           dedupe_key: Callable[[User], str] | None = None) -> int:
    """Word and add one message per recipient, in each one's language
    (`render` runs in it); with `dedupe_key`, at most one per key ever.
    Returns the number queued."""
    queued = 0
    for user in recipients:
        language = language_of(user)
        with force_locale(language):
            subject, body = render(user)
        values = message_values(user, language, subject, body, kind, agreement,
                                None if dedupe_key is None else dedupe_key(user))
        if dedupe_key is None:
            db.session.add(OutboxMessage(**values))
            queued += 1
        else:
            queued += insert_once([values])
    db.session.flush()
    return queued


def message_values(user: User, language: str, subject: str, body: str, kind: str,
                   agreement: Agreement | None, dedupe_key: str | None) -> dict[str, Any]:
    """An outbox row's values, with CPR-shaped numbers masked."""
    values: dict[str, Any] = {
        "recipient_id": user.id, "recipient_email": user.email, "language": language,
        "subject": one_line(mask_cpr_numbers(subject))[:300],
        "body_text": mask_cpr_numbers(body), "kind": kind,
        "agreement_id": None if agreement is None else agreement.id,
    }
    if dedupe_key is not None:
        values["dedupe_key"] = dedupe_key
    return values


def insert_once(rows: Sequence[Mapping[str, Any]]) -> int:
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


def language_of(user: User) -> str:
    supported = current_app.config["SUPPORTED_LOCALES"]
    if user.preferred_language in supported:
        return user.preferred_language
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def render_body(template: str, user: User, agreement: Agreement, side: Side,
                link: str | None = None, **context: Any) -> str:
    """The message's text in the current (forced) locale; `link` leads to the
    agreement's page for the side unless another page is given."""
    page = link or page_url(AGREEMENT_PAGES[side], agreement_id=agreement.id)
    text = mail_templates().get_template(template).render(
        recipient_name=user.name.strip(), number=agreement.id, company=agreement.company.name,
        trainee=agreement.trainee_name.strip(), link=page, **context)
    return text.strip() + "\n"


def mail_templates() -> Environment:
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


def one_line(text: str) -> str:
    """A header value: line breaks would be refused by (or break) the header."""
    return " ".join(text.split())
