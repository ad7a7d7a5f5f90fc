"""The employer's area: the company's own IGU courses."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from igu_admin.services import agreements, tenancy

bp = Blueprint("employer", __name__, url_prefix="/employer")


@bp.route("/")
def home() -> str:
    return render_template("employer/home.html", agreements=tenancy.visible_agreements(current_user),
                           company=current_user.company)


@bp.route("/agreements/<int:agreement_id>")
def agreement(agreement_id: int) -> str:
    found = tenancy.get_agreement(current_user, agreement_id)
    return render_template("shared/agreement.html", agreement=found,
                           cpr=agreements.agreement_cpr(found, full=False))
