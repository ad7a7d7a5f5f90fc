"""Invitations: a person becomes an employer user of a company by a one-time
link by e-mail (the mechanism of "Glemt adgangskode", purpose "invitation").

- A caseworker invites a company igu-admin does not know: the company is
  created in the caseworker's municipality (CVR checked), with the invitation.
- A caseworker invites a person to a company of their municipality; an
  employer to their own company. Anything else is NotFound (404).
- The link works once, for IGU_INVITATION_DAYS days; a resend makes a new
  link and ends the old one. Accepting creates the employer user with the
  invitation's e-mail, in one unit of work with the link used up.
- Single sign-on: an employer signing in (by the provider's verified e-mail,
  services/accounts/sign_on) to the company an open invitation of that
  e-mail is for has accepted it: its link ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.orm import joinedload

from igu_admin.core import audit
from igu_admin.core.errors import NotFound, ServiceError
from igu_admin.core.unit_of_work import use_case
from igu_admin.domain.identifiers import IdentifierError, parse_cvr
from igu_admin.extensions import db
from igu_admin.models import Company, Invitation, PasswordResetToken, Role, User
from igu_admin.models.base import utcnow
from igu_admin.services import notifications
from igu_admin.services.accounts import one_time_links
from igu_admin.services.accounts.one_time_links import INVITATION
from igu_admin.services.accounts.users import (
    NewCompany,
    NewUser,
    create_company,
    create_user,
    find_user_by_email,
    normalise_email,
)

__all__ = [
    "InvitationLink",
    "accept_by_sign_on",
    "accept_invitation",
    "invitable_company",
    "invitation_for_token",
    "invite_company",
    "invite_person",
    "open_invitations",
    "resend_invitation",
]


def _lifetime() -> timedelta:
    return timedelta(days=int(current_app.config["IGU_INVITATION_DAYS"]))


def _may_invite_to(actor: User, company: Company) -> bool:
    role = Role(actor.role)
    if role is Role.EMPLOYER:
        return actor.company_id == company.id
    if role is Role.CASEWORKER:
        return actor.municipality_code == company.municipality_code
    return role is Role.ADMIN


def invitable_company(actor: User, company_id: int) -> Company:
    """The company, if the actor may invite people to it; NotFound otherwise."""
    company = db.session.get(Company, company_id)
    if company is None or not _may_invite_to(actor, company):
        raise NotFound(str(company_id))
    return company


def _checked_email(email: str) -> str:
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise ServiceError("email_invalid", "email")
    if find_user_by_email(email) is not None:
        raise ServiceError("email_taken", "email")
    return email


def _send(actor: User | None, invitation: Invitation, now: datetime) -> None:
    token = one_time_links.issue(INVITATION, _lifetime(), now, invitation_id=invitation.id)
    invitation.sent_at = now
    notifications.invitation_link(invitation, token, _lifetime(), actor)


@use_case
def invite_company(actor: User, cvr: str, name: str, employer_type: str, email: str,
                   municipality_code: str | None = None, *, person_name: str = "",
                   now: datetime | None = None) -> Invitation:
    """Create a company igu-admin does not know and invite a person to it. A
    caseworker's company is in their municipality; a known CVR number is
    refused ("company_exists" at "cvr": invite a person to it instead)."""
    if Role(actor.role) is Role.CASEWORKER:
        municipality_code = actor.municipality_code
    elif Role(actor.role) is not Role.ADMIN:
        raise NotFound("company")
    try:
        compact = parse_cvr(cvr)
    except IdentifierError as exc:
        raise ServiceError("cvr_invalid", "cvr") from exc
    if db.session.scalar(select(Company.id).where(Company.cvr == compact)) is not None:
        raise ServiceError("company_exists", "cvr")
    if employer_type not in ("private", "public"):
        raise ServiceError("employer_type_required", "employer_type")
    checked = _checked_email(email)
    company = create_company(actor, NewCompany(
        cvr=compact, name=name, municipality_code=municipality_code or "",
        is_private=employer_type == "private"))
    return _invite(actor, company, checked, person_name.strip()[:200], now or utcnow())


@use_case
def invite_person(actor: User, company: Company, email: str, name: str = "", *,
                  now: datetime | None = None) -> Invitation:
    """Invite a person to an existing company the actor may invite to."""
    if not _may_invite_to(actor, company):
        raise NotFound(str(company.id))
    return _invite(actor, company, _checked_email(email), name.strip()[:200], now or utcnow())


def _invite(actor: User, company: Company, email: str, name: str, now: datetime) -> Invitation:
    invitation = Invitation(company_id=company.id, email=email, name=name,
                            invited_by_id=actor.id, created_at=now, sent_at=now)
    db.session.add(invitation)
    db.session.flush()
    invitation.company = company
    audit.record(actor, "invitation", invitation.id, "created",
                 after={"company_id": company.id, "email": email})
    _send(actor, invitation, now)
    return invitation


@use_case
def resend_invitation(actor: User, invitation_id: int, *,
                      now: datetime | None = None) -> Invitation:
    """A new link for an open invitation; the old link stops working."""
    invitation = db.session.get(Invitation, invitation_id)
    if (invitation is None or invitation.accepted_at is not None
            or not _may_invite_to(actor, invitation.company)):
        raise NotFound(str(invitation_id))
    now = now or utcnow()
    _send(actor, invitation, now)
    audit.record(actor, "invitation", invitation.id, "resent")
    return invitation


def open_invitations(actor: User) -> list[Invitation]:
    """The invitations not accepted yet, of the actor's municipality (a
    caseworker) or company (an employer), newest first."""
    query = (select(Invitation).join(Company, Invitation.company_id == Company.id)
             .options(joinedload(Invitation.company))
             .where(Invitation.accepted_at.is_(None))
             .order_by(Invitation.sent_at.desc(), Invitation.id.desc()))
    role = Role(actor.role)
    if role is Role.CASEWORKER:
        query = query.where(Company.municipality_code == actor.municipality_code)
    elif role is Role.EMPLOYER:
        query = query.where(Invitation.company_id == actor.company_id)
    elif role is not Role.ADMIN:
        return []
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class InvitationLink:
    """What a link leads to: the invitation (when its link is known) and
    whether it may still be used. An expired link still names its
    invitation, so the page can say whom to ask; a used one is gone."""

    invitation: Invitation | None
    usable: bool


def invitation_for_token(token: str, now: datetime | None = None) -> InvitationLink:
    link: PasswordResetToken | None = one_time_links.find(token, INVITATION)
    if link is None or link.invitation_id is None:
        return InvitationLink(None, False)
    invitation = db.session.get(Invitation, link.invitation_id)
    usable = (invitation is not None and invitation.accepted_at is None
              and link.expires_at > (now or utcnow()))
    return InvitationLink(invitation, usable)


@use_case
def accept_invitation(token: str, password: str, *, name: str = "",
                      now: datetime | None = None) -> User:
    """Create the employer user of the invitation with `password`, and use the
    link up. Refuses a password the rules refuse (at "password"; the link
    stays usable), an e-mail already used by a login ("email_taken" at
    "email") and a link that cannot be used ("invitation_invalid")."""
    now = now or utcnow()
    found = invitation_for_token(token, now)
    if not found.usable or found.invitation is None:
        raise ServiceError("invitation_invalid")
    invitation = found.invitation
    # The link is used up first: of two requests at once, the second waits
    # here for the first and finds it gone. A refusal below rolls it back.
    if one_time_links.use(token, INVITATION, now) is None:
        raise ServiceError("invitation_invalid")
    user = create_user(None, NewUser(
        email=invitation.email, password=password, role=Role.EMPLOYER,
        name=name.strip() or invitation.name, company_id=invitation.company_id))
    invitation.accepted_at = now
    invitation.accepted_user_id = user.id
    audit.record(user, "invitation", invitation.id, "accepted", after={"user_id": user.id})
    return user


def accept_by_sign_on(user: User, now: datetime) -> None:
    """Every open invitation of the user's e-mail to the user's company counts
    as accepted by this sign-in, in the caller's unit of work; its link ends."""
    if Role(user.role) is not Role.EMPLOYER:
        return
    for invitation in db.session.scalars(select(Invitation).where(
            Invitation.company_id == user.company_id, Invitation.email == user.email,
            Invitation.accepted_at.is_(None))):
        db.session.execute(delete(PasswordResetToken).where(
            PasswordResetToken.purpose == INVITATION,
            PasswordResetToken.invitation_id == invitation.id))
        invitation.accepted_at = now
        invitation.accepted_user_id = user.id
        audit.record(user, "invitation", invitation.id, "accepted",
                     after={"user_id": user.id, "by": "sign_on"})
