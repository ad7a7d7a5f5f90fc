"""Calendar feeds of claim dates: one per company (its employer users) and one
per municipality (its finance officers), read by calendar programs at a
secret address.

The address holds a random token of 256 bits; only its SHA-256 is stored,
so the address is shown once, when it is made or renewed, and renewing it
ends the old one at once. A calendar is often shared, so the feed holds no
personal data: an event names the claim and the agreement by number, never
the trainee, and no CPR number appears anywhere (not in the address either).

A company's feed holds its open claims (scheduled, due, prepared); a
municipality's holds the municipality's own open claims: the company
claims are the companies' to send. Each claim gives an all-day event on its
due date and one on its deadline, if it has one.
"""

from __future__ import annotations

import hashlib
import secrets

from flask import current_app
from flask_babel import force_locale, format_currency
from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import contains_eager

from igu_admin.core import audit
from igu_admin.core.errors import PermissionDenied
from igu_admin.core.unit_of_work import use_case
from igu_admin.documents.calendar import ClaimEntry, claims_calendar
from igu_admin.domain.lifecycle import ClaimStatus
from igu_admin.extensions import db
from igu_admin.models import Agreement, BonusClaim, CalendarFeed, Role, User
from igu_admin.models.base import utcnow
from igu_admin.services import notifications
from igu_admin.wording.rule_labels import CLAIM_TYPE_LABELS

OPEN_CLAIMS = (ClaimStatus.SCHEDULED.value, ClaimStatus.DUE.value, ClaimStatus.PREPARED.value)
_CLAIM_PAGES = {"company": "employer.claim", "municipality": "finance.claim"}


def _digest(token: str) -> str:
    # 256 random bits: a fast hash is enough, no salt needed.
    return hashlib.sha256(token.encode()).hexdigest()


def _owner(user: User) -> ColumnElement[bool]:
    """The feed a user manages: their company's, or their municipality's."""
    if user.role == Role.EMPLOYER:
        return CalendarFeed.company_id == user.company_id
    if user.role == Role.FINANCE:
        return CalendarFeed.municipality_code == user.municipality_code
    raise PermissionDenied("calendar_feed")


def feed_of(user: User) -> CalendarFeed | None:
    """The feed of the user's company or municipality, if one was made."""
    return db.session.scalar(select(CalendarFeed).where(_owner(user)))


@use_case
def renew(actor: User) -> str:
    """Make the feed of the actor's company or municipality, or give it a new
    address (the old one stops working). Returns the new token, once."""
    feed = db.session.scalar(select(CalendarFeed).where(_owner(actor)).with_for_update())
    token = secrets.token_urlsafe(32)
    if feed is None:
        feed = CalendarFeed(
            company_id=actor.company_id if actor.role == Role.EMPLOYER else None,
            municipality_code=actor.municipality_code if actor.role == Role.FINANCE else None,
            token_hash=_digest(token), created_by_id=actor.id)
        db.session.add(feed)
        db.session.flush()
        audit.record(actor, "calendar_feed", feed.id, "created")
    else:
        feed.token_hash, feed.created_at, feed.created_by_id = _digest(token), utcnow(), actor.id
        audit.record(actor, "calendar_feed", feed.id, "renewed")
    return token


def feed_for_token(token: str) -> CalendarFeed | None:
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(CalendarFeed).where(
        CalendarFeed.token_hash == _digest(token)))


def _claims(feed: CalendarFeed) -> list[BonusClaim]:
    if feed.company_id is not None:
        where = and_(BonusClaim.company_id == feed.company_id,
                     BonusClaim.beneficiary == "company")
    else:
        where = and_(BonusClaim.municipality_code == feed.municipality_code,
                     BonusClaim.beneficiary == "municipality")
    return list(db.session.scalars(
        select(BonusClaim).join(Agreement).where(where, BonusClaim.status.in_(OPEN_CLAIMS))
        .options(contains_eager(BonusClaim.agreement))
        .order_by(BonusClaim.due_date, BonusClaim.id)))


def ics(feed: CalendarFeed) -> bytes:
    """The feed as an iCalendar file, in the app's default language."""
    host = current_app.config["IGU_BASE_URL"].split("//", 1)[-1].split("/", 1)[0]
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        entries = [ClaimEntry(
            claim_id=claim.id, agreement_id=claim.agreement_id,
            label=str(CLAIM_TYPE_LABELS.get(claim.claim_type, claim.claim_type)),
            amount=format_currency(claim.amount, "DKK"), due_date=claim.due_date,
            deadline=claim.deadline,
            link=notifications.page_url(_CLAIM_PAGES[claim.beneficiary], claim_id=claim.id))
            for claim in _claims(feed)]
        return claims_calendar(entries, host, utcnow())
