"""The day sums of a municipality's claims stay equal to the claims
themselves, whatever changes them, and a rollback leaves them as they were."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from igu_admin.core import rules_in_force
from igu_admin.core.unit_of_work import unit_of_work
from igu_admin.domain import milestones
from igu_admin.extensions import db
from igu_admin.inputs.uploads import read_upload
from igu_admin.jobs.claims_due import claims_due_step
from igu_admin.models import ClaimDaySum, ClaimStatus, Role
from igu_admin.services import claims
from igu_admin.services.claims import day_sums as claim_sums
from igu_admin.services.claims import queries as claim_queries
from igu_admin.services.claims.queries import ClaimFilter
from igu_admin.services.claims.schedule import Course, resync_claims
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import make_agreement
from igu_admin.testing.claims import approved, claims_of, make_claim
from igu_admin.testing.de_minimis import NO_OTHER_AID


def stored() -> set[tuple]:
    return {(r.municipality_code, r.due_date, r.beneficiary, r.status, r.claim_type, r.claims,
             r.amount) for r in db.session.scalars(select(ClaimDaySum)) if r.claims}


def live() -> set[tuple]:
    return set(claim_sums.live_sums(db.session()))


def test_the_sums_follow_every_change_of_the_claims(app) -> None:
    first = approved(programme_start=date(2025, 6, 1))
    second = approved(make_company("751"), start=date(2026, 5, 1))
    assert stored() == live() and len(live()) == 5
    claims_due_step(date(2026, 10, 1))
    assert stored() == live()
    employer = make_user(Role.EMPLOYER, company=first.company)
    six = claims_of(first)["company_bonus_6_months"]
    for code in ("vitas_registration", "employment_period"):
        claims.attach_evidence(employer, six, code, read_upload(io.BytesIO(b"%PDF-1"), "a.pdf"))
    claims.prepare(employer, six, declaration=NO_OTHER_AID)
    claims.submit(employer, six, date(2026, 9, 20), "SIRI-1")
    claims.record_payment(employer, six, date(2026, 9, 30), Decimal("19000.00"))
    assert stored() == live()
    ruleset = rules_in_force.catalogue().get("igu-2016")
    with unit_of_work():  # a late extension moves the second course's six-month claim
        resync_claims(second, Course((second,), milestones.one_employer(
            second.start_date, True, extensions=(milestones.Extension(
                date(2026, 6, 1), date(2026, 8, 31), "sickness"),)), ruleset),
            today=date(2026, 10, 1))
    assert stored() == live()
    with unit_of_work():  # a termination cancels the rest of the first
        resync_claims(first, Course((first,), milestones.one_employer(
            first.start_date, True, terminated_on=date(2026, 12, 31),
            integration_programme_start=date(2025, 6, 1)), ruleset), today=date(2027, 1, 1))
    assert stored() == live()
    make_claim(make_agreement(make_company()), "municipality_result_grant")  # through the ORM
    assert stored() == live()


def test_a_rollback_leaves_the_sums_as_they_were(app) -> None:
    agreement = approved()
    before = stored()
    with pytest.raises(RuntimeError), unit_of_work():
        claims_of(agreement)["company_bonus_6_months"].status = ClaimStatus.DUE
        db.session.flush()
        raise RuntimeError("refused")
    assert stored() == before == live()


def test_rebuilding_gives_the_same_sums(app) -> None:
    approved(programme_start=date(2025, 6, 1))
    claims_due_step(date(2026, 10, 1))
    kept = stored()
    with unit_of_work():
        claim_sums.rebuild(db.session())
    assert stored() == kept


def test_the_finance_totals_from_the_sums_equal_those_from_the_claims(app) -> None:
    approved(programme_start=date(2025, 6, 1))
    approved(start=date(2026, 6, 10))
    claims_due_step(date(2026, 9, 1))
    finance, admin = make_user(Role.FINANCE, municipality="101"), make_user(Role.ADMIN)
    for claim_filter in (ClaimFilter(), ClaimFilter(status="due"),
                         ClaimFilter(beneficiary="company", due_from=date(2026, 9, 1),
                                     due_to=date(2026, 12, 31))):
        from_sums = claim_queries.totals(finance, claim_filter)
        from_claims = claim_queries.totals(admin, claim_filter)  # read from the claims
        assert from_sums == from_claims and from_sums.count > 0
    assert claim_queries.coming_months(finance, date(2026, 8, 1)) == \
        claim_queries.coming_months(admin, date(2026, 8, 1))
