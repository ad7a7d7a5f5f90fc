"""The trainee's copy ("Din IGU") from the agreement's page: the form of
the door (trainee_copy_panel) asks for it by GET, in the language chosen,
and gets the PDF, recorded as a download like every document."""

from __future__ import annotations

from flask import abort, request
from flask_login import current_user
from werkzeug.wrappers import Response

from igu_admin.core import tenancy
from igu_admin.domain.trainee_languages import TRAINEE_LANGUAGES
from igu_admin.services import trainee_copy
from igu_admin.web.downloads import pdf_response
from igu_admin.web.pages.caseworker import queue as caseworker
from igu_admin.web.pages.employer import home as employer


def _copy(agreement_id: int) -> Response:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    lang = request.args.get("lang") or agreement.trainee_language
    if lang not in TRAINEE_LANGUAGES:
        abort(400)  # the page's choice offers only the languages
    download = trainee_copy.download_trainee_copy(current_user, agreement, lang)
    return pdf_response(download.content, download.filename)


@employer.bp.route("/agreements/<int:agreement_id>/trainee-copy.pdf")
def trainee_copy_employer(agreement_id: int) -> Response:
    """The trainee's copy in `?lang=` (409 for a draft)."""
    return _copy(agreement_id)


@caseworker.bp.route("/agreements/<int:agreement_id>/trainee-copy.pdf")
def trainee_copy_caseworker(agreement_id: int) -> Response:
    return _copy(agreement_id)
