"""Demo data for development: one company, one municipality, a login per role."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from werkzeug.security import check_password_hash

from igu_admin.domain.identifiers import parse_cpr
from igu_admin.extensions import db
from igu_admin.models import Agreement, Company, Role, User
from igu_admin.services import accounts, agreements, trainees
from igu_admin.services.agreement_input import parse_changes
from igu_admin.services.claim_schedule import schedule_claims
from igu_admin.services.errors import ServiceError
from igu_admin.services.municipalities import sync_municipalities
from igu_admin.services.unit_of_work import use_case

DEMO_MUNICIPALITY = "101"
DEMO_CVR = "31415926"  # fictitious, passes the modulus-11 check
DEMO_TRAINEE_CPR = "150595-1234"  # fictitious
DEMO_DRAFT_CPR = "120698-2345"  # fictitious
DEMO_USERS = (
    (Role.EMPLOYER, "arbejdsgiver@demo.igu-admin.dk", "Bente Bager"),
    (Role.CASEWORKER, "sagsbehandler@demo.igu-admin.dk", "Kasper Kommune"),
    (Role.FINANCE, "oekonomi@demo.igu-admin.dk", "Frida Finans"),
    (Role.ADMIN, "admin@demo.igu-admin.dk", "Anders Admin"),
)


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str


def _demo_password() -> str:
    """One password for the demo logins, made once and kept in the instance folder."""
    file = Path(current_app.instance_path) / "demo_password"
    if not file.exists():
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(f"igu-demo-{secrets.token_urlsafe(9)}")
        file.chmod(0o600)
    return file.read_text().strip()


@use_case
def ensure_demo_data() -> list[DemoLogin]:
    """Demo records and their logins. Refused in production: the logins share
    one password, and it is printed."""
    if current_app.config["ENV_NAME"] == "production":
        raise ServiceError("demo_data_in_production")
    sync_municipalities()
    company = db.session.scalar(select(Company).where(Company.cvr == DEMO_CVR))
    if company is None:
        company = accounts.create_company(None, accounts.NewCompany(
            cvr=DEMO_CVR, name="Demo Bageri ApS", municipality_code=DEMO_MUNICIPALITY,
            address="Bagergade 1", postal_code="1000", city="København K"))
    password = _demo_password()
    logins = []
    for role, email, name in DEMO_USERS:
        user = accounts.find_user_by_email(email)
        if user is None:
            accounts.create_user(None, accounts.NewUser(
                email=email, password=password, role=role, name=name,
                company_id=company.id if role is Role.EMPLOYER else None,
                municipality_code=DEMO_MUNICIPALITY if role in (Role.CASEWORKER, Role.FINANCE)
                else None))
        elif not _password_matches(user, password):
            accounts.set_password(None, user, password)
        logins.append(DemoLogin(role.value, email, password))
    employer = accounts.find_user_by_email(DEMO_USERS[0][1])
    assert employer is not None
    _ensure_demo_agreement(company, employer)
    return logins


def _password_matches(user: User, password: str) -> bool:
    return check_password_hash(user.password_hash, password)


def _ensure_demo_agreement(company: Company, employer: User) -> None:
    """A submitted agreement with its PDF, so the caseworker's queue shows a
    real case, and a draft saved after its first steps, as an employer leaves
    one to finish later. Both through the agreement service, as the guided
    flow and the API make them."""
    cpr = parse_cpr(DEMO_TRAINEE_CPR)
    if trainees.find_by_cpr(cpr) is not None:
        return
    start = date(agreements.today().year + 1, 1, 5)
    draft = agreements.create_draft(employer, parse_changes({
        "contact_person": "Bente Bager",
        "trainee": {
            "name": "Amal Demo", "cpr": DEMO_TRAINEE_CPR,
            "address": "Søndergade 12, 2. tv.\n2100 København Ø", "email": "amal@example.org",
            "phone": "+45 12 34 56 78", "municipality_code": DEMO_MUNICIPALITY,
            "target_group": "refugee",
            "residence_permit": {"kind": "Udlændingelovens § 7, stk. 1",
                                 "date": date(start.year - 3, 1, 15).isoformat()},
            "registered_since": date(start.year - 3, 2, 1).isoformat(),
            "previous_igu": False, "recent_ordinary_employment": False},
        "start_date": start.isoformat(),
        "job_title": "Bagermedhjælper",
        "tasks": "Æltning og formning af dej\nBagning af rugbrød og wienerbrød\n"
                 "Betjening af kunder i butikken\nRengøring efter fødevarereglerne",
        "weekly_hours": "37.00",
        "collective_agreement": "hk-detail",
        "terms": {"other": "Arbejdstøj udleveres og vaskes af virksomheden."}}), step="check")
    agreements.submit(employer, draft, lock_version=draft.lock_version)
    agreements.create_draft(employer, parse_changes({
        "contact_person": "Bente Bager",
        "trainee": {"name": "Yusuf Demo", "cpr": DEMO_DRAFT_CPR, "municipality_code": DEMO_MUNICIPALITY,
                    "target_group": "family_reunified_to_refugee"},
        "job_title": "Butiksmedhjælper"}), step="trainee")


@use_case
def schedule_demo_claims(agreement: Agreement, integration_programme_start: date | None = None
                         ) -> int:
    """The bonus claims of an approved demo agreement, made as its approval
    makes them; returns how many were made (0 when it has them already).
    With `integration_programme_start` (recorded on the agreement first) the
    municipality's result grant is made too. The demo's course starts next
    year: `igu-admin claims run-due --as-of` a day after a due date moves the
    claims that fall due by then."""
    if integration_programme_start is not None:
        agreement.integration_programme_start = integration_programme_start
    return schedule_claims(agreement)
