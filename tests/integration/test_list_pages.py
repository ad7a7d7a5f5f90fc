"""List pages: a fixed number of queries, and words instead of stored codes."""

import itertools
import re
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import event

from igu_admin.domain.lifecycle import RecordKind, status_values
from igu_admin.domain.rulesets import load_catalogue
from igu_admin.extensions import db
from igu_admin.models import Agreement, AgreementStatus, BonusClaim, Company, Role, User
from igu_admin.models.base import utcnow
from igu_admin.paths import RULES_DIR
from igu_admin.services.agreements import trainees
from igu_admin.testing.accounts import make_company, make_user, valid_cvr
from igu_admin.testing.agreements import make_agreement
from igu_admin.testing.claims import make_claim
from igu_admin.web import labels

SEEDS = itertools.count(7000)


@contextmanager
def counted_queries():
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def _queries_for(client, url: str) -> int:
    with counted_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


PAGES = [(Role.EMPLOYER, "/employer/"), (Role.EMPLOYER, "/employer/claims"),
         (Role.CASEWORKER, "/caseworker/"), (Role.FINANCE, "/finance/"),
         (Role.ADMIN, "/admin/users"), (Role.ADMIN, "/admin/companies")]


@pytest.mark.parametrize(("role", "url"), PAGES)
def test_a_list_of_fifty_records_costs_as_many_queries_as_a_list_of_one(
        app, client, auth, role: Role, url: str) -> None:
    company = make_company()
    user = make_user(role, company=company if role is Role.EMPLOYER else None)
    auth.login(user.email)

    def add_records(n: int) -> None:
        # Straight into the session, one commit: the records are only scenery here.
        for _ in range(n):
            owner = company
            if role is Role.ADMIN:
                owner = Company(cvr=valid_cvr(next(SEEDS)), name="Firma", municipality_code="101")
            trainee = trainees.new_trainee(f"0101{next(SEEDS) % 100:02d}{next(SEEDS) % 10000:04d}",
                                           "Test", "Person", "101")
            agreement = Agreement(company=owner, trainee=trainee, municipality_code="101",
                                  status=AgreementStatus.SUBMITTED, ruleset_code="igu-2016",
                                  start_date=date(2026, 1, 5), submitted_at=utcnow())
            db.session.add_all([agreement, BonusClaim(
                agreement=agreement, claim_type="company_bonus_6_months", beneficiary="company",
                amount=Decimal("20000.00"), due_date=date(2026, 7, 5)),
                User(email=f"u{next(SEEDS)}@example.dk", password_hash="x", role="employer",
                     company=owner)])
        db.session.commit()

    add_records(1)
    one = _queries_for(client, url)
    add_records(49)
    fifty = _queries_for(client, url)
    assert fifty == one, f"{url}: {one} queries for 1 record, {fifty} for 50"


def test_every_status_of_every_kind_has_its_own_label() -> None:
    maps = {RecordKind.AGREEMENT: labels.AGREEMENT_STATUS_LABELS,
            RecordKind.PLAN: labels.PLAN_STATUS_LABELS,
            RecordKind.CLAIM: labels.CLAIM_STATUS_LABELS}
    for kind, mapping in maps.items():
        assert set(mapping) == set(status_values(kind)), kind


def test_every_claim_type_in_the_rule_files_has_a_label() -> None:
    codes = {claim.code for rs in load_catalogue(RULES_DIR)._sets.values() for claim in rs.claims}
    assert codes <= set(labels.CLAIM_TYPE_LABELS)


def test_pages_show_labels_not_codes(app, client, auth) -> None:
    company = make_company()
    agreement = make_agreement(company, status=AgreementStatus.CHANGES_REQUESTED)
    make_claim(agreement)
    auth.login(make_user(Role.EMPLOYER, company=company).email)
    pages = [client.get("/employer/").get_data(as_text=True),
             client.get(f"/employer/agreements/{agreement.id}").get_data(as_text=True)]
    auth.logout()
    auth.login(make_user(Role.FINANCE).email)
    pages.append(client.get("/finance/").get_data(as_text=True))
    for html in pages:
        # What people read: the text between the tags (a filter's option
        # values are codes, as the address takes them).
        text = re.sub(r"<[^>]*>", " ", html)
        for code in ("changes_requested", "company_bonus_6_months", "igu-2016"):
            assert code not in text
        assert ">scheduled<" not in html
    assert "Sendt tilbage til rettelser" in pages[0]
    assert "Virksomhedsbonus efter 6 måneder" in pages[2]
