"""Pages anyone can use: the front page, the eligibility check, language."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from forms.eligibility import EligibilityForm
from igu_admin.domain.eligibility import Absence, EligibilityInput, EligibilityInputError
from igu_admin.domain.identifiers import cpr_birth_date, parse_cpr
from igu_admin.domain.rulesets import TARGET_GROUPS
from igu_admin.services import eligibility as eligibility_service
from igu_admin.services.accounts import set_preferred_language
from igu_admin.services.eligibility_messages import (
    criterion_title,
    explain,
    input_error,
    notice_message,
    recent_employment_question,
    sureness_label,
    target_group_label,
)
from igu_admin.services.maintenance import database_ready
from igu_admin.web.access import home_url, may_look_up_recorded_igus
from igu_admin.web.safety import safe_next

bp = Blueprint("public", __name__)


@bp.route("/")
def index() -> str:
    home = home_url(current_user) if current_user.is_authenticated else None
    return render_template("public/index.html", home=home)


@bp.route("/accessibility")
def accessibility() -> str:
    return render_template("public/accessibility.html")


@bp.route("/health")
def health() -> tuple[dict[str, str], int]:
    """For load balancers: 200 when the database answers, else 503."""
    if database_ready():
        return {"status": "ok", "database": "ok"}, 200
    return {"status": "unavailable", "database": "unavailable"}, 503


@bp.route("/language/<code>")
def set_language(code: str) -> Response:
    if code not in current_app.config["SUPPORTED_LOCALES"]:
        abort(404)
    session["lang"] = code
    if current_user.is_authenticated:
        set_preferred_language(current_user, code)
    return redirect(safe_next(request.args.get("next")) or url_for("public.index"))


def _eligibility_form() -> tuple[EligibilityForm, str | None]:
    """The form, and a hint on the earlier employment rule if the set has one."""
    form = EligibilityForm()
    ruleset = eligibility_service.catalogue().get(_form_ruleset_code())
    question, earlier_rule = recent_employment_question(ruleset)
    form.configure([(code, target_group_label(code)) for code in TARGET_GROUPS], question)
    return form, earlier_rule


def _form_ruleset_code() -> str:
    """The set whose wording the form uses (by-start-date: the newest)."""
    mode = eligibility_service.default_mode()
    catalogue = eligibility_service.catalogue()
    return mode if mode in catalogue.codes else catalogue.codes[-1]


def _facts_from(form: EligibilityForm) -> tuple[EligibilityInput, str | None]:
    """The facts of a validated form (its required dates are set)."""
    cpr = parse_cpr(form.cpr.data) if (form.cpr.data or "").strip() else None
    birth = cpr_birth_date(cpr) if cpr else form.birth_date.data
    start, registered = form.start_date.data, form.registered_since.data
    assert start is not None and birth is not None and registered is not None
    absences = tuple(Absence(entry.form.start.data, entry.form.end.data)
                     for entry in form.absences if entry.form.start.data and entry.form.end.data)
    facts = EligibilityInput(
        start_date=start, birth_date=birth, registered_since=registered,
        target_group=form.target_group.data,
        previous_igu=form.previous_igu.data == "yes",
        recent_ordinary_employment=form.recent_ordinary_employment.data == "yes",
        absences=absences)
    return facts, cpr


def _attach_input_errors(form: EligibilityForm, error: EligibilityInputError) -> None:
    """Put the domain's input errors on the fields they blame (same names)."""
    for field_name, codes in error.errors.items():
        messages = [input_error(code) for code in codes]
        if field_name in form:
            form[field_name].errors = messages
        else:
            form.form_errors.extend(messages)


@bp.route("/eligibility", methods=["GET", "POST"])
def eligibility() -> str:
    form, earlier_rule = _eligibility_form()
    if form.validate_on_submit():
        facts, cpr = _facts_from(form)
        if cpr and form.birth_date.data and form.birth_date.data != facts.birth_date:
            form.birth_date.errors = [input_error("birth_cpr_mismatch")]
        else:
            try:
                assessment = eligibility_service.check(eligibility_service.EligibilityRequest(
                    facts=facts, cpr=cpr, lookup_recorded_igu=may_look_up_recorded_igus()))
            except EligibilityInputError as error:
                _attach_input_errors(form, error)
            else:
                rows = [(criterion_title(c.code), c, explain(c, assessment.ruleset),
                         sureness_label(c.sureness)) for c in assessment.criteria]
                notices = [(n, notice_message(n)) for n in assessment.notices]
                return render_template("public/eligibility_result.html",
                                       assessment=assessment, rows=rows, notices=notices)
    return render_template("public/eligibility.html", form=form, earlier_rule=earlier_rule,
                           page_title=_("Can the person start an IGU?"))
