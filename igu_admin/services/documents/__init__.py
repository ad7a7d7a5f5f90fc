"""Stored documents: the one mechanism by which the agreement and its plan are
frozen as versions with their PDFs, approved copies are kept, and every
document is handed out with its audit event."""

from igu_admin.services.documents.approved_copies import (
    approval_of,
    approved_copy,
    approved_pdf,
    ensure_approved_copy,
    render_pending,
)
from igu_admin.services.documents.downloads import (
    download_agreement_pdf,
    download_claim_document,
    download_plan_pdf,
    download_plan_preview,
    download_preview,
    download_signed_copy,
    download_stored,
    plan_document,
)
from igu_admin.services.documents.kinds import AGREEMENT, PLAN
from igu_admin.services.documents.versions import (
    IMPORTED,
    PDF,
    Download,
    NoPdf,
    StoredPdfCorrupt,
    Versioned,
    attach_pdf,
    freeze,
    freeze_imported,
    imported_mark,
    record_download,
    stored_pdf,
)

__all__ = [
    "AGREEMENT",
    "IMPORTED",
    "PDF",
    "PLAN",
    "Download",
    "NoPdf",
    "StoredPdfCorrupt",
    "Versioned",
    "approval_of",
    "approved_copy",
    "approved_pdf",
    "attach_pdf",
    "download_agreement_pdf",
    "download_claim_document",
    "download_plan_pdf",
    "download_plan_preview",
    "download_preview",
    "download_signed_copy",
    "download_stored",
    "ensure_approved_copy",
    "freeze",
    "freeze_imported",
    "imported_mark",
    "plan_document",
    "record_download",
    "render_pending",
    "stored_pdf",
]
