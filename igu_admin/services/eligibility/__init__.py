"""The one eligibility check behind the page, the API, the CLI and new agreements."""

from igu_admin.services.eligibility import checking
from igu_admin.services.eligibility.checking import (
    assessment_as_dict,
    check,
    has_recorded_igu,
)

__all__ = ["assessment_as_dict", "check", "checking", "has_recorded_igu"]
