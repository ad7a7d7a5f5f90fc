"""The trainee's own copy ("Din IGU"): the review state of its catalogues
(the `trainee` Babel domain), which the copy and `igu-admin translations`
read."""

from igu_admin.services.trainee_copy import review_state
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

__all__ = ["LanguageStatus", "UnknownLanguage", "UnknownMsgids", "catalogue_languages",
           "has_drafted", "mark_reviewed", "review_counts", "review_state", "status"]
