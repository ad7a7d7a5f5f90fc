"""The employer's area: the company's own IGU courses."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from forms.course import CourseEventForm
from igu_admin.models import Agreement
from igu_admin.services import agreements, schooling_plans, tenancy
from igu_admin.web import course_panels
from igu_admin.web.agreement_steps import next_step_to_fill

bp = Blueprint("employer", __name__, url_prefix="/employer")


@bp.route("/")
def home() -> str:
    found = tenancy.visible_agreements(current_user)
    return render_template("employer/home.html", agreements=found,
                           company=current_user.company, editable=agreements.EDITABLE,
                           next_step=lambda agreement: next_step_to_fill(agreement.step_reached),
                           plan_statuses=schooling_plans.plan_statuses(found),
                           plan_deadlines=schooling_plans.open_deadlines(found),
                           today=agreements.today())


@bp.route("/agreements/<int:agreement_id>")
def agreement(agreement_id: int) -> str:
    return render_agreement(tenancy.get_agreement(current_user, agreement_id))


def render_agreement(found: Agreement, posted: CourseEventForm | None = None) -> str:
    """The agreement's page; `posted`: a course form refused, shown as posted."""
    return render_template("employer/agreement.html", agreement=found,
                           cpr=agreements.agreement_cpr(found, full=False),
                           editable=found.status in agreements.EDITABLE,
                           next_step=next_step_to_fill(found.step_reached),
                           **course_panels.employer_context(found, current_user, posted))
