"""Handing out an agreement's documents: every download (the draft's preview,
a submitted version, the approved copy, the signed scan) is an audit event,
written in the same request as the download, in its own unit of work (a GET
that writes)."""

from __future__ import annotations

from igu_admin.domain.lifecycle import RecordKind
from igu_admin.models import Agreement, User
from igu_admin.services import agreement_pdf, audit, next_steps
from igu_admin.services.agreement_pdf import Download
from igu_admin.services.errors import NotFound
from igu_admin.services.unit_of_work import use_case

__all__ = ["download_agreement_pdf", "download_preview", "download_signed_copy"]


def _audited(actor: User, agreement: Agreement, download: Download) -> Download:
    audit.record(actor, RecordKind.AGREEMENT.value, agreement.id, "download",
                 after={"document": download.document, "version": download.version,
                        "sha256": download.sha256})
    return download


@use_case
def download_agreement_pdf(actor: User, agreement: Agreement,
                           number: int | None = None) -> Download:
    """agreement_pdf.download (the approved copy once approved, else the latest
    version, else the preview; or version `number`), recorded. The caller
    has loaded the agreement within the actor's tenancy."""
    return _audited(actor, agreement, agreement_pdf.download(agreement, number))


@use_case
def download_preview(actor: User, agreement: Agreement) -> Download:
    """The agreement as it stands, marked UDKAST, recorded."""
    number = agreement_pdf.agreement_number(agreement.id)
    return _audited(actor, agreement, Download(agreement_pdf.preview_pdf(agreement),
                                               f"igu-aftale-{number}-udkast.pdf"))


@use_case
def download_signed_copy(actor: User, agreement: Agreement) -> Download:
    """The latest signed scan as uploaded, recorded; NotFound when there is none."""
    copy = next_steps.latest_signed_copy(agreement)
    if copy is None:
        raise NotFound(f"{agreement.id}/signed-copy")
    filename = (f"igu-aftale-{agreement_pdf.agreement_number(agreement.id)}-underskrevet."
                f"{next_steps.extension(copy.media_type)}")
    return _audited(actor, agreement, Download(copy.content, filename, media_type=copy.media_type,
                                               document="signed_copy"))
