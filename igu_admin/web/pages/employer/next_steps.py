"""The employer's side of the review on the agreement's page: a message in
the conversation and, once the municipality has approved the agreement,
the next steps: the approved copy to print and sign, the signing day, the
signed scan, and the day of the registration in VITAS.

Forms post here and return to the agreement's page (POST-redirect-GET);
refused, the page is shown again with the input kept and each message at
its field (see agreement_pages.act_on).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from forms.course import CourseEventForm
from igu_admin.core import tenancy
from igu_admin.core.errors import ConflictError, RulesRefused, SubmissionRefused
from igu_admin.extensions import csrf, db
from igu_admin.inputs.review import CommentInput, RegisteredInput, SignedInput
from igu_admin.models import Agreement
from igu_admin.services import documents
from igu_admin.services.review import comments, next_steps
from igu_admin.web.downloads import pdf_response
from igu_admin.web.errors import conflict_message
from igu_admin.web.pages.employer import home as employer
from igu_admin.web.pages.employer.home import bp
from igu_admin.web.pages.review_panels import (
    COMMENT,
    FORMS,
    REGISTRATION,
    SIGNED_COPY,
    SIGNING,
    act_on,
    posted_form,
    stale_message,
)

# The form's own fields (CSRF token, a file name) besides the file itself.
_FORM_OVERHEAD = 64 * 1024


def _refused(agreement_id: int, key: str, form: CourseEventForm) -> str:
    db.session.rollback()
    agreement = tenancy.get_agreement(current_user, agreement_id)
    if "lock_version" in form:
        form.lock_version.data = str(agreement.lock_version)
    return employer.render_agreement(agreement, review_form=(key, form))


def _to_agreement(agreement_id: int, message: str, anchor: str | None = None) -> Response:
    flash(message, "success")
    return redirect(url_for("employer.agreement", agreement_id=agreement_id, _anchor=anchor),
                    303)


def _recorded(agreement_id: int, key: str, act: Callable[[Agreement, object], object],
              message: str) -> str | Response:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    form = posted_form(key)
    model = SignedInput if key == SIGNING else RegisteredInput
    if act_on(form, model, lambda body: act(agreement, body)):
        return _to_agreement(agreement_id, message, "next-steps-heading")
    return _refused(agreement_id, key, form)


@bp.route("/agreements/<int:agreement_id>/signed", methods=["POST"])
def record_signing(agreement_id: int) -> str | Response:
    return _recorded(agreement_id, SIGNING, lambda agreement, body: next_steps.record_signing(
        current_user, agreement, body.signed_on, body.lock_version),  # type: ignore[attr-defined]
        _("The signing day has been recorded."))


@bp.route("/agreements/<int:agreement_id>/registered", methods=["POST"])
def record_registration(agreement_id: int) -> str | Response:
    return _recorded(agreement_id, REGISTRATION,
                     lambda agreement, body: next_steps.record_registration(
                         current_user, agreement, body.registered_on,  # type: ignore[attr-defined]
                         body.lock_version),  # type: ignore[attr-defined]
                     _("The registration in VITAS has been recorded."))


@bp.route("/agreements/<int:agreement_id>/signed-copy", methods=["POST"])
@csrf.exempt  # checked by the form itself, after the larger body limit is set
def upload_signed_copy(agreement_id: int) -> str | Response:
    # A scan may be larger than the pages' usual limit; set before the body is read.
    request.max_content_length = next_steps.MAX_SIGNED_COPY_BYTES + _FORM_OVERHEAD
    agreement = tenancy.get_agreement(current_user, agreement_id)
    form = FORMS[SIGNED_COPY](formdata=request.form, prefix=SIGNED_COPY)
    upload = request.files.get(form.file.name)
    if form.validate():
        if upload is None or not upload.filename:
            form.file.errors = [_("Choose the file with the signed agreement.")]
        else:
            try:
                next_steps.attach_signed_copy(current_user, agreement, upload.filename,
                                              upload.read())
                return _to_agreement(agreement_id, _("The signed agreement has been uploaded."),
                                     "next-steps-heading")
            except (RulesRefused, SubmissionRefused) as refused:
                form.place_errors(refused.errors)
            except ConflictError as error:
                form.form_errors.append(stale_message() if error.code == "stale"
                                        else conflict_message(error))
    return _refused(agreement_id, SIGNED_COPY, form)


@bp.route("/agreements/<int:agreement_id>/comments", methods=["POST"])
def add_comment(agreement_id: int) -> str | Response:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    form = posted_form(COMMENT)
    if act_on(form, CommentInput,
              lambda body: comments.add_comment(current_user, agreement, body.text)):
        return _to_agreement(agreement_id, _("The message has been sent."),
                             "conversation-heading")
    return _refused(agreement_id, COMMENT, form)


@bp.route("/agreements/<int:agreement_id>/agreement.pdf")
def approved_pdf(agreement_id: int) -> Response:
    """The approved copy, with the municipality's approval stamped in, to
    print and sign (before approval: the latest version as sent)."""
    agreement = tenancy.get_agreement(current_user, agreement_id)
    download = documents.download_agreement_pdf(current_user, agreement)
    return pdf_response(download.content, download.filename)


@bp.route("/agreements/<int:agreement_id>/signed-copy")
def signed_copy(agreement_id: int) -> Response:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    download = documents.download_signed_copy(current_user, agreement,
                                              next_steps.latest_signed_copy(agreement))
    return pdf_response(download.content, download.filename, download.media_type)
