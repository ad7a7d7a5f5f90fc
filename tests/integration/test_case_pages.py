"""The caseworker's case page: everything the review needs on one page, the
decisions on the agreement and the plan (reasons, stale lock_version), the
conversation, the integration programme's start, the documents, and
tenancy on every page and action."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest

from igu_admin.extensions import db
from igu_admin.inputs.agreement import parse_changes
from igu_admin.models import AgreementStatus, AuditEvent, Comment, Decision, PlanStatus, Role
from igu_admin.services import agreements
from igu_admin.services.review import decisions
from igu_admin.testing.accounts import make_user
from igu_admin.testing.agreements import CPR
from igu_admin.testing.reviews import submitted_case, submitted_plan
from tests.conftest import csrf_token
from tests.pdf_text import pdf_text


def _case_url(case) -> str:
    return f"/caseworker/agreements/{case.agreement.id}"


def _post(client, case, action: str, data: dict[str, str], page: str | None = None):
    token = csrf_token(client, page or "/")
    return client.post(f"{_case_url(case)}/{action}", data={"csrf_token": token, **data})


def _decide(client, case, decision: str, reason: str = "", lock: int | None = None):
    return _post(client, case, "decision", {
        "agreement_decision-decision": decision, "agreement_decision-reason": reason,
        "agreement_decision-lock_version": str(
            case.agreement.lock_version if lock is None else lock)})


def _resubmitted(case) -> None:
    """The caseworker sends it back, the employer changes the job and sends it again."""
    decisions.decide_agreement(case.caseworker, case.agreement, "request_changes",
                               "Jobbet skal beskrives nærmere.", case.agreement.lock_version)
    agreement = case.agreement
    agreements.update_draft(case.employer, agreement, parse_changes({
        "job_title": "Bagermedhjælper med ovnansvar"}), agreement.lock_version)
    agreements.submit(case.employer, agreement, agreement.lock_version)


# --- what the page shows -----------------------------------------------------

def test_the_case_page_shows_what_the_review_needs(app, client, auth) -> None:
    case = submitted_case()
    submitted_plan(case.agreement)
    auth.login(case.caseworker.email)
    html = unescape(client.get(_case_url(case)).get_data(as_text=True))
    assert CPR in html  # in full: the caseworker checks it in the CPR register
    for section in ("eligibility", "history", "decision", "conversation", "events",
                    "programme"):
        assert f'data-section="{section}"' in html, section
    assert 'id="schooling-plan"' in html
    assert 'data-assessment="eligible"' in html
    assert 'data-decision="agreement"' in html and 'data-decision="plan"' in html
    assert f'href="{_case_url(case)}/versions/1.pdf"' in html
    assert 'data-event="submit"' in html  # the submission in the audit trail
    assert "Tildel mig" in html


def test_the_version_history_shows_each_change_field_by_field(app, client, auth) -> None:
    case = submitted_case()
    _resubmitted(case)
    auth.login(case.caseworker.email)
    html = unescape(client.get(_case_url(case)).get_data(as_text=True))
    history = html[html.index('data-section="history"'):html.index('data-section="decisions"')]
    assert "Version 2" in history and "Version 1" in history
    row = re.search(r'<tr data-change="job_title">(.*?)</tr>', history, re.S)
    assert row is not None
    assert "Bagermedhjælper med ovnansvar" in row.group(1) and "Bagermedhjælper<" in row.group(1)
    assert history.count("<tr data-change=") == 1  # nothing else changed
    assert "Den første version, der blev sendt." in history
    assert "Jobbet skal beskrives nærmere." in html  # the decision and its reason


def test_a_trainee_not_meeting_a_condition_shows_at_the_eligibility(app, client, auth) -> None:
    case = submitted_case()
    case.agreement.previous_igu = True
    db.session.commit()
    auth.login(case.caseworker.email)
    html = client.get(_case_url(case)).get_data(as_text=True)
    assert 'data-assessment="not-eligible"' in html
    assert 'data-code="previous_igu"' in html


# --- deciding on the agreement -------------------------------------------------

def test_approving_records_the_decision_and_returns_to_the_case(app, client, auth) -> None:
    case = submitted_case()
    auth.login(case.caseworker.email)
    response = _decide(client, case, "approve")
    assert response.status_code == 303
    assert response.headers["Location"] == _case_url(case)
    db.session.refresh(case.agreement)
    assert case.agreement.status == AgreementStatus.APPROVED
    html = client.get(_case_url(case)).get_data(as_text=True)
    assert "Afgørelsen er registreret: godkendt." in html
    assert 'data-decision="agreement"' not in html  # decided: no form any more
    assert 'data-pdf="approved"' in html


@pytest.mark.parametrize("decision", ["request_changes", "reject"])
def test_sending_back_or_rejecting_needs_a_reason_and_keeps_the_input(
        app, client, auth, decision: str) -> None:
    case = submitted_case()
    auth.login(case.caseworker.email)
    response = _decide(client, case, decision, reason="   ")
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "<title>Fejl:" in html
    reason = re.search(r'<textarea[^>]*id="agreement_decision-reason"[^>]*>', html)
    assert reason is not None and 'aria-invalid="true"' in reason.group(0)
    chosen = re.search(rf'<input[^>]*value="{decision}"[^>]*>', html)
    assert chosen is not None and "checked" in chosen.group(0)
    db.session.refresh(case.agreement)
    assert case.agreement.status == AgreementStatus.SUBMITTED
    assert db.session.query(Decision).count() == 0


@pytest.mark.parametrize(("decision", "status"), [
    ("request_changes", AgreementStatus.CHANGES_REQUESTED),
    ("reject", AgreementStatus.REJECTED)])
def test_sending_back_or_rejecting_with_a_reason(app, client, auth, decision, status) -> None:
    case = submitted_case()
    auth.login(case.caseworker.email)
    assert _decide(client, case, decision, reason="Lønnen er for lav.").status_code == 303
    db.session.refresh(case.agreement)
    assert case.agreement.status == status
    assert db.session.query(Decision).one().text == "Lønnen er for lav."


def test_no_decision_chosen_is_refused_at_the_field(app, client, auth) -> None:
    case = submitted_case()
    auth.login(case.caseworker.email)
    html = _decide(client, case, "", reason="Noget").get_data(as_text=True)
    assert "Vælg en afgørelse." in html
    assert re.search(r">\s*Noget</textarea>", html)


def test_a_decision_made_meanwhile_by_a_colleague_is_said_in_words(app, client, auth) -> None:
    case = submitted_case()
    read = case.agreement.lock_version
    auth.login(case.caseworker.email)
    client.get(_case_url(case))
    decisions.decide_agreement(case.colleague, case.agreement, "request_changes",
                               "Kollegaens grund.", read)
    response = _decide(client, case, "reject", reason="Min egen begrundelse.", lock=read)
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "Sagen er ændret af en anden" in html
    assert re.search(r">\s*Min egen begrundelse.</textarea>", html)  # the input kept
    db.session.refresh(case.agreement)
    assert case.agreement.status == AgreementStatus.CHANGES_REQUESTED
    assert [d.text for d in db.session.query(Decision)] == ["Kollegaens grund."]


def test_a_stale_lock_version_on_a_still_open_case_keeps_the_input(app, client, auth) -> None:
    case = submitted_case()
    auth.login(case.caseworker.email)
    old = case.agreement.lock_version
    case.agreement.integration_programme_start = case.agreement.start_date - timedelta(days=30)
    db.session.commit()  # someone else changed the case: the lock moved on
    html = unescape(_decide(client, case, "request_changes", "Ret lønnen.",
                            lock=old).get_data(as_text=True))
    assert "Sagen er ændret af en anden" in html
    assert re.search(r">\s*Ret lønnen.</textarea>", html)
    field = re.search(r'name="agreement_decision-lock_version"[^>]*value="(\d+)"', html) or \
        re.search(r'value="(\d+)"[^>]*name="agreement_decision-lock_version"', html)
    assert field is not None and int(field.group(1)) == case.agreement.lock_version
    # Sent again with the case as it is now, it is recorded.
    assert _decide(client, case, "request_changes", "Ret lønnen.").status_code == 303


# --- deciding on the plan ------------------------------------------------------

@pytest.mark.parametrize(("decision", "reason", "status"), [
    ("approve", "", PlanStatus.APPROVED),
    ("request_changes", "Mere dansk.", PlanStatus.CHANGES_REQUESTED)])
def test_deciding_on_the_plan(app, client, auth, decision, reason, status) -> None:
    case = submitted_case()
    plan = submitted_plan(case.agreement)
    auth.login(case.caseworker.email)
    response = _post(client, case, "plan-decision", {
        "plan_decision-decision": decision, "plan_decision-reason": reason,
        "plan_decision-lock_version": str(plan.lock_version)})
    assert response.status_code == 303
    db.session.refresh(plan)
    assert plan.status == status


def test_a_plan_sent_back_without_a_reason_is_refused(app, client, auth) -> None:
    case = submitted_case()
    plan = submitted_plan(case.agreement)
    auth.login(case.caseworker.email)
    html = _post(client, case, "plan-decision", {
        "plan_decision-decision": "request_changes", "plan_decision-reason": "",
        "plan_decision-lock_version": str(plan.lock_version)}).get_data(as_text=True)
    assert "<title>Fejl:" in html
    db.session.refresh(plan)
    assert plan.status == PlanStatus.SUBMITTED


# --- the conversation and the programme's start --------------------------------

def test_a_message_is_added_to_the_conversation(app, client, auth) -> None:
    case = submitted_case()
    auth.login(case.caseworker.email)
    response = _post(client, case, "comments", {"comment-text": "Hvornår starter eleven?"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("#conversation-heading")
    html = client.get(_case_url(case)).get_data(as_text=True)
    assert "Hvornår starter eleven?" in html and "Karen Sagsbehandler" in html


def test_an_empty_message_is_refused_at_the_field(app, client, auth) -> None:
    case = submitted_case()
    auth.login(case.caseworker.email)
    html = _post(client, case, "comments", {"comment-text": "  "}).get_data(as_text=True)
    assert "Skriv beskeden." in html and "<title>Fejl:" in html
    assert db.session.query(Comment).count() == 0


def test_the_integration_programme_start_is_recorded(app, client, auth) -> None:
    case = submitted_case()
    auth.login(case.caseworker.email)
    day = case.agreement.start_date - timedelta(days=200)
    assert _post(client, case, "programme-start", {
        "programme-day": day.strftime("%d.%m.%Y"),
        "programme-lock_version": str(case.agreement.lock_version)}).status_code == 303
    db.session.refresh(case.agreement)
    assert case.agreement.integration_programme_start == day


def test_a_programme_start_after_the_course_start_is_refused_at_the_field(
        app, client, auth) -> None:
    case = submitted_case()
    auth.login(case.caseworker.email)
    typed = (case.agreement.start_date + timedelta(days=1)).strftime("%d.%m.%Y")
    html = _post(client, case, "programme-start", {
        "programme-day": typed, "programme-lock_version": str(case.agreement.lock_version),
    }).get_data(as_text=True)
    assert "<title>Fejl:" in html and f'value="{typed}"' in html
    db.session.refresh(case.agreement)
    assert case.agreement.integration_programme_start is None


# --- documents -----------------------------------------------------------------

def test_the_caseworker_downloads_the_versions_and_the_approved_copy(app, client, auth) -> None:
    case = submitted_case()
    auth.login(case.caseworker.email)
    version = client.get(f"{_case_url(case)}/versions/1.pdf")
    assert version.status_code == 200 and version.mimetype == "application/pdf"
    assert CPR.replace("-", "") not in version.headers["Content-Disposition"].replace("-", "")
    assert client.get(f"{_case_url(case)}/versions/2.pdf").status_code == 404
    decisions.decide_agreement(case.caseworker, case.agreement, "approve", "",
                               case.agreement.lock_version)
    approved = client.get(f"{_case_url(case)}/agreement.pdf")
    assert approved.status_code == 200 and "godkendt" in approved.headers["Content-Disposition"]
    assert "KarenSagsbehandler" in pdf_text(approved.data)
    downloads = [e for e in db.session.query(AuditEvent) if e.action == "download"]
    assert len(downloads) == 2


# --- tenancy --------------------------------------------------------------------

ACTIONS = [("decision", {"agreement_decision-decision": "approve"}),
           ("plan-decision", {"plan_decision-decision": "approve"}),
           ("comments", {"comment-text": "Hej"}),
           ("programme-start", {"programme-day": "01.01.2024"}),
           ("assign", {})]
DOCUMENTS = ["versions/1.pdf", "agreement.pdf", "signed-copy", "plan/versions/1.pdf"]


def test_another_municipalitys_caseworker_gets_404_everywhere(app, client, auth) -> None:
    case = submitted_case()
    plan = submitted_plan(case.agreement)
    auth.login(case.far_caseworker.email)
    assert client.get(_case_url(case)).status_code == 404
    for action, data in ACTIONS:
        lock = {"agreement_decision-lock_version": str(case.agreement.lock_version),
                "plan_decision-lock_version": str(plan.lock_version)}
        assert _post(client, case, action, {**data, **lock}).status_code == 404, action
    for document in DOCUMENTS:
        assert client.get(f"{_case_url(case)}/{document}").status_code == 404, document
    db.session.refresh(case.agreement)
    assert case.agreement.status == AgreementStatus.SUBMITTED
    assert db.session.query(Comment).count() == 0


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.FINANCE])
def test_other_roles_are_refused_the_caseworkers_pages(app, client, auth, role: Role) -> None:
    case = submitted_case()
    user = case.employer if role is Role.EMPLOYER else case.finance
    auth.login(user.email)
    assert client.get(_case_url(case)).status_code == 403
    for action, data in ACTIONS:
        assert _post(client, case, action, data).status_code == 403, action
    for document in DOCUMENTS:
        assert client.get(f"{_case_url(case)}/{document}").status_code == 403, document
    db.session.refresh(case.agreement)
    assert case.agreement.status == AgreementStatus.SUBMITTED


def test_an_administrator_is_refused_the_caseworkers_area(app, client, auth) -> None:
    case = submitted_case()
    auth.login(make_user(Role.ADMIN).email)
    assert client.get(_case_url(case)).status_code == 403


# --- the plan as sent: its timeline and its PDF ---------------------------------

def test_the_plan_as_sent_shows_with_its_timeline_and_its_pdf(app, client, auth) -> None:
    from igu_admin.models import PlanStatus as P
    from igu_admin.testing.plans import make_plan, plan_agreement, submit_version

    agreement = plan_agreement()
    plan = make_plan(agreement)
    plan.status = P.SUBMITTED.value
    version = submit_version(plan)
    caseworker = make_user(Role.CASEWORKER, municipality="101")
    auth.login(caseworker.email)
    url = f"/caseworker/agreements/{agreement.id}"
    html = unescape(client.get(url).get_data(as_text=True))
    assert 'class="tl-grid"' in html[html.index('id="schooling-plan"'):]
    assert "Grundlæggende bageri" in html
    assert 'href="/static/css/timeline.css"' in html
    link = f"{url}/plan/versions/{version.number}.pdf"
    assert f'href="{link}"' in html
    pdf = client.get(link)
    assert pdf.status_code == 200 and pdf.data == version.pdf
    assert client.get(f"{url}/plan/versions/9.pdf").status_code == 404
    auth.logout()
    auth.login(make_user(Role.CASEWORKER, municipality="751").email)
    assert client.get(link).status_code == 404


def test_the_whole_audit_trail_and_conversation_show_beyond_one_page(app, client, auth) -> None:
    from igu_admin.core import audit
    from igu_admin.services.review import comments

    case = submitted_case()
    for n in range(510):
        audit.record(case.caseworker, "agreement", case.agreement.id, "download",
                     after={"n": n})
    db.session.commit()
    comments.add_comment(case.employer, case.agreement, "Den sidste besked.")
    auth.login(case.caseworker.email)
    html = client.get(_case_url(case)).get_data(as_text=True)
    assert html.count('data-event="download"') == 510
    assert "Den sidste besked." in html
