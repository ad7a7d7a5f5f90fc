"""Trainees and agreements: rows as a stage of the flow leaves them, and a
complete agreement as the API takes it."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from igu_admin.core.rules_in_force import catalogue
from igu_admin.domain.agreement_rules import end_date
from igu_admin.domain.identifiers import cpr_sex
from igu_admin.extensions import db
from igu_admin.models import Agreement, AgreementStatus, Company, Trainee
from igu_admin.models.base import utcnow
from igu_admin.services.agreements import trainees

CPR = "150595-1234"
# A Tuesday in March next year: the start is never in the past (the rules
# refuse one), and the rule set is the one governing it.
START = date(date.today().year + 1, 3, 2)

_counter = itertools.count(1)


def make_trainee(cpr: str | None = None, municipality: str = "101") -> Trainee:
    n = next(_counter)
    # Digits 7-10 from 1000 to 3999 however many trainees a run makes: the 7th
    # digit then places the birth year (19)90-99 in the 1900s, as the tests
    # expect (from 5 on, a year from 58 lies in the 1800s).
    trainee = trainees.new_trainee(cpr or f"0101{90 + n % 10:02d}{1000 + n % 3000:04d}", "Test",
                                   f"Person {n}", municipality)
    db.session.commit()
    return trainee


def make_agreement(company: Company, trainee: Trainee | None = None,
                   status: AgreementStatus = AgreementStatus.SUBMITTED,
                   start: date = date(2026, 1, 5)) -> Agreement:
    trainee = trainee or make_trainee(municipality=company.municipality_code)
    # The trainee as typed on the agreement, and the record it was linked to.
    agreement = Agreement(company_id=company.id, trainee_id=trainee.id,
                          trainee_name=trainee.full_name,
                          trainee_cpr_encrypted=trainee.cpr_encrypted,
                          trainee_cpr_hash=trainee.cpr_hash,
                          trainee_sex=cpr_sex(trainees.plain_cpr(trainee)),
                          municipality_code=trainee.municipality_code, status=status,
                          ruleset_code="igu-2016", start_date=start,
                          submitted_at=None if status == AgreementStatus.DRAFT else utcnow())
    db.session.add(agreement)
    db.session.commit()
    return agreement


def make_course(company: Company, start: date, status: AgreementStatus = AgreementStatus.ACTIVE,
                trainee: Trainee | None = None, ruleset: str = "igu-2016") -> Agreement:
    """An agreement the municipality has approved (or later), with its end date
    (two years less a day) and the trainee's facts for eligibility."""
    agreement = make_agreement(company, trainee, status=status, start=start)
    agreement.ruleset_code = ruleset
    agreement.end_date = end_date(start, catalogue().get(ruleset).as_of(start).course)
    agreement.target_group, agreement.registered_since = "refugee", start.replace(year=start.year - 2)
    agreement.residence_permit_kind = "Udlændingelovens § 7, stk. 1"
    agreement.residence_permit_date = agreement.registered_since
    agreement.previous_igu, agreement.recent_ordinary_employment = False, False
    agreement.trainee_address = "Søndergade 12, 2100 København Ø"
    db.session.commit()
    return agreement


def complete_agreement(**overrides: Any) -> dict[str, Any]:
    """Everything an agreement needs to be submitted, as the API takes it."""
    return {
        "contact_person": "Bente Bager",
        "trainee": {"name": "Amal Test", "cpr": CPR, "address": "Søndergade 12\n2100 København Ø",
                    "municipality_code": "101", "target_group": "refugee",
                    "residence_permit": {"kind": "Udlændingelovens § 7, stk. 1",
                                         "date": f"{START.year - 2}-01-10"},
                    "registered_since": f"{START.year - 2}-02-01", "previous_igu": False,
                    "recent_ordinary_employment": False},
        "start_date": START.isoformat(), "workplace_address": "Bagergade 1", "job_title": "Bager",
        "tasks": "Bagning", "weekly_hours": "37.00", "collective_agreement": "other",
        "wage": {"basis": "monthly", "year1": "12132.00", "year2": "13429.00"},
        **overrides}
