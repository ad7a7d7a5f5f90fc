"""Taking a sent agreement back before the municipality decides ("Træk
aftalen tilbage"), as the receipt promises: a button on the agreement's page
leads to a page that asks to confirm; the POST (CSRF, lock_version) moves the
agreement to withdrawn with its audit event. Another company's agreement is
not found (404); one the municipality has decided, or a draft never sent,
is a conflict (409), and so is a stale lock_version.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from forms.agreement import WithdrawForm
from forms.posted import parse_lock_version
from igu_admin.core import tenancy
from igu_admin.core.errors import ConflictError
from igu_admin.domain.lifecycle import Action, RecordKind
from igu_admin.models import Agreement
from igu_admin.services import agreements
from igu_admin.web.errors import conflict_message
from igu_admin.web.pages.employer.home import bp


def _ensure_withdrawable(agreement: Agreement) -> None:
    if not agreements.can_withdraw(agreement):
        raise ConflictError("status", kind=RecordKind.AGREEMENT.value,
                            action=Action.WITHDRAW.value, status=agreement.status)


def _page(agreement: Agreement, form: WithdrawForm, status: int = 200) -> tuple[str, int]:
    form.lock_version.data = str(agreement.lock_version)
    return render_template("employer/agreement/withdraw.html", agreement=agreement,
                           form=form), status


@bp.route("/agreements/<int:agreement_id>/withdraw", methods=["GET", "POST"])
def withdraw_agreement(agreement_id: int) -> tuple[str, int] | Response:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    _ensure_withdrawable(agreement)
    form = WithdrawForm()
    if not form.validate_on_submit():
        return _page(agreement, form)
    lock_version = parse_lock_version(form.lock_version.data)
    try:
        agreements.withdraw(current_user, agreement,
                            -1 if lock_version is None else lock_version)
    except ConflictError as error:
        form.form_errors.append(conflict_message(error))
        return _page(agreement, form, 409)
    flash(_("The agreement has been withdrawn. The municipality will not review it."), "success")
    return redirect(url_for("employer.agreement", agreement_id=agreement.id), 303)
