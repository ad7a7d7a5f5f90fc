"""The demo's review: a case waiting in the demo caseworker's queue, and an
approved agreement (its copy stamped) whose page shows the next steps."""

from __future__ import annotations

import re

from igu_admin.extensions import db
from igu_admin.models import Agreement, AgreementStatus, ApprovedPdf
from igu_admin.services import demo


def test_the_demo_has_a_case_waiting_and_an_approved_agreement_with_its_next_steps(
        app, client, auth) -> None:
    logins = {login.role: login for login in demo.ensure_demo_data()}
    approved = db.session.query(Agreement).filter_by(status=AgreementStatus.APPROVED,
                                                     trainee_name="Samira Demo").one()
    submitted = db.session.query(Agreement).filter_by(status=AgreementStatus.SUBMITTED).one()
    auth.login(logins["caseworker"].email, logins["caseworker"].password)
    queue = client.get("/caseworker/").get_data(as_text=True)
    assert re.findall(r'<tr data-agreement="(\d+)"', queue) == [str(submitted.id)]
    auth.logout()
    auth.login(logins["employer"].email, logins["employer"].password)
    page = client.get(f"/employer/agreements/{approved.id}").get_data(as_text=True)
    assert 'data-section="next-steps"' in page and "data-registration-deadline" in page
    pdf = client.get(f"/employer/agreements/{approved.id}/agreement.pdf")
    assert pdf.status_code == 200 and "godkendt" in pdf.headers["Content-Disposition"]
    # The stamped copy, rendered on this first download, is kept.
    assert db.session.query(ApprovedPdf).filter_by(agreement_id=approved.id).count() == 1
