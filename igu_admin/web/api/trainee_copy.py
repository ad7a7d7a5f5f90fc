"""The trainee's copy ("Din IGU") in the JSON API: one thin operation over
services/trainee_copy. Who may: as the course's certificate, the employer of
the company, the caseworkers of the municipality and administrators; a
finance officer handles claims, not the trainee's papers (403)."""

from __future__ import annotations

from flask_login import current_user

from igu_admin.core import tenancy
from igu_admin.inputs.trainee_copy import TraineeCopyQuery, chosen_language
from igu_admin.models import Role
from igu_admin.services import trainee_copy
from igu_admin.web.api.blueprint import api
from igu_admin.web.api.operations import Binary, FileReply

PDF = "application/pdf"
READERS = (Role.EMPLOYER, Role.CASEWORKER, Role.ADMIN)


@api.operation(
    "/agreements/<int:agreement_id>/trainee-copy", "GET", operation_id="getTraineeCopy",
    tags=("agreements",), bearer=True, roles=READERS, query=TraineeCopyQuery,
    summary="The trainee's copy (\"Din IGU\") as a PDF, in the trainee's language beside the "
            "Danish",
    description="A summary for the trainee of the agreement (the terms as they stand after "
                "approved amendments), the schooling plan, the grounds for extending the course, "
                "whom to contact and the course's key dates, in `lang` beside the Danish; "
                "without `lang`, in the agreement's `trainee_language`. From submission on. "
                "While a translation is not reviewed by a translator, the PDF says so in both "
                "languages. Every download is recorded in the case's events.",
    responses={200: Binary(PDF, "The PDF, as an attachment."),
               400: "An unknown `lang`, or none given while the agreement has no "
                    "`trainee_language` (at `lang`).",
               404: "No such agreement, or one outside the caller's tenancy.",
               409: "The agreement is a draft."})
def trainee_copy_file(agreement_id: int, query: TraineeCopyQuery) -> FileReply:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    trainee_copy.ensure_available(agreement)
    lang = chosen_language(query.lang, agreement.trainee_language)
    download = trainee_copy.download_trainee_copy(current_user, agreement, lang)
    return FileReply(download.content, PDF, download.filename)
