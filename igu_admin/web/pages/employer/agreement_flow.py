"""The guided agreement for employers: one topic per page, saved as a draft
after every step, "Tjek dine svar", then sent to the municipality.

Each step's form checks what was typed and builds its part of the API's
request; the same parser and the same service as the API take it from there
(`agreement_input.parse_changes`, `agreements.create_draft`/`update_draft`).
A step that cannot be saved is shown again with everything typed and every
message at its field.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from forms.agreement import STEP_FORMS, CarryOverForm, CompanyForm, SubmitForm, WageForm
from forms.agreement_step import RETURN_TO_CHECK, StepForm
from forms.posted import parse_lock_version
from igu_admin.core import tenancy
from igu_admin.core.errors import ConflictError, SubmissionRefused
from igu_admin.inputs.agreement import AgreementChanges, parse_changes
from igu_admin.inputs.errors import InputErrors
from igu_admin.models import Agreement
from igu_admin.services import agreements
from igu_admin.web.errors import conflict_message
from igu_admin.web.pages.employer import agreement_answers
from igu_admin.web.pages.employer import agreement_step_pages as pages
from igu_admin.web.pages.employer.agreement_steps import (
    CHECK,
    FIRST,
    STEPS,
    Step,
    following,
    indicator,
    preceding,
    step_named,
    steps_with_problems,
)
from igu_admin.web.pages.employer.home import bp, course_todo
from igu_admin.wording.eligibility import criteria_rows

EDITABLE = agreements.EDITABLE
# The steps a jobcentre fills in on a draft it started: read-only for the employer.
JOBCENTRE_STEPS = ("trainee", "background")


def step_url(agreement_id: int, key: str) -> str:
    if key == CHECK.key:
        return url_for("employer.agreement_check", agreement_id=agreement_id)
    return url_for("employer.agreement_step", agreement_id=agreement_id, step_key=key)


@bp.route("/agreements/new", methods=["GET", "POST"])
def new_agreement() -> str | Response:
    """The first step, before there is a draft: saving it makes the draft."""
    form = CompanyForm()
    if form.is_submitted():
        typed_well = form.validate()
        changes = _parsed(form)
        if typed_well and changes is not None:
            try:
                draft = agreements.create_draft(current_user, changes, step=FIRST.key)
            except InputErrors as error:
                form.place_errors(error.errors)
            else:
                return redirect(step_url(draft.id, following(FIRST).key))
    elif not form.from_kept_input:
        form.contact_person.data = current_user.name
    return _render_step(FIRST, form, None)


@bp.route("/agreements/from-eligibility", methods=["POST"])
def agreement_from_eligibility() -> Response:
    """"Opret en aftale" on the eligibility answer: the facts typed there
    start a new draft, so nothing is typed twice."""
    form = CarryOverForm()
    if not form.validate():
        flash(_("Your session expired for security reasons. Check the person again and press "
                "Start an agreement."), "warning")
        return redirect(url_for("public.eligibility"))
    draft, dropped = pages.create_with_what_holds(current_user, form.changes())
    if dropped:
        flash(_("Some answers from the check could not be carried over. Enter them in the "
                "steps."), "warning")
    return redirect(step_url(draft.id, FIRST.key))


@bp.route("/agreements/<int:agreement_id>/steps/<step_key>", methods=["GET", "POST"])
def agreement_step(agreement_id: int, step_key: str) -> str | Response:
    step = step_named(step_key)
    if step is None:
        abort(404)
    agreement = tenancy.get_agreement(current_user, agreement_id)
    if agreement.status not in EDITABLE:
        flash(_("The agreement has been sent and cannot be changed now."), "info")
        return redirect(url_for("employer.agreement", agreement_id=agreement.id))
    if step.key in JOBCENTRE_STEPS and agreements.is_started_by_municipality(agreement):
        return _render_jobcentre_part(step, agreement)
    form = STEP_FORMS[step.key]()
    pages.configure(step, form, agreement)
    if form.is_submitted():
        if _save(step, form, agreement):
            target = CHECK if form.returns_to_check() else following(step)
            return redirect(step_url(agreement.id, target.key))
    elif not form.from_kept_input:
        pages.prefill(step, form, agreement)
        form.return_to.data = RETURN_TO_CHECK if request.args.get("return") == CHECK.key else ""
    return _render_step(step, form, agreement)


def _parsed(form: StepForm) -> AgreementChanges | None:
    """The API's parser over what the form built; its messages go on the fields."""
    try:
        return parse_changes(form.changes())
    except InputErrors as error:
        form.place_errors(error.errors)
        return None


def _save(step: Step, form: StepForm, agreement: Agreement) -> bool:
    typed_well = form.validate()
    filled = typed_well and isinstance(form, WageForm) and form.fill_rates()
    changes = _parsed(form)
    lock_version = form.posted_lock_version()
    if lock_version is None:
        form.lock_version.errors = [_("The page is out of date. Open the agreement again.")]
        typed_well = False
    if not typed_well or changes is None or lock_version is None:
        return False
    try:
        agreements.update_draft(current_user, agreement, changes, lock_version, step.key)
    except InputErrors as error:
        form.place_errors(error.errors)
        return False
    except ConflictError as error:
        # Keep what was typed; the next save is made on the agreement as it is now.
        form.form_errors.append(conflict_message(error))
        form.lock_version.data = str(agreement.lock_version)
        return False
    if filled:
        flash(_("The wage has been filled in with the collective agreement's rates. Check them "
                "on the page \u201cCheck your answers\u201d."), "info")
    if step.key == "wage":
        for warning in agreements.review(agreement).warnings:
            flash(warning.message, "warning")
    return True


def _render_step(step: Step, form: StepForm, agreement: Agreement | None) -> str:
    review = agreements.review(agreement) if agreement is not None else None
    problems = steps_with_problems([*review.missing, *review.errors]) if review else set()
    reached = agreement.step_reached if agreement is not None else ""
    href = (lambda key: step_url(agreement.id, key)) if agreement is not None else (
        lambda key: url_for("employer.new_agreement"))
    before = preceding(step)
    if form.returns_to_check() and agreement is not None:
        back_url = step_url(agreement.id, CHECK.key)
    elif before is not None and agreement is not None:
        back_url = step_url(agreement.id, before.key)
    else:
        back_url = url_for("employer.home")
    action = (url_for("employer.agreement_step", agreement_id=agreement.id, step_key=step.key)
              if agreement is not None else url_for("employer.new_agreement"))
    return render_template(
        f"employer/agreement/{step.key}.html", step=step, form=form, agreement=agreement,
        steps=indicator(step.key, reached, problems, href, bool(form.errors)),
        back_url=back_url, action=action,
        **pages.step_context(step, form, agreement, review))


def _render_jobcentre_part(step: Step, agreement: Agreement) -> str:
    """A step the jobcentre filled in on a draft it started, read-only: a
    change is asked for in a comment on the agreement's page."""
    review = agreements.review(agreement)
    problems = steps_with_problems([*review.missing, *review.errors])
    before = preceding(step)
    return render_template(
        "employer/agreement/jobcentre_part.html", step=step, agreement=agreement,
        steps=indicator(step.key, agreement.step_reached, problems,
                        lambda key: step_url(agreement.id, key)),
        back_url=step_url(agreement.id, before.key) if before is not None
        else url_for("employer.home"),
        next_url=step_url(agreement.id, following(step).key),
        section=next(s for s in agreement_answers.sections(agreement, review)
                     if s.step.key == step.key),
        assessment=review.assessment, criteria=criteria_rows(review.assessment))


@bp.route("/agreements/<int:agreement_id>/check", methods=["GET", "POST"])
def agreement_check(agreement_id: int) -> str | Response:
    """"Tjek dine svar": every answer with a "Ret" link, then "Send til kommunen"."""
    agreement = tenancy.get_agreement(current_user, agreement_id)
    if agreement.status not in EDITABLE:
        return redirect(url_for("employer.agreement", agreement_id=agreement.id))
    form = SubmitForm()
    refused: dict[str, list[str]] = {}
    if form.validate_on_submit():
        lock_version = parse_lock_version(form.lock_version.data)
        try:
            agreements.submit(current_user, agreement, -1 if lock_version is None else lock_version)
        except SubmissionRefused as refusal:
            refused = refusal.errors
            form.form_errors.append(_("The agreement was not sent. Correct the answers listed "
                                      "below, then send it again."))
        except ConflictError as error:
            form.form_errors.append(conflict_message(error))
        else:
            return redirect(url_for("employer.agreement_receipt", agreement_id=agreement.id))
    form.lock_version.data = str(agreement.lock_version)
    review = agreements.review(agreement)
    problems = agreement_answers.problems(review, refused, agreement.id)
    return render_template(
        "employer/agreement/check.html", agreement=agreement, form=form, step=CHECK,
        steps=indicator(CHECK.key, agreement.step_reached, {p.step.key for p in problems},
                        lambda key: step_url(agreement.id, key)),
        back_url=step_url(agreement.id, STEPS[-1].key), review=review,
        problems=problems, sections=_check_sections(agreement, review),
        edit_url=agreement_answers.edit_url,
        criteria=criteria_rows(review.assessment))


def _check_sections(agreement: Agreement, review: agreements.Review
                    ) -> list[agreement_answers.Section]:
    """The answers on the check page; the jobcentre's part without "Change"."""
    found = agreement_answers.sections(agreement, review)
    if not agreements.is_started_by_municipality(agreement):
        return found
    return [agreement_answers.read_only(s) if s.step.key in JOBCENTRE_STEPS else s
            for s in found]


@bp.route("/agreements/<int:agreement_id>/receipt")
def agreement_receipt(agreement_id: int) -> str | Response:
    """Kvittering: what was sent, to whom, and what happens next."""
    agreement = tenancy.get_agreement(current_user, agreement_id)
    if not agreement.versions:
        return redirect(step_url(agreement.id, CHECK.key))
    return render_template("employer/agreement/receipt.html", agreement=agreement,
                           receipt=agreements.receipt(agreement), todo=course_todo(agreement))
