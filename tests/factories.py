"""Records for tests, made through the services where a service exists."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from igu_admin.extensions import db
from igu_admin.models import Agreement, AgreementStatus, BonusClaim, Company, Role, Trainee, User
from igu_admin.models.base import utcnow
from igu_admin.services import accounts
from igu_admin.services.agreements import trainees
from tests.conftest import PASSWORD

_counter = itertools.count(1)
CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def valid_cvr(seed: int) -> str:
    """A CVR number that passes the modulus-11 check."""
    for base in itertools.count(1000000 + seed * 13):
        for last in range(10):
            number = f"{base}{last}"
            if sum(int(d) * w for d, w in zip(number, CVR_WEIGHTS, strict=True)) % 11 == 0:
                return number
    raise AssertionError("unreachable")


def make_company(municipality: str = "101", name: str | None = None,
                 is_private: bool = True) -> Company:
    n = next(_counter)
    return accounts.create_company(None, accounts.NewCompany(
        cvr=valid_cvr(n), name=name or f"Firma {n} ApS", municipality_code=municipality,
        is_private=is_private))


def make_user(role: Role, company: Company | None = None, municipality: str | None = None,
              email: str | None = None, password: str = PASSWORD) -> User:
    n = next(_counter)
    if role is Role.EMPLOYER and company is None:
        company = make_company()
    if role in (Role.CASEWORKER, Role.FINANCE) and municipality is None:
        municipality = "101"
    return accounts.create_user(None, accounts.NewUser(
        email=email or f"{role.value}{n}@example.dk", password=password, role=role,
        company_id=company.id if company else None, municipality_code=municipality))


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
    from igu_admin.core.rules_in_force import catalogue
    from igu_admin.domain.agreement_rules import end_date

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


def make_claim(agreement: Agreement, claim_type: str = "company_bonus_6_months") -> BonusClaim:
    claim = BonusClaim(agreement_id=agreement.id, claim_type=claim_type, beneficiary="company",
                       amount=Decimal("20000.00"), due_date=date(2026, 7, 5))
    db.session.add(claim)
    db.session.commit()
    return claim
