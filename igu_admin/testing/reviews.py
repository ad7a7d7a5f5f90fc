"""Cases for the review: an agreement made and submitted through the services
(its PDF rendered), the people on both sides, and a submitted plan."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from igu_admin.core import plan_snapshot
from igu_admin.extensions import db
from igu_admin.inputs.agreement import parse_changes
from igu_admin.models import (
    Agreement,
    Company,
    PlanStatus,
    Role,
    SchoolingPlan,
    SchoolingPlanVersion,
    User,
)
from igu_admin.models.base import utcnow
from igu_admin.services import accounts, agreements
from igu_admin.testing.accounts import PASSWORD, make_company
from igu_admin.testing.agreements import CPR, START

_counter = itertools.count(1)


def person(role: Role, name: str, company: Company | None = None,
           municipality: str | None = None) -> User:
    """A user with a name (the review's pages and PDFs show it)."""
    n = next(_counter)
    return accounts.create_user(None, accounts.NewUser(
        email=f"review-{role.value}{n}@example.dk", password=PASSWORD, role=role, name=name,
        company_id=company.id if company else None, municipality_code=municipality))


def review_agreement(cpr: str = CPR, **overrides: Any) -> dict[str, Any]:
    """An agreement as the API takes it with everything the review looks at:
    the trainee's contact details, a collective agreement and the terms."""
    return {
        "contact_person": "Bente Bager",
        "trainee": {"name": "Amal Østergård", "cpr": cpr,
                    "address": "Søndergade 12\n2100 København Ø", "email": "amal@example.org",
                    "phone": "+45 12 34 56 78", "municipality_code": "101",
                    "target_group": "refugee",
                    "residence_permit": {"kind": "Udlændingelovens § 7, stk. 1",
                                         "date": "2024-01-10"},
                    "registered_since": "2024-02-01", "absences": [],
                    "previous_igu": False, "recent_ordinary_employment": False},
        "start_date": START.isoformat(), "workplace_address": "Bagergade 1, 1000 København K",
        "job_title": "Bagermedhjælper", "tasks": "Bagning af rugbrød",
        "weekly_hours": "37.00", "collective_agreement": "hk-detail",
        "wage": {"basis": "monthly", "year1": "12132.00", "year2": "13429.00"},
        "terms": {"holiday": "Efter ferieloven", "notice": "Efter overenskomsten", "other": ""},
        **overrides}


@dataclass
class Case:
    """One agreement and everyone around it."""

    agreement: Agreement
    employer: User
    caseworker: User
    colleague: User  # another caseworker of the same municipality
    far_caseworker: User  # a caseworker of another municipality
    stranger: User  # the employer of another company
    finance: User


def submitted_case(cpr: str = CPR) -> Case:
    company = make_company(municipality="101", name="Ærø Bageri ApS")
    employer = person(Role.EMPLOYER, "Bente Bager", company=company)
    draft = agreements.create_draft(employer, parse_changes(review_agreement(cpr)))
    agreements.submit(employer, draft, draft.lock_version)
    return Case(agreement=draft, employer=employer,
                caseworker=person(Role.CASEWORKER, "Karen Sagsbehandler", municipality="101"),
                colleague=person(Role.CASEWORKER, "Ole Kollega", municipality="101"),
                far_caseworker=person(Role.CASEWORKER, "Aase Aarhus", municipality="751"),
                stranger=person(Role.EMPLOYER, "Anden Arbejdsgiver",
                                company=make_company(municipality="751")),
                finance=person(Role.FINANCE, "Finn Finans", municipality="101"))


def submitted_plan(agreement: Agreement) -> SchoolingPlan:
    """A plan submitted as version 1 (the plan services make these;
    here the rows are written as they would be)."""
    plan = SchoolingPlan(agreement_id=agreement.id, status=PlanStatus.SUBMITTED.value,
                         passed_danish_test=False, submitted_at=utcnow())
    db.session.add(plan)
    db.session.flush()
    db.session.add(SchoolingPlanVersion(plan_id=plan.id, number=1,
                                        data=plan_snapshot.snapshot(plan), submitted_at=utcnow()))
    db.session.commit()
    return plan
