"""The follow-up in the JSON API: one course's follow-up (both sides), the
caseworker's check-ins and the mentor, the employer's notes, and the
municipality's list of its active courses at risk first. The follow-up is
the municipality's own practice, not a requirement of the act. Thin: every
operation is one service call."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from flask import url_for
from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field

from igu_admin.core import tenancy
from igu_admin.domain import follow_up as fu
from igu_admin.inputs.follow_up import CheckInInput, FollowUpNoteInput, MentorInput
from igu_admin.inputs.types import OneOf
from igu_admin.models import CheckIn, FollowUpNote, Role
from igu_admin.services import follow_up
from igu_admin.web.api.agreement_shapes import NOT_FOUND
from igu_admin.web.api.blueprint import api
from igu_admin.wording.follow_up import reason_message

CASEWORKER = (Role.CASEWORKER,)
EMPLOYER = (Role.EMPLOYER,)
PARTIES = (Role.EMPLOYER, Role.CASEWORKER)
PRACTICE = ("The follow-up is the municipality's own practice, not a requirement of the act. ")
CHECK_IN_NOT_FOUND = ("No such agreement or check-in, or an agreement outside the caller's "
                      "tenancy.")
NOT_ACTIVE = "The course is not active."
RiskCode = Annotated[str, OneOf(lambda: fu.RISKS, "follow_up_choice_unknown", "ok or at_risk.")]


class MentorOut(BaseModel):
    name: str
    organisation: str
    phone: str
    email: str


class ReasonOut(BaseModel):
    code: str = Field(description="check_in_at_risk, check_in_overdue, sickness_extension, "
                                  "plan_missing, plan_sent_back or claim_rejected.")
    since: date = Field(description="The day the reason holds from.")
    message: str = Field(description="A sentence in the language of Accept-Language.")


class CheckInOut(BaseModel):
    number: int = Field(description="1, 2, ... within the agreement.")
    held_on: date
    held_by: str = Field(description="caseworker or mentor.")
    participants: list[str] = Field(description="Of trainee, employer, mentor, school, "
                                                "interpreter.")
    work: str = Field(description="good, concern or at_risk.")
    school: str
    danish: str
    agreed: str
    next_on: date | None = Field(description="The next check-in's day.")


class NoteOut(BaseModel):
    number: int
    written_at: datetime
    author: str = Field(description="The employer's name.")
    text: str


class FollowUpOut(BaseModel):
    mentor: MentorOut | None
    next_check_in: date | None
    overdue_days: int = Field(description="max(0, today - next_check_in).")
    risk: RiskCode
    reasons: list[ReasonOut]
    check_ins: list[CheckInOut]
    notes: list[NoteOut] = Field(description="The employer's notes on how it goes.")
    lock_version: int = Field(description="The agreement's: send it with a change of mentor.")


class FollowUpRow(BaseModel):
    agreement_id: int
    trainee_name: str
    company: str
    next_check_in: date | None
    overdue_days: int
    risk: RiskCode
    reasons: list[ReasonOut]


class FollowUpPage(BaseModel):
    items: list[FollowUpRow]
    next: str | None = Field(description="The URL of the next page, or null on the last.")


class FollowUpQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    risk: RiskCode | None = None
    overdue: bool = Field(False, description="true: only courses whose next check-in has "
                                             "passed.")
    assigned: Literal["me"] | None = Field(None, description="me: only the caller's cases.")
    limit: Annotated[int, Field(ge=1, le=500)] = 50
    after: Annotated[int, Field(ge=1, le=tenancy.MAX_ID,
                                description="The cursor from `next`.")] | None = None


def reasons_out(risk: fu.Risk) -> list[ReasonOut]:
    return [ReasonOut(code=r.code, since=r.since, message=reason_message(r))
            for r in risk.reasons]


def check_in_out(check_in: CheckIn) -> CheckInOut:
    return CheckInOut(number=check_in.number, held_on=check_in.held_on,
                      held_by=check_in.held_by, participants=list(check_in.participants),
                      work=check_in.work, school=check_in.school, danish=check_in.danish,
                      agreed=check_in.agreed, next_on=check_in.next_on)


def note_out(note: FollowUpNote) -> NoteOut:
    return NoteOut(number=note.number, written_at=note.written_at,
                   author=(note.author.name or note.author.email) if note.author else "", text=note.text)


def follow_up_out(found: follow_up.FollowUp) -> FollowUpOut:
    course = found.course
    return FollowUpOut(
        mentor=MentorOut(**found.mentor) if found.mentor else None,
        next_check_in=course.next_check_in, overdue_days=course.risk.overdue_days,
        risk=course.risk.risk, reasons=reasons_out(course.risk),
        check_ins=[check_in_out(c) for c in found.check_ins],
        notes=[note_out(n) for n in found.notes],
        lock_version=course.agreement.lock_version)


@api.operation(
    "/agreements/<int:agreement_id>/follow-up", "GET", operation_id="getFollowUp",
    tags=("follow-up",), bearer=True, roles=PARTIES,
    summary="An active course's follow-up: mentor, next check-in, risk and reasons",
    description=PRACTICE + "For the company's employer and the municipality's caseworkers. "
                "`risk` is at_risk when one of `reasons` holds, each with the day it holds "
                "from.",
    responses={200: (FollowUpOut, "The follow-up."), 404: NOT_FOUND})
def get_follow_up(agreement_id: int) -> FollowUpOut:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    return follow_up_out(follow_up.follow_up_of(current_user, agreement))


@api.operation(
    "/agreements/<int:agreement_id>/check-ins", "POST", operation_id="recordCheckIn",
    tags=("follow-up",), bearer=True, roles=CASEWORKER, body=CheckInInput,
    summary="Record a check-in held on an active course (the municipality)",
    description=PRACTICE + "`next_on` left out: the follow-up plan's next check-in after "
                "`held_on`.",
    responses={201: (CheckInOut, "The check-in, numbered; `Location` is its URL."),
               400: "Malformed input, a day in the future, or a next check-in not after it.",
               404: NOT_FOUND, 409: NOT_ACTIVE})
def record_check_in(agreement_id: int,
                    body: CheckInInput) -> tuple[CheckInOut, int, dict[str, str]]:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    check_in = follow_up.record_check_in(current_user, agreement, body)
    return check_in_out(check_in), 201, {"Location": url_for(
        "api.get_check_in", agreement_id=agreement.id, number=check_in.number)}


@api.operation(
    "/agreements/<int:agreement_id>/check-ins/<int:number>", "GET", operation_id="getCheckIn",
    tags=("follow-up",), bearer=True, roles=PARTIES, summary="One check-in of a course",
    responses={200: (CheckInOut, "The check-in."), 404: CHECK_IN_NOT_FOUND})
def get_check_in(agreement_id: int, number: int) -> CheckInOut:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    return check_in_out(follow_up.get_check_in(current_user, agreement, number))


@api.operation(
    "/agreements/<int:agreement_id>/follow-up-notes", "POST", operation_id="addFollowUpNote",
    tags=("follow-up",), bearer=True, roles=EMPLOYER, body=FollowUpNoteInput,
    summary="The employer's note on how the course goes, for the caseworker",
    responses={201: (NoteOut, "The note, numbered; `Location` is the course's follow-up."),
               404: NOT_FOUND, 409: NOT_ACTIVE})
def add_follow_up_note(agreement_id: int,
                       body: FollowUpNoteInput) -> tuple[NoteOut, int, dict[str, str]]:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    note = follow_up.add_note(current_user, agreement, body.text)
    return note_out(note), 201, {"Location": url_for("api.get_follow_up",
                                                     agreement_id=agreement.id)}


@api.operation(
    "/agreements/<int:agreement_id>/mentor", "PUT", operation_id="setMentor",
    tags=("follow-up",), bearer=True, roles=CASEWORKER, body=MentorInput,
    summary="Name the course's mentor (the municipality)",
    description="A person who may have no login; shown to the caseworker and the employer. "
                "With the agreement's `lock_version`.",
    responses={200: (FollowUpOut, "The follow-up with the mentor."), 404: NOT_FOUND,
               409: "A stale lock_version."})
def set_mentor(agreement_id: int, body: MentorInput) -> FollowUpOut:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    follow_up.set_mentor(current_user, agreement, body)
    return follow_up_out(follow_up.follow_up_of(current_user, agreement))


@api.operation(
    "/agreements/<int:agreement_id>/mentor", "DELETE", operation_id="removeMentor",
    tags=("follow-up",), bearer=True, roles=CASEWORKER,
    summary="Remove the course's mentor (the municipality)",
    responses={200: (FollowUpOut, "The follow-up without a mentor."), 404: NOT_FOUND})
def remove_mentor(agreement_id: int) -> FollowUpOut:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    follow_up.remove_mentor(current_user, agreement)
    return follow_up_out(follow_up.follow_up_of(current_user, agreement))


@api.operation(
    "/follow-up", "GET", operation_id="listFollowUp", tags=("follow-up",), bearer=True,
    roles=CASEWORKER, query=FollowUpQuery,
    summary="The municipality's active courses, at risk first, then the most overdue",
    description=PRACTICE + "`?risk=` filters by risk, `?overdue=true` keeps the courses "
                "whose next check-in has passed, `?assigned=me` the caller's cases.",
    responses={200: (FollowUpPage, "One page of courses.")})
def list_follow_up(query: FollowUpQuery) -> FollowUpPage:
    courses = follow_up.follow_up_list(current_user, risk=query.risk, overdue=query.overdue,
                                       assigned_to_me=query.assigned == "me")
    start = query.after or 0
    page = courses[start:start + query.limit]
    following = None
    if start + query.limit < len(courses):
        following = url_for("api.list_follow_up", limit=query.limit, after=start + query.limit,
                            risk=query.risk, overdue="true" if query.overdue else None,
                            assigned=query.assigned)
    return FollowUpPage(items=[FollowUpRow(
        agreement_id=c.agreement.id, trainee_name=c.agreement.trainee_name,
        company=c.agreement.company.name, next_check_in=c.next_check_in,
        overdue_days=c.risk.overdue_days, risk=c.risk.risk, reasons=reasons_out(c.risk))
        for c in page], next=following)
