"""The trainee's own copy ("Din IGU"): a summary of the agreement, the
schooling plan and the course's key dates in the trainee's language beside
the Danish, and the review state of its catalogues (the `trainee` Babel
domain), which the copy and `igu-admin translations` read."""

from igu_admin.services.trainee_copy import review_state, summary
from igu_admin.services.trainee_copy.review_state import (
    LanguageStatus,
    UnknownLanguage,
    UnknownMsgids,
    catalogue_languages,
    has_drafted,
    mark_reviewed,
    review_counts,
    status,
)
from igu_admin.services.trainee_copy.summary import (
    DOCUMENT,
    available,
    download_trainee_copy,
    ensure_available,
    facts,
    render,
)

__all__ = [
    "DOCUMENT",
    "LanguageStatus",
    "UnknownLanguage",
    "UnknownMsgids",
    "available",
    "catalogue_languages",
    "download_trainee_copy",
    "ensure_available",
    "facts",
    "has_drafted",
    "mark_reviewed",
    "render",
    "review_counts",
    "review_state",
    "status",
    "summary",
]
