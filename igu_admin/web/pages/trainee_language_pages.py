"""The trainee's language on the agreement's page ("Elevens sprog"): the
employer and the caseworker change it in any status. The form posts here,
goes through the API's input model and the same service, and on success
returns to the agreement's page; refused, the page is shown again with the
choice kept and the message at the field."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from igu_admin.core import tenancy
from igu_admin.inputs.agreement import TraineeLanguageInput
from igu_admin.models import Agreement
from igu_admin.services import agreements
from igu_admin.web.pages.caseworker import queue as caseworker
from igu_admin.web.pages.caseworker import started
from igu_admin.web.pages.employer import home as employer
from igu_admin.web.pages.review_panels import TRAINEE_LANGUAGE, Posted, act_on, posted_form


def _change(agreement_id: int, endpoint: str,
            render: Callable[[Agreement, Posted], str]) -> str | Response:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    form = posted_form(TRAINEE_LANGUAGE)
    if act_on(form, TraineeLanguageInput,
              lambda body: agreements.set_trainee_language(current_user, agreement, body)):
        flash(_("The trainee's language has been saved."), "success")
        return redirect(url_for(endpoint, agreement_id=agreement_id,
                                _anchor="trainee-language-heading"), 303)
    # The page again as it is now (the refused use case rolled back), the
    # choice as posted with the current lock_version.
    agreement = tenancy.get_agreement(current_user, agreement_id)
    form.lock_version.data = str(agreement.lock_version)
    return render(agreement, (TRAINEE_LANGUAGE, form))


@employer.bp.route("/agreements/<int:agreement_id>/trainee-language", methods=["POST"])
def employer_trainee_language(agreement_id: int) -> str | Response:
    return _change(agreement_id, "employer.agreement",
                   lambda found, posted: employer.render_agreement(found, review_form=posted))


@caseworker.bp.route("/agreements/<int:agreement_id>/trainee-language", methods=["POST"])
def caseworker_trainee_language(agreement_id: int) -> str | Response:
    # caseworker.agreement shows a draft the jobcentre started on its own page.
    return _change(agreement_id, "caseworker.agreement", _caseworker_page)


def _caseworker_page(found: Agreement, posted: Posted) -> str:
    if found.submitted_at is None:
        return started.render_draft(found, posted)
    return caseworker.render_agreement(found, review_form=posted)
