"""The municipality's review on the case page: the decisions on the agreement
and on its plan, a message in the conversation, the integration
programme's start, and the case's documents for the caseworker.

Each form posts here, goes through the API's input model and the same
service, and on success returns to the case page; refused, the page is
shown again with the input kept and each message at its field. A decision
made meanwhile by someone else (a stale lock_version) is said in words,
with the input kept and the form now holding the case as it is.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from forms.course import CourseEventForm
from igu_admin.core import tenancy
from igu_admin.extensions import db
from igu_admin.inputs.review import (
    CommentInput,
    DecisionInput,
    PlanDecisionInput,
    ProgrammeStartInput,
)
from igu_admin.models import Agreement
from igu_admin.services import documents
from igu_admin.services.plans import building as schooling_plans
from igu_admin.services.review import casework, comments, decisions, next_steps
from igu_admin.web.downloads import pdf_response
from igu_admin.web.pages.caseworker import queue as caseworker
from igu_admin.web.pages.caseworker.queue import bp
from igu_admin.web.pages.review_panels import (
    AGREEMENT_DECISION,
    COMMENT,
    PLAN_DECISION,
    PROGRAMME_START,
    act_on,
    posted_form,
)


def _refused(agreement_id: int, key: str, form: CourseEventForm,
             lock_of: Callable[[Agreement], int | None]) -> str:
    """The case page again, as it is now, with the refused form as posted
    (its lock_version the current one: the reader sees the case anew)."""
    db.session.rollback()
    agreement = tenancy.get_agreement(current_user, agreement_id)
    if "lock_version" in form:
        lock = lock_of(agreement)
        form.lock_version.data = "" if lock is None else str(lock)
    return caseworker.render_agreement(agreement, review_form=(key, form))


def _agreement_lock(agreement: Agreement) -> int | None:
    return agreement.lock_version


def _plan_lock(agreement: Agreement) -> int | None:
    plan = schooling_plans.find_plan(agreement)
    return None if plan is None else plan.lock_version


def _to_agreement(agreement_id: int, message: str, anchor: str | None = None) -> Response:
    flash(message, "success")
    return redirect(url_for("caseworker.agreement", agreement_id=agreement_id,
                            _anchor=anchor), 303)


_DONE = {
    "approve": lambda: _("The decision has been recorded: approved. The employer is told."),
    "request_changes": lambda: _(
        "The decision has been recorded: sent back for changes. The employer is told."),
    "reject": lambda: _("The decision has been recorded: rejected. The employer is told."),
}


@bp.route("/agreements/<int:agreement_id>/decision", methods=["POST"])
def decide_agreement(agreement_id: int) -> str | Response:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    form = posted_form(AGREEMENT_DECISION)
    if act_on(form, DecisionInput, lambda body: decisions.decide_agreement(
            current_user, agreement, body.decision, body.reason, body.lock_version)):
        return _to_agreement(agreement_id, _DONE[form.raw()["decision"]]())
    return _refused(agreement_id, AGREEMENT_DECISION, form, _agreement_lock)


@bp.route("/agreements/<int:agreement_id>/plan-decision", methods=["POST"])
def decide_plan(agreement_id: int) -> str | Response:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    form = posted_form(PLAN_DECISION)
    if act_on(form, PlanDecisionInput, lambda body: decisions.decide_plan(
            current_user, agreement, body.decision, body.reason, body.lock_version)):
        return _to_agreement(agreement_id, _DONE[form.raw()["decision"]]())
    return _refused(agreement_id, PLAN_DECISION, form, _plan_lock)


@bp.route("/agreements/<int:agreement_id>/comments", methods=["POST"])
def add_comment(agreement_id: int) -> str | Response:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    form = posted_form(COMMENT)
    if act_on(form, CommentInput,
              lambda body: comments.add_comment(current_user, agreement, body.text)):
        return _to_agreement(agreement_id, _("The message has been sent."), "conversation-heading")
    return _refused(agreement_id, COMMENT, form, _agreement_lock)


@bp.route("/agreements/<int:agreement_id>/programme-start", methods=["POST"])
def record_programme_start(agreement_id: int) -> str | Response:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    form = posted_form(PROGRAMME_START)
    if act_on(form, ProgrammeStartInput, lambda body: casework.record_programme_start(
            current_user, agreement, body.integration_programme_start, body.lock_version)):
        return _to_agreement(agreement_id, _("The start of the integration programme has been "
                                        "recorded."))
    return _refused(agreement_id, PROGRAMME_START, form, _agreement_lock)


# --- the case's documents ----------------------------------------------------

@bp.route("/agreements/<int:agreement_id>/versions/<int:number>.pdf")
def version_pdf(agreement_id: int, number: int) -> Response:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    download = documents.download_agreement_pdf(current_user, agreement, number)
    return pdf_response(download.content, download.filename)


@bp.route("/agreements/<int:agreement_id>/agreement.pdf")
def approved_pdf(agreement_id: int) -> Response:
    """The approved copy once approved (else the latest version as sent)."""
    agreement = tenancy.get_agreement(current_user, agreement_id)
    download = documents.download_agreement_pdf(current_user, agreement)
    return pdf_response(download.content, download.filename)


@bp.route("/agreements/<int:agreement_id>/signed-copy")
def signed_copy(agreement_id: int) -> Response:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    download = documents.download_signed_copy(current_user, agreement,
                                              next_steps.latest_signed_copy(agreement))
    return pdf_response(download.content, download.filename, download.media_type)
