"""The agreement's PDFs for its employer: the draft's preview marked UDKAST,
and each submitted version's PDF as stored at submission. Every download
is recorded in the case's audit trail (services/documents)."""

from __future__ import annotations

from flask_login import current_user
from werkzeug.wrappers import Response

from igu_admin.core import tenancy
from igu_admin.services import documents
from igu_admin.web.downloads import pdf_response
from igu_admin.web.pages.employer.home import bp


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
