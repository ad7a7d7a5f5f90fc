"""The course after approval: extensions asked for and decided, its end
(completion or termination), and its continuation by another company."""

from igu_admin.services.course import certificate, continuation, end, extension_requests
from igu_admin.services.course.certificate import (
    approved_schooling,
    certificate_available,
    download_certificate,
)
from igu_admin.services.course.continuation import (
    company_with_cvr,
    continuation_of,
    record_continuation,
    start_continuation,
)
from igu_admin.services.course.end import (
    complete,
    end_terminated,
    may_complete,
    record_termination,
)
from igu_admin.services.course.extension_requests import (
    course_period,
    decide_extension,
    ensure_no_termination,
    extension_days,
    extension_rule,
    get_extension,
    lapse_open_requests,
    original_end_date,
    request_extension,
    withdraw_extension,
)

__all__ = [
    "approved_schooling",
    "certificate",
    "certificate_available",
    "company_with_cvr",
    "complete",
    "continuation",
    "continuation_of",
    "course_period",
    "decide_extension",
    "download_certificate",
    "end",
    "end_terminated",
    "ensure_no_termination",
    "extension_days",
    "extension_requests",
    "extension_rule",
    "get_extension",
    "lapse_open_requests",
    "may_complete",
    "original_end_date",
    "record_continuation",
    "record_termination",
    "request_extension",
    "start_continuation",
    "withdraw_extension",
]
