"""Demo data for development: one company, one municipality, a login per role."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from werkzeug.security import check_password_hash

from igu_admin.core import clock, rules_in_force
from igu_admin.core.cpr_vault import vault
from igu_admin.core.errors import ServiceError
from igu_admin.core.lifecycle import change_status
from igu_admin.core.municipalities import sync_municipalities
from igu_admin.core.unit_of_work import use_case
from igu_admin.domain.agreement_rules import end_date
from igu_admin.domain.dates import add_months
from igu_admin.domain.identifiers import parse_cpr
from igu_admin.domain.lifecycle import Action, AgreementStatus, RecordKind, StartedBy
from igu_admin.extensions import db
from igu_admin.inputs.agreement import TraineeLanguageInput, parse_changes
from igu_admin.inputs.amendment import AmendmentDecisionInput, AmendmentInput
from igu_admin.inputs.course import CompletionInput
from igu_admin.inputs.course_import import COLUMNS
from igu_admin.inputs.follow_up import CheckInInput, MentorInput
from igu_admin.inputs.plan import parse_plan
from igu_admin.models import Agreement, Company, CourseImport, Invitation, Role, User
from igu_admin.services import (
    accounts,
    agreements,
    claims,
    course,
    follow_up,
    imports,
    plans,
    review,
)
from igu_admin.services.demo import overview, review_round

DEMO_MUNICIPALITY = "101"
DEMO_CVR = "31415926"  # fictitious, passes the modulus-11 check
DEMO_TRAINEE_CPR = "150595-1234"  # fictitious
DEMO_DRAFT_CPR = "120698-2345"  # fictitious
DEMO_APPROVED_CPR = "030397-3456"  # fictitious
DEMO_RUNNING_CPR = "210996-4567"  # fictitious
DEMO_STARTED_CPR = "080894-1678"  # fictitious
DEMO_COMPLETED_CPR = "191193-2345"  # fictitious
# The wage the demo company agreed with its trainees: the table has no
# current retail rate (rules/wage-rates.toml), so it is typed, as an
# employer types it (fictitious amounts, a month).
AGREED_WAGE = {"basis": "monthly", "year1": "14500.00", "year2": "15800.00"}
DEMO_USERS = (
    (Role.EMPLOYER, "arbejdsgiver@demo.igu-admin.dk", "Bente Bager"),
    (Role.CASEWORKER, "sagsbehandler@demo.igu-admin.dk", "Kasper Kommune"),
    (Role.FINANCE, "oekonomi@demo.igu-admin.dk", "Frida Finans"),
    (Role.ADMIN, "admin@demo.igu-admin.dk", "Anders Admin"),
)
# A colleague the demo employer invited, who has not accepted yet: an open
# invitation on the caseworker's and the employer's invitation pages.
DEMO_INVITED = ("kollega@demo.igu-admin.dk", "Karl Kollega")


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
    _ensure_demo_invitation(company, employer)
    caseworker = accounts.find_user_by_email(DEMO_USERS[1][1])
    assert caseworker is not None
    # The waiting case sent back once and sent again with new wages and hours.
    review_round.ensure_sent_back_and_changed(employer, caseworker, DEMO_TRAINEE_CPR)
    _ensure_demo_approved_agreement(employer, caseworker)
    _ensure_demo_running_course(employer, caseworker)
    _ensure_demo_completed_course(employer, caseworker)
    _ensure_demo_follow_up(employer, caseworker)
    _ensure_demo_started_draft(company, caseworker)
    _ensure_demo_import(caseworker)
    administrator = accounts.find_user_by_email(DEMO_USERS[3][1])
    assert administrator is not None
    overview.ensure_overview_courses(caseworker, administrator)
    return logins


def _ensure_demo_invitation(company: Company, employer: User) -> None:
    email, name = DEMO_INVITED
    invited = db.session.scalar(select(Invitation.id).where(Invitation.email == email))
    if invited is None and accounts.find_user_by_email(email) is None:
        accounts.invite_person(employer, company, email, name)


def _password_matches(user: User, password: str) -> bool:
    return check_password_hash(user.password_hash, password)


def _ensure_demo_agreement(company: Company, employer: User) -> None:
    """A submitted agreement with its PDF, so the caseworker's queue shows a
    real case, and without a schooling plan, for the employer to build one;
    and a draft saved after its first steps with a plan begun, as an employer
    leaves them to finish later. Through the agreement and plan services, as
    the pages and the API make them."""
    cpr = parse_cpr(DEMO_TRAINEE_CPR)
    if agreements.find_by_cpr(cpr) is not None:
        return
    start = date(clock.today().year + 1, 1, 5)
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
        # The table's retail rate expired in 2022, so none is filled in: the
        # employer typed the rate agreed with the trainee.
        "collective_agreement": "hk-detail",
        "wage": AGREED_WAGE,
        "terms": {"other": "Arbejdstøj udleveres og vaskes af virksomheden."}}), step="check")
    agreements.submit(employer, draft, lock_version=draft.lock_version)
    second_start = date(start.year, 3, 1)
    second = agreements.create_draft(employer, parse_changes({
        "contact_person": "Bente Bager",
        "trainee": {"name": "Yusuf Demo", "cpr": DEMO_DRAFT_CPR, "municipality_code": DEMO_MUNICIPALITY,
                    "target_group": "family_reunified_to_refugee"},
        "start_date": second_start.isoformat(),
        "job_title": "Butiksmedhjælper",
        # Chosen, but without a current rate: the wage step asks for the agreed rate.
        "collective_agreement": "hk-detail"}), step="trainee")
    plans.save_plan(employer, second, parse_plan({"items": _started_plan(
        second_start)}), lock_version=0)


def _ensure_demo_started_draft(company: Company, caseworker: User) -> None:
    """A draft the demo jobcentre started for the demo company: the trainee
    part filled in by the caseworker, the rest left for the employer
    ("Startet af Københavns jobcenter" on both sides)."""
    started = db.session.scalar(select(Agreement.id).where(
        Agreement.company_id == company.id, Agreement.started_by == StartedBy.MUNICIPALITY))
    if started is not None:
        return
    registered = date(clock.today().year - 2, 9, 1)
    agreements.start_for_company(caseworker, parse_changes({"trainee": {
        "name": "Leyla Demo", "cpr": DEMO_STARTED_CPR, "municipality_code": DEMO_MUNICIPALITY,
        "address": "Nørrebrogade 40, 3. th.\n2200 København N",
        "target_group": "refugee",
        "residence_permit": {"kind": "Udlændingelovens § 7, stk. 2",
                             "date": date(registered.year, 8, 15).isoformat()},
        "registered_since": registered.isoformat(),
        "previous_igu": False, "recent_ordinary_employment": False}}), cvr=company.cvr)


# Courses the demo municipality ran before it used igu-admin, as its own
# system exported them: one completed with both company bonuses paid, one
# running whose 6-month bonus is due. Fictitious company and people.
DEMO_IMPORT_FILE = "forloeb-fra-fagsystemet.csv"
DEMO_IMPORTED_CVR = "31415918"  # fictitious, passes the modulus-11 check
DEMO_IMPORTED = (("KBH-2024-017", "Samir Demo", "140392-1357", -28, "completed"),
                 ("KBH-2026-003", "Hana Demo", "270790-2468", -8, "active"))


def _ensure_demo_import(caseworker: User) -> None:
    """An import of the municipality's past and running courses, so the
    import page shows its history and the courses their claims."""
    if db.session.scalar(select(CourseImport.id).where(
            CourseImport.municipality_code == DEMO_MUNICIPALITY,
            CourseImport.filename == DEMO_IMPORT_FILE)) is not None:
        return
    report = imports.import_file(caseworker, DEMO_MUNICIPALITY, _demo_import_file().encode(),
                                 "csv", channel="web", filename=DEMO_IMPORT_FILE)
    if report.errors:  # the demo's own file: a rule change it no longer meets
        raise RuntimeError(f"the demo import file has errors: {report.errors}")


def _demo_import_file() -> str:
    today = clock.today()
    lines = [";".join(COLUMNS)]
    for ref, name, cpr, months, status in DEMO_IMPORTED:
        start = add_months(today, months).replace(day=1)
        end = end_date(start, rules_in_force.for_start(start).as_of(start).course)
        ended = status == "completed"
        values = {
            "external_ref": ref, "company_cvr": DEMO_IMPORTED_CVR,
            "company_name": "Demo Gartneri ApS", "employer_type": "private",
            "trainee_name": name, "trainee_cpr": cpr, "target_group": "refugee",
            "registered_since": add_months(start, -30).isoformat(),
            "start_date": start.isoformat(), "weekly_hours": "37",
            "job_title": "Gartnermedhjælper", "status": status,
            "ended_on": end.isoformat() if ended else "",
            "company_bonus_6m_paid_on": add_months(start, 7).isoformat() if ended else "",
            "completion_bonus_paid_on": add_months(end, 1).isoformat() if ended else ""}
        lines.append(";".join(values.get(column, "") for column in COLUMNS))
    return "\n".join(lines) + "\n"


def _ensure_demo_approved_agreement(employer: User, caseworker: User) -> None:
    """An agreement the demo caseworker has approved (its PDF stamped with the
    approval), a month before its start: the employer's page shows the next
    steps, signing and the registration in VITAS, with the deadline."""
    cpr = parse_cpr(DEMO_APPROVED_CPR)
    if agreements.find_by_cpr(cpr) is not None:
        return
    start = clock.today() + timedelta(days=30)
    approved = _approved(employer, caseworker, _Person(
        "Samira Demo", DEMO_APPROVED_CPR, "Nørregade 3, 1. th.\n1165 København K",
        "samira@example.org", "+45 87 65 43 21", "Udlændingelovens § 7, stk. 2"),
        start, "Bagning af rugbrød\nPakning og levering til butikker")
    # The trainee reads Arabic: the language of the trainee's own copy.
    agreements.set_trainee_language(employer, approved, TraineeLanguageInput(
        trainee_language="ar", lock_version=approved.lock_version))


def _ensure_demo_running_course(employer: User, caseworker: User) -> None:
    """A course running for seven months, so the claims show at once: made and
    approved as any agreement is (its claims scheduled by the approval), then
    dated back as if it had begun seven months ago (demo only: the services
    refuse a start in the past), with the trainee's integration programme
    start recorded, so the municipality's result grant is scheduled too. The
    daily work after the demo data (`igu-admin demo-data` runs it) starts the
    course and moves the claims whose day has come to due."""

    cpr = parse_cpr(DEMO_RUNNING_CPR)
    if agreements.find_by_cpr(cpr) is not None:
        return
    today = clock.today()
    draft = _approved(employer, caseworker, _Person(
        "Yonas Demo", DEMO_RUNNING_CPR, "Vesterbrogade 10, 2. tv.\n1620 København V",
        "yonas@example.org", "+45 11 22 33 44", "Udlændingelovens § 7, stk. 1"),
        today + timedelta(days=1), "Bagning af brød\nOpvask og rengøring")
    start = _dated_back(draft, add_months(today, -7))
    draft.integration_programme_start = add_months(start, -6)
    db.session.flush()
    claims.resync_claims(draft, today=today)


def _dated_back(draft: Agreement, start: date) -> date:
    """The approved demo agreement moved to begin on `start` (demo only):
    its end by its rule set, signed a week before, registered five days after."""
    draft.start_date = start
    assert draft.ruleset_code is not None
    draft.end_date = end_date(start, rules_in_force.catalogue().get(draft.ruleset_code)
                              .as_of(start).course)
    draft.signed_on, draft.registered_on = start - timedelta(days=7), start + timedelta(days=5)
    return start


def _ensure_demo_completed_course(employer: User, caseworker: User) -> None:
    """A course that ran its two years with its schooling, confirmed
    completed by the employer: its certificate made and attached to the
    completion claim. Dated back as the running course is (demo only)."""
    if agreements.find_by_cpr(parse_cpr(DEMO_COMPLETED_CPR)) is not None:
        return
    today = clock.today()
    draft = _approved(employer, caseworker, _Person(
        "Mahmoud Demo", DEMO_COMPLETED_CPR, "Amagerbrogade 5, 1. th.\n2300 København S",
        "mahmoud@example.org", "+45 22 33 44 55", "Udlændingelovens § 7, stk. 1"),
        today + timedelta(days=1), "Bagning af brød\nBetjening af kunder")
    start = _dated_back(draft, add_months(today, -25))
    plans.save_plan(employer, draft, parse_plan({"items": _started_plan(start)}),
                    lock_version=0)
    change_status(draft, RecordKind.AGREEMENT, Action.ACTIVATE, None, as_of=start,
                  start_date=start)
    db.session.flush()
    claims.resync_claims(draft, today=today)
    course.complete(employer, draft, CompletionInput(lock_version=draft.lock_version),
                    today=today)


def _ensure_demo_follow_up(employer: User, caseworker: User) -> None:
    """The running course followed: started (as the daily work would start
    it), a check-in that found a concern at school, a mentor, and an
    approved change of its weekly hours from the first of next month. Its
    schooling plan is past its deadline, so the follow-up list shows it at
    risk with that reason."""
    running = db.session.scalar(select(Agreement).where(
        Agreement.trainee_cpr_hash == vault().lookup_hash(parse_cpr(DEMO_RUNNING_CPR))))
    if running is None or follow_up.check_ins_of(running):
        return
    start = running.start_date
    assert start is not None
    if running.status == AgreementStatus.APPROVED:
        change_status(running, RecordKind.AGREEMENT, Action.ACTIVATE, None, as_of=start,
                      start_date=start)
        db.session.flush()
    follow_up.record_check_in(caseworker, running, CheckInInput.model_validate({
        "held_on": add_months(start, 1).isoformat(), "held_by": "caseworker",
        "participants": ["trainee", "employer"], "work": "good", "school": "concern",
        "danish": "good", "agreed": "Yonas får lektiehjælp to gange om ugen; vi taler igen "
                                  "efter tre måneder."}))
    follow_up.set_mentor(caseworker, running, MentorInput.model_validate({
        "name": "Mette Mentor", "organisation": "Jobcenter København",
        "phone": "+45 33 44 55 66", "email": "mette.mentor@example.org"}))
    first_of_next_month = add_months(clock.today().replace(day=1), 1)
    change = agreements.amendments.propose(employer, running, AmendmentInput.model_validate({
        "effective_from": first_of_next_month.isoformat(),
        "changes": {"weekly_hours": "32.00"},
        "reason": "Yonas går på dansk om fredagen.", "lock_version": running.lock_version}))
    agreements.amendments.decide(caseworker, running, change.number, AmendmentDecisionInput.model_validate(
        {"decision": "approve", "reason": "", "lock_version": change.lock_version}))


@dataclass(frozen=True)
class _Person:
    """A fictitious trainee of the demo."""

    name: str
    cpr: str
    address: str
    email: str
    phone: str
    permit_kind: str


def _approved(employer: User, caseworker: User, person: _Person, start: date,
              tasks: str) -> Agreement:
    """An agreement for `person` made, submitted and approved through the
    services, as the pages and the API make them."""
    draft = agreements.create_draft(employer, parse_changes({
        "contact_person": "Bente Bager",
        "trainee": {
            "name": person.name, "cpr": person.cpr, "address": person.address,
            "email": person.email, "phone": person.phone,
            "municipality_code": DEMO_MUNICIPALITY, "target_group": "refugee",
            "residence_permit": {"kind": person.permit_kind,
                                 "date": date(start.year - 2, 2, 1).isoformat()},
            "registered_since": date(start.year - 2, 3, 1).isoformat(),
            "previous_igu": False, "recent_ordinary_employment": False},
        "start_date": start.isoformat(),
        "workplace_address": "Bagergade 1, 1000 København K",
        "job_title": "Bagermedhjælper",
        "tasks": tasks,
        "weekly_hours": "37.00",
        "collective_agreement": "hk-detail",
        "wage": AGREED_WAGE,
        "terms": {"holiday": "Efter ferieloven.", "notice": "Efter overenskomsten."}}),
        step="check")
    agreements.submit(employer, draft, lock_version=draft.lock_version)
    review.decide_agreement(caseworker, draft, "approve", "", draft.lock_version)
    return draft


def _started_plan(start: date) -> list[dict[str, str]]:
    """A plan begun, as an employer leaves one: a few courses in the autumn
    of the first year (no public holidays in September and October), far
    from the weeks required, and one AMU course still without its number."""
    monday = date(start.year, 9, 1)
    monday += timedelta(days=(7 - monday.weekday()) % 7)

    def day(weeks: int, weekday: int = 0) -> str:
        return (monday + timedelta(weeks=weeks, days=weekday)).isoformat()

    return [
        {"kind": "amu", "title": "Rengøring og rengøringskontrol", "course_number": "42994",
         "provider": "Roskilde Tekniske Skole", "start": day(0), "end": day(0, 1),
         "hours": "14.8"},
        {"kind": "amu", "title": "Almen fødevarehygiejne", "course_number": "",
         "provider": "Roskilde Tekniske Skole", "start": day(1), "end": day(1, 2),
         "hours": "22.2", "note": "AMU-nummeret findes på efteruddannelse.dk."},
        {"kind": "danish", "title": "Danskuddannelse 2, modul 3",
         "provider": "Speak \N{EN DASH} School of Danish", "start": day(0), "end": day(9, 4),
         "hours": "74"},
    ]


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
    return claims.schedule_claims(agreement)
