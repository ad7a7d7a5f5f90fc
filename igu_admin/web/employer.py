"""The employer's area: the company's own IGU courses."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from igu_admin.services import tenancy, trainees

bp = Blueprint("employer", __name__, url_prefix="/employer")


@bp.route("/")
def home() -> str:
    return render_template("employer/home.html", contracts=tenancy.visible_contracts(current_user),
                           company=current_user.company)


@bp.route("/contracts/<int:contract_id>")
def contract(contract_id: int) -> str:
    found = tenancy.get_contract(current_user, contract_id)
    return render_template("shared/contract.html", contract=found,
                           cpr=trainees.display_cpr(found.trainee, full=False))
