"""Sign-in through an OpenID Connect provider: MitID Erhverv through
NemLog-in for employers, the municipality's own provider for its staff.

The provider says who the person is; igu-admin says what they may do. A
person is found by the provider's subject once linked, else by a verified
e-mail address; the first sign-in links the login. A provider that names
the company (NemLog-in's CVR claim) lets an employee of a company known to
igu-admin in as an employer of that company, with a login made at the first
sign-in; a company igu-admin does not know is refused. Roles and tenancy
stay igu-admin's. An open invitation of the person's e-mail to that company
counts as accepted by the sign-in (services/accounts/invitations).
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select, update

from igu_admin.core import audit
from igu_admin.core.unit_of_work import use_case
from igu_admin.extensions import db
from igu_admin.models import Company, Role, User, UserSignOn
from igu_admin.models.base import utcnow
from igu_admin.services.accounts.invitations import accept_by_sign_on
from igu_admin.services.accounts.users import (
    find_company_by_cvr,
    find_user_by_email,
    normalise_email,
)

_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,49}")
# A password hash no password matches: a login made by a sign-in has no password.
NO_PASSWORD = "!sign-on-only"


@dataclass(frozen=True)
class SignOnProvider:
    """One provider, as IGU_SIGN_ON_PROVIDERS declares it. `roles`: who may
    sign in through it; `cvr_claim`: the claim naming the company (NemLog-in),
    None for a provider of a municipality's staff."""

    name: str
    title: str
    issuer: str
    client_id: str
    client_secret: str
    roles: tuple[Role, ...]
    scopes: str = "openid email profile"
    cvr_claim: str | None = None


def providers_from_setting(text: str) -> tuple[SignOnProvider, ...]:
    """IGU_SIGN_ON_PROVIDERS: a JSON list of objects with name, title, issuer,
    client_id, client_secret, roles (a list), and optionally scopes and
    cvr_claim. ValueError names what is wrong (never a secret)."""
    if not text.strip():
        return ()
    try:
        declared = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"IGU_SIGN_ON_PROVIDERS is not JSON: {exc.msg}") from None
    if not isinstance(declared, list):
        raise ValueError("IGU_SIGN_ON_PROVIDERS must be a JSON list of providers.")
    providers = tuple(_provider(number, entry) for number, entry in enumerate(declared, 1))
    names = [p.name for p in providers]
    if len(set(names)) != len(names):
        raise ValueError("IGU_SIGN_ON_PROVIDERS: two providers have the same name.")
    return providers


def _provider(number: int, entry: Any) -> SignOnProvider:
    where = f"IGU_SIGN_ON_PROVIDERS: provider {number}"
    if not isinstance(entry, dict):
        raise ValueError(f"{where} is not an object.")
    required = ("name", "title", "issuer", "client_id", "client_secret")
    missing = [key for key in required if not isinstance(entry.get(key), str) or not entry[key]]
    if missing:
        raise ValueError(f"{where} lacks {', '.join(missing)}.")
    if not _NAME.fullmatch(entry["name"]):
        raise ValueError(f"{where}: name must be lower-case letters, digits and hyphens.")
    if not entry["issuer"].startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise ValueError(f"{where}: the issuer must be an https:// URL.")
    try:
        roles = tuple(Role(role) for role in entry.get("roles") or ())
    except ValueError:
        raise ValueError(f"{where}: roles must be among {', '.join(Role)}.") from None
    if not roles:
        raise ValueError(f"{where}: roles must name who signs in through it.")
    cvr_claim = entry.get("cvr_claim") or None
    if cvr_claim is not None and roles != (Role.EMPLOYER,):
        raise ValueError(f"{where}: a provider naming the company (cvr_claim) is for employers.")
    return SignOnProvider(name=entry["name"], title=entry["title"], issuer=entry["issuer"].rstrip("/"),
                          client_id=entry["client_id"], client_secret=entry["client_secret"],
                          roles=roles, scopes=entry.get("scopes") or "openid email profile",
                          cvr_claim=cvr_claim)


@dataclass(frozen=True)
class SignOnClaims:
    """What the provider's ID token (checked before) says of the person."""

    subject: str
    email: str | None
    email_verified: bool
    name: str
    cvr: str | None

    @classmethod
    def from_id_token(cls, claims: dict[str, Any], provider: SignOnProvider) -> SignOnClaims:
        cvr = claims.get(provider.cvr_claim) if provider.cvr_claim else None
        email = claims.get("email")
        return cls(subject=str(claims["sub"]),
                   email=email if isinstance(email, str) and email else None,
                   email_verified=claims.get("email_verified") is True,
                   name=str(claims.get("name") or ""),
                   cvr=str(cvr) if cvr is not None else None)


class Refusal(StrEnum):
    """Why a sign-in let nobody in (the page says it in words)."""

    NO_COMPANY_CLAIM = "no_company_claim"
    UNKNOWN_COMPANY = "unknown_company"
    NO_VERIFIED_EMAIL = "no_verified_email"
    UNKNOWN_USER = "unknown_user"
    WRONG_ROLE = "wrong_role"
    INACTIVE = "inactive"


@dataclass(frozen=True)
class SignOnResult:
    user: User | None = None
    refusal: Refusal | None = None
    cvr: str | None = None  # the company named, for the refusal's page


@use_case
def sign_on(provider: SignOnProvider, claims: SignOnClaims, *, client_address: str,
            now: datetime | None = None) -> SignOnResult:
    """The user the provider's person is in igu-admin, linked on the first
    sign-in (made, for an employee of a known company); or why not. Each
    outcome is an audit event, never with the ID token."""
    company: Company | None = None
    if provider.cvr_claim is not None:
        if not claims.cvr:
            return _refuse(provider, Refusal.NO_COMPANY_CLAIM, client_address)
        company = find_company_by_cvr(claims.cvr)
        if company is None:
            return _refuse(provider, Refusal.UNKNOWN_COMPANY, client_address, claims.cvr)
    linked = db.session.scalar(select(UserSignOn).where(
        UserSignOn.provider == provider.name, UserSignOn.subject == claims.subject))
    user = linked.user if linked is not None else _by_email(claims, company)
    if user is None:
        if not (claims.email and claims.email_verified):
            return _refuse(provider, Refusal.NO_VERIFIED_EMAIL, client_address)
        if company is None or find_user_by_email(claims.email) is not None:
            # No login for the person; or theirs belongs to another company.
            return _refuse(provider, Refusal.UNKNOWN_USER, client_address, claims.cvr)
        user = _employer_of(company, claims)
    wrong = _check(provider, user, company)
    if wrong is not None:
        return _refuse(provider, wrong, client_address, claims.cvr)
    if linked is None:
        db.session.add(UserSignOn(user=user, provider=provider.name, subject=claims.subject))
        audit.record(user, "user", user.id, "sign_on_linked", after={"provider": provider.name})
    now = now or utcnow()
    db.session.execute(update(User).where(User.id == user.id).values(last_login_at=now))
    # An open invitation of this person to this company is answered by signing in.
    accept_by_sign_on(user, now)
    audit.record(user, "user", user.id, "login_succeeded",
                 after={"client": client_address, "provider": provider.name})
    return SignOnResult(user=user)


def _by_email(claims: SignOnClaims, company: Company | None) -> User | None:
    """The user with the person's e-mail address, when the provider vouches
    for it; for a company's provider, only a login of that company."""
    if not (claims.email and claims.email_verified):
        return None
    user = find_user_by_email(claims.email)
    if user is not None and company is not None and user.company_id != company.id:
        return None
    return user


def _employer_of(company: Company, claims: SignOnClaims) -> User:
    """A login for an employee of the company, made at their first sign-in."""
    assert claims.email is not None
    user = User(email=normalise_email(claims.email), name=claims.name.strip(),
                role=Role.EMPLOYER.value, company_id=company.id,
                password_hash=f"{NO_PASSWORD}:{secrets.token_hex(8)}")
    db.session.add(user)
    db.session.flush()
    audit.record(user, "user", user.id, "user_created",
                 after={"role": user.role, "company_id": company.id, "by": "sign_on"})
    return user


def _check(provider: SignOnProvider, user: User, company: Company | None) -> Refusal | None:
    if not user.active:
        return Refusal.INACTIVE
    if Role(user.role) not in provider.roles:
        return Refusal.WRONG_ROLE
    if company is not None and user.company_id != company.id:
        return Refusal.UNKNOWN_USER
    return None


def _refuse(provider: SignOnProvider, refusal: Refusal, client_address: str,
            cvr: str | None = None) -> SignOnResult:
    audit.record(None, "user", "sign_on", "login_failed", actor_label="anonymous",
                 after={"client": client_address, "provider": provider.name,
                        "outcome": refusal.value})
    return SignOnResult(refusal=refusal, cvr=cvr)
