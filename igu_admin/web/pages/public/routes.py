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

from forms.agreement import CarryOverForm
from forms.eligibility import EligibilityForm
from igu_admin.core import rules_in_force
from igu_admin.domain.rulesets import TARGET_GROUPS
from igu_admin.inputs.eligibility import EligibilityRequest, parse_request
from igu_admin.inputs.errors import InputErrors
from igu_admin.jobs.maintenance import database_ready
from igu_admin.models import Role
from igu_admin.services import eligibility as eligibility_service
from igu_admin.services.accounts.users import set_preferred_language
from igu_admin.web.access import recorded_igu_scope
from igu_admin.web.navigation import home_url
from igu_admin.web.safety import safe_next
from igu_admin.wording.eligibility import (
    criterion_title,
    explain,
    in_force_sentence,
    notice_message,
    public_sureness_label,
    recent_employment_question,
    target_group_label,
)

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


def _carry_over(check: EligibilityRequest, eligible: bool) -> CarryOverForm | None:
    """For an employer, the facts just checked, to start an agreement with
    (posted, so the CPR number never goes into a URL)."""
    if not eligible or not current_user.is_authenticated or current_user.role != Role.EMPLOYER:
        return None
    return CarryOverForm.of_check(check)


def _eligibility_form() -> tuple[EligibilityForm, str | None]:
    """The form, and a hint on the earlier employment rule if the set has one."""
    form = EligibilityForm()
    ruleset = rules_in_force.catalogue().get(_form_ruleset_code())
    question, earlier_rule = recent_employment_question(ruleset)
    form.configure([(code, target_group_label(code)) for code in TARGET_GROUPS], question)
    return form, earlier_rule


def _form_ruleset_code() -> str:
    """The set whose wording the form uses (by-start-date: the newest)."""
    mode = rules_in_force.default_mode()
    catalogue = rules_in_force.catalogue()
    return mode if mode in catalogue.codes else catalogue.codes[-1]


@bp.route("/eligibility", methods=["GET", "POST"])
def eligibility() -> str:
    form, earlier_rule = _eligibility_form()
    if form.is_submitted():
        typed_well = form.validate()
        # The API's and the CLI's parser, also when the form found mistakes:
        # one answer names every problem.
        try:
            check = parse_request(form.request_data(), *recorded_igu_scope())
        except InputErrors as error:
            form.place_errors(error.errors)
        else:
            if typed_well:
                assessment = eligibility_service.check(check)
                rows = [(criterion_title(c.code), c, explain(c, assessment.ruleset),
                         public_sureness_label(c.sureness)) for c in assessment.criteria]
                notices = [(n, notice_message(n)) for n in assessment.notices]
                return render_template("public/eligibility_result.html",
                                       assessment=assessment, rows=rows, notices=notices,
                                       in_force=in_force_sentence(assessment),
                                       carry=_carry_over(check, assessment.eligible))
    return render_template("public/eligibility.html", form=form, earlier_rule=earlier_rule,
                           page_title=_("Can the person start an IGU?"))
