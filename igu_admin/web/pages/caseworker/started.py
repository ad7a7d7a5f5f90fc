"""Agreements the jobcentre starts for a company: the caseworker names the
company (by CVR number, or invites a new one), fills in the trainee and
background steps (the employer's step forms and templates), and finds the
municipality's started drafts in a list. The employer completes the rest."""

from __future__ import annotations

from dataclasses import replace

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from forms.agreement import STEP_FORMS
from forms.agreement_step import RETURN_TO_CHECK, StepForm
from forms.invitation import StartForCompanyForm
from igu_admin.core.errors import ConflictError
from igu_admin.inputs.agreement import AgreementChanges, parse_changes
from igu_admin.inputs.errors import InputErrors
from igu_admin.inputs.review import CommentInput
from igu_admin.models import Agreement
from igu_admin.services import agreements
from igu_admin.services.review import comments
from igu_admin.web.errors import conflict_message
from igu_admin.web.pages import review_panels
from igu_admin.web.pages.caseworker.queue import bp
from igu_admin.web.pages.employer import agreement_answers
from igu_admin.web.pages.employer import agreement_step_pages as pages
from igu_admin.web.pages.employer.agreement_steps import KEYS, IndicatorItem, Step
from igu_admin.wording.eligibility import criteria_rows

# The steps that are the jobcentre's, in order.
JOBCENTRE_STEPS: tuple[Step, ...] = (KEYS["trainee"], KEYS["background"])
# The service's field paths as the start page's fields.
_START_FIELDS = {"company": "cvr", "company.cvr": "cvr", "company_invite": "cvr",
                 "company_invite.cvr": "cvr", "company_invite.name": "company_name",
                 "company_invite.email": "email",
                 "company_invite.employer_type": "employer_type"}
# The page the draft is shown on, for the caseworker.
STEP_LAYOUT = "caseworker/_started_step.html"


@bp.route("/started-agreements")
def started_agreements() -> str:
    return render_template("caseworker/started_agreements.html",
                           drafts=agreements.started_drafts(current_user),
                           municipality=current_user.municipality)


@bp.route("/started-agreements/new", methods=["GET", "POST"])
def start_agreement() -> str | Response:
    form = StartForCompanyForm()
    if form.validate_on_submit():
        cvr = form.cvr.data or ""
        invite = agreements.CompanyInvite(
            cvr=cvr, name=form.company_name.data or "", email=form.email.data or "",
            employer_type=form.employer_type.data or "",
            person_name=form.name.data or "") if form.invites() else None
        try:
            draft = agreements.start_for_company(
                current_user, AgreementChanges(), cvr=None if invite else cvr, invite=invite)
        except InputErrors as error:
            for path, messages in error.errors.items():
                field = form[_START_FIELDS.get(path, "cvr")]
                field.errors = [*field.errors, *messages]
        else:
            if invite is not None:
                flash(_("The company has been created and the invitation sent to %(email)s.",
                        email=invite.email), "success")
            return redirect(_step_url(draft.id, JOBCENTRE_STEPS[0].key))
    return render_template("caseworker/start_agreement.html", form=form)


def _step_url(agreement_id: int, key: str) -> str:
    return url_for("caseworker.started_step", agreement_id=agreement_id, step_key=key)


def _draft_url(agreement_id: int) -> str:
    return url_for("caseworker.started_agreement", agreement_id=agreement_id)


@bp.route("/started-agreements/<int:agreement_id>/steps/<step_key>", methods=["GET", "POST"])
def started_step(agreement_id: int, step_key: str) -> str | Response:
    step = next((s for s in JOBCENTRE_STEPS if s.key == step_key), None)
    if step is None:
        abort(404)
    agreement = agreements.started_draft(current_user, agreement_id)
    if agreement.submitted_at is not None:
        flash(_("The agreement has been sent and cannot be changed now."), "info")
        return redirect(url_for("caseworker.agreement", agreement_id=agreement.id))
    form = STEP_FORMS[step.key]()
    pages.configure(step, form, agreement, with_language=False)
    if form.is_submitted():
        if _save(form, agreement):
            later = JOBCENTRE_STEPS.index(step) + 1
            if later < len(JOBCENTRE_STEPS) and not form.returns_to_check():
                return redirect(_step_url(agreement.id, JOBCENTRE_STEPS[later].key))
            flash(_("The trainee's part has been saved. The company completes the rest."),
                  "success")
            return redirect(_draft_url(agreement.id))
    elif not form.from_kept_input:
        pages.prefill(step, form, agreement)
        form.return_to.data = RETURN_TO_CHECK if request.args.get("return") == "check" else ""
    return _render_step(step, form, agreement)


def _save(form: StepForm, agreement: Agreement) -> bool:
    typed_well = form.validate()
    try:
        changes = parse_changes(form.changes())
    except InputErrors as error:
        form.place_errors(error.errors)
        return False
    lock_version = form.posted_lock_version()
    if lock_version is None:
        form.lock_version.errors = [_("The page is out of date. Open the agreement again.")]
        return False
    if not typed_well:
        return False
    try:
        agreements.update_trainee_part(current_user, agreement, changes, lock_version)
    except InputErrors as error:
        form.place_errors(error.errors)
        return False
    except ConflictError as error:
        form.form_errors.append(conflict_message(error))
        form.lock_version.data = str(agreement.lock_version)
        return False
    return True


def _render_step(step: Step, form: StepForm, agreement: Agreement) -> str:
    review = agreements.review(agreement)
    items = [IndicatorItem(number, str(s.title), _step_url(agreement.id, s.key), s is step,
                           "error" if s is step and form.errors else "number")
             for number, s in enumerate(JOBCENTRE_STEPS, start=1)]
    position = JOBCENTRE_STEPS.index(step)
    back_url = (_step_url(agreement.id, JOBCENTRE_STEPS[position - 1].key) if position
                else _draft_url(agreement.id))
    return render_template(
        f"employer/agreement/{step.key}.html", step_layout=STEP_LAYOUT, step=step, form=form,
        agreement=agreement, steps=items, back_url=back_url,
        action=_step_url(agreement.id, step.key),
        **pages.step_context(step, form, agreement, review))


@bp.route("/started-agreements/<int:agreement_id>")
def started_agreement(agreement_id: int) -> str | Response:
    """The draft as the jobcentre sees it: the trainee part (to change), the
    employer's progress, the eligibility and the conversation."""
    agreement = agreements.started_draft(current_user, agreement_id)
    if agreement.submitted_at is not None:
        return redirect(url_for("caseworker.agreement", agreement_id=agreement.id))
    return render_draft(agreement)


@bp.route("/started-agreements/<int:agreement_id>/comments", methods=["POST"])
def started_comment(agreement_id: int) -> str | Response:
    agreement = agreements.started_draft(current_user, agreement_id)
    form = review_panels.posted_form(review_panels.COMMENT)
    if review_panels.act_on(form, CommentInput, lambda body: comments.add_comment(
            current_user, agreement, body.text)):
        flash(_("The message has been sent."), "success")
        return redirect(url_for("caseworker.started_agreement", agreement_id=agreement.id,
                                _anchor="conversation-heading"), 303)
    return render_draft(agreement, (review_panels.COMMENT, form))


def render_draft(agreement: Agreement, posted: review_panels.Posted | None = None) -> str:
    review = agreements.review(agreement)
    # The trainee's language is no part of the jobcentre's steps: shown, not changed there.
    sections = [replace(s, answers=[replace(a, path="") if a.path == "trainee_language" else a
                                    for a in s.answers])
                for s in agreement_answers.sections(agreement, review)]
    return render_template(
        "caseworker/started_agreement.html", agreement=agreement, review=review,
        jobcentre_sections=[s for s in sections if s.step in JOBCENTRE_STEPS],
        missing=[agreement_answers.label_of(path) for path in review.missing
                 if not agreements.in_trainee_part(path)],
        trainee_missing=[agreement_answers.label_of(path) for path in review.missing
                         if agreements.in_trainee_part(path)],
        criteria=criteria_rows(review.assessment),
        edit_url=lambda path: _step_url(agreement.id, _step_of(path)) + "?return=check",
        comment_action=url_for("caseworker.started_comment", agreement_id=agreement.id),
        form=posted[1] if posted is not None else None,
        trainee_language_form=review_panels.trainee_language_form(agreement, posted),
        **review_panels.started_draft_context(agreement, current_user, posted))


def _step_of(path: str) -> str:
    return next((s.key for s in JOBCENTRE_STEPS if s.asks(path)), JOBCENTRE_STEPS[0].key)
