"""Tenancy: which records a user may see.

An employer sees its own company's records; a caseworker or finance officer
those of their municipality (a caseworker also the drafts their jobcentre
started for a company); an administrator all. A record outside the
tenancy is reported as not found, never as forbidden.
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

from sqlalchemy import ColumnElement, Select, and_, or_, select, true
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from igu_admin.core.errors import NotFound
from igu_admin.domain.identifiers import is_ascii_digits
from igu_admin.domain.lifecycle import StartedBy
from igu_admin.extensions import db
from igu_admin.models import Agreement, AgreementVersion, BonusClaim, Role, User

T = TypeVar("T")

# Ids are 32-bit integer keys; anything larger cannot exist (and would make
# PostgreSQL or SQLite raise instead of answering "not found").
MAX_ID = 2**31 - 1


def parse_id(text: str | None) -> int | None:
    """A record id typed or posted as text, or None if it cannot be one."""
    if not text or not is_ascii_digits(text) or len(text) > 10 or not 0 < int(text) <= MAX_ID:
        return None
    return int(text)


def _check_id(record_id: int) -> None:
    if not 0 < record_id <= MAX_ID:
        raise NotFound(str(record_id))


def agreement_filter(user: User) -> ColumnElement[bool]:
    if user.role == Role.EMPLOYER:
        return Agreement.company_id == user.company_id
    if user.role in (Role.CASEWORKER, Role.FINANCE):
        # A draft is the employer's own work until it is sent: the
        # municipality sees an agreement from its first submission on...
        submitted = and_(Agreement.municipality_code == user.municipality_code,
                         Agreement.submitted_at.is_not(None))
        if user.role == Role.FINANCE:
            return submitted
        # ...but its caseworkers also see the drafts their jobcentre started
        # for a company (they fill in the trainee part).
        return or_(submitted, started_draft_filter(user))
    if user.role == Role.ADMIN:
        return true()
    raise NotFound("unknown role")


def started_draft_filter(user: User) -> ColumnElement[bool]:
    """The drafts a caseworker's municipality started, not yet submitted."""
    return and_(Agreement.started_by == StartedBy.MUNICIPALITY.value,
                Agreement.started_by_municipality_code == user.municipality_code,
                Agreement.submitted_at.is_(None))


def agreements_query(user: User) -> Select[Agreement]:
    return select(Agreement).where(agreement_filter(user))


def _listed(user: User, statuses: tuple[str, ...]) -> Select[Agreement]:
    """The user's agreements with what lists show loaded in the same few
    queries whatever the number of rows."""
    query = agreements_query(user).options(
        joinedload(Agreement.trainee), joinedload(Agreement.company),
        joinedload(Agreement.municipality), joinedload(Agreement.assigned_caseworker),
        # Lists show versions, not their PDFs nor the data they froze.
        selectinload(Agreement.versions).defer(AgreementVersion.pdf)
        .defer(AgreementVersion.data))
    return query.where(Agreement.status.in_(statuses)) if statuses else query


def visible_agreements(user: User, statuses: tuple[str, ...] = ()) -> list[Agreement]:
    query = _listed(user, statuses).order_by(Agreement.start_date.desc(), Agreement.id.desc())
    return list(db.session.scalars(query).unique())


def page_of_agreements(user: User, statuses: tuple[str, ...] = (), after_id: int | None = None,
                       limit: int = 50) -> tuple[list[Agreement], int | None]:
    """One page of the agreements the user may see, newest first, and the id
    to continue after (None on the last page). Keyset paging: a page stays
    right while records are added."""
    query = _listed(user, statuses).order_by(Agreement.id.desc()).limit(limit + 1)
    if after_id is not None:
        query = query.where(Agreement.id < after_id)
    rows = list(db.session.scalars(query).unique())
    if len(rows) > limit:
        return rows[:limit], rows[limit - 1].id
    return rows, None


def _one_visible(query: Select[T], record_id: int) -> T:
    """The one record the scoped query finds, or NotFound (also outside the tenancy)."""
    _check_id(record_id)
    record = db.session.scalar(query)
    if record is None:
        raise NotFound(str(record_id))
    return record


def get_agreement(user: User, agreement_id: int) -> Agreement:
    return _one_visible(agreements_query(user).where(Agreement.id == agreement_id), agreement_id)


def numbered_of(model: type[T], agreement: Agreement, number: int) -> T:
    """Record no. `number` of an agreement's records numbered within it (its
    extensions, amendments, check-ins), or NotFound. They are the
    agreement's: the caller has loaded it within the user's tenancy."""
    columns = cast(Any, model)
    return _one_visible(select(model).where(columns.agreement_id == agreement.id,
                                            columns.number == number), number)


def claim_filter(user: User) -> ColumnElement[bool]:
    """The claims a user may see, by the claim's own owners (no join): an
    employer the company's own claims (the municipality's result grant is the
    municipality's business); a caseworker or finance officer every claim of
    the municipality (claims exist only for agreements it has approved)."""
    if user.role == Role.EMPLOYER:
        return and_(BonusClaim.company_id == user.company_id,
                    BonusClaim.beneficiary == "company")
    if user.role in (Role.CASEWORKER, Role.FINANCE):
        return BonusClaim.municipality_code == user.municipality_code
    if user.role == Role.ADMIN:
        return true()
    raise NotFound("unknown role")


def claims_query(user: User) -> Select[BonusClaim]:
    return select(BonusClaim).join(Agreement).where(claim_filter(user))


def visible_claims(user: User) -> list[BonusClaim]:
    query = (claims_query(user)
             .options(contains_eager(BonusClaim.agreement).joinedload(Agreement.company))
             .order_by(BonusClaim.due_date, BonusClaim.id))
    return list(db.session.scalars(query))


def get_claim(user: User, claim_id: int) -> BonusClaim:
    return _one_visible(claims_query(user).where(BonusClaim.id == claim_id), claim_id)
