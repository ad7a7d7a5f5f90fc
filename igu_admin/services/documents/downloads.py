"""Handing out the documents of an agreement, its plan and its claims: every
download (a draft's preview, a submitted version, the approved copy, the
signed scan, a claim's summary and evidence) is an audit event, written in
the same request as the download, in its own unit of work (a GET that
writes)."""

from __future__ import annotations

from igu_admin.core.errors import NotFound
from igu_admin.core.unit_of_work import use_case
from igu_admin.documents import agreement_pdf, amendment_pdf, plan_pdf
from igu_admin.inputs.uploads import SIGNED_COPY_TYPES
from igu_admin.models import Agreement, SchoolingPlan, SignedCopy, User
from igu_admin.services.documents.approved_copies import approved_pdf, ensure_approved_copy
from igu_admin.services.documents.kinds import AGREEMENT, PLAN
from igu_admin.services.documents.versions import (
    Download,
    Versioned,
    not_found,
    record_download,
    stored_pdf,
)

__all__ = [
    "download_agreement_pdf",
    "download_claim_document",
    "download_plan_pdf",
    "download_plan_preview",
    "download_preview",
    "download_signed_copy",
    "download_stored",
]

def _stored(kind: Versioned, agreement: Agreement, parent_id: int | None, number: int | None,
            preview: bytes | None) -> Download:
    """Version `number`'s stored PDF; without a number the approved copy of
    the latest version once it is approved, else the latest version's; for
    a document never submitted its UDKAST `preview` when one is given.
    NotFound for a version it does not have."""
    version = kind.latest(parent_id, number)
    if number is None and version is not None and kind is AGREEMENT:
        # The agreement's document is its latest version as agreed; an
        # approved amendment's version (the Tillæg) is asked for by number.
        while version is not None and amendment_pdf.is_amendment(version):
            version = kind.latest(parent_id, version.number - 1) if version.number > 1 else None
    subject = kind.subject.value
    if version is None:
        if number is not None or preview is None:
            raise not_found(agreement.id, number)
        return Download(preview, kind.filename(agreement.id), subject=subject)
    if number is None:
        approved = ensure_approved_copy(agreement, kind.subject, version)
        if approved is not None:
            return Download(approved_pdf(approved),
                            kind.filename(agreement.id, version.number, approved=True),
                            document="approved", version=version.number, subject=subject)
    return Download(stored_pdf(kind, version), kind.filename(agreement.id, version.number),
                    document="version", version=version.number, subject=subject)


def download_stored(agreement: Agreement, number: int | None = None) -> Download:
    """The agreement's document as `_stored` finds it, not recorded (for the
    tests and the benchmark; people download through the use cases)."""
    return _stored(AGREEMENT, agreement, agreement.id, number,
                   None if number is not None else _preview_if_never_sent(agreement))


def _preview_if_never_sent(agreement: Agreement) -> bytes | None:
    return None if agreement.versions else agreement_pdf.preview_pdf(agreement)


@use_case
def download_agreement_pdf(actor: User, agreement: Agreement,
                           number: int | None = None) -> Download:
    """The approved copy once approved, else the latest version, else the
    preview; or version `number`: recorded. The caller has loaded the
    agreement within the actor's tenancy."""
    return record_download(actor, agreement.id, download_stored(agreement, number))


@use_case
def download_preview(actor: User, agreement: Agreement) -> Download:
    """The agreement as it stands, marked UDKAST, recorded."""
    return record_download(actor, agreement.id, Download(agreement_pdf.preview_pdf(agreement),
                                                         AGREEMENT.filename(agreement.id)))


def plan_document(plan: SchoolingPlan, number: int | None = None, preview: bool = True,
                  lang: str | None = None) -> Download:
    """As `download_stored`, for the agreement's schooling plan (`preview`: a
    plan never submitted answers its UDKAST preview, in `lang` or the
    reader's language), not recorded."""
    draft = (plan_pdf.preview_pdf(plan, lang)
             if preview and number is None and PLAN.latest(plan.id) is None else None)
    return _stored(PLAN, plan.agreement, plan.id, number, draft)


@use_case
def download_plan_pdf(actor: User, plan: SchoolingPlan, number: int | None = None,
                      preview: bool = True) -> Download:
    """The plan's document as `plan_document` finds it, recorded."""
    return record_download(actor, plan.agreement.id, plan_document(plan, number, preview))


@use_case
def download_plan_preview(actor: User, plan: SchoolingPlan, lang: str) -> Download:
    """The plan as it stands, marked UDKAST, in `lang`, recorded (also once
    a version has been sent: the builder shows the plan being changed). The
    caller has loaded the plan within the actor's tenancy."""
    return record_download(actor, plan.agreement.id, Download(
        plan_pdf.preview_pdf(plan, lang), PLAN.filename(plan.agreement.id),
        subject=PLAN.subject.value))


@use_case
def download_signed_copy(actor: User, agreement: Agreement, copy: SignedCopy | None) -> Download:
    """The latest signed scan as uploaded, recorded; NotFound when there is none."""
    if copy is None:
        raise NotFound(f"{agreement.id}/signed-copy")
    filename = (f"{AGREEMENT.stem}-{agreement_pdf.agreement_number(agreement.id)}-underskrevet."
                f"{SIGNED_COPY_TYPES[copy.media_type][1]}")
    return record_download(actor, agreement.id, Download(
        copy.content, filename, media_type=copy.media_type, document="signed_copy"))


@use_case
def download_claim_document(actor: User, agreement_id: int, claim_id: int,
                            download: Download) -> Download:
    """A claim's summary PDF or one of its evidence documents, recorded on
    the agreement the claim belongs to."""
    return record_download(actor, agreement_id, download, claim_id=claim_id)

