"""The trainee's own copy ("Din IGU"): a summary of the agreement, the
schooling plan and the course's key dates in the trainee's language beside
the Danish, and the review state of its translations."""

from igu_admin.services.trainee_copy import summary
from igu_admin.services.trainee_copy.summary import (
    DOCUMENT,
    available,
    download_trainee_copy,
    ensure_available,
    facts,
    has_drafted,
    render,
)

__all__ = [
    "DOCUMENT",
    "available",
    "download_trainee_copy",
    "ensure_available",
    "facts",
    "has_drafted",
    "render",
    "summary",
]
