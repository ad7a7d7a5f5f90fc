"""Mine IGU-forløb: an agreement the municipality sent back for changes
shows what to do with it (make the changes asked for and send it again, on
the check page), not "Fortsæt" with the next step as a draft does."""

from __future__ import annotations

import re

from igu_admin.extensions import db
from igu_admin.services.review import decisions
from igu_admin.testing.reviews import submitted_case
from tests.conftest import Auth


def test_a_sent_back_agreement_offers_check_and_send_again_not_continue(app, client) -> None:
    case = submitted_case()
    agreement = case.agreement
    decisions.decide_agreement(case.caseworker, agreement, "request_changes",
                               "Skriv arbejdsopgaverne mere præcist.", agreement.lock_version)
    db.session.commit()
    Auth(client).login(case.employer.email)
    home = client.get("/employer/").get_data(as_text=True)
    row = re.search(rf'<tr data-agreement="{agreement.id}">(.*?)</tr>', home, re.S)
    assert row is not None
    assert "Fortsæt" not in row.group(1) and "data-continue" not in row.group(1)
    link = re.search(r'<a href="([^"]+)" data-todo-link="changes">([^<]+)<', row.group(1))
    assert link is not None
    assert link.group(1) == f"/employer/agreements/{agreement.id}/check"
    assert link.group(2) == "Ret det, kommunen har bedt om, og send aftalen igen"
