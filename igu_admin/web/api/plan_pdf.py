"""The schooling plan's PDF in the JSON API: one thin operation over
services/documents (the stored versions) and documents/plan_pdf.

Who gets what: the employer, the latest submitted version's PDF as stored,
or while the plan was never submitted its preview marked UDKAST (like the
agreement's PDF); the municipality's caseworker (and an administrator)
only submitted versions, so a plan never submitted answers 404 to them, as
an agreement outside their tenancy does. `?version=n` asks for one version.
"""

from __future__ import annotations

from typing import Annotated

from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field

from igu_admin.core import tenancy
from igu_admin.models import Role
from igu_admin.services import documents
from igu_admin.services.plans import building as schooling_plans
from igu_admin.web.api.blueprint import api
from igu_admin.web.api.operations import Binary, FileReply

PDF = "application/pdf"
READERS = (Role.EMPLOYER, Role.CASEWORKER, Role.ADMIN)  # as schooling_plans.get_plan


class PlanPdfQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: Annotated[int, Field(ge=1, le=tenancy.MAX_ID, description=(
        "A submitted version's number; without it, the latest."))] | None = None


@api.operation(
    "/agreements/<int:agreement_id>/schooling-plan/pdf", "GET", operation_id="getSchoolingPlanPdf",
    tags=("schooling plans",), bearer=True, roles=READERS, query=PlanPdfQuery,
    summary="The schooling plan as a PDF",
    description="The latest submitted version (or `?version=n`) as stored at submission, checked "
                "against its SHA-256. For the employer, a plan never submitted answers its "
                "preview, marked UDKAST (draft) on every page, in the language of "
                "Accept-Language; the municipality sees submitted versions only.",
    responses={200: Binary(PDF, "The PDF, as an attachment."),
               404: "No such agreement, plan or version, or one outside the caller's tenancy."})
def schooling_plan_pdf_file(agreement_id: int, query: PlanPdfQuery) -> FileReply:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    # The stored plan, or (no plan saved yet) the empty one the employer's preview shows.
    plan = schooling_plans.get_plan(current_user, agreement)
    download = documents.download_plan_pdf(current_user, plan, query.version,
                                          preview=current_user.role == Role.EMPLOYER)
    return FileReply(download.content, PDF, download.filename)
