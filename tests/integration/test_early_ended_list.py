"""The municipality's list of courses ended early (issue 19): the last 24
months and no further, only its own courses, the reason in words, the
months served, and whether another employer continued the course."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from igu_admin.core import clock
from igu_admin.domain.dates import add_months
from igu_admin.domain.lifecycle import AgreementStatus
from igu_admin.extensions import db
from igu_admin.models import Agreement, Role
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import make_course


def ended(company, last_day: date, reason: str = "dismissal", months: int = 5) -> Agreement:
    course = make_course(company, start=add_months(last_day, -months) + timedelta(days=1),
                         status=AgreementStatus.TERMINATED)
    course.termination_date, course.termination_reason = last_day, reason
    db.session.commit()
    return course


@pytest.fixture
def world(app):
    today = clock.today()
    mine, theirs = make_company(municipality="101"), make_company(municipality="751")
    return {"today": today, "mine": mine,
            "oldest": ended(mine, add_months(today, -24)),
            "too_old": ended(mine, add_months(today, -24) - timedelta(days=1)),
            "theirs": ended(theirs, today - timedelta(days=10)),
            "caseworker": make_user(Role.CASEWORKER, municipality="101"),
            "far": make_user(Role.CASEWORKER, municipality="751")}


def rows(html: str) -> list[str]:
    return re.findall(r'<tr data-agreement="(\d+)"', html)


def test_the_list_reaches_back_24_months_and_no_further(client, auth, world) -> None:
    auth.login(world["caseworker"].email)
    html = client.get("/caseworker/follow-up/ended").get_data(as_text=True)
    assert rows(html) == [str(world["oldest"].id)]
    assert 'data-months="5"' in html
    assert "Afskedigelse" in html


def test_another_municipality_sees_only_its_own(client, auth, world) -> None:
    auth.login(world["far"].email)
    html = client.get("/caseworker/follow-up/ended").get_data(as_text=True)
    assert rows(html) == [str(world["theirs"].id)]
    assert str(world["oldest"].id) not in rows(html)


def test_an_employer_is_refused(client, auth, world) -> None:
    employer = make_user(Role.EMPLOYER, company=world["mine"])
    auth.login(employer.email)
    assert client.get("/caseworker/follow-up/ended").status_code in (403, 404)


def test_a_continuation_is_shown_and_one_missing_links_to_recording_it(
        client, auth, world) -> None:
    today = world["today"]
    named = ended(world["mine"], today - timedelta(days=30), reason="closure")
    named.continued_by_cvr = "12345678"
    followed = ended(world["mine"], today - timedelta(days=20))
    later = make_course(make_company(municipality="101"), start=today - timedelta(days=19),
                        status=AgreementStatus.ACTIVE)
    later.continues_agreement_id = followed.id
    db.session.commit()
    auth.login(world["caseworker"].email)
    html = client.get("/caseworker/follow-up/ended").get_data(as_text=True)
    assert rows(html) == [str(followed.id), str(named.id), str(world["oldest"].id)]
    marks = dict(re.findall(r'data-agreement="(\d+)" data-continued="(\w+)"', html))
    assert marks == {str(followed.id): "yes", str(named.id): "yes",
                     str(world["oldest"].id): "no"}
    assert "12345678" in html and f"/caseworker/agreements/{later.id}" in html
    assert html.count("data-record-continuation") == 1
    assert "/caseworker/follow-up/ended" in client.get("/caseworker/follow-up") \
        .get_data(as_text=True)
