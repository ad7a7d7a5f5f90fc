"""The administrator sets a municipality's own check-in months (the issue:
"the months are a setting per municipality, not law"): ascending whole
months within the longest course, empty for the default; audited; the
course's follow-up uses them; other roles are refused."""

from __future__ import annotations

from html import unescape

import pytest
from sqlalchemy import select

from igu_admin.core import clock
from igu_admin.extensions import db
from igu_admin.models import AuditEvent, Municipality, Role
from igu_admin.services.follow_up import settings
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import make_course
from tests.conftest import csrf_token

PAGE = "/admin/municipalities/101"


@pytest.fixture(autouse=True)
def default_months(app):
    # The municipalities are reference data the test database keeps between tests.
    def reset() -> None:
        db.session.get(Municipality, "101").follow_up_months = None
        db.session.commit()
    reset()
    yield
    db.session.rollback()
    reset()


def save(client, months: str):
    return client.post(PAGE, data={"csrf_token": csrf_token(client, PAGE), "months": months})


def test_the_administrator_sets_the_months_and_the_course_follows_them(app, client,
                                                                       auth) -> None:
    auth.login(make_user(Role.ADMIN).email)
    assert "101" in client.get("/admin/municipalities").get_data(as_text=True)
    response = save(client, "2, 4,8")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Municipality, "101").follow_up_months == "2,4,8"
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "follow_up_months_set"))
    assert event is not None and event.entity_id == "101"
    assert event.after == {"follow_up_months": "2,4,8"}
    course = make_course(make_company(municipality="101"), start=clock.today())
    assert settings.months_for(course) == (2, 4, 8)
    assert save(client, "").status_code == 302  # back to the default
    db.session.expire_all()
    assert db.session.get(Municipality, "101").follow_up_months is None
    assert settings.months_for(course) == (1, 3, 6, 9, 12, 15, 18, 21)


@pytest.mark.parametrize("months", ["3,1", "1,x", "0,3", "1,3,99"])
def test_months_not_ascending_or_past_the_course_are_refused_at_the_field(
        app, client, auth, months: str) -> None:
    auth.login(make_user(Role.ADMIN).email)
    response = save(client, months)
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 200 and "<title>Fejl:" in html
    assert f'value="{months}"' in html
    db.session.expire_all()
    assert db.session.get(Municipality, "101").follow_up_months is None


def test_a_caseworker_may_not_set_them(app, client, auth) -> None:
    auth.login(make_user(Role.CASEWORKER, municipality="101").email)
    assert client.get(PAGE).status_code in (403, 404)


def test_an_unknown_municipality_is_404(app, client, auth) -> None:
    auth.login(make_user(Role.ADMIN).email)
    assert client.get("/admin/municipalities/999").status_code == 404
