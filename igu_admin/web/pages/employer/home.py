"""The employer's area: the company's own IGU courses and bonus claims."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from forms.course import CourseEventForm
from igu_admin.core import clock, tenancy
from igu_admin.models import Agreement
from igu_admin.services import agreements, employer_steps
from igu_admin.services.claims import queries as claim_queries
from igu_admin.services.claims.queries import ClaimFilter, Cursor
from igu_admin.services.plans import building as schooling_plans
from igu_admin.web.pages import course_panels, review_panels
from igu_admin.web.pages.calendar_pages import add_calendar_pages
from igu_admin.web.pages.claim_pages import add_claim_pages
from igu_admin.web.pages.employer import todo
from igu_admin.web.pages.employer.agreement_steps import next_step_to_fill

bp = Blueprint("employer", __name__, url_prefix="/employer")
PAGE_SIZE = 50


@bp.route("/")
def home() -> str:
    found = tenancy.visible_agreements(current_user)
    today = clock.today()
    steps = employer_steps.steps_for(found, current_user, today)
    next_rows = {}
    for agreement in found:
        first = employer_steps.first_open(steps[agreement.id])
        if first is not None:
            next_rows[agreement.id] = todo.rows(agreement, [first])[0]
    return render_template("employer/home.html", agreements=found,
                           company=current_user.company, editable=agreements.EDITABLE,
                           next_step=lambda agreement: next_step_to_fill(agreement.step_reached),
                           next_rows=next_rows,
                           due_counts={a.id: sum(s.open for s in steps[a.id]) for a in found},
                           plan_statuses=schooling_plans.plan_statuses(found),
                           plan_deadlines=schooling_plans.open_deadlines(found),
                           today=today)


@bp.route("/agreements/<int:agreement_id>")
def agreement(agreement_id: int) -> str:
    return render_agreement(tenancy.get_agreement(current_user, agreement_id))


def render_agreement(found: Agreement, posted: CourseEventForm | None = None, *,
                     review_form: review_panels.Posted | None = None) -> str:
    """The agreement's page; `posted`: a course form refused, shown as posted;
    `review_form`: (key, form) of a refused form of the review or next steps."""
    context = course_panels.employer_context(found, current_user, posted)
    if review_form is not None:
        context["form"] = review_form[1]
    return render_template("employer/agreement.html", agreement=found,
                           cpr=agreements.agreement_cpr(found, full=False),
                           editable=found.status in agreements.EDITABLE,
                           withdrawable=agreements.can_withdraw(found),
                           todo=course_todo(found),
                           next_step=next_step_to_fill(found.step_reached), **context,
                           **review_panels.employer_context(found, current_user, review_form),
                           claims=claim_queries.claims_of_agreement(current_user, found),
                           claim_area="employer")


def course_todo(agreement: Agreement) -> list[todo.StepRow]:
    """Every step of the course, in order, as its page and the receipt show them."""
    steps = employer_steps.steps_for([agreement], current_user, clock.today())[agreement.id]
    return todo.rows(agreement, steps)


@bp.route("/claims")
def claims() -> str:
    after = Cursor.parse(request.args.get("after"))
    rows, following = claim_queries.page_of_claims(current_user, ClaimFilter(), after, PAGE_SIZE)
    return render_template("employer/claims.html", claims=rows, company=current_user.company,
                           next_cursor=str(following) if following else None,
                           first_page=after is None)


add_claim_pages(bp)
add_calendar_pages(bp)
