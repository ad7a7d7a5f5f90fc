"""The finance officer's area: bonus claims of the municipality."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from igu_admin.services import tenancy

bp = Blueprint("finance", __name__, url_prefix="/finance")


@bp.route("/")
def home() -> str:
    return render_template("finance/home.html", claims=tenancy.visible_claims(current_user),
                           municipality=current_user.municipality)


@bp.route("/claims/<int:claim_id>")
def claim(claim_id: int) -> str:
    return render_template("finance/claim.html", claim=tenancy.get_claim(current_user, claim_id))
