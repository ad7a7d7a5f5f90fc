"""The finance officer's area: the municipality's bonus claims.

The list filters by status, beneficiary, claim type and due period, pages in
due-date order, and shows the totals per month and per beneficiary of what
is filtered, and a chart of the coming twelve months. The same filters give
the CSV and XLSX exports, streamed as they are written. Claims of the
municipality can be marked sent or paid in bulk (one audit event each); the
company claims are shown to follow, not to handle.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from forms.claims import BulkForm, ClaimFilterForm
from igu_admin.core import tenancy
from igu_admin.core.clock import today
from igu_admin.core.errors import SubmissionRefused
from igu_admin.documents import claim_export
from igu_admin.domain.lifecycle import RecordKind, status_values
from igu_admin.domain.rulesets import BENEFICIARIES
from igu_admin.extensions import db
from igu_admin.models import BonusClaim
from igu_admin.services import claims
from igu_admin.services.claims import queries as claim_queries
from igu_admin.services.claims.queries import ClaimFilter, Cursor
from igu_admin.web.claim_exports import export_chunks
from igu_admin.web.labels import beneficiary_label, claim_status_label
from igu_admin.web.pages.calendar_pages import add_calendar_pages
from igu_admin.web.pages.claim_pages import add_claim_pages
from igu_admin.web.pages.finance.chart import chart
from igu_admin.wording.rule_labels import CLAIM_TYPE_LABELS

bp = Blueprint("finance", __name__, url_prefix="/finance")
PAGE_SIZE = 50
# The filter's parameters, carried by the page links, the exports and the bulk form.
FILTER_ARGS = ("status", "beneficiary", "claim_type", "due_from", "due_to")


def filter_form() -> ClaimFilterForm:
    form = ClaimFilterForm(formdata=request.args)
    form.configure(
        [(code, claim_status_label(code)) for code in status_values(RecordKind.CLAIM)],
        [(code, beneficiary_label(code)) for code in BENEFICIARIES],
        [(code, str(label)) for code, label in CLAIM_TYPE_LABELS.items()])
    return form


def chosen_filter(form: ClaimFilterForm) -> ClaimFilter:
    """The filter as chosen; a date typed wrong is left out (its field says why)."""
    form.validate()
    return ClaimFilter(status=form.chosen(form.status), beneficiary=form.chosen(form.beneficiary),
                       claim_type=form.chosen(form.claim_type),
                       due_from=None if form.due_from.errors else form.due_from.data,
                       due_to=None if form.due_to.errors else form.due_to.data)


def filter_args() -> dict[str, Any]:
    return {name: request.args[name] for name in FILTER_ARGS if request.args.get(name)}


@bp.route("/")
def home() -> str:
    form = filter_form()
    claim_filter = chosen_filter(form)
    after = Cursor.parse(request.args.get("after"))
    rows, following = claim_queries.page_of_claims(current_user, claim_filter, after, PAGE_SIZE)
    return render_template(
        "finance/home.html", claims=rows, municipality=current_user.municipality,
        filter_form=form, form=form if form.errors else None, args=filter_args(),
        next_cursor=str(following) if following else None, first_page=after is None,
        totals=claim_queries.totals(current_user, claim_filter),
        chart=chart(claim_queries.coming_months(current_user, today())),
        bulk=BulkForm(formdata=None), handles=lambda claim: claims.may_handle(current_user,
                                                                              claim))


@bp.route("/claims/bulk", methods=["POST"])
def bulk() -> WerkzeugResponse:
    form = BulkForm()
    back = url_for("finance.home", **filter_args())
    if not form.validate_on_submit() or form.on.data is None:
        for field in form:
            for message in field.errors:
                flash(f"{field.label.text}: {message}", "error")
        return redirect(back)
    ids = [tenancy.parse_id(text) for text in form.claim_ids.data or []]
    chosen = list(db.session.scalars(
        tenancy.claims_query(current_user)
        .where(BonusClaim.id.in_([i for i in ids if i is not None]))
        .order_by(BonusClaim.id)))
    try:
        result = claims.bulk_record(current_user, chosen, form.action.data or "", form.on.data,
                                    form.reference.data or "")
    except SubmissionRefused as refused:
        for messages in refused.errors.values():
            for message in messages:
                flash(message, "error")
        return redirect(back)
    flash(ngettext("%(num)d claim recorded.", "%(num)d claims recorded.",
                   len(result.changed)), "success")
    skipped = len(result.skipped) + len(ids) - len(chosen)
    if skipped:
        flash(ngettext("%(num)d claim was left as it was: its status does not allow it, or it "
                       "is the company's to record.",
                       "%(num)d claims were left as they were: their status does not allow "
                       "it, or they are the companies' to record.", skipped), "warning")
    return redirect(back)


def export_response(kind: str, claim_filter: ClaimFilter) -> Response:
    """The filtered claims as a file of `kind` (csv or xlsx), streamed."""
    response = Response(stream_with_context(export_chunks(kind, claim_filter)),
                        mimetype=claim_export.FORMATS[kind])
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{claim_export.export_filename(kind, today())}"')
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/claims/export.<any(csv, xlsx):kind>")
def export(kind: str) -> Response:
    return export_response(kind, chosen_filter(filter_form()))


add_claim_pages(bp)
add_calendar_pages(bp)
