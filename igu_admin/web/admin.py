"""The administrator's area: users and companies."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from forms.admin import CompanyForm, UserForm
from forms.fields import choices
from igu_admin.models import Role
from igu_admin.services import accounts
from igu_admin.services.errors import ServiceError
from igu_admin.services.municipalities import all_municipalities
from igu_admin.services.tenancy import parse_id

bp = Blueprint("admin", __name__, url_prefix="/admin")

SERVICE_ERRORS = {
    "email_invalid": _l("Enter a valid e-mail address."),
    "email_taken": _l("A user with this e-mail already exists."),
    "password_too_short": _l("The password must have at least %(min)s characters.",
                             min=accounts.MIN_PASSWORD_LENGTH),
    "company_required": _l("Choose the employer's company."),
    "municipality_required": _l("Choose the municipality."),
    "cvr_invalid": _l("Enter a valid CVR number of 8 digits."),
    "cvr_taken": _l("A company with this CVR number already exists."),
    "name_required": _l("Enter the name."),
}


def _municipality_choices() -> list[SelectChoice]:
    return choices([("", _("Choose"))] + [(m.code, f"{m.name} ({m.code})")
                                          for m in all_municipalities()])


@bp.route("/")
def home() -> str:
    return render_template("admin/home.html", users=accounts.list_users(),
                           companies=accounts.list_companies())


@bp.route("/users")
def users() -> str:
    return render_template("admin/users.html", users=accounts.list_users())


@bp.route("/users/new", methods=["GET", "POST"])
def new_user() -> str | Response:
    form = UserForm()
    form.company_id.choices = choices([("", _("Choose"))] + [
        (str(c.id), f"{c.name} (CVR {c.cvr})") for c in accounts.list_companies()])
    form.municipality_code.choices = _municipality_choices()
    if form.validate_on_submit():
        try:
            accounts.create_user(current_user, accounts.NewUser(
                email=form.email.data or "", password=form.password.data or "",
                role=Role(form.role.data), name=form.name.data or "",
                company_id=parse_id(form.company_id.data),
                municipality_code=form.municipality_code.data or None))
        except ServiceError as error:
            form[error.field or "email"].errors = [str(SERVICE_ERRORS[error.code])]
        else:
            flash(_("The user has been created."), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form)


@bp.route("/companies")
def companies() -> str:
    return render_template("admin/companies.html", companies=accounts.list_companies())


@bp.route("/companies/new", methods=["GET", "POST"])
def new_company() -> str | Response:
    form = CompanyForm()
    form.municipality_code.choices = _municipality_choices()
    if form.validate_on_submit():
        try:
            accounts.create_company(current_user, accounts.NewCompany(
                cvr=form.cvr.data or "", name=form.name.data or "",
                municipality_code=form.municipality_code.data or "",
                is_private=form.employer_type.data == "private",
                address=form.address.data or "", postal_code=form.postal_code.data or "",
                city=form.city.data or ""))
        except ServiceError as error:
            form[error.field or "cvr"].errors = [str(SERVICE_ERRORS[error.code])]
        else:
            flash(_("The company has been created."), "success")
            return redirect(url_for("admin.companies"))
    return render_template("admin/company_form.html", form=form)


@bp.route("/rules")
def rules() -> str:
    """Each rule set's values with their legal source and how sure it is."""
    # Imported here so this route stays a self-contained block at the end of
    # the module (other work changes the imports above).
    from igu_admin.services import eligibility as eligibility_service
    from igu_admin.services import rule_labels
    from igu_admin.services.rule_sources import ruleset_sources

    catalogue = eligibility_service.catalogue()
    sets = [ruleset_sources(catalogue.get(code)) for code in catalogue.codes]
    return render_template("admin/rules.html", sets=sets, labels=rule_labels,
                           active_mode=eligibility_service.default_mode())
