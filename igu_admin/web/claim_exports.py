"""The claims exports for the finance page and the API: one way to make them."""

from __future__ import annotations

from collections.abc import Iterator

from flask_babel import gettext as _
from flask_login import current_user

from igu_admin.documents import claim_export
from igu_admin.services.claims import queries as claim_queries
from igu_admin.services.claims.queries import ClaimFilter
from igu_admin.web.labels import beneficiary_label, claim_status_label, claim_type_label


def export_labels() -> claim_export.Labels:
    """The words for stored codes, in the reader's language."""
    return claim_export.Labels(claim_type=claim_type_label, beneficiary=beneficiary_label,
                               status=claim_status_label)


def export_chunks(kind: str, claim_filter: ClaimFilter) -> Iterator[bytes]:
    """The current user's claims as a `kind` file (csv or xlsx), piece by piece."""
    rows = claim_queries.export_rows(current_user, claim_filter)
    if kind == "csv":
        return claim_export.csv_chunks(rows, export_labels())
    return claim_export.xlsx_chunks(rows, export_labels(), _("Bonus claims"))
