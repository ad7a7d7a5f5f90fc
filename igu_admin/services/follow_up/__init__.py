"""The follow-up of active courses (opfølgning): check-ins, the employer's
notes, the mentor, and each course's risk with its reasons. The
municipality's own practice, not a requirement of the act."""

from igu_admin.services.follow_up import overview, records, settings
from igu_admin.services.follow_up.overview import (
    RISK_FILTERS,
    CourseFollowUp,
    EndedCourse,
    FollowUp,
    check_ins_between,
    early_ended_list,
    follow_up_list,
    follow_up_of,
)
from igu_admin.services.follow_up.records import (
    add_note,
    check_ins_of,
    get_check_in,
    mentor_of,
    notes_of,
    record_check_in,
    remove_mentor,
    set_mentor,
)
from igu_admin.services.follow_up.settings import months_for

__all__ = [
    "RISK_FILTERS",
    "CourseFollowUp",
    "EndedCourse",
    "FollowUp",
    "add_note",
    "check_ins_between",
    "check_ins_of",
    "early_ended_list",
    "follow_up_list",
    "follow_up_of",
    "get_check_in",
    "mentor_of",
    "months_for",
    "notes_of",
    "overview",
    "record_check_in",
    "records",
    "remove_mentor",
    "set_mentor",
    "settings",
]
