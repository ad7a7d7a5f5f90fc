"""A continuation named after the fact (issue 19): the jobcentre learns of
the new employer weeks after the early end was recorded. Over the API and on
the caseworker's page: the CVR is kept, a company in igu-admin gets a draft
continuing the course, an audit event is written, and what must be refused
is refused (no early end, already continued, the same company, stale lock,
roles and tenancy)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from igu_admin.core import clock
from igu_admin.domain.lifecycle import AgreementStatus
from igu_admin.extensions import db
from igu_admin.models import Agreement, AuditEvent, Role
from igu_admin.services.accounts import api_tokens
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import make_course
from tests.conftest import csrf_token

URL = "/api/v1/agreements"


def bearer(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_tokens.create_token(user, user).secret}",
            "Accept-Language": "en"}


@pytest.fixture
def world(app):
    today = clock.today()
    mine, theirs = make_company(municipality="101"), make_company(municipality="751")
    ended = make_course(mine, start=today - timedelta(days=200),
                        status=AgreementStatus.TERMINATED)
    ended.termination_date, ended.termination_reason = today - timedelta(days=20), "dismissal"
    running = make_course(mine, start=today - timedelta(days=30))
    db.session.commit()
    caseworker = make_user(Role.CASEWORKER, municipality="101")
    return {"today": today, "mine": mine, "theirs": theirs, "ended": ended,
            "running": running, "caseworker": caseworker,
            "employer": bearer(make_user(Role.EMPLOYER, company=mine)),
            "cw": bearer(caseworker),
            "far": bearer(make_user(Role.CASEWORKER, municipality="751")),
            "finance": bearer(make_user(Role.FINANCE, municipality="101")),
            "stranger": bearer(make_user(Role.EMPLOYER, company=theirs))}


def name(client, world, cvr: str, who: str = "cw", course: str = "ended",
         lock_version: int | None = None):
    agreement = world[course]
    db.session.refresh(agreement)
    body = {"continued_by_cvr": cvr,
            "lock_version": lock_version if lock_version is not None else agreement.lock_version}
    return client.post(f"{URL}/{agreement.id}/continuation", json=body, headers=world[who])


def continuations(ended: Agreement) -> list[Agreement]:
    return list(db.session.scalars(select(Agreement).where(
        Agreement.continues_agreement_id == ended.id)))


def events(agreement_id: int) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(
        AuditEvent.entity_type == "agreement", AuditEvent.entity_id == str(agreement_id),
        AuditEvent.action == "continuation_recorded")))


def test_a_company_in_igu_admin_gets_a_draft_continuing_the_course(client, world) -> None:
    ended, theirs = world["ended"], world["theirs"]
    response = name(client, world, theirs.cvr)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["termination"]["continued_by_cvr"] == theirs.cvr
    [draft] = continuations(ended)
    assert draft.company_id == theirs.id and draft.status == AgreementStatus.DRAFT
    assert draft.start_date == ended.termination_date + timedelta(days=1)
    assert draft.end_date == ended.end_date
    [event] = events(ended.id)
    assert event.channel == "api" and event.after == {"continued_by_cvr": theirs.cvr}
    # The new company sees its draft, never the ended agreement.
    listed = client.get(URL, headers=world["stranger"]).get_json()["items"]
    assert [a["id"] for a in listed] == [draft.id]
    # Named once: a second continuation is refused while the first stands.
    again = name(client, world, make_company(municipality="101").cvr)
    assert again.status_code == 409 and "status" in again.get_json()["errors"]
    assert len(continuations(ended)) == 1


def test_a_company_outside_igu_admin_is_kept_and_may_be_corrected(client, world) -> None:
    assert name(client, world, "DK 1234 5674").status_code == 200
    db.session.refresh(world["ended"])
    assert world["ended"].continued_by_cvr == "12345674"
    assert continuations(world["ended"]) == []
    # The company joins igu-admin later: naming it again makes the draft.
    assert name(client, world, world["theirs"].cvr).status_code == 200
    assert len(continuations(world["ended"])) == 1
    assert [e.before for e in events(world["ended"].id)] == [
        {"continued_by_cvr": None}, {"continued_by_cvr": "12345674"}]


@pytest.mark.parametrize(("cvr", "status"), [("1234", 400), ("12345678", 400), ("", 400)])
def test_a_malformed_cvr_answers_400_at_the_field(client, world, cvr: str, status: int) -> None:
    response = name(client, world, cvr)
    assert response.status_code == status
    assert "continued_by_cvr" in response.get_json()["errors"]


def test_the_course_s_own_company_cannot_continue_it(client, world) -> None:
    response = name(client, world, world["mine"].cvr)
    assert response.status_code == 400
    assert "another company" in response.get_json()["errors"]["continued_by_cvr"][0]
    assert events(world["ended"].id) == []


def test_a_course_without_an_early_end_and_a_stale_lock_answer_409(client, world) -> None:
    assert name(client, world, world["theirs"].cvr, course="running").status_code == 409
    stale = name(client, world, world["theirs"].cvr,
                 lock_version=world["ended"].lock_version + 1)
    assert stale.status_code == 409 and "lock_version" in stale.get_json()["errors"]
    assert continuations(world["ended"]) == [] and continuations(world["running"]) == []


def test_roles_and_tenancy(client, world) -> None:
    cvr = world["theirs"].cvr
    assert name(client, world, cvr, who="finance").status_code == 403
    assert name(client, world, cvr, who="far").status_code == 404
    assert name(client, world, cvr, who="stranger").status_code == 404
    assert events(world["ended"].id) == []
    assert name(client, world, cvr, who="employer").status_code == 200


# -- the caseworker's page ----------------------------------------------------

def page(agreement: Agreement) -> str:
    return f"/caseworker/agreements/{agreement.id}/continuation"


def test_the_early_ended_list_links_to_the_page_and_the_page_records_it(
        client, auth, world) -> None:
    ended = world["ended"]
    auth.login(world["caseworker"].email)
    listed = client.get("/caseworker/follow-up/ended").get_data(as_text=True)
    assert f'href="{page(ended)}" data-record-continuation' in listed
    html = client.get(page(ended)).get_data(as_text=True)
    assert 'data-form="continuation"' in html
    posted = client.post(page(ended), data={"continued_by_cvr": world["theirs"].cvr,
                                            "csrf_token": csrf_token(client, page(ended)),
                                            "lock_version": str(ended.lock_version)})
    assert posted.status_code == 302 and posted.headers["Location"].endswith(
        "/caseworker/follow-up/ended")
    [draft] = continuations(ended)
    after = client.get("/caseworker/follow-up/ended").get_data(as_text=True)
    assert re.search(rf'data-agreement="{ended.id}" data-continued="yes"', after)
    assert f"/caseworker/agreements/{draft.id}" in after
    # The page now says the course is continued, with no form.
    shown = client.get(page(ended)).get_data(as_text=True)
    assert "data-continued" in shown and 'data-form="continuation"' not in shown
    assert events(ended.id)[0].channel == "web"


def test_a_refusal_is_shown_at_the_field_with_the_input_kept(client, auth, world) -> None:
    ended = world["ended"]
    auth.login(world["caseworker"].email)
    for typed, message in (("", "Angiv CVR-nummeret"), ("12345678", None),
                           (world["mine"].cvr, "en anden virksomhed")):
        response = client.post(page(ended), data={"continued_by_cvr": typed,
                                                  "csrf_token": csrf_token(client, page(ended)),
                                                  "lock_version": str(ended.lock_version)})
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and "error-summary" in html
        assert f'value="{typed}"' in html or typed == ""
        if message:
            assert message in html
    assert continuations(ended) == [] and events(ended.id) == []


def test_another_municipality_s_caseworker_gets_404(client, auth, world) -> None:
    far = make_user(Role.CASEWORKER, municipality="751")
    auth.login(far.email)
    assert client.get(page(world["ended"])).status_code == 404
    assert client.post(page(world["ended"]), data={
        "continued_by_cvr": world["theirs"].cvr, "lock_version": "1"}).status_code == 404


