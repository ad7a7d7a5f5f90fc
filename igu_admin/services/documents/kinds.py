"""The two versioned documents: the agreement and its schooling plan. An
agreement's version made by an approved amendment (tillæg) is its own
document, rendered from the same kind of stored data."""

from __future__ import annotations

from igu_admin.documents import agreement_pdf, amendment_pdf, plan_pdf
from igu_admin.domain.lifecycle import RecordKind
from igu_admin.models import AgreementVersion, SchoolingPlanVersion
from igu_admin.services.documents.versions import Versioned

AGREEMENT = Versioned(RecordKind.AGREEMENT, AgreementVersion, AgreementVersion.agreement_id,
                      "igu-aftale", lambda version: _render_agreement(version),
                      "agreement_version")


def _render_agreement(version: AgreementVersion) -> bytes:
    if amendment_pdf.is_amendment(version):
        return amendment_pdf.render_version(version)
    return agreement_pdf.render_version(version)


PLAN = Versioned(RecordKind.PLAN, SchoolingPlanVersion, SchoolingPlanVersion.plan_id,
                 "igu-undervisningsplan", lambda version: plan_pdf.render_version(version),
                 "plan_version")
