"""The caseworker's area: the municipality's agreements to review."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from igu_admin.models import ContractStatus
from igu_admin.services import tenancy, trainees

bp = Blueprint("caseworker", __name__, url_prefix="/caseworker")


@bp.route("/")
def home() -> str:
    waiting = tenancy.visible_contracts(current_user, (ContractStatus.SUBMITTED,))
    return render_template("caseworker/home.html", waiting=waiting,
                           municipality=current_user.municipality)


@bp.route("/contracts/<int:contract_id>")
def contract(contract_id: int) -> str:
    # The caseworker checks the person in the CPR register: the full number is needed.
    found = tenancy.get_contract(current_user, contract_id)
    return render_template("shared/contract.html", contract=found,
                           cpr=trainees.display_cpr(found.trainee, full=True))
