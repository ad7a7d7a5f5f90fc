"""Bonus claims: a claim row, and approved agreements with their claims
scheduled as the approval schedules them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from igu_admin.core.unit_of_work import unit_of_work
from igu_admin.extensions import db
from igu_admin.models import Agreement, AgreementStatus, BonusClaim, Company, Role, User
from igu_admin.services.claims.schedule import schedule_claims
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import make_agreement

START = date(2026, 3, 1)


def make_claim(agreement: Agreement, claim_type: str = "company_bonus_6_months") -> BonusClaim:
    claim = BonusClaim(agreement_id=agreement.id, claim_type=claim_type, beneficiary="company",
                       amount=Decimal("20000.00"), due_date=date(2026, 7, 5))
    db.session.add(claim)
    db.session.commit()
    return claim


def approved(company: Company | None = None, start: date = START,
             programme_start: date | None = None) -> Agreement:
    """An approved agreement (igu-2016 rules) of a private company in 101, with
    its claims scheduled as the approval schedules them."""
    company = company or make_company("101")
    agreement = make_agreement(company, status=AgreementStatus.APPROVED, start=start)
    agreement.integration_programme_start = programme_start
    with unit_of_work():
        schedule_claims(agreement)
    return agreement


def claims_of(agreement: Agreement) -> dict[str, BonusClaim]:
    """The agreement's claims by type, read afresh."""
    db.session.expire_all()
    found = db.session.get(Agreement, agreement.id)
    assert found is not None
    return {c.claim_type: c for c in db.session.scalars(
        select(BonusClaim).where(BonusClaim.agreement_id == found.id))}


def handlers(agreement: Agreement) -> tuple[User, User]:
    """An employer user of the agreement's company and a finance officer of its municipality."""
    return (make_user(Role.EMPLOYER, company=agreement.company),
            make_user(Role.FINANCE, municipality=agreement.municipality_code))
