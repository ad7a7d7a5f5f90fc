"""A claim's documents handed out: its summary PDF and each piece of its
evidence, recorded as downloads of the agreement they belong to, through the
one mechanism every stored document goes through (services/documents)."""

from __future__ import annotations

from igu_admin.documents.claim_pdf import DANISH, filename, summary_pdf
from igu_admin.models import BonusClaim, User
from igu_admin.services import documents
from igu_admin.services.claims.handling import evidence_document
from igu_admin.services.claims.summary import summary_facts

CLAIM = "claim"


def download_summary(actor: User, claim: BonusClaim, status_label: str,
                     beneficiary_label: str, lang: str = DANISH) -> documents.Download:
    """The claim's summary (rendered now: the evidence may change until the
    claim is sent), recorded."""
    pdf = summary_pdf(claim, summary_facts(claim), status_label, beneficiary_label, lang)
    return documents.download_claim_document(actor, claim.agreement_id, claim.id, documents.Download(
        pdf, filename(claim), document="summary", subject=CLAIM))


def download_evidence(actor: User, claim: BonusClaim, evidence_id: int) -> documents.Download:
    """One of the claim's documents as uploaded (NotFound for another
    claim's), recorded."""
    document = evidence_document(claim, evidence_id)
    return documents.download_claim_document(actor, claim.agreement_id, claim.id, documents.Download(
        document.content, document.filename, media_type=document.media_type,
        document="evidence", subject=CLAIM))
