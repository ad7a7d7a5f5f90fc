"""The caseworker's area: the municipality's agreements to review."""

from __future__ import annotations

from flask import Blueprint, Response, render_template
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from forms.course import ExtensionDecisionForm
from igu_admin.models import Agreement, AgreementStatus, SchoolingPlanVersion
from igu_admin.services import (
    agreements,
    plan_overview,
    plan_pdf,
    plan_timeline_view,
    schooling_plans,
    tenancy,
)
from igu_admin.web import course_panels
from igu_admin.web.agreement_documents import pdf_response

bp = Blueprint("caseworker", __name__, url_prefix="/caseworker")


@bp.route("/")
def home() -> str:
    waiting = tenancy.visible_agreements(current_user, (AgreementStatus.SUBMITTED,))
    return render_template("caseworker/home.html", waiting=waiting,
                           municipality=current_user.municipality)


@bp.route("/agreements/<int:agreement_id>")
def agreement(agreement_id: int) -> str:
    return render_agreement(tenancy.get_agreement(current_user, agreement_id))


def render_agreement(found: Agreement,
                     posted: tuple[int, ExtensionDecisionForm] | None = None) -> str:
    """The agreement's page; `posted`: (number, form) of a refused decision."""
    # The plan as last sent: what the municipality reviews, not the employer's work since.
    plan = schooling_plans.get_plan(current_user, found)
    version = plan.versions[-1] if plan.versions else None
    # The caseworker checks the person in the CPR register: the full number is needed.
    return render_template("caseworker/agreement.html", agreement=found,
                           cpr=agreements.agreement_cpr(found, full=True), plan=plan,
                           plan_version=version,
                           plan_overview=plan_overview.of_version(version) if version else None,
                           plan_deadline=schooling_plans.deadline(found),
                           plan_timeline=_version_timeline(version) if version else None,
                           **course_panels.caseworker_context(found, current_user, posted))


def _version_timeline(version: SchoolingPlanVersion) -> Markup:
    """The timeline of a version as it was sent, in the reader's language."""
    rule = schooling_plans.ruleset_of(version.plan.agreement).schooling
    view = plan_timeline_view.timeline_view(
        version.data, lang=str(get_locale() or "da"), today=agreements.today(),
        week_limit=rule.hours_per_week)
    return plan_timeline_view.render_timeline(view, "plan-timeline")


@bp.route("/agreements/<int:agreement_id>/plan/versions/<int:number>.pdf")
def plan_version_pdf(agreement_id: int, number: int) -> Response:
    """A submitted version of the agreement's plan, as stored when it was sent."""
    found = tenancy.get_agreement(current_user, agreement_id)
    download = plan_pdf.download(schooling_plans.get_plan(current_user, found), number,
                                 preview=False)
    return pdf_response(download.content, download.filename)
