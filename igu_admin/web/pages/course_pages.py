"""The course's later events on the agreement's page: the employer asks for
an extension, ends the course early or confirms completion; the caseworker
decides on an extension. Each form posts here, goes through the API's input
model and the same service, and on success returns to the agreement's page;
refused, the page is shown again with the input kept and each message at
its field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import BaseModel
from werkzeug.wrappers import Response

from forms.course import (
    CompletionForm,
    CourseEventForm,
    ExtensionRequestForm,
    TerminationForm,
)
from igu_admin.core import tenancy
from igu_admin.core.errors import ConflictError, RulesRefused
from igu_admin.inputs.course import (
    CompletionInput,
    ExtensionDecisionInput,
    ExtensionRequestInput,
    TerminationInput,
)
from igu_admin.inputs.errors import InputErrors, validate_input
from igu_admin.services.course import certificate as course_certificate
from igu_admin.services.course import end as course_end
from igu_admin.services.course import extension_requests as extensions
from igu_admin.web.downloads import pdf_response
from igu_admin.web.errors import conflict_message
from igu_admin.web.pages.caseworker import queue as caseworker
from igu_admin.web.pages.course_panels import FORM_PREFIXES, decision_form
from igu_admin.web.pages.employer import home as employer


def _done(form: CourseEventForm, model: type[BaseModel], act: Callable[[Any], object]) -> bool:
    """Check the form, parse what it built as the API would, and act; False
    with the messages on the form when anything refuses."""
    if not form.validate():
        return False
    try:
        act(validate_input(model, form.raw()))
    except (InputErrors, RulesRefused) as refused:
        form.place_errors(refused.errors)
        return False
    except ConflictError as error:
        form.form_errors.append(conflict_message(error))
        return False
    return True


def _to_agreement(endpoint: str, agreement_id: int, message: str) -> Response:
    flash(message, "success")
    return redirect(url_for(endpoint, agreement_id=agreement_id))


@employer.bp.route("/agreements/<int:agreement_id>/extensions", methods=["POST"])
def request_extension(agreement_id: int) -> str | Response:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    form = ExtensionRequestForm(prefix=FORM_PREFIXES[ExtensionRequestForm])
    if _done(form, ExtensionRequestInput,
             lambda body: extensions.request_extension(current_user, agreement, body)):
        return _to_agreement("employer.agreement", agreement.id, _(
            "The extension has been requested. The municipality decides on it."))
    return employer.render_agreement(agreement, form)


@employer.bp.route("/agreements/<int:agreement_id>/termination", methods=["POST"])
def end_course(agreement_id: int) -> str | Response:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    form = TerminationForm(prefix=FORM_PREFIXES[TerminationForm])
    if _done(form, TerminationInput,
             lambda body: course_end.record_termination(current_user, agreement, body)):
        return _to_agreement("employer.agreement", agreement.id, _(
            "The end of the course has been recorded."))
    form.lock_version.data = str(agreement.lock_version)
    return employer.render_agreement(agreement, form)


@employer.bp.route("/agreements/<int:agreement_id>/completion", methods=["POST"])
def complete_course(agreement_id: int) -> str | Response:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    form = CompletionForm(prefix=FORM_PREFIXES[CompletionForm])
    if _done(form, CompletionInput,
             lambda body: course_end.complete(current_user, agreement, body)):
        return _to_agreement("employer.agreement", agreement.id, _(
            "The course has been confirmed as completed."))
    form.lock_version.data = str(agreement.lock_version)
    return employer.render_agreement(agreement, form)


@caseworker.bp.route("/agreements/<int:agreement_id>/extensions/<int:number>/decision",
                     methods=["POST"])
def decide_extension(agreement_id: int, number: int) -> str | Response:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    extension = extensions.get_extension(agreement, number)
    form = decision_form(number)
    if _done(form, ExtensionDecisionInput,
             lambda body: extensions.decide_extension(current_user, agreement, number, body)):
        return _to_agreement("caseworker.agreement", agreement.id, _(
            "The decision on the extension has been recorded."))
    form.lock_version.data = str(extension.lock_version)
    return caseworker.render_agreement(agreement, (number, form))


def _certificate(agreement_id: int) -> Response:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    download = course_certificate.download_certificate(current_user, agreement)
    return pdf_response(download.content, download.filename)


@employer.bp.route("/agreements/<int:agreement_id>/certificate.pdf")
def course_certificate_employer(agreement_id: int) -> Response:
    """The certificate at the end of the course (409 before it has ended)."""
    return _certificate(agreement_id)


@caseworker.bp.route("/agreements/<int:agreement_id>/certificate.pdf")
def course_certificate_caseworker(agreement_id: int) -> Response:
    return _certificate(agreement_id)
