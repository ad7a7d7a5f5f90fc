"""The agreement's PDFs for its employer: the draft's preview marked UDKAST,
and each submitted version's PDF as stored at submission. Every download
is recorded in the case's audit trail (services/documents)."""

from __future__ import annotations

from flask import Response
from flask_login import current_user

from igu_admin.services import documents, tenancy
from igu_admin.web.employer import bp


def pdf_response(pdf: bytes, filename: str) -> Response:
    """A PDF to download. The file name holds the agreement's number, never
    the trainee's CPR number; nothing keeps a copy on the way (no-store)."""
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/agreements/<int:agreement_id>/draft.pdf")
def agreement_preview_pdf(agreement_id: int) -> Response:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    download = documents.download_preview(current_user, agreement)
    return pdf_response(download.content, download.filename)


@bp.route("/agreements/<int:agreement_id>/versions/<int:number>.pdf")
def agreement_version_pdf(agreement_id: int, number: int) -> Response:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    download = documents.download_agreement_pdf(current_user, agreement, number)
    return pdf_response(download.content, download.filename)
