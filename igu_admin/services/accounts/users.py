"""Logins, users and companies."""

from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from flask import current_app
from sqlalchemy import case, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from igu_admin.core import audit
from igu_admin.core.errors import NotFound, ServiceError
from igu_admin.core.locking import ensure_current
from igu_admin.core.unit_of_work import use_case
from igu_admin.domain.accounts import MIN_PASSWORD_LENGTH
from igu_admin.domain.identifiers import IdentifierError, parse_cvr
from igu_admin.extensions import db
from igu_admin.models import Company, LoginThrottle, Municipality, PasswordResetToken, Role, User
from igu_admin.models.base import utcnow

UNKNOWN_ACCOUNT = "unknown"
# Checked when the e-mail is unknown, so that a miss costs as long as a hit.
_DUMMY_HASH = generate_password_hash("igu-admin timing equaliser")


class LoginOutcome(StrEnum):
    OK = "ok"
    INVALID = "invalid"
    LOCKED = "locked"
    # The password was right, but the user's role signs in through a provider
    # only (IGU_PASSWORD_LOGIN_ROLES).
    SIGN_ON_ONLY = "sign_on_only"


@dataclass(frozen=True)
class LoginResult:
    outcome: LoginOutcome
    user: User | None = None
    retry_after_minutes: int = 0


def _hash(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["IGU_PASSWORD_HASH_METHOD"])


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _keyed_hash(*parts: str) -> str:
    """A keyed hash: stable for the same input, useless without the key."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, "\n".join(parts).encode(), hashlib.sha256).hexdigest()


def _throttle_key(client_address: str, email: str) -> str:
    return _keyed_hash("login", client_address, normalise_email(email))


def _minutes_left(until: datetime, now: datetime) -> int:
    return max(1, math.ceil((until - now).total_seconds() / 60))


@use_case
def authenticate(email: str, password: str, *, client_address: str,
                 now: datetime | None = None) -> LoginResult:
    """Check a login. Too many failures lock the pair of client address and
    e-mail address for a while, whether or not an account exists for it: a
    stranger elsewhere cannot lock the real user out. Every attempt is an
    audit event, never with the password."""
    now = now or utcnow()
    max_failures = current_app.config["IGU_LOGIN_MAX_FAILURES"]
    window = timedelta(minutes=current_app.config["IGU_LOGIN_LOCK_MINUTES"])
    key = _throttle_key(client_address, email)
    user = find_user_by_email(email)
    throttle = db.session.get(LoginThrottle, key)
    if throttle is not None and throttle.locked_until is not None and throttle.locked_until > now:
        _record_failure(email, user, client_address, LoginOutcome.LOCKED)
        return LoginResult(LoginOutcome.LOCKED,
                           retry_after_minutes=_minutes_left(throttle.locked_until, now))

    password_ok = check_password_hash(user.password_hash if user else _DUMMY_HASH, password)
    if user is not None and password_ok and user.active and not password_login(Role(user.role)):
        audit.record(user, "user", user.id, "login_refused",
                     after={"client": client_address, "outcome": "sign_on_only"})
        return LoginResult(LoginOutcome.SIGN_ON_ONLY)
    if user is not None and password_ok and user.active:
        if throttle is not None:
            db.session.delete(throttle)
        # A plain UPDATE: a login is not an edit of the account, and must not
        # conflict with an administrator editing it at the same moment.
        db.session.execute(update(User).where(User.id == user.id).values(last_login_at=now))
        audit.record(user, "user", user.id, "login_succeeded", after={"client": client_address})
        return LoginResult(LoginOutcome.OK, user)

    failures = _count_failure(key, now, window)
    if failures >= max_failures:
        db.session.execute(update(LoginThrottle).where(LoginThrottle.key == key).values(
            locked_until=now + window))
        _record_failure(email, user, client_address, LoginOutcome.LOCKED)
        return LoginResult(LoginOutcome.LOCKED, retry_after_minutes=_minutes_left(now + window, now))
    _record_failure(email, user, client_address, LoginOutcome.INVALID)
    return LoginResult(LoginOutcome.INVALID)


def password_login(role: Role) -> bool:
    """Whether the role may still sign in with a password (IGU_PASSWORD_LOGIN_ROLES)."""
    allowed = current_app.config["IGU_PASSWORD_LOGIN_ROLES"]
    return role.value in {part.strip() for part in allowed.split(",")}


def _record_failure(email: str, user: User | None, client_address: str,
                    outcome: LoginOutcome) -> None:
    """A failed login names the account it was for, if any. An unknown e-mail
    is kept only as a keyed hash: it may be a password typed in the wrong field."""
    after: dict[str, str] = {"client": client_address, "outcome": outcome.value}
    if user is None:
        after["email_hash"] = _keyed_hash("email", normalise_email(email))
    audit.record(None, "user", user.id if user is not None else UNKNOWN_ACCOUNT, "login_failed",
                 after=after, actor_label="anonymous")


def _count_failure(key: str, now: datetime, window: timedelta) -> int:
    """Add one failure in the current window (a new window after the old ended)."""
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    db.session.execute(insert(LoginThrottle).values(key=key, failures=0, window_started_at=now)
                       .on_conflict_do_nothing(index_elements=["key"]))
    expired = LoginThrottle.window_started_at < now - window
    db.session.execute(update(LoginThrottle).where(LoginThrottle.key == key).values(
        failures=case((expired, 1), else_=LoginThrottle.failures + 1),
        window_started_at=case((expired, now), else_=LoginThrottle.window_started_at)))
    return db.session.scalar(select(LoginThrottle.failures).where(LoginThrottle.key == key)) or 0


def find_company_by_cvr(cvr: str) -> Company | None:
    """The company with the CVR number as typed or claimed (spaces, a DK
    prefix); None when it is not a valid CVR number or no company has it."""
    try:
        number = parse_cvr(cvr)
    except IdentifierError:
        return None
    return db.session.scalar(select(Company).where(Company.cvr == number))


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def load_user(user_id: str) -> User | None:
    """The logged-in user for a session, or None if gone or deactivated."""
    if not user_id.isascii() or not user_id.isdigit() or len(user_id) > 10:
        return None
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.active else None


@dataclass(frozen=True)
class NewUser:
    email: str
    password: str
    role: Role
    name: str = ""
    company_id: int | None = None
    municipality_code: str | None = None
    preferred_language: str = "da"


@use_case
def create_user(actor: User | None, new: NewUser) -> User:
    """Create a login bound to the tenant its role requires."""
    email = normalise_email(new.email)
    if "@" not in email or len(email) > 254:
        raise ServiceError("email_invalid", "email")
    if find_user_by_email(email) is not None:
        raise ServiceError("email_taken", "email")
    if len(new.password) < MIN_PASSWORD_LENGTH:
        raise ServiceError("password_too_short", "password")
    company_id, municipality_code = _tenant_for_role(new)
    user = User(email=email, name=new.name.strip(), role=new.role.value,
                password_hash=_hash(new.password),
                company_id=company_id, municipality_code=municipality_code,
                preferred_language=new.preferred_language)
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "user", user.id, "created", after={
        "email": email, "role": user.role, "company_id": company_id,
        "municipality_code": municipality_code})
    return user


def _tenant_for_role(new: NewUser) -> tuple[int | None, str | None]:
    if new.role is Role.EMPLOYER:
        if new.company_id is None or db.session.get(Company, new.company_id) is None:
            raise ServiceError("company_required", "company_id")
        return new.company_id, None
    if new.role in (Role.CASEWORKER, Role.FINANCE):
        if not new.municipality_code or db.session.get(Municipality, new.municipality_code) is None:
            raise ServiceError("municipality_required", "municipality_code")
        return None, new.municipality_code
    return None, None


@use_case
def set_password(actor: User | None, user: User, password: str) -> None:
    """A new password ends every session of the user: whoever knew the old
    one is logged out too."""
    store_password(user, password)
    audit.record(actor, "user", user.id, "password_set")


def check_new_password(password: str) -> None:
    """Refuse (ServiceError at "password") a password the rules refuse."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ServiceError("password_too_short", "password")


def store_password(user: User, password: str) -> None:
    """Store a new password in the caller's unit of work: every session of
    the user ends, and every reset link of theirs stops working."""
    check_new_password(password)
    user.password_hash = _hash(password)
    _end_sessions(user)
    db.session.execute(delete(PasswordResetToken).where(PasswordResetToken.user_id == user.id))


@use_case
def end_all_sessions(user: User) -> None:
    """Log the user out everywhere: logging out in one browser ends every
    session of that user."""
    _end_sessions(user)
    audit.record(user, "user", user.id, "sessions_ended")


@use_case
def deactivate_user(actor: User | None, user: User) -> None:
    """The user can no longer log in, and every session of theirs ends now.
    An administrator cannot deactivate their own login (the last one left
    would lock everybody out)."""
    if actor is not None and actor.id == user.id:
        raise ServiceError("cannot_deactivate_self", "active")
    if not user.active:
        return
    user.active = False
    _end_sessions(user)
    audit.record(actor, "user", user.id, "deactivated", before={"active": True},
                 after={"active": False})


def _end_sessions(user: User) -> None:
    """Raise the session generation: sessions made under an older one are
    refused. A plain UPDATE, not an edit of the account: it must never
    conflict with an administrator editing the user (optimistic lock)."""
    db.session.execute(update(User).where(User.id == user.id).values(
        session_generation=User.session_generation + 1))


@use_case
def set_preferred_language(user: User, code: str) -> None:
    if user.preferred_language != code:
        user.preferred_language = code


@dataclass(frozen=True)
class NewCompany:
    cvr: str
    name: str
    municipality_code: str
    is_private: bool = True
    address: str = ""
    postal_code: str = ""
    city: str = ""


@use_case
def create_company(actor: User | None, new: NewCompany) -> Company:
    try:
        cvr = parse_cvr(new.cvr)
    except IdentifierError as exc:
        raise ServiceError("cvr_invalid", "cvr") from exc
    if db.session.scalar(select(Company).where(Company.cvr == cvr)) is not None:
        raise ServiceError("cvr_taken", "cvr")
    if db.session.get(Municipality, new.municipality_code) is None:
        raise ServiceError("municipality_required", "municipality_code")
    if not new.name.strip():
        raise ServiceError("name_required", "name")
    company = Company(cvr=cvr, name=new.name.strip(), municipality_code=new.municipality_code,
                      is_private=new.is_private, address=new.address.strip(),
                      postal_code=new.postal_code.strip(), city=new.city.strip())
    db.session.add(company)
    db.session.flush()
    audit.record(actor, "company", company.id, "created",
                 after={"cvr": cvr, "name": company.name, "is_private": company.is_private})
    return company


def list_users() -> list[User]:
    return list(db.session.scalars(
        select(User).options(joinedload(User.company), joinedload(User.municipality))
        .order_by(User.role, User.email)))


def list_companies() -> list[Company]:
    return list(db.session.scalars(
        select(Company).options(joinedload(Company.municipality)).order_by(Company.name)))


@dataclass(frozen=True)
class UserChanges:
    """An administrator's edit of a login, made on the record as last seen."""

    lock_version: int
    name: str
    active: bool
    new_password: str = ""


@use_case
def update_user(actor: User, user: User, changes: UserChanges) -> None:
    """Rename, (de)activate or set a new password, as one change. Refused
    as a conflict when someone changed the login since `lock_version`."""
    ensure_current(user, changes.lock_version)
    before = {"name": user.name, "active": user.active}
    if changes.new_password:
        set_password(actor, user, changes.new_password)
    if user.active and not changes.active:
        deactivate_user(actor, user)
    elif changes.active and not user.active:
        user.active = True
    user.name = changes.name.strip()
    after = {"name": user.name, "active": user.active}
    if after != before:
        audit.record(actor, "user", user.id, "updated", before=before, after=after)
    db.session.flush()  # the optimistic lock is checked here, inside the unit of work


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(str(user_id))
    return user
