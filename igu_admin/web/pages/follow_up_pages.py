"""The follow-up's pages: the municipality's list of its active courses (at
risk first) and of its courses ended early (the last two years), a course's
follow-up for the caseworker (with the mentor form) and for the employer
(with the note form), and the caseworker's check-in form. Each form goes
through the API's input model and the same service; a refusal shows the
page again with the input kept and each message at its field. The
follow-up is the municipality's own practice, not law."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import BaseModel
from werkzeug.wrappers import Response

from forms.course import ContinuationForm, CourseEventForm
from forms.follow_up import CheckInForm, FollowUpNoteForm, MentorForm
from igu_admin.core import clock, tenancy
from igu_admin.core.errors import ConflictError
from igu_admin.domain.follow_up import EARLY_ENDED_MONTHS
from igu_admin.inputs.course import ContinuationInput
from igu_admin.inputs.errors import InputErrors, validate_input
from igu_admin.inputs.follow_up import CheckInInput, FollowUpNoteInput, MentorInput
from igu_admin.models import Agreement
from igu_admin.services import course, follow_up
from igu_admin.web.errors import conflict_message
from igu_admin.web.labels import TERMINATION_REASON_LABELS
from igu_admin.web.pages.caseworker import queue as caseworker
from igu_admin.web.pages.employer import home as employer
from igu_admin.wording.follow_up import (
    HELD_BY_LABELS,
    PARTICIPANT_LABELS,
    RATING_LABELS,
    RISK_LABELS,
    reason_message,
)

LABELS: dict[str, Any] = {"ratings": RATING_LABELS, "held_by": HELD_BY_LABELS,
                          "participants": PARTICIPANT_LABELS, "risks": RISK_LABELS,
                          "reason": reason_message}


def _done(form: CourseEventForm, model: type[BaseModel], act: Callable[[Any], object]) -> bool:
    if not form.validate():
        return False
    try:
        act(validate_input(model, form.raw()))
    except InputErrors as refused:
        form.place_errors(refused.errors)
        return False
    except ConflictError as error:
        form.form_errors.append(conflict_message(error))
        return False
    return True


@caseworker.bp.route("/follow-up")
def follow_up_list() -> str:
    risk = request.args.get("risk") if request.args.get("risk") in follow_up.RISK_FILTERS \
        else None
    overdue, mine = request.args.get("overdue") == "1", request.args.get("mine") == "1"
    courses = follow_up.follow_up_list(current_user, risk=risk, overdue=overdue,
                                       assigned_to_me=mine)
    return render_template("caseworker/follow_up_list.html", courses=courses,
                           asked={"risk": risk, "overdue": overdue, "mine": mine},
                           municipality=current_user.municipality, labels=LABELS)


@caseworker.bp.route("/follow-up/ended")
def early_ended_list() -> str:
    return render_template("caseworker/follow_up_ended.html",
                           courses=follow_up.early_ended_list(current_user),
                           municipality=current_user.municipality,
                           months=EARLY_ENDED_MONTHS,
                           reasons=TERMINATION_REASON_LABELS)


@caseworker.bp.route("/agreements/<int:agreement_id>/continuation", methods=["GET", "POST"])
def record_continuation(agreement_id: int) -> str | Response:
    """Name the company that continued a course ended early, after the fact."""
    agreement = tenancy.get_agreement(current_user, agreement_id)
    if request.method == "GET":
        form = ContinuationForm(formdata=None, data={"continued_by_cvr":
                                                     agreement.continued_by_cvr or ""})
        form.lock_version.data = str(agreement.lock_version)
    else:
        form = ContinuationForm()
        if _done(form, ContinuationInput,
                 lambda body: course.record_continuation(current_user, agreement, body)):
            flash(_("The continuation has been recorded."), "success")
            return redirect(url_for("caseworker.early_ended_list"))
    return render_template("caseworker/continuation_new.html", agreement=agreement, form=form,
                           continuation=course.continuation_of(agreement))


def _render_caseworker(agreement: Agreement, mentor_form: MentorForm | None = None) -> str:
    found = follow_up.follow_up_of(current_user, agreement)
    if mentor_form is None:
        mentor_form = MentorForm(formdata=None, data=found.mentor or {})
    mentor_form.lock_version.data = str(agreement.lock_version)
    return render_template("caseworker/follow_up.html", agreement=agreement, found=found,
                           mentor_form=mentor_form, form=mentor_form, labels=LABELS)


@caseworker.bp.route("/agreements/<int:agreement_id>/follow-up")
def follow_up_page(agreement_id: int) -> str:
    return _render_caseworker(tenancy.get_agreement(current_user, agreement_id))


@caseworker.bp.route("/agreements/<int:agreement_id>/mentor", methods=["POST"])
def set_mentor(agreement_id: int) -> str | Response:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    form = MentorForm()
    if _done(form, MentorInput,
             lambda body: follow_up.set_mentor(current_user, agreement, body)):
        flash(_("The mentor has been saved."), "success")
        return redirect(url_for("caseworker.follow_up_page", agreement_id=agreement.id))
    return _render_caseworker(agreement, form)


@caseworker.bp.route("/agreements/<int:agreement_id>/mentor/remove", methods=["POST"])
def remove_mentor(agreement_id: int) -> Response:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    follow_up.remove_mentor(current_user, agreement)
    flash(_("The mentor has been removed."), "success")
    return redirect(url_for("caseworker.follow_up_page", agreement_id=agreement.id))


@caseworker.bp.route("/agreements/<int:agreement_id>/check-ins/new", methods=["GET", "POST"])
def new_check_in(agreement_id: int) -> str | Response:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    # The follow-up is read first: it refuses a case outside the caseworker's part.
    found = follow_up.follow_up_of(current_user, agreement)
    if request.method == "GET":
        form = CheckInForm(formdata=None)
        form.held_on.data = clock.today()
    else:
        form = CheckInForm()
        if _done(form, CheckInInput,
                 lambda body: follow_up.record_check_in(current_user, agreement, body)):
            flash(_("The check-in has been recorded."), "success")
            return redirect(url_for("caseworker.follow_up_page", agreement_id=agreement.id))
    return render_template("caseworker/check_in_new.html", agreement=agreement, found=found,
                           form=form, labels=LABELS)


def _render_employer(agreement: Agreement, note_form: FollowUpNoteForm | None = None) -> str:
    found = follow_up.follow_up_of(current_user, agreement)
    note_form = note_form or FollowUpNoteForm(formdata=None)
    # `form`: the page's title says "Error:" while the note is refused.
    return render_template("employer/follow_up.html", agreement=agreement, found=found,
                           note_form=note_form, form=note_form, labels=LABELS)


@employer.bp.route("/agreements/<int:agreement_id>/follow-up", methods=["GET", "POST"])
def follow_up_page_employer(agreement_id: int) -> str | Response:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    if request.method == "GET":
        return _render_employer(agreement)
    form = FollowUpNoteForm()
    if _done(form, FollowUpNoteInput,
             lambda body: follow_up.add_note(current_user, agreement, body.text)):
        flash(_("Your note has been sent to the municipality."), "success")
        return redirect(url_for("employer.follow_up_page_employer", agreement_id=agreement.id))
    return _render_employer(agreement, form)
