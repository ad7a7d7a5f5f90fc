"""The review's and the next steps' refusals worded for people (Babel), with
dates as the reader's locale writes them."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date, gettext

from igu_admin.domain.agreement_rules import Problem
from igu_admin.inputs.review import TEXT_LENGTH
from igu_admin.inputs.upload_content import ACTIVE_CONTENT, MAX_PIXELS, TOO_MANY_PIXELS


def _day(value: date) -> str:
    return format_date(value, "long")


def reason_required() -> str:
    return gettext("Write the reason: the employer sees it and needs it to act.")


def comment_empty() -> str:
    return gettext("Write a message.")


def comment_too_long() -> str:
    return gettext("Use at most %(max_length)s characters.", max_length=TEXT_LENGTH)


def programme_start_after_course_start(start: date) -> str:
    return gettext("The integration programme starts before the IGU course, which starts on "
                   "%(start)s.", start=_day(start))


def signed_copy_type() -> str:
    return gettext("The file is not a PDF, PNG or JPEG. Scan the signed agreement to one of "
                   "these and upload it again.")


def signed_copy_empty() -> str:
    return gettext("The file is empty.")


def signed_copy_too_large(limit_mb: int) -> str:
    return gettext("The file is larger than %(size)s MB. Scan it at a lower resolution or as "
                   "a PDF.", size=limit_mb)


def signed_copy_content(code: str) -> str:
    """A scan refused for what it holds (inputs.upload_content)."""
    return upload_content_refusal(code)


def upload_content_refusal(code: str) -> str:
    """An upload refused for what it holds: "active_content" or "too_many_pixels"."""
    if code == ACTIVE_CONTENT:
        return gettext("The PDF contains JavaScript or an action that runs when it is opened. "
                       "Save or print it as a plain PDF, or scan the paper, and upload it again.")
    if code == TOO_MANY_PIXELS:
        return gettext("The image is larger than %(pixels)s million pixels. Scan it at a lower "
                       "resolution and upload it again.", pixels=MAX_PIXELS // 1_000_000)
    raise KeyError(code)


def problem_message(problem: Problem) -> str:
    """A signing or registration date the rules refuse (domain.signing)."""
    p = problem.params
    if problem.code == "signed_after_start":
        return gettext("The agreement must be signed no later than the course's first day "
                       "(%(start)s).", start=_day(p["start"]))
    if problem.code == "signed_after_registration":
        return gettext("The agreement was registered in VITAS on %(date)s: it was signed before "
                       "that.", date=_day(p["registered_on"]))
    if problem.code == "signing_not_recorded":
        return gettext("Record the day the agreement was signed first.")
    if problem.code == "registered_before_signing":
        return gettext("The agreement cannot be registered before it was signed (%(date)s).",
                       date=_day(p["signed_on"]))
    raise ValueError(f"no wording for {problem.code}")


def worded(problems: list[Problem]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(problem.path, []).append(problem_message(problem))
    return errors
