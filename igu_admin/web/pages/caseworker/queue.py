"""The caseworker's area: the municipality's queue, and each case's page.

The queue is the caseworker's home. Its filters may go in the address
(status, assignee, page: no personal data); a search is always posted, and
its results are shown in the answer to that post: the search may be a CPR
number, which must never reach a URL, a redirect or the server's logs.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from forms.amendment import AmendmentDecisionForm
from forms.casework import ASSIGNEE_CHOICES, STATUS_CHOICES, AssignForm, QueueForm
from forms.course import CourseEventForm, ExtensionDecisionForm
from igu_admin.core import clock, rules_in_force, tenancy
from igu_admin.core.errors import ConflictError
from igu_admin.documents import timeline as plan_timeline_view
from igu_admin.models import Agreement, SchoolingPlanVersion
from igu_admin.services import agreements, documents
from igu_admin.services.plans import building as schooling_plans
from igu_admin.services.plans import overview as plan_overview
from igu_admin.services.review import casework
from igu_admin.services.review import queue as review_queue
from igu_admin.web.downloads import pdf_response
from igu_admin.web.pages import course_panels, review_panels
from igu_admin.web.pages.caseworker.labels import FLAG_LABELS, WAITING_LABELS
from igu_admin.web.pages.caseworker.terms import agreement_terms

bp = Blueprint("caseworker", __name__, url_prefix="/caseworker")


@bp.route("/", methods=["GET", "POST"])
def home() -> str | Response:
    if request.method == "POST":
        form = QueueForm()
        valid = form.validate()
        if valid and not (form.search.data or "").strip():
            # Filters only: to the address, so the view can be kept and shared.
            return redirect(_queue_url(form.chosen_status, form.chosen_assignee,
                                       form.page_number), 303)
        searched = valid
    else:
        form = QueueForm(formdata=None, status=request.args.get("status", "waiting"),
                         assignee=request.args.get("assignee", "all"),
                         page=request.args.get("page", "1"))
        searched = False
    asked = review_queue.QueueQuery(
        status=form.chosen_status, assignee=form.chosen_assignee, page=form.page_number,
        name=form.name if searched else "", cpr=form.cpr if searched else None)
    return render_template("caseworker/queue.html", form=form, queue=review_queue.queue(
        current_user, asked), asked=asked, searched=searched,
        municipality=current_user.municipality, flag_labels=FLAG_LABELS,
        waiting_labels=WAITING_LABELS, status_labels=STATUS_CHOICES,
        assignee_labels=ASSIGNEE_CHOICES, queue_url=_queue_url)


def _queue_url(status: str, assignee: str, page: int = 1) -> str:
    """The queue's address with its filters (never a search)."""
    args: dict[str, Any] = {}
    if status != "waiting":
        args["status"] = status
    if assignee != "all":
        args["assignee"] = assignee
    if page > 1:
        args["page"] = page
    return url_for("caseworker.home", **args)


@bp.route("/agreements/<int:agreement_id>/assign", methods=["POST"])
def assign(agreement_id: int) -> Response:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    form = AssignForm()
    back = (url_for("caseworker.agreement", agreement_id=agreement.id)
            if form.return_to.data == "case" else _queue_url(
                form.back_status.data if form.back_status.data in STATUS_CHOICES else "waiting",
                form.back_assignee.data if form.back_assignee.data in ASSIGNEE_CHOICES
                else "all"))
    if not form.validate():
        flash(_("Your session expired for security reasons. Try again."), "warning")
        return redirect(back, 303)
    try:
        casework.assign_to_me(current_user, agreement, form.lock())
    except ConflictError:
        flash(_("The case has been changed by someone else in the meantime, so it was not "
                "assigned to you. Look at the case as it is now and try again."), "warning")
        return redirect(back, 303)
    flash(_("The case of %(name)s is assigned to you.",
            name=agreement.trainee_name or _("a trainee not entered yet")), "success")
    return redirect(back, 303)


@bp.route("/agreements/<int:agreement_id>")
def agreement(agreement_id: int) -> str | Response:
    found = tenancy.get_agreement(current_user, agreement_id)
    if found.submitted_at is None:
        # A draft the jobcentre started (the only drafts a caseworker sees).
        return redirect(url_for("caseworker.started_agreement", agreement_id=found.id))
    return render_agreement(found)


def render_agreement(found: Agreement,
                     posted: tuple[int, ExtensionDecisionForm] | None = None, *,
                     review_form: review_panels.Posted | None = None,
                     amendment_form: CourseEventForm | None = None,
                     amendment_decision: tuple[int, AmendmentDecisionForm] | None = None) -> str:
    """The case page; `posted`: (number, form) of a refused extension
    decision; `review_form`: (key, form) of a refused form of the review;
    `amendment_form`, `amendment_decision`: a refused amendment's form."""
    # The caseworker checks the person in the CPR register: the full number is needed.
    context = course_panels.caseworker_context(found, current_user, posted, amendment_form,
                                               amendment_decision)
    if review_form is not None:
        context["form"] = review_form[1]
    return render_template("caseworker/agreement.html", agreement=found,
                           cpr=agreements.agreement_cpr(found, full=True),
                           assign_form=AssignForm(formdata=None, return_to="case"),
                           terms=agreement_terms(found),
                           **_plan_context(found), **context,
                           **review_panels.caseworker_context(found, current_user, review_form))


def _plan_context(found: Agreement) -> dict[str, object]:
    # The plan as last sent: what the municipality reviews, not the employer's work since.
    plan = schooling_plans.get_plan(current_user, found)
    version = plan.versions[-1] if plan.versions else None
    return {"plan": plan, "plan_version": version,
            "plan_overview": plan_overview.of_version(version) if version else None,
            "plan_deadline": schooling_plans.deadline(found),
            "plan_timeline": _version_timeline(version) if version else None}


def _version_timeline(version: SchoolingPlanVersion) -> Markup:
    """The timeline of a version as it was sent, in the reader's language."""
    rule = rules_in_force.in_force_for(version.plan.agreement).schooling
    view = plan_timeline_view.timeline_view(
        version.data, lang=str(get_locale() or "da"), today=clock.today(),
        week_limit=rule.hours_per_week)
    return plan_timeline_view.render_timeline(view, "plan-timeline")


@bp.route("/agreements/<int:agreement_id>/plan/versions/<int:number>.pdf")
def plan_version_pdf(agreement_id: int, number: int) -> Response:
    """A submitted version of the agreement's plan, as stored when it was sent."""
    found = tenancy.get_agreement(current_user, agreement_id)
    plan = schooling_plans.get_plan(current_user, found)
    download = documents.download_plan_pdf(current_user, plan, number, preview=False)
    return pdf_response(download.content, download.filename)
