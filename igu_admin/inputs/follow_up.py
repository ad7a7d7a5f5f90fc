"""The follow-up as input: a check-in, the employer's note and the course's
mentor, for the API's bodies (and their OpenAPI schema) and the pages' forms.
Shapes only; the service judges them against the course."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from igu_admin.domain.follow_up import HELD_BY, PARTICIPANTS, RATINGS
from igu_admin.inputs.types import Email, IsoDate, OneOf, Phone, StrictInput, Text, left_out, lock_version

AGREED_LENGTH = 4000
NOTE_LENGTH = 4000
NAME_LENGTH = 200

Rating = Annotated[str, OneOf(lambda: RATINGS, "follow_up_choice_unknown",
                              "good, concern or at_risk.")]
AgreementLock = Annotated[int, lock_version()]
Participant = Annotated[str, OneOf(lambda: PARTICIPANTS, "follow_up_choice_unknown")]


class CheckInInput(StrictInput):
    """A check-in the municipality held with the trainee."""

    held_on: Annotated[date, IsoDate("The day the check-in was held.")]
    held_by: Annotated[str, OneOf(lambda: HELD_BY, "follow_up_choice_unknown",
                                  "caseworker or mentor.")]
    participants: list[Participant] = Field(default_factory=list, max_length=len(PARTICIPANTS))
    work: Rating
    school: Rating
    danish: Rating
    agreed: Annotated[str, Text(AGREED_LENGTH, multiline=True,
                                description="What was agreed.")] = ""
    next_on: Annotated[date | None, IsoDate(
        "The next check-in's day; left out: the next one the follow-up plan has after "
        "`held_on`.")] = left_out()


class FollowUpNoteInput(StrictInput):
    """The employer's note on how the course goes."""

    text: Annotated[str, Text(NOTE_LENGTH, multiline=True, required=True)]


class MentorInput(StrictInput):
    """The course's mentor: a person who may have no login."""

    name: Annotated[str, Text(NAME_LENGTH, required=True)]
    organisation: Annotated[str, Text(NAME_LENGTH)] = ""
    phone: Annotated[str, Phone()] = ""
    email: Annotated[str, Email()] = ""
    lock_version: AgreementLock | None = left_out(
        "The agreement's lock_version last read; a stale one answers 409. Left out: the "
        "agreement as it stands.")
