"""The caseworker's area: the municipality's agreements to review."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from igu_admin.models import AgreementStatus
from igu_admin.services import agreements, plan_overview, schooling_plans, tenancy

bp = Blueprint("caseworker", __name__, url_prefix="/caseworker")


@bp.route("/")
def home() -> str:
    waiting = tenancy.visible_agreements(current_user, (AgreementStatus.SUBMITTED,))
    return render_template("caseworker/home.html", waiting=waiting,
                           municipality=current_user.municipality)


@bp.route("/agreements/<int:agreement_id>")
def agreement(agreement_id: int) -> str:
    # The caseworker checks the person in the CPR register: the full number is needed.
    found = tenancy.get_agreement(current_user, agreement_id)
    # The plan as last sent: what the municipality reviews, not the employer's work since.
    plan = schooling_plans.get_plan(current_user, found)
    version = plan.versions[-1] if plan.versions else None
    return render_template("caseworker/agreement.html", agreement=found,
                           cpr=agreements.agreement_cpr(found, full=True), plan=plan,
                           plan_version=version,
                           plan_overview=plan_overview.of_version(version) if version else None,
                           plan_deadline=schooling_plans.deadline(found))
