"""Agreements in the JSON API: create a draft, change it, submit it, withdraw
it, read one or page through those the caller may see, download its PDFs;
and the wage-rate table. Thin: every operation is one service call.

The shapes they answer with are declared once, in agreement_shapes.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import get_locale
from flask_login import current_user

from igu_admin.core import tenancy, wage_rates
from igu_admin.inputs.agreement import (
    AgreementPatch,
    AgreementStart,
    LockVersion,
    TraineeLanguageInput,
)
from igu_admin.services import agreements, documents
from igu_admin.web.api.agreement_shapes import (
    EMPLOYER,
    NOT_FOUND,
    PDF,
    STAFF,
    STARTERS,
    AgreementOut,
    AgreementPage,
    AgreementQuery,
    SubmittedOut,
    WageRateOut,
    WageRatePage,
    agreement_out,
    agreements_out,
    version_out,
)
from igu_admin.web.api.blueprint import api
from igu_admin.web.api.operations import Binary, FileReply


@api.operation(
    "/agreements", "GET", operation_id="listAgreements", tags=("agreements",), bearer=True,
    roles=STAFF, query=AgreementQuery,
    summary="The agreements the caller may see, newest first",
    description="Employers: their company's. Caseworkers and finance officers: their "
                "municipality's, from the first submission on; caseworkers also the drafts "
                "their jobcentre started for a company. `?status=` filters; `?limit=` "
                "(default 50, at most 500) and the `next` URL page through them.",
    responses={200: (AgreementPage, "One page of agreements.")})
def list_agreements(query: AgreementQuery) -> AgreementPage:
    rows, last_id = tenancy.page_of_agreements(
        current_user, (query.status,) if query.status else (), query.after, query.limit)
    following = None
    if last_id is not None:
        following = url_for("api.list_agreements", limit=query.limit, after=last_id,
                            status=query.status)  # status=None is left out of the URL
    return AgreementPage(items=agreements_out(rows), next=following)


@api.operation(
    "/agreements", "POST", operation_id="createAgreement", tags=("agreements",), bearer=True,
    roles=STARTERS, body=AgreementStart,
    summary="Start a draft agreement: an employer's for their company, or a jobcentre's "
            "for a company",
    description="Any subset of the fields; the rest can follow with PATCH. The company's "
                "address, the caller's name as contact person and default terms fill what is "
                "not given; choosing a collective agreement from the wage-rate table fills in "
                "its rates unless the wage is given. Values that break a rule (a start date "
                "before today, hours outside the rule set, a wage of 0 or less or above 10 "
                "times the table's rate) answer 400 at their field, and nothing is saved.\n\n"
                "A caseworker starts a draft for a company (`started_by`: `municipality`): "
                "one igu-admin knows, by `company` `{\"cvr\"}`, or a new one by "
                "`company_invite` `{\"cvr\", \"name\", \"email\", \"employer_type\"}`, "
                "which creates the company in the caseworker's municipality and e-mails the "
                "person an invitation, in the same transaction. Exactly one of the two; only "
                "`trainee.*` fields besides (another answers 400 at its path). The draft is "
                "the company's; the caseworkers of the municipality see it and may change "
                "its `trainee.*` until it is submitted. An employer sends neither field.",
    responses={201: (AgreementOut, "The new draft; `Location` is its URL."),
               400: "Malformed input, or a value the rules refuse, at its field path."})
def create_agreement(body: AgreementStart) -> tuple[AgreementOut, int, dict[str, str]]:
    agreement = agreements.start_draft(current_user, body)
    return agreement_out(agreement), 201, {
        "Location": url_for("api.get_agreement", agreement_id=agreement.id)}


@api.operation(
    "/agreements/<int:agreement_id>", "GET", operation_id="getAgreement", tags=("agreements",),
    bearer=True, roles=STAFF, summary="One agreement",
    responses={200: (AgreementOut, "The agreement."), 404: NOT_FOUND})
def get_agreement(agreement_id: int) -> AgreementOut:
    return agreement_out(tenancy.get_agreement(current_user, agreement_id))


@api.operation(
    "/agreements/<int:agreement_id>", "PATCH", operation_id="changeAgreement",
    tags=("agreements",), bearer=True, roles=STARTERS, body=AgreementPatch,
    summary="Change a draft, or an agreement sent back for changes",
    description="Any subset of the fields, with the `lock_version` last read. Fields left out "
                "stay as they are; an empty string clears a text; `trainee.absences` replaces "
                "the list held.\n\n"
                "On a draft a jobcentre started (`started_by`: `municipality`), the trainee "
                "part is the jobcentre's: a caseworker of that municipality may send only "
                "`trainee.*` fields (any other answers 400 at its path), until the agreement "
                "is submitted; an employer who sends `trainee.*` gets 422 at those paths "
                "(ask the jobcentre in a comment).",
    responses={200: (AgreementOut, "The agreement as changed."),
               400: "Malformed input, or a value the rules refuse, at its field path.",
               404: NOT_FOUND,
               409: "A stale lock_version, or a status that allows no change.",
               422: "An employer's change to the trainee part of a draft a jobcentre "
                    "started, at its field paths."})
def change_agreement(agreement_id: int, body: AgreementPatch) -> AgreementOut:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    return agreement_out(agreements.change_draft(current_user, agreement, body, body.lock_version))


@api.operation(
    "/agreements/<int:agreement_id>/submit", "POST", operation_id="submitAgreement",
    tags=("agreements",), bearer=True, roles=EMPLOYER, body=LockVersion,
    summary="Send the agreement to the trainee's municipality",
    description="Makes a new immutable version with its PDF (version 1, then 2 after changes "
                "were requested).",
    responses={200: (SubmittedOut, "The agreement, now submitted, and its new version."),
               404: NOT_FOUND,
               409: "A stale lock_version, or a status that does not allow submission.",
               422: "Incomplete, breaking a rule, or the trainee is not eligible: every reason "
                    "at its field path."})
def submit_agreement(agreement_id: int, body: LockVersion) -> SubmittedOut:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    version = agreements.submit(current_user, agreement, body.lock_version)
    record = agreement_out(agreement)
    return SubmittedOut(**record.model_dump(by_alias=True), version=version_out(version))


@api.operation(
    "/agreements/<int:agreement_id>/withdraw", "POST", operation_id="withdrawAgreement",
    tags=("agreements",), bearer=True, roles=EMPLOYER, body=LockVersion,
    summary="Take the agreement back before the municipality decides",
    responses={200: (AgreementOut, "The agreement, now withdrawn."),
               404: NOT_FOUND,
               409: "A stale lock_version, or a status after a decision."})
def withdraw_agreement(agreement_id: int, body: LockVersion) -> AgreementOut:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    agreements.withdraw(current_user, agreement, body.lock_version)
    return agreement_out(agreement)


@api.operation(
    "/agreements/<int:agreement_id>/trainee-language", "PUT",
    operation_id="setTraineeLanguage", tags=("agreements",), bearer=True, roles=STARTERS,
    body=TraineeLanguageInput,
    summary="Set the language of the trainee's own copy, in any status",
    description="The company's employer or the municipality's caseworker, whatever the "
                "agreement's status, with the `lock_version` last read. `null` clears it. "
                "Not a term of the agreement: no new version is made and the agreement's "
                "PDF is unchanged; the change moves `lock_version` on and is audited. The "
                "same language again changes nothing. Finance officers and administrators "
                "may read the agreement but not change it (403), as with every other change "
                "of an agreement.",
    responses={200: (AgreementOut, "The agreement with the language."),
               400: "Malformed input, or an unknown language code at `trainee_language`.",
               404: NOT_FOUND,
               409: "A stale lock_version."})
def set_trainee_language(agreement_id: int, body: TraineeLanguageInput) -> AgreementOut:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    return agreement_out(agreements.set_trainee_language(current_user, agreement, body))


def _file(download: documents.Download) -> FileReply:
    return FileReply(download.content, download.media_type, download.filename)


@api.operation(
    "/agreements/<int:agreement_id>/pdf", "GET", operation_id="getAgreementPdf",
    tags=("agreements",), bearer=True, roles=STAFF,
    summary="The agreement as a PDF",
    description="Once the municipality has approved it, the approved copy: the approved "
                "version with the caseworker, the municipality and the day of the approval "
                "stamped in. Before that, the latest submitted version as stored at "
                "submission; an agreement never submitted answers its preview, marked UDKAST "
                "(draft) on every page. Every download is recorded in the case's events.",
    responses={200: Binary(PDF, "The PDF, as an attachment."), 404: NOT_FOUND})
def agreement_pdf_file(agreement_id: int) -> FileReply:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    return _file(documents.download_agreement_pdf(current_user, agreement))


@api.operation(
    "/agreements/<int:agreement_id>/versions/<int:number>/pdf", "GET",
    operation_id="getAgreementVersionPdf", tags=("agreements",), bearer=True, roles=STAFF,
    summary="One submitted version of the agreement as a PDF",
    description="Every download is recorded in the case's events.",
    responses={200: Binary(PDF, "The version's PDF as stored at submission."),
               404: "No such agreement or version, or one outside the caller's tenancy."})
def agreement_version_pdf_file(agreement_id: int, number: int) -> FileReply:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    return _file(documents.download_agreement_pdf(current_user, agreement, number))


@api.operation(
    "/wage-rates", "GET", operation_id="listWageRates", tags=("agreements",),
    summary="The shipped wage-rate table",
    description="EGU or apprentice rates of common collective agreements, with source and "
                "validity. Public: the table is public information.",
    responses={200: (WageRatePage, "Every rate in the table.")})
def list_wage_rates() -> WageRatePage:
    locale = str(get_locale())
    return WageRatePage(items=[WageRateOut(
        code=rate.code, title=rate.title(locale), basis=rate.basis, year1=f"{rate.year1:.2f}",
        year2=f"{rate.year2:.2f}", valid_from=rate.valid_from, valid_to=rate.valid_to,
        source=rate.source, note=rate.note) for rate in wage_rates.all_rates()], next=None)
