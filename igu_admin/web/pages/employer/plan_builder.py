"""The schooling plan builder for employers: the plan of an agreement, its
elements in order with the rules' findings and the running total, and a
page per element to add or change; remove, move, the Danish test and
"Send planen til kommunen" are one small form each.

Without JavaScript everything works: each action is a POST that redirects
back to the plan (POST-redirect-GET), with the plan's lock_version, so a
change made meanwhile elsewhere is refused with the input kept. Each change
is one call of services.plan_edits (the API's parser and save_plan).
"""

from __future__ import annotations

from decimal import Decimal

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from forms.schooling_plan import DanishTestForm, ElementForm, PlanActionForm, PlanForm
from igu_admin.core import amu_catalogue, clock, rules_in_force, tenancy
from igu_admin.core.errors import ConflictError, NotFound, SubmissionRefused
from igu_admin.documents import timeline as plan_timeline_view
from igu_admin.domain.rule_parts import SCHOOLING_KINDS
from igu_admin.domain.schooling import WEEKDAYS_PER_WEEK, public_holidays
from igu_admin.inputs.errors import InputErrors
from igu_admin.models import Agreement, PlanStatus, SchoolingPlan
from igu_admin.services import documents
from igu_admin.services.plans import building as schooling_plans
from igu_admin.services.plans import edits as plan_edits
from igu_admin.services.plans import overview as plan_overview
from igu_admin.web.downloads import pdf_response
from igu_admin.web.errors import conflict_message
from igu_admin.web.pages import date_hints as hints
from igu_admin.web.pages.employer.home import bp
from igu_admin.wording import plan as plan_messages

MOVES = {"up": -1, "down": 1}
# The plan statuses in which the live plan may differ from its last version:
# its preview (marked UDKAST) is offered.
PREVIEWED = (PlanStatus.DRAFT.value, PlanStatus.CHANGES_REQUESTED.value)


def plan_url(agreement_id: int, anchor: str | None = None) -> str:
    return url_for("employer.plan", agreement_id=agreement_id, _anchor=anchor)


def _load(agreement_id: int) -> tuple[Agreement, SchoolingPlan]:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    return agreement, schooling_plans.get_plan(current_user, agreement)


def _reload(agreement: Agreement) -> SchoolingPlan:
    """The plan as it stands now (after a refused change rolled back)."""
    return schooling_plans.get_plan(current_user, agreement)


def _back_to_plan(agreement: Agreement) -> Response:
    """An action's address opened, not posted (a login after the session
    ended leads back to the page last posted): the plan, to act again."""
    return redirect(plan_url(agreement.id))


def _not_editable(agreement: Agreement) -> Response:
    flash(_("The schooling plan cannot be changed now."), "info")
    return redirect(plan_url(agreement.id))


# --- the plan ----------------------------------------------------------------

@bp.route("/agreements/<int:agreement_id>/plan")
def plan(agreement_id: int) -> str:
    agreement, found = _load(agreement_id)
    return _render_plan(agreement, found)


def _render_plan(agreement: Agreement, found: SchoolingPlan, failed: PlanForm | None = None,
                 danish_form: DanishTestForm | None = None) -> str:
    """The builder page; `failed` is the form whose action was refused (its
    messages in the error summary, "Fejl:" in the title)."""
    if danish_form is None:
        danish_form = DanishTestForm(formdata=None)
        danish_form.passed_danish_test.data = "yes" if found.passed_danish_test else "no"
    danish_form.lock_version.data = str(found.lock_version)
    action_form = PlanActionForm(formdata=None)
    action_form.lock_version.data = str(found.lock_version)
    return render_template(
        "employer/plan/builder.html", agreement=agreement, plan=found, form=failed,
        overview=plan_overview.of_plan(found), danish_form=danish_form,
        action_form=action_form, editable=schooling_plans.can_edit(found),
        submittable=schooling_plans.can_submit(found),
        deadline=schooling_plans.open_deadlines([agreement]).get(agreement.id),
        today=clock.today(), timeline=plan_timeline_view.plan_timeline(found),
        preview=found.status in PREVIEWED)


# --- one element -------------------------------------------------------------

@bp.route("/agreements/<int:agreement_id>/plan/elements/new", methods=["GET", "POST"])
def plan_new_element(agreement_id: int) -> str | Response:
    agreement, found = _load(agreement_id)
    if not schooling_plans.can_edit(found):
        return _not_editable(agreement)
    form = _element_form(found)
    if form.is_submitted():
        if form.validate():
            index = len(found.items)
            try:
                saved = plan_edits.add_element(current_user, agreement, form.element(),
                                               form.posted_lock_version())
            except InputErrors as error:
                form.place_errors(error.errors, index)
            except ConflictError as error:
                _keep_after_conflict(form, error, agreement)
            else:
                flash(_("%(element)s has been added.", element=_name(index, saved)), "success")
                return redirect(plan_url(agreement.id, f"element-{index + 1}"))
    elif not form.from_kept_input:
        form.lock_version.data = str(found.lock_version)
    return _render_element(agreement, found, form, None)


@bp.route("/agreements/<int:agreement_id>/plan/elements/<int:number>",
          methods=["GET", "POST"])
def plan_element(agreement_id: int, number: int) -> str | Response:
    """Change the element numbered `number` (from 1, as the page counts)."""
    agreement, found = _load(agreement_id)
    index = _index(found, number)
    if not schooling_plans.can_edit(found):
        return _not_editable(agreement)
    form = _element_form(found)
    if form.is_submitted():
        if form.validate():
            try:
                saved = plan_edits.change_element(current_user, agreement, index, form.element(),
                                                  form.posted_lock_version())
            except InputErrors as error:
                form.place_errors(error.errors, index)
            except ConflictError as error:
                _keep_after_conflict(form, error, agreement)
            else:
                flash(_("%(element)s has been saved.", element=_name(index, saved)), "success")
                return redirect(plan_url(agreement.id, f"element-{number}"))
    elif not form.from_kept_input:
        item = found.items[index]
        form.load({"kind": item.kind, "title": item.title, "provider": item.provider,
                   "course_number": item.course_number, "start": item.start_date,
                   "end": item.end_date, "hours": item.hours, "note": item.note})
        form.lock_version.data = str(found.lock_version)
    return _render_element(agreement, found, form, number)


def _index(found: SchoolingPlan, number: int) -> int:
    if not 1 <= number <= len(found.items):
        raise NotFound(f"element {number}")
    return number - 1


def _name(index: int, found: SchoolingPlan) -> str:
    return plan_messages.element_name(index, found.items)


def _element_form(found: SchoolingPlan) -> ElementForm:
    form = ElementForm()
    rule = rules_in_force.in_force_for(found.agreement).schooling
    form.configure([(kind, plan_messages.kind_label(kind)) for kind in SCHOOLING_KINDS
                    if kind in rule.allowed_kinds])
    return form


def _keep_after_conflict(form: PlanForm, error: ConflictError, agreement: Agreement) -> None:
    """Keep what was typed; the next save is made on the plan as it is now."""
    form.form_errors.append(conflict_message(error))
    form.lock_version.data = str(_reload(agreement).lock_version)


def _render_element(agreement: Agreement, found: SchoolingPlan, form: ElementForm,
                    number: int | None) -> str:
    overview = plan_overview.of_plan(found)
    start, end = overview.period_start, overview.period_end
    first_year = (start or clock.today()).year
    last_year = end.year if end is not None else first_year + 2
    return render_template(
        "employer/plan/element.html", agreement=agreement, plan=found, form=form,
        number=number, overview=overview, catalogue=amu_catalogue.catalogue(),
        holidays=sorted(public_holidays(first_year, last_year)),
        hours_per_day=Decimal(overview.rule.hours_per_week) / WEEKDAYS_PER_WEEK,
        element_hints=hints.element_hints(agreement, clock.today()))


# --- actions on the plan -----------------------------------------------------

@bp.route("/agreements/<int:agreement_id>/plan/elements/<int:number>/remove",
          methods=["GET", "POST"])
def plan_remove_element(agreement_id: int, number: int) -> str | Response:
    agreement, found = _load(agreement_id)
    if request.method == "GET":
        return _back_to_plan(agreement)
    form = PlanActionForm()
    if not form.validate():
        return _render_plan(agreement, found, failed=form)
    try:
        index = _posted_index(found, number, form)
        name = _name(index, found)
        plan_edits.remove_element(current_user, agreement, index, form.posted_lock_version())
    except ConflictError as error:
        return _refused(agreement, form, error)
    flash(_("%(element)s has been removed.", element=name), "success")
    return redirect(plan_url(agreement.id, "plan-elements"))


@bp.route("/agreements/<int:agreement_id>/plan/elements/<int:number>/move/<direction>",
          methods=["GET", "POST"])
def plan_move_element(agreement_id: int, number: int, direction: str) -> str | Response:
    if direction not in MOVES:
        abort(404)
    agreement, found = _load(agreement_id)
    if request.method == "GET":
        return _back_to_plan(agreement)
    form = PlanActionForm()
    if not form.validate():
        return _render_plan(agreement, found, failed=form)
    try:
        index = _posted_index(found, number, form)
        saved = plan_edits.move_element(current_user, agreement, index, MOVES[direction],
                                        form.posted_lock_version())
    except ConflictError as error:
        return _refused(agreement, form, error)
    target = min(max(index + MOVES[direction], 0), len(saved.items) - 1)
    flash(_("%(element)s has been moved.", element=_name(target, saved)), "success")
    return redirect(plan_url(agreement.id, f"element-{target + 1}"))


@bp.route("/agreements/<int:agreement_id>/plan/danish-test", methods=["GET", "POST"])
def plan_danish_test(agreement_id: int) -> str | Response:
    agreement, found = _load(agreement_id)
    if request.method == "GET":
        return _back_to_plan(agreement)
    form = DanishTestForm()
    if not form.validate():
        return _render_plan(agreement, found, failed=form, danish_form=form)
    try:
        plan_edits.set_danish_test(current_user, agreement, form.passed(),
                                   form.posted_lock_version())
    except ConflictError as error:
        form.form_errors.append(conflict_message(error))
        return _render_plan(agreement, _reload(agreement), failed=form, danish_form=form)
    flash(_("The answer about Prøve i Dansk has been saved."), "success")
    return redirect(plan_url(agreement.id, "danish-test"))


def _posted_index(found: SchoolingPlan, number: int, form: PlanActionForm) -> int:
    """The element a form on the page names. One the plan no longer holds
    because it changed since the page was read is a stale page, not a
    missing one."""
    if not 1 <= number <= len(found.items) and form.posted_lock_version() != found.lock_version:
        raise ConflictError("stale")
    return _index(found, number)


def _refused(agreement: Agreement, form: PlanForm, error: ConflictError) -> str:
    form.form_errors.append(conflict_message(error))
    return _render_plan(agreement, _reload(agreement), failed=form)


# --- sending the plan --------------------------------------------------------

@bp.route("/agreements/<int:agreement_id>/plan/submit", methods=["GET", "POST"])
def plan_submit(agreement_id: int) -> str | Response:
    agreement, found = _load(agreement_id)
    if request.method == "GET":
        return _back_to_plan(agreement)
    form = PlanActionForm()
    if not form.validate():
        return _render_plan(agreement, found, failed=form)
    try:
        schooling_plans.submit_plan(current_user, agreement, form.posted_lock_version())
    except SubmissionRefused:
        # The page lists the same errors, each at its element.
        form.form_errors.append(_("The schooling plan was not sent. Correct the errors listed "
                                  "below, then send it again."))
        return _render_plan(agreement, _reload(agreement), failed=form)
    except ConflictError as error:
        return _refused(agreement, form, error)
    return redirect(url_for("employer.plan_receipt", agreement_id=agreement.id))


@bp.route("/agreements/<int:agreement_id>/plan/receipt")
def plan_receipt(agreement_id: int) -> str | Response:
    """Kvittering: the version sent, to whom, and what happens next."""
    agreement, found = _load(agreement_id)
    if not found.versions:
        return redirect(plan_url(agreement.id))
    return render_template("employer/plan/receipt.html", agreement=agreement, plan=found,
                           version=found.versions[-1],
                           deadline=schooling_plans.deadline(agreement))


# --- the plan's PDFs ---------------------------------------------------------

@bp.route("/agreements/<int:agreement_id>/plan/draft.pdf")
def plan_preview_pdf(agreement_id: int) -> Response:
    """The plan as it stands, marked UDKAST, in the reader's language."""
    _agreement, found = _load(agreement_id)
    download = documents.download_plan_preview(current_user, found, str(get_locale() or "da"))
    return pdf_response(download.content, download.filename)


@bp.route("/agreements/<int:agreement_id>/plan/versions/<int:number>.pdf")
def plan_version_pdf(agreement_id: int, number: int) -> Response:
    """Version `number` as stored when it was sent."""
    _agreement, found = _load(agreement_id)
    download = documents.download_plan_pdf(current_user, found, number, preview=False)
    return pdf_response(download.content, download.filename)
