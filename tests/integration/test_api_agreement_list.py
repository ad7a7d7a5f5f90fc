"""GET /api/v1/agreements: each item is what GET /{id} answers, and a page
costs the same number of SQL statements whatever its size (the probe: 265 ms
for 100 agreements, each assessed again with its own queries). A sent
agreement's review is read as worded at submission; reading it answers the
same as reviewing again."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event, update

from igu_admin.extensions import db
from igu_admin.inputs.agreement import parse_changes
from igu_admin.models import Agreement, Role
from igu_admin.services import agreements
from igu_admin.services.accounts import api_tokens
from igu_admin.services.agreements import listing
from igu_admin.services.review import decisions
from igu_admin.testing.accounts import make_company
from igu_admin.testing.agreements import make_course
from igu_admin.testing.reviews import person, review_agreement

URL = "/api/v1/agreements"
# Each round makes a draft, a submitted agreement, an approved one and a running
# course: 3 give pages of 2 and of all (12 for the employer, 9 for the municipality).
ROUNDS = 3


def bearer(user, language: str = "da") -> dict[str, str]:
    return {"Authorization": f"Bearer {api_tokens.create_token(user, user).secret}",
            "Accept-Language": language}


@pytest.fixture
def firm(app):
    """An employer with agreements of every kind, newest mixed: drafts (one
    for a trainee already sent, so a recorded IGU is found), submitted ones,
    approved ones and running courses."""
    company = make_company(municipality="101", name="Ærø Bageri ApS")
    employer = person(Role.EMPLOYER, "Bente Bager", company=company)
    caseworker = person(Role.CASEWORKER, "Karen Sagsbehandler", municipality="101")
    for round_ in range(ROUNDS):
        cpr = f"150595-{1000 + round_:04d}"
        sent = agreements.create_draft(employer, parse_changes(review_agreement(cpr=cpr)))
        agreements.submit(employer, sent, sent.lock_version)
        approved = agreements.create_draft(employer, parse_changes(
            review_agreement(cpr=f"150596-{1000 + round_:04d}")))
        agreements.submit(employer, approved, approved.lock_version)
        decisions.decide_agreement(caseworker, approved, "approve", "", approved.lock_version)
        make_course(company, date(2025, 3, 3))
        agreements.create_draft(employer, parse_changes(review_agreement(cpr=cpr)))
    db.session.commit()
    return {"employer": employer, "caseworker": caseworker}


def keep(*reviews: tuple[int, dict | None]) -> None:
    """Set what is kept as the agreements' submitted review, as stored (no
    new lock_version: the record's own fields are unchanged)."""
    for agreement_id, kept in reviews:
        db.session.execute(update(Agreement).where(Agreement.id == agreement_id)
                           .values(submitted_review=kept))
    db.session.commit()
    db.session.expunge_all()


@contextmanager
def statements() -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn, _cursor, statement, _parameters, _context, _many) -> None:
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


@pytest.mark.parametrize("role", ["employer", "caseworker"])
def test_a_page_costs_the_same_statements_whatever_its_size(client, firm, role: str) -> None:
    headers = bearer(firm[role])
    client.get(f"{URL}?limit=1", headers=headers)  # the token's first use is written once
    counts = {}
    for limit in (2, 100):
        db.session.expunge_all()
        with statements() as seen:
            response = client.get(f"{URL}?limit={limit}", headers=headers)
        assert response.status_code == 200
        # The municipality sees no drafts.
        assert len(response.get_json()["items"]) == min(limit, (4 if role == "employer" else 3)
                                                        * ROUNDS)
        counts[limit] = len(seen)
    assert counts[2] == counts[100], counts
    assert counts[100] <= 8, counts


@pytest.mark.parametrize(("role", "language"), [("employer", "da"), ("employer", "en"),
                                                ("caseworker", "da")])
def test_every_item_is_what_get_by_id_answers(client, firm, role: str, language: str) -> None:
    headers = bearer(firm[role], language)
    items = client.get(f"{URL}?limit=100", headers=headers).get_json()["items"]
    assert {item["status"] for item in items} >= {"submitted", "approved", "active"}
    if role == "employer":  # with its drafts, one of them for a trainee already sent
        assert any(item["status"] == "draft" and not item["eligibility"]["eligible"]
                   for item in items)
    for item in items:
        one = client.get(f"{URL}/{item['id']}", headers=headers)
        assert one.status_code == 200
        assert one.get_json() == item


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_sent_agreement_read_as_kept_answers_as_one_reviewed_again(client, firm,
                                                                     language: str) -> None:
    headers = bearer(firm["caseworker"], language)
    kept = client.get(f"{URL}?limit=100", headers=headers).get_json()["items"]
    sent = [a for a in db.session.scalars(db.select(Agreement)) if a.submitted_review]
    assert len(sent) == 2 * ROUNDS and all(
        set(a.submitted_review["reviews"]) == {"da", "en"} for a in sent)
    keep(*[(a.id, None) for a in sent])  # as before the review was kept: reviewed again
    again = client.get(f"{URL}?limit=100", headers=headers).get_json()["items"]
    assert again == kept
    assert all(item["eligibility"]["eligible"] for item in again
               if item["status"] in ("submitted", "approved"))


def test_a_review_kept_under_other_rules_or_in_another_shape_is_not_read(client, firm) -> None:
    headers = bearer(firm["employer"])
    before = client.get(f"{URL}?limit=100", headers=headers).get_json()["items"]
    sent = [a for a in db.session.scalars(db.select(Agreement)) if a.submitted_review]
    wrong = {"eligibility": {"eligible": False, "ruleset": "igu-2016", "criteria": []},
             "missing": ["job_title"], "warnings": []}
    keep((sent[0].id, {"fingerprint": "other rules", "reviews": {"da": wrong}}),
         (sent[1].id, {"fingerprint": listing.fingerprint(),
                       "reviews": {"da": {**wrong, "eligibility": {"eligible": "?"}}}}))
    assert client.get(f"{URL}?limit=100", headers=headers).get_json()["items"] == before
