"""The administrator's area: users, companies, the rule sets and each
municipality's check-in months."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from forms.admin import CompanyForm, EditUserForm, FollowUpMonthsForm, UserForm
from forms.fields import choices
from igu_admin.core import de_minimis, rules_in_force
from igu_admin.core.errors import ConflictError, ServiceError
from igu_admin.core.municipalities import all_municipalities
from igu_admin.core.tenancy import parse_id
from igu_admin.inputs.errors import InputErrors
from igu_admin.models import Role
from igu_admin.services import accounts
from igu_admin.services.follow_up import settings as follow_up_settings
from igu_admin.web.errors import conflict_message
from igu_admin.web.labels import active_rules_title
from igu_admin.wording import rule_labels
from igu_admin.wording.accounts import account_error
from igu_admin.wording.de_minimis import euros, window_label
from igu_admin.wording.rule_sources import ruleset_sources

bp = Blueprint("admin", __name__, url_prefix="/admin")

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
            form[error.field or "email"].errors = [account_error(error.code)]
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
            form[error.field or "cvr"].errors = [account_error(error.code)]
        else:
            flash(_("The company has been created."), "success")
            return redirect(url_for("admin.companies"))
    return render_template("admin/company_form.html", form=form)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int) -> str | Response:
    user = accounts.get_user(user_id)
    form = EditUserForm(obj=user) if request.method == "GET" else EditUserForm()
    if request.method == "GET":
        form.lock_version.data = str(user.lock_version)
    if form.validate_on_submit():
        try:
            accounts.update_user(current_user, user, accounts.UserChanges(
                lock_version=int(form.lock_version.data or 0), name=form.name.data or "",
                active=bool(form.active.data), new_password=form.new_password.data or ""))
        except ServiceError as error:
            field = {"password": "new_password"}.get(error.field or "", error.field or "name")
            form[field].errors = [account_error(error.code)]
        except ConflictError as error:
            # Keep what was typed; the next save is made on the current record.
            form.form_errors.append(conflict_message(error))
            form.lock_version.data = str(accounts.get_user(user_id).lock_version)
        else:
            flash(_("The user has been saved."), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_edit.html", form=form, user=user)


@bp.route("/rules")
def rules() -> str:
    """Each rule set's values with their legal source and how sure it is."""
    # Imported here so this route stays a self-contained block at the end of
    # the module (other work changes the imports above).
    catalogue = rules_in_force.catalogue()
    sets = [ruleset_sources(catalogue.get(code)) for code in catalogue.codes]
    return render_template("admin/rules.html", sets=sets, labels=rule_labels,
                           active_mode=rules_in_force.default_mode(),
                           active_rules=active_rules_title(), de_minimis=de_minimis.table(),
                           window_label=window_label, euros=euros)


@bp.route("/municipalities")
def municipalities() -> str:
    """Each municipality's check-in months: its own, or the default."""
    return render_template("admin/municipalities.html",
                           municipalities=follow_up_settings.municipalities(),
                           default_months=current_app.config["IGU_FOLLOW_UP_MONTHS"])


@bp.route("/municipalities/<code>", methods=["GET", "POST"])
def edit_municipality(code: str) -> str | Response:
    municipality = follow_up_settings.get_municipality(code)
    form = FollowUpMonthsForm()
    if request.method == "GET":
        form.months.data = municipality.follow_up_months or ""
    if form.validate_on_submit():
        try:
            follow_up_settings.set_months(current_user, municipality, form.months.data or "")
        except InputErrors as refused:
            form.months.errors = list(refused.errors.get("months", []))
        else:
            flash(_("The check-in months have been saved."), "success")
            return redirect(url_for("admin.municipalities"))
    return render_template("admin/municipality_edit.html", form=form, municipality=municipality,
                           default_months=current_app.config["IGU_FOLLOW_UP_MONTHS"],
                           longest=follow_up_settings.longest_course_months())
