"""A claim's page, and each step of preparing, sending and recording it: the
same views in the employer's area (the company's claims) and the finance
officer's (the municipality's claims, and the company claims to follow).

Views are thin: load the claim through the tenancy (another tenant's claim
is not found), check the form, call one service, redirect back. A refusal
shows the page again with the form's input kept and the reasons above it.
"""

from __future__ import annotations

from typing import Any, BinaryIO, cast

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response as WerkzeugResponse

from forms.claims import (
    EvidenceForm,
    LockForm,
    NotRelevantForm,
    PaidForm,
    PrepareForm,
    RejectedForm,
    SubmitClaimForm,
)
from igu_admin.core import tenancy
from igu_admin.core.errors import ConflictError, PermissionDenied, SubmissionRefused
from igu_admin.domain.de_minimis import Declaration
from igu_admin.domain.lifecycle import ClaimStatus
from igu_admin.inputs.uploads import MAX_BYTES, UploadRefused, read_upload
from igu_admin.models import BonusClaim
from igu_admin.services import claims
from igu_admin.services.claims import downloads as claim_downloads
from igu_admin.web.downloads import attachment
from igu_admin.web.errors import conflict_message
from igu_admin.web.labels import beneficiary_label, claim_status_label
from igu_admin.web.upload_limits import accepts_upload
from igu_admin.wording import review as review_messages
from igu_admin.wording.de_minimis import de_minimis_warning, euros
from igu_admin.wording.rule_labels import evidence_label

Page = str | tuple[str, int] | WerkzeugResponse

FORMS = {"evidence": EvidenceForm, "not_relevant": NotRelevantForm, "lock": LockForm,
         "prepare": PrepareForm, "submit": SubmitClaimForm, "paid": PaidForm, "rejected": RejectedForm}


def upload_message(code: str) -> str:
    messages = {
        "empty": _("The file is empty."),
        "too_large": _("The file is larger than %(size)s MB.", size=MAX_BYTES // (1024 * 1024)),
        "type": _("Attach a PDF, PNG or JPEG file."),
    }
    return messages[code] if code in messages else review_messages.upload_content_refusal(code)


def _claim(claim_id: int) -> BonusClaim:
    return tenancy.get_claim(current_user, claim_id)


def _handled(claim: BonusClaim) -> BonusClaim:
    """The claim, if the user handles it; a claim they only follow is refused (403)."""
    if not claims.may_handle(current_user, claim):
        raise PermissionDenied("claim_handle")
    return claim


def _page(claim: BonusClaim, status: int = 200, refused: list[str] | None = None,
          **forms: Any) -> tuple[str, int]:
    """The claim's page; `forms`: those posted, with their input and errors."""
    made = {name: forms.get(name) or cls(formdata=None) for name, cls in FORMS.items()}
    for form in made.values():
        form.lock_version.data = str(claim.lock_version)
    prepare = made["prepare"]
    if forms.get("prepare") is None and claim.de_minimis_declared_at is not None:
        # A reopened claim: its last declaration, to confirm again or change.
        prepare.other_aid_eur.data = claim.de_minimis_other_aid_eur
        prepare.grantors.data = "\n".join(claim.de_minimis_grantors or [])
    paid = made["paid"]
    if paid.amount.data is None and not paid.amount.raw_text:
        paid.amount.data = claim.amount
    failed = next((f for f in made.values() if f.errors), None)
    if refused:
        failed = failed or made["lock"]
        failed.form_errors = [*failed.form_errors, *refused]
    return render_template(
        "shared/claim.html", claim=claim, area=request.blueprint or "", forms=made,
        form=failed, blank_upload=EvidenceForm(formdata=None),
        handles=claims.may_handle(current_user, claim), items=claims.checklist(claim),
        missing=claims.missing_evidence(claim), evidence_label=evidence_label,
        evidence_open=claim.status in claims.EVIDENCE_OPEN, Status=ClaimStatus,
        documents_by_code=_documents_by_code(claim), file_size=file_size,
        de_minimis_needed=claims.de_minimis_needed(claim),
        de_minimis=claims.de_minimis_check(claim), euros=euros,
        de_minimis_warning=de_minimis_warning), status


def file_size(size: int) -> str:
    return _("%(size)s kB", size=format_decimal(round(size / 1024, 1)))


def _documents_by_code(claim: BonusClaim) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for document in claim.evidence:
        found.setdefault(document.evidence_code, []).append(document)
    return found


def _back(claim: BonusClaim, message: str) -> WerkzeugResponse:
    flash(message, "success")
    return redirect(url_for(f"{request.blueprint}.claim", claim_id=claim.id))


def _refusal(claim: BonusClaim, error: Exception, **forms: Any) -> tuple[str, int]:
    """The page again, saying why the step was refused."""
    if isinstance(error, ConflictError):
        return _page(claim, 409, [conflict_message(error)], **forms)
    if isinstance(error, SubmissionRefused):
        messages = []
        for path, texts in error.errors.items():
            # The declaration's fields are named as in the API's body.
            name = (path.rpartition(".")[2] if path.startswith("de_minimis.")
                    else path.partition(".")[0])
            field = _field(forms, name)
            if field is not None:
                field.errors = list(texts)
            else:
                messages.extend(texts)
        return _page(claim, 422, messages, **forms)
    raise error


def _field(forms: dict[str, Any], name: str) -> Any:
    for form in forms.values():
        if form is not None and name in form and name not in ("evidence_code", "lock_version"):
            return form[name]
    return None


def claim(claim_id: int) -> Page:
    return _page(_claim(claim_id))


def claim_attach(claim_id: int) -> Page:
    found = _handled(_claim(claim_id))
    form = EvidenceForm()
    if not form.validate_on_submit():
        return _page(found, 400, evidence=form)
    document: FileStorage | None = form.document.data
    assert document is not None  # the form's check
    try:
        upload = read_upload(cast(BinaryIO, document.stream), document.filename or "")
    except UploadRefused as refused:
        form.document.errors = [upload_message(refused.code)]
        return _page(found, 400, evidence=form)
    try:
        claims.attach_evidence(current_user, found, form.evidence_code.data or "", upload,
                               form.lock())
    except (ConflictError, SubmissionRefused) as error:
        return _refusal(found, error, evidence=form)
    return _back(found, _("The document %(name)s is attached.", name=upload.filename))


def claim_remove_evidence(claim_id: int, evidence_id: int) -> Page:
    found = _handled(_claim(claim_id))
    form = LockForm()
    if not form.validate_on_submit():
        return _page(found, 400, lock=form)
    try:
        claims.remove_evidence(current_user, found, evidence_id, form.lock())
    except ConflictError as error:
        return _refusal(found, error)
    return _back(found, _("The document is removed."))


def claim_evidence_file(claim_id: int, evidence_id: int) -> Response:
    found = _handled(_claim(claim_id))
    download = claim_downloads.download_evidence(current_user, found, evidence_id)
    return attachment(download.content, download.media_type, download.filename)


def claim_not_relevant(claim_id: int) -> Page:
    found = _handled(_claim(claim_id))
    form = NotRelevantForm()
    if not form.validate_on_submit():
        return _page(found, 400, not_relevant=form)
    try:
        claims.mark_not_relevant(current_user, found, form.evidence_code.data or "",
                                 form.not_relevant.data == "1", form.lock())
    except (ConflictError, SubmissionRefused) as error:
        return _refusal(found, error, not_relevant=form)
    return _back(found, _("The checklist is updated."))


def claim_prepare(claim_id: int) -> Page:
    found = _handled(_claim(claim_id))
    form = PrepareForm()
    if not form.validate_on_submit():
        return _page(found, 400, prepare=form)
    # Without an amount there is no declaration: the service says what is
    # missing, together with any missing evidence.
    declaration = None
    if claims.de_minimis_needed(found) and form.other_aid_eur.data is not None:
        declaration = Declaration(form.other_aid_eur.data, form.grantor_lines(),
                                  bool(form.declared.data))
    try:
        # The employer preparing on the page gives the declaration (the
        # API takes a preparation without it, as before the rule existed).
        check = claims.prepare(current_user, found, form.lock(), declaration,
                               require_declaration=True)
    except (ConflictError, SubmissionRefused) as error:
        return _refusal(found, error, prepare=form)
    if check is not None and check.exceeds:
        flash(de_minimis_warning(check), "warning")
    return _back(found, _("The claim is prepared. Download the summary and send the claim."))


def claim_reopen(claim_id: int) -> Page:
    found = _handled(_claim(claim_id))
    form = LockForm()
    if not form.validate_on_submit():
        return _page(found, 400, lock=form)
    try:
        claims.reopen(current_user, found, form.lock())
    except ConflictError as error:
        return _refusal(found, error, lock=form)
    return _back(found, _("The claim is open again: you can change its evidence."))


def claim_submit(claim_id: int) -> Page:
    found = _handled(_claim(claim_id))
    form = SubmitClaimForm()
    if not form.validate_on_submit() or form.submitted_on.data is None:
        return _page(found, 400, submit=form)
    try:
        claims.submit(current_user, found, form.submitted_on.data, form.reference.data or "",
                      form.lock())
    except (ConflictError, SubmissionRefused) as error:
        return _refusal(found, error, submit=form)
    return _back(found, _("The claim is recorded as sent."))


def claim_paid(claim_id: int) -> Page:
    found = _handled(_claim(claim_id))
    form = PaidForm()
    if not form.validate_on_submit() or form.paid_on.data is None or form.amount.data is None:
        return _page(found, 400, paid=form)
    try:
        claims.record_payment(current_user, found, form.paid_on.data, form.amount.data,
                              form.lock())
    except (ConflictError, SubmissionRefused) as error:
        return _refusal(found, error, paid=form)
    return _back(found, _("The payment is recorded."))


def claim_rejected(claim_id: int) -> Page:
    found = _handled(_claim(claim_id))
    form = RejectedForm()
    if not form.validate_on_submit():
        return _page(found, 400, rejected=form)
    try:
        claims.record_rejection(current_user, found, form.reason.data or "", form.lock())
    except (ConflictError, SubmissionRefused) as error:
        return _refusal(found, error, rejected=form)
    return _back(found, _("The refusal is recorded."))


def claim_summary_pdf(claim_id: int) -> Response:
    found = _handled(_claim(claim_id))
    download = claim_downloads.download_summary(current_user, found,
                                                claim_status_label(found.status),
                                                beneficiary_label(found.beneficiary))
    return attachment(download.content, download.media_type, download.filename)


_ROUTES: tuple[tuple[str, Any, tuple[str, ...]], ...] = (
    ("/claims/<int:claim_id>", claim, ("GET",)),
    ("/claims/<int:claim_id>/evidence", claim_attach, ("POST",)),
    ("/claims/<int:claim_id>/evidence/<int:evidence_id>", claim_evidence_file, ("GET",)),
    ("/claims/<int:claim_id>/evidence/<int:evidence_id>/remove", claim_remove_evidence,
     ("POST",)),
    ("/claims/<int:claim_id>/not-relevant", claim_not_relevant, ("POST",)),
    ("/claims/<int:claim_id>/prepare", claim_prepare, ("POST",)),
    ("/claims/<int:claim_id>/reopen", claim_reopen, ("POST",)),
    ("/claims/<int:claim_id>/submit", claim_submit, ("POST",)),
    ("/claims/<int:claim_id>/paid", claim_paid, ("POST",)),
    ("/claims/<int:claim_id>/rejected", claim_rejected, ("POST",)),
    ("/claims/<int:claim_id>/summary.pdf", claim_summary_pdf, ("GET",)),
)


def add_claim_pages(blueprint: Blueprint) -> None:
    """The claim's views in `blueprint`'s area (its access policy applies)."""
    for rule, view, methods in _ROUTES:
        blueprint.add_url_rule(rule, view.__name__, view, methods=list(methods))
    accepts_upload(f"{blueprint.name}.{claim_attach.__name__}")

