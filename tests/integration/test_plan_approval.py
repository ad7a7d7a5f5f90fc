"""The plan's approval stamps its PDF: the caseworker, the municipality and the
date; the plan's download then answers the stamped copy, the version's own
PDF stays as submitted."""

from __future__ import annotations

from igu_admin.domain.lifecycle import PlanStatus
from igu_admin.extensions import db
from igu_admin.models import AgreementStatus, Role
from igu_admin.services import documents
from igu_admin.services.review import decisions
from igu_admin.testing.accounts import make_user
from igu_admin.testing.plans import make_plan, plan_agreement, submit_version
from tests.pdf_text import pdf_text


def submitted_plan_case():
    agreement = plan_agreement()
    agreement.status = AgreementStatus.SUBMITTED.value
    plan = make_plan(agreement)
    version = submit_version(plan)
    plan.status = PlanStatus.SUBMITTED.value
    db.session.commit()
    caseworker = make_user(Role.CASEWORKER, municipality=agreement.municipality_code)
    caseworker.name = "Karen Sagsbehandler"
    db.session.commit()
    return agreement, plan, version, caseworker


def test_approving_the_plan_stamps_its_pdf(app) -> None:
    agreement, plan, version, caseworker = submitted_plan_case()
    before = documents.plan_document(plan)
    assert before.document != "approved"
    decisions.decide_plan(caseworker, agreement, "approve", "", plan.lock_version)
    assert plan.status == PlanStatus.APPROVED
    after = documents.plan_document(plan)
    assert after.document == "approved" and after.filename.endswith("-godkendt.pdf")
    text = pdf_text(after.content)
    assert "KarenSagsbehandler" in text
    assert pdf_text(documents.plan_document(plan, version.number).content) == pdf_text(before.content)


def test_changes_requested_leave_the_pdf_unstamped(app) -> None:
    agreement, plan, _version, caseworker = submitted_plan_case()
    decisions.decide_plan(caseworker, agreement, "request_changes", "Mere AMU.", plan.lock_version)
    assert documents.plan_document(plan).document != "approved"
