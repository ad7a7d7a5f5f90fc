"""The caseworker's queue: what waits, its flags, filters, the search by name
or CPR number (never in a URL), taking a case, paging, and its cost."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

import pytest
from sqlalchemy import event

from igu_admin.core import clock
from igu_admin.extensions import db
from igu_admin.models import (
    AgreementStatus,
    CourseExtension,
    PlanStatus,
    Role,
    SchoolingPlan,
    SchoolingPlanItem,
)
from igu_admin.models.base import utcnow
from igu_admin.services import agreements
from igu_admin.services.review import decisions
from igu_admin.services.review import queue as review_queue
from igu_admin.services.review.queue import START_SOON_DAYS, Flag, QueueQuery, Waiting
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import CPR, make_agreement, make_course, make_trainee
from igu_admin.testing.reviews import person, submitted_case
from tests.conftest import csrf_token

QUEUE = "/caseworker/"


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr data-agreement="(\d+)"', html)


def _search(client, text: str, **fields: str):
    token = csrf_token(client, QUEUE)
    return client.post(QUEUE, data={"csrf_token": token, "search": text, **fields})


def _caseworker(municipality: str = "101"):
    return person(Role.CASEWORKER, "Karen Sagsbehandler", municipality=municipality)


def _waiting_case(municipality: str = "101", name: str = "Test Person", start: date | None = None,
                  status: AgreementStatus = AgreementStatus.SUBMITTED):
    company = make_company(municipality)
    trainee = make_trainee(municipality=municipality)
    trainee.first_name, trainee.last_name = name.split(" ", 1)
    db.session.commit()
    agreement = make_agreement(company, trainee, status=status,
                               start=start or clock.today() + timedelta(days=90))
    agreement.trainee_name = name
    db.session.commit()
    return agreement


# --- what the queue shows ----------------------------------------------------

def test_the_queue_shows_the_municipalitys_waiting_agreements_with_their_facts(
        app, client, auth) -> None:
    case = submitted_case()
    elsewhere = _waiting_case("751", name="Far Away")
    draft = _waiting_case("101", name="Draft Person", status=AgreementStatus.DRAFT)
    auth.login(case.caseworker.email)
    html = unescape(client.get(QUEUE).get_data(as_text=True))
    assert _rows(html) == [str(case.agreement.id)]
    assert "Amal Østergård" in html and "150595-XXXX" in html and CPR not in html
    assert "Ærø Bageri ApS" in html
    assert 'data-days-waiting="0"' in html
    assert elsewhere.trainee_name not in html and draft.trainee_name not in html
    assert f'href="/caseworker/agreements/{case.agreement.id}"' in html


def test_days_since_submission_count_from_the_submission(app, client, auth) -> None:
    agreement = _waiting_case()
    agreement.submitted_at = utcnow() - timedelta(days=6)
    db.session.commit()
    page = review_queue.queue(_caseworker(), QueueQuery())
    assert page.rows[0].days_waiting == 6
    assert page.rows[0].waiting == (Waiting.AGREEMENT,)


def test_the_longest_waiting_come_first_and_the_queue_pages_by_fifty(app) -> None:
    made = []
    for days in range(review_queue.PAGE_SIZE + 1):
        agreement = _waiting_case(name=f"Person N{days}")
        agreement.submitted_at = utcnow() - timedelta(days=days, hours=1)
        made.append(agreement.id)
    db.session.commit()
    caseworker = _caseworker()
    first = review_queue.queue(caseworker, QueueQuery())
    assert first.total == review_queue.PAGE_SIZE + 1 and first.pages == 2
    assert [r.agreement.id for r in first.rows] == list(reversed(made))[:review_queue.PAGE_SIZE]
    second = review_queue.queue(caseworker, QueueQuery(page=2))
    assert [r.agreement.id for r in second.rows] == [made[0]]


def test_the_queue_page_links_to_the_next_page_with_its_filters(app, client, auth) -> None:
    for _ in range(review_queue.PAGE_SIZE + 1):
        _waiting_case()
    auth.login(_caseworker().email)
    html = client.get(QUEUE + "?assignee=unassigned").get_data(as_text=True)
    assert len(_rows(html)) == review_queue.PAGE_SIZE
    assert 'href="/caseworker/?assignee=unassigned&amp;page=2"' in html
    assert len(_rows(client.get(QUEUE + "?assignee=unassigned&page=2")
                     .get_data(as_text=True))) == 1


def test_a_plan_or_an_extension_waiting_brings_an_approved_or_running_course_in(app) -> None:
    company = make_company("101")
    quiet = make_course(company, clock.today() - timedelta(days=40))
    with_plan = make_agreement(company, status=AgreementStatus.APPROVED)
    db.session.add(SchoolingPlan(agreement_id=with_plan.id, status=PlanStatus.SUBMITTED.value,
                                 submitted_at=utcnow()))
    running = make_course(company, clock.today() - timedelta(days=40))
    db.session.add(CourseExtension(agreement_id=running.id, number=1, reason="sickness",
                                   first_day=clock.today(),
                                   last_day=clock.today() + timedelta(days=70)))
    db.session.commit()
    caseworker = _caseworker()
    waiting = {r.agreement.id: r.waiting for r in review_queue.queue(caseworker, QueueQuery()).rows}
    assert waiting == {with_plan.id: (Waiting.PLAN,), running.id: (Waiting.EXTENSION,)}
    everything = review_queue.queue(caseworker, QueueQuery(status="all"))
    assert quiet.id in {r.agreement.id for r in everything.rows}


@pytest.mark.parametrize(("status", "expected"), [
    ("agreement", "submitted"), ("plan", "plan"), ("extension", "extension"),
    ("waiting", "all three"), ("all", "every case")])
def test_the_status_filter(app, client, auth, status: str, expected: str) -> None:
    company = make_company("101")
    submitted = make_agreement(company)
    plan = make_agreement(company, status=AgreementStatus.APPROVED)
    db.session.add(SchoolingPlan(agreement_id=plan.id, status=PlanStatus.SUBMITTED.value,
                                 submitted_at=utcnow()))
    running = make_course(company, clock.today() - timedelta(days=40))
    db.session.add(CourseExtension(agreement_id=running.id, number=1, reason="sickness",
                                   first_day=clock.today(),
                                   last_day=clock.today() + timedelta(days=70)))
    done = make_agreement(company, status=AgreementStatus.COMPLETED)
    db.session.commit()
    auth.login(_caseworker().email)
    shown = set(_rows(client.get(f"{QUEUE}?status={status}").get_data(as_text=True)))
    ids = {"submitted": {submitted.id}, "plan": {plan.id}, "extension": {running.id},
           "all three": {submitted.id, plan.id, running.id},
           "every case": {submitted.id, plan.id, running.id, done.id}}[expected]
    assert shown == {str(i) for i in ids}


def test_an_unknown_filter_value_shows_the_default_queue(app, client, auth) -> None:
    agreement = _waiting_case()
    auth.login(_caseworker().email)
    response = client.get(QUEUE + "?status=%3Cscript%3E&assignee=nobody&page=abc")
    assert response.status_code == 200
    assert _rows(response.get_data(as_text=True)) == [str(agreement.id)]


# --- taking a case and the assignee filter ------------------------------------

def test_assign_to_me_takes_the_case_and_returns_to_the_queue_as_filtered(
        app, client, auth) -> None:
    mine, theirs, nobodys = _waiting_case(), _waiting_case(), _waiting_case()
    me, colleague = _caseworker(), _caseworker()
    theirs.assigned_caseworker_id = colleague.id
    db.session.commit()
    auth.login(me.email)
    token = csrf_token(client, QUEUE)
    response = client.post(f"/caseworker/agreements/{mine.id}/assign", data={
        "csrf_token": token, "lock_version": mine.lock_version, "back_status": "waiting",
        "back_assignee": "unassigned"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/caseworker/?assignee=unassigned"
    db.session.refresh(mine)
    assert mine.assigned_caseworker_id == me.id
    assert set(_rows(client.get(QUEUE + "?assignee=mine").get_data(as_text=True))) == {
        str(mine.id)}
    assert set(_rows(client.get(QUEUE + "?assignee=unassigned").get_data(as_text=True))) == {
        str(nobodys.id)}
    html = client.get(QUEUE).get_data(as_text=True)
    assert "Karen Sagsbehandler" in html  # the colleague's name on their case
    assert "Du" in html  # the reader's own case


def test_assign_with_a_stale_lock_version_says_so_and_changes_nothing(app, client, auth) -> None:
    agreement = _waiting_case()
    auth.login(_caseworker().email)
    token = csrf_token(client, QUEUE)
    response = client.post(f"/caseworker/agreements/{agreement.id}/assign", data={
        "csrf_token": token, "lock_version": agreement.lock_version + 5},
        follow_redirects=True)
    assert "Sagen er ændret af en anden" in response.get_data(as_text=True)
    db.session.refresh(agreement)
    assert agreement.assigned_caseworker_id is None


def test_another_municipalitys_caseworker_cannot_take_or_open_the_case(app, client, auth) -> None:
    agreement = _waiting_case("101")
    far = _caseworker("751")
    auth.login(far.email)
    token = csrf_token(client, QUEUE)
    assert client.post(f"/caseworker/agreements/{agreement.id}/assign",
                       data={"csrf_token": token}).status_code == 404
    assert client.get(f"/caseworker/agreements/{agreement.id}").status_code == 404
    assert _rows(client.get(QUEUE).get_data(as_text=True)) == []
    db.session.refresh(agreement)
    assert agreement.assigned_caseworker_id is None


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.FINANCE, Role.ADMIN])
def test_only_caseworkers_have_a_queue(app, client, auth, role: Role) -> None:
    agreement = _waiting_case()
    auth.login(make_user(role).email)
    token = csrf_token(client, "/")
    assert client.get(QUEUE).status_code == 403
    assert client.post(QUEUE, data={"csrf_token": token, "search": "x"}).status_code == 403
    assert client.post(f"/caseworker/agreements/{agreement.id}/assign",
                       data={"csrf_token": token}).status_code == 403


# --- searching ---------------------------------------------------------------

@pytest.mark.parametrize("typed", ["150595-1234", "1505951234", " 150595 1234 "])
def test_a_cpr_number_finds_the_case_typed_with_or_without_a_hyphen(
        app, client, auth, typed: str) -> None:
    case = submitted_case()
    other = _waiting_case(name="Other Person")
    auth.login(case.caseworker.email)
    response = _search(client, typed)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert _rows(html) == [str(case.agreement.id)]
    assert str(other.id) not in _rows(html)


def test_a_cpr_number_never_reaches_a_url(app, client, auth) -> None:
    case = submitted_case()
    for _ in range(review_queue.PAGE_SIZE):  # enough for a second page of "all"
        _waiting_case()
    auth.login(case.caseworker.email)
    digits = CPR.replace("-", "")
    for typed in (CPR, digits):
        for fields in ({}, {"status": "all", "page": "2"}):
            response = _search(client, typed, **fields)
            assert "Location" not in response.headers
            html = response.get_data(as_text=True)
            for url in re.findall(r'(?:href|action|src)="([^"]*)"', html):
                assert digits not in url.replace("-", ""), url
            assert re.search(r'<form[^>]*method="get"', html, re.I) is None
    # The filters alone are sent on to the address; a search never is.
    response = client.post(QUEUE, data={"csrf_token": csrf_token(client, QUEUE),
                                        "status": "all", "assignee": "mine", "search": ""})
    assert response.status_code == 303
    assert response.headers["Location"] == "/caseworker/?status=all&assignee=mine"


def test_a_cpr_in_the_address_is_not_searched(app, client, auth) -> None:
    case = submitted_case()
    other = _waiting_case(name="Other Person")
    auth.login(case.caseworker.email)
    html = client.get(f"{QUEUE}?search={CPR}&cpr={CPR}").get_data(as_text=True)
    assert set(_rows(html)) == {str(case.agreement.id), str(other.id)}


def test_a_wrong_cpr_number_finds_nothing(app, client, auth) -> None:
    case = submitted_case()
    auth.login(case.caseworker.email)
    html = _search(client, "150595-1235").get_data(as_text=True)
    assert _rows(html) == []
    assert "Ingen sager passer til søgningen." in html


def test_a_cpr_number_of_another_municipalitys_case_finds_nothing(app, client, auth) -> None:
    case = submitted_case()
    auth.login(_caseworker("751").email)
    assert _rows(_search(client, CPR, status="all").get_data(as_text=True)) == []
    assert case.agreement.id  # the case exists, in municipality 101


def test_an_impossible_cpr_number_is_refused_at_the_field(app, client, auth) -> None:
    submitted_case()
    auth.login(_caseworker().email)
    response = _search(client, "31139512345")
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "<title>Fejl:" in html
    field = re.search(r'<input[^>]*id="search"[^>]*>', html)
    assert field is not None and 'aria-invalid="true"' in field.group(0)
    assert 'value="31139512345"' in html  # the input kept


@pytest.mark.parametrize("typed", ["østergård", "AMAL", "mal øst", "  Amal   Østergård "])
def test_a_name_is_found_by_part_whatever_the_case_of_its_letters(
        app, client, auth, typed: str) -> None:
    case = submitted_case()
    _waiting_case(name="Ole Hansen")
    auth.login(case.caseworker.email)
    assert _rows(_search(client, typed).get_data(as_text=True)) == [str(case.agreement.id)]


@pytest.mark.parametrize("typed", ["%", "_", "Amal%Hansen"])
def test_wildcards_typed_in_a_name_match_only_themselves(app, client, auth, typed: str) -> None:
    submitted_case()
    auth.login(_caseworker().email)
    assert _rows(_search(client, typed).get_data(as_text=True)) == []


def test_a_search_combines_with_the_filters(app, client, auth) -> None:
    case = submitted_case()
    me = case.caseworker
    auth.login(me.email)
    assert _rows(_search(client, "Amal", assignee="mine").get_data(as_text=True)) == []
    case.agreement.assigned_caseworker_id = me.id
    db.session.commit()
    assert _rows(_search(client, "Amal", assignee="mine").get_data(as_text=True)) == [
        str(case.agreement.id)]


# --- flags -------------------------------------------------------------------

def _flags(agreement_id: int, status: str = "all") -> tuple[Flag, ...]:
    rows = review_queue.queue(_caseworker(), QueueQuery(status=status)).rows
    return next(r.flags for r in rows if r.agreement.id == agreement_id)


def test_an_eligible_case_with_its_plan_sent_in_time_has_no_flags(app) -> None:
    case = submitted_case()
    db.session.add(SchoolingPlan(agreement_id=case.agreement.id,
                                 status=PlanStatus.SUBMITTED.value, submitted_at=utcnow()))
    db.session.commit()
    assert _flags(case.agreement.id) == ()


def test_a_case_without_a_plan_is_flagged(app) -> None:
    case = submitted_case()
    assert _flags(case.agreement.id) == (Flag.PLAN_MISSING,)


def test_the_trainees_facts_failing_a_condition_are_flagged(app) -> None:
    case = submitted_case()
    case.agreement.previous_igu = True
    db.session.commit()
    assert Flag.ELIGIBILITY in _flags(case.agreement.id)


def test_an_igu_recorded_for_the_person_elsewhere_is_flagged(app) -> None:
    case = submitted_case()
    assert Flag.ELIGIBILITY not in _flags(case.agreement.id)
    earlier = make_agreement(make_company("751"), status=AgreementStatus.COMPLETED)
    earlier.trainee_cpr_hash = case.agreement.trainee_cpr_hash
    db.session.commit()
    assert Flag.ELIGIBILITY in _flags(case.agreement.id)


@pytest.mark.parametrize(("plan_status", "outside"), [
    (PlanStatus.CHANGES_REQUESTED, False), (PlanStatus.SUBMITTED, True)])
def test_a_plan_sent_back_or_outside_the_period_is_flagged(app, plan_status, outside) -> None:
    case = submitted_case()
    start = case.agreement.start_date
    plan = SchoolingPlan(agreement_id=case.agreement.id, status=plan_status.value,
                         submitted_at=utcnow())
    db.session.add(plan)
    db.session.flush()
    first = start - timedelta(days=7) if outside else start + timedelta(days=7)
    db.session.add(SchoolingPlanItem(plan_id=plan.id, kind="amu", title="Kursus",
                                     start_date=first, end_date=first + timedelta(days=4),
                                     hours=37))
    db.session.commit()
    assert _flags(case.agreement.id) == (Flag.PLAN_ERRORS,)


def test_a_plan_inside_the_period_is_not_flagged(app) -> None:
    case = submitted_case()
    start = case.agreement.start_date
    plan = SchoolingPlan(agreement_id=case.agreement.id, status=PlanStatus.SUBMITTED.value,
                         submitted_at=utcnow())
    db.session.add(plan)
    db.session.flush()
    db.session.add(SchoolingPlanItem(plan_id=plan.id, kind="amu", title="Kursus",
                                     start_date=start + timedelta(days=7),
                                     end_date=start + timedelta(days=11), hours=37))
    db.session.commit()
    assert _flags(case.agreement.id) == ()


@pytest.mark.parametrize(("days", "flag"), [
    (START_SOON_DAYS, Flag.START_SOON), (0, Flag.START_SOON), (-1, Flag.START_PASSED),
    (START_SOON_DAYS + 1, None)])
def test_a_start_date_close_or_passed_is_flagged_while_undecided(app, days: int, flag) -> None:
    agreement = _waiting_case(start=clock.today() + timedelta(days=days))
    found = _flags(agreement.id)
    assert (flag in found) if flag else not ({Flag.START_SOON, Flag.START_PASSED} & set(found))


def test_a_close_start_is_not_flagged_once_approved(app) -> None:
    agreement = _waiting_case(start=clock.today() + timedelta(days=3),
                              status=AgreementStatus.APPROVED)
    assert not {Flag.START_SOON, Flag.START_PASSED} & set(_flags(agreement.id))


def test_a_plan_deadline_passed_without_a_plan_is_flagged(app) -> None:
    course = make_course(make_company("101"), clock.today() - timedelta(days=60))
    assert _flags(course.id) == (Flag.PLAN_MISSING, Flag.PLAN_DEADLINE_PASSED)
    db.session.add(SchoolingPlan(agreement_id=course.id, status=PlanStatus.APPROVED.value,
                                 submitted_at=utcnow()))
    db.session.commit()
    assert _flags(course.id) == ()


def test_the_flags_show_on_the_queue_page_in_words(app, client, auth) -> None:
    agreement = _waiting_case(start=clock.today() + timedelta(days=2))
    auth.login(_caseworker().email)
    html = client.get(QUEUE).get_data(as_text=True)
    assert 'data-flag="start_soon"' in html and "Starter snart" in html
    assert 'data-flag="plan_missing"' in html
    assert str(agreement.id) in _rows(html)


# --- cost ----------------------------------------------------------------------

def _queries(client, url: str) -> int:
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


def _varied_case(n: int) -> None:
    """A waiting case with a CPR number, a plan with an element, an
    extension and an assignee: everything a row loads."""
    case = submitted_case(cpr=f"150595{2000 + n:04d}")
    case.agreement.assigned_caseworker_id = case.caseworker.id
    plan = SchoolingPlan(agreement_id=case.agreement.id, status=PlanStatus.SUBMITTED.value,
                         submitted_at=utcnow())
    db.session.add(plan)
    db.session.flush()
    db.session.add(SchoolingPlanItem(plan_id=plan.id, kind="amu", title="Kursus",
                                     start_date=case.agreement.start_date,
                                     end_date=case.agreement.start_date, hours=8))
    db.session.commit()


def test_a_page_of_twenty_rows_costs_as_many_queries_as_a_page_of_one(app, client, auth) -> None:
    _varied_case(0)
    auth.login(_caseworker().email)
    one = _queries(client, QUEUE)
    for n in range(1, 20):
        _varied_case(n)
    assert len(_rows(client.get(QUEUE).get_data(as_text=True))) == 20
    assert _queries(client, QUEUE) == one


def test_a_page_beyond_the_last_leads_back_to_the_first(app, client, auth) -> None:
    _waiting_case()
    auth.login(_caseworker().email)
    html = client.get(QUEUE + "?page=7").get_data(as_text=True)
    assert _rows(html) == []
    assert 'href="/caseworker/">Der er ingen sager på denne side.' in html


# --- searching in every status --------------------------------------------------

def _decided(case, decision: str = "approve") -> None:
    decisions.decide_agreement(case.caseworker, case.agreement, decision,
                               "" if decision == "approve" else "Nej tak.",
                               case.agreement.lock_version)
    db.session.commit()


@pytest.mark.parametrize("view", ["waiting", "agreement", "plan", "extension"])
def test_a_name_finds_a_decided_case_whatever_the_view(app, client, auth, view: str) -> None:
    case = submitted_case()
    _decided(case)
    _waiting_case(name="Ole Hansen")
    auth.login(case.caseworker.email)
    html = _search(client, "Østergård", status=view).get_data(as_text=True)
    assert _rows(html) == [str(case.agreement.id)]


@pytest.mark.parametrize("typed", [CPR, CPR.replace("-", "")])
def test_a_cpr_number_finds_a_withdrawn_case_whatever_the_view(
        app, client, auth, typed: str) -> None:
    case = submitted_case()
    agreements.withdraw(case.employer, case.agreement, case.agreement.lock_version)
    db.session.commit()
    auth.login(case.caseworker.email)
    response = _search(client, typed, status="agreement")
    assert "Location" not in response.headers  # posted and answered, never sent to a URL
    html = response.get_data(as_text=True)
    assert _rows(html) == [str(case.agreement.id)]
    for url in re.findall(r'(?:href|action|src)="([^"]*)"', html):
        assert CPR.replace("-", "") not in url.replace("-", ""), url


def test_awaiting_a_decision_is_said_only_of_cases_that_wait(app, client, auth) -> None:
    decided = submitted_case()
    _decided(decided)
    auth.login(decided.caseworker.email)
    html = unescape(client.get(f"{QUEUE}?status=all").get_data(as_text=True))
    assert _rows(html) == [str(decided.agreement.id)]
    assert "Venter på afgørelse af" not in html
    assert re.search(r'data-status="approved">\s*Godkendt', html)
    waiting = _waiting_case(name="Ole Hansen")
    html = unescape(client.get(f"{QUEUE}?status=all").get_data(as_text=True))
    cell = re.search(rf'<tr data-agreement="{waiting.id}">.*?data-status="submitted">(.*?)</td>',
                     html, re.S)
    assert cell is not None and "Venter på afgørelse af: Aftale" in cell.group(1)
    assert html.count("Venter på afgørelse af") == 1
