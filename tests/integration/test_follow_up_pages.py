"""The follow-up's pages (issue 19): the municipality's list with its
filters, a course's follow-up for both sides, the check-in form (its
refusal at the fields), the mentor form and the employer's note; tenancy
(404) on every page."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from igu_admin.core import clock
from igu_admin.domain.dates import add_months
from igu_admin.domain.lifecycle import StartedBy
from igu_admin.extensions import db
from igu_admin.models import CheckIn, FollowUpNote, Role
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import make_course


def csrf(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match
    return match.group(1)


@pytest.fixture
def today(app) -> date:
    return clock.today()


@pytest.fixture
def world(app, today):
    mine, theirs = make_company(municipality="101"), make_company(municipality="751")
    fine = make_course(mine, start=today - timedelta(days=10))
    late = make_course(mine, start=add_months(today, -1) - timedelta(days=40))
    for course in (fine, late):
        course.started_by = StartedBy.IMPORT.value
    db.session.commit()
    return {"fine": fine, "late": late,
            "employer": make_user(Role.EMPLOYER, company=mine),
            "stranger": make_user(Role.EMPLOYER, company=theirs),
            "caseworker": make_user(Role.CASEWORKER, municipality="101"),
            "far": make_user(Role.CASEWORKER, municipality="751")}


def test_the_list_shows_the_course_at_risk_first_and_filters(client, auth, world) -> None:
    auth.login(world["caseworker"].email)
    html = client.get("/caseworker/follow-up").get_data(as_text=True)
    rows = re.findall(r'data-agreement="(\d+)" data-risk="(\w+)"', html)
    assert rows == [(str(world["late"].id), "at_risk"), (str(world["fine"].id), "ok")]
    assert 'data-reason="check_in_overdue"' in html
    assert "data-practice" in html
    only = client.get("/caseworker/follow-up?risk=at_risk").get_data(as_text=True)
    assert re.findall(r'data-agreement="(\d+)"', only) == [str(world["late"].id)]
    mine = client.get("/caseworker/follow-up?mine=1").get_data(as_text=True)
    assert "data-empty" in mine


def test_a_check_in_is_recorded_and_a_refusal_is_shown_at_its_fields(
        client, auth, world, today) -> None:
    auth.login(world["caseworker"].email)
    url = f"/caseworker/agreements/{world['fine'].id}/check-ins/new"
    page = client.get(url)
    assert page.status_code == 200
    token = csrf(page.get_data(as_text=True))
    refused = client.post(url, data={"csrf_token": token, "held_on": "31.02.2026"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "form-error" in html
    done = client.post(url, data={"csrf_token": token, "held_on": today.strftime("%d.%m.%Y"),
                                  "held_by": "mentor", "took_trainee": "y", "work": "good",
                                  "school": "good", "danish": "at_risk",
                                  "agreed": "Mere dansk."})
    assert done.status_code == 302, done.get_data(as_text=True)
    saved = db.session.query(CheckIn).one()
    assert (saved.held_by, saved.participants, saved.danish) == ("mentor", ["trainee"],
                                                                 "at_risk")
    follow = client.get(f"/caseworker/agreements/{world['fine'].id}/follow-up") \
        .get_data(as_text=True)
    assert 'data-reason="check_in_at_risk"' in follow


def test_the_mentor_is_saved_and_the_employer_sees_it_and_writes_a_note(
        client, auth, world) -> None:
    course = world["fine"]
    auth.login(world["caseworker"].email)
    page = client.get(f"/caseworker/agreements/{course.id}/follow-up").get_data(as_text=True)
    lock = re.search(r'name="lock_version"[^>]*value="(\d+)"', page)
    assert lock
    saved = client.post(f"/caseworker/agreements/{course.id}/mentor", data={
        "csrf_token": csrf(page), "lock_version": lock.group(1), "name": "Mona Mentor",
        "organisation": "Mentorhuset", "phone": "11223344", "email": "mona@example.org"})
    assert saved.status_code == 302
    stale = client.post(f"/caseworker/agreements/{course.id}/mentor", data={
        "csrf_token": csrf(page), "lock_version": lock.group(1), "name": "Other"})
    assert stale.status_code == 200 and "Mona Mentor" in client.get(
        f"/caseworker/agreements/{course.id}/follow-up").get_data(as_text=True)
    auth.logout()
    auth.login(world["employer"].email)
    mine = client.get(f"/employer/agreements/{course.id}/follow-up").get_data(as_text=True)
    assert "Mona Mentor" in mine
    sent = client.post(f"/employer/agreements/{course.id}/follow-up",
                       data={"csrf_token": csrf(mine), "text": "Det går fint."})
    assert sent.status_code == 302
    assert db.session.query(FollowUpNote).one().text == "Det går fint."
    empty = client.post(f"/employer/agreements/{course.id}/follow-up",
                        data={"csrf_token": csrf(mine), "text": " "})
    assert empty.status_code == 200 and "form-error" in empty.get_data(as_text=True)


def test_tenancy_answers_404_on_every_page(client, auth, world) -> None:
    course = world["fine"]
    auth.login(world["far"].email)
    for url in (f"/caseworker/agreements/{course.id}/follow-up",
                f"/caseworker/agreements/{course.id}/check-ins/new"):
        assert client.get(url).status_code == 404
    far_list = client.get("/caseworker/follow-up").get_data(as_text=True)
    assert f'data-agreement="{course.id}"' not in far_list
    auth.logout()
    auth.login(world["stranger"].email)
    assert client.get(f"/employer/agreements/{course.id}/follow-up").status_code == 404


def test_the_agreement_pages_lead_to_the_follow_up(client, auth, world) -> None:
    course = world["fine"]
    auth.login(world["caseworker"].email)
    case = client.get(f"/caseworker/agreements/{course.id}").get_data(as_text=True)
    assert f'href="/caseworker/agreements/{course.id}/follow-up" data-follow-up-link' in case
    auth.logout()
    auth.login(world["employer"].email)
    mine = client.get(f"/employer/agreements/{course.id}").get_data(as_text=True)
    assert f'href="/employer/agreements/{course.id}/follow-up" data-follow-up-link' in mine
