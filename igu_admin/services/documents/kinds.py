"""The two versioned documents: the agreement and its schooling plan."""

from __future__ import annotations

from igu_admin.documents import agreement_pdf, plan_pdf
from igu_admin.domain.lifecycle import RecordKind
from igu_admin.models import AgreementVersion, SchoolingPlanVersion
from igu_admin.services.documents.versions import Versioned

AGREEMENT = Versioned(RecordKind.AGREEMENT, AgreementVersion, AgreementVersion.agreement_id,
                      "igu-aftale", lambda version: agreement_pdf.render_version(version),
                      "agreement_version")
PLAN = Versioned(RecordKind.PLAN, SchoolingPlanVersion, SchoolingPlanVersion.plan_id,
                 "igu-undervisningsplan", lambda version: plan_pdf.render_version(version),
                 "plan_version")
