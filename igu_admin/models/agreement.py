from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from igu_admin.domain.lifecycle import AgreementStatus, RecordKind, StartedBy
from igu_admin.models.base import Base, UTCDateTime, immutable, status_check, utcnow
from igu_admin.models.company import Company
from igu_admin.models.municipality import Municipality
from igu_admin.models.trainee import Trainee
from igu_admin.models.user import User

# What the overview reads of the courses started, and of the decisions made,
# in a period (services/overview/figures.py).
STARTS_COVERED = ["status", "continues_agreement_id", "municipality_code", "target_group",
                  "trainee_sex", "trainee_birth_date", "registered_since"]
DECISIONS_COVERED = ["first_submitted_at", "status", "municipality_code"]


class Agreement(Base):
    """The IGU agreement (aftale om integrationsgrunduddannelse) between a
    company and a trainee.

    A draft may lack anything but its company: the employer saves it after
    every step, so the trainee, the start date and the rest are empty until
    they are typed. `municipality_code` is the trainee's municipality: it
    decides which jobcenter reviews the agreement. `lock_version` gives
    optimistic locking, so two writers cannot overwrite each other.
    """

    __tablename__ = "agreement"
    __table_args__ = (
        status_check(RecordKind.AGREEMENT),
        # The caseworker's queue: a municipality's cases narrowed by status.
        Index("ix_agreement_municipality_status", "municipality_code", "status"),
        # An imported course is found again by the municipality's own id.
        UniqueConstraint("municipality_code", "external_ref"),
        # The overview and the benchmark: courses started, decisions made, and
        # agreements completed or ended early in a period. On PostgreSQL the
        # first two carry what the overview counts by, so that it reads the
        # index alone (the instance's totals touch a fifth of the agreements).
        Index("ix_agreement_start_date", "start_date", postgresql_include=STARTS_COVERED),
        Index("ix_agreement_decided_at", "decided_at", postgresql_include=DECISIONS_COVERED),
        Index("ix_agreement_end_date", "end_date"),
        Index("ix_agreement_termination_date", "termination_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), index=True)
    trainee_id: Mapped[int | None] = mapped_column(ForeignKey("trainee.id"), index=True)
    municipality_code: Mapped[str | None] = mapped_column(ForeignKey("municipality.code"),
                                                          index=True)
    status: Mapped[str] = mapped_column(String(20), default=AgreementStatus.DRAFT)
    ruleset_code: Mapped[str | None] = mapped_column(String(30))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    workplace_address: Mapped[str] = mapped_column(String(200), default="")
    job_title: Mapped[str] = mapped_column(String(200), default="")
    tasks: Mapped[str] = mapped_column(Text, default="")
    weekly_hours: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    collective_agreement: Mapped[str] = mapped_column(String(200), default="")
    wage_basis: Mapped[str] = mapped_column(String(20), default="")
    wage_rate_year1: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    wage_rate_year2: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    terms_holiday: Mapped[str] = mapped_column(String(500), default="")
    terms_notice: Mapped[str] = mapped_column(String(500), default="")
    terms_other: Mapped[str] = mapped_column(String(2000), default="")
    contact_person: Mapped[str] = mapped_column(String(200), default="")
    # The trainee as the employer typed them on this agreement. Kept here, not
    # on the shared Trainee record, so that a draft never shows or changes what
    # another company typed about the same person; the Trainee record is
    # linked (by the CPR number's keyed hash) when the agreement is submitted.
    trainee_name: Mapped[str] = mapped_column(String(200), default="")
    trainee_cpr_encrypted: Mapped[bytes | None] = mapped_column(LargeBinary)
    trainee_cpr_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    # "female" or "male", from the CPR number's last digit (odd: male), set
    # wherever the number is saved: the overview counts by it, and no query
    # can read it from the encrypted number.
    trainee_sex: Mapped[str | None] = mapped_column(String(6))
    # The birth date the CPR number holds, kept beside it for the same reason
    # (the overview's age bands, counted without a join to the trainee).
    trainee_birth_date: Mapped[date | None] = mapped_column(Date)
    trainee_address: Mapped[str] = mapped_column(String(300), default="")
    trainee_email: Mapped[str] = mapped_column(String(254), default="")
    trainee_phone: Mapped[str] = mapped_column(String(30), default="")
    # The last step of the guided flow the employer completed ("Fortsæt").
    step_reached: Mapped[str] = mapped_column(String(20), default="")
    # The trainee's facts for eligibility, kept as facts: the assessment is
    # made again from them (in the reader's language, under the rule set).
    target_group: Mapped[str | None] = mapped_column(String(40))
    residence_permit_kind: Mapped[str] = mapped_column(String(100), default="")
    residence_permit_date: Mapped[date | None] = mapped_column(Date)
    registered_since: Mapped[date | None] = mapped_column(Date)
    absences: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    previous_igu: Mapped[bool | None] = mapped_column(Boolean)
    recent_ordinary_employment: Mapped[bool | None] = mapped_column(Boolean)
    # The start of the trainee's integration programme, when the caseworker knows it.
    integration_programme_start: Mapped[date | None] = mapped_column(Date)
    # The caseworker who has taken the case ("Tildel mig"); None while nobody has.
    assigned_caseworker_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"),
                                                               index=True)
    # After approval, as the employer records them: the day both parties
    # signed, and the day the agreement was registered in VITAS.
    signed_on: Mapped[date | None] = mapped_column(Date)
    registered_on: Mapped[date | None] = mapped_column(Date)
    # Who started the agreement: the employer, a jobcentre for the company
    # (`started_by_municipality_code` says which), or an import of a course
    # the municipality ran before it used igu-admin (`external_ref` is its own id).
    started_by: Mapped[str] = mapped_column(String(20), default=StartedBy.EMPLOYER,
                                            server_default=StartedBy.EMPLOYER.value)
    started_by_municipality_code: Mapped[str | None] = mapped_column(
        ForeignKey("municipality.code"), index=True)
    external_ref: Mapped[str | None] = mapped_column(String(100))
    # The course's mentor, if it has one: a person who may have no login,
    # shown to the caseworker and the employer in the follow-up.
    mentor_name: Mapped[str | None] = mapped_column(String(200))
    mentor_organisation: Mapped[str] = mapped_column(String(200), default="", server_default="")
    mentor_phone: Mapped[str] = mapped_column(String(30), default="", server_default="")
    mentor_email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    # The language of the trainee's own copy ("Din IGU"), a code of
    # domain.trainee_languages; None until someone chooses it. Not a term of
    # the agreement: changing it makes no version and leaves the PDF as it is.
    trainee_language: Mapped[str | None] = mapped_column(String(5))
    lock_version: Mapped[int] = mapped_column(Integer, default=1)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The first submission (`submitted_at` is the latest): the overview counts
    # the days from it to the decision without reading the versions.
    first_submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The latest decision on the agreement; for an approved or rejected one,
    # the approval or rejection (no decision follows them).
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # The course's later events. `end_date` is the current end: approved
    # extensions (course_extension) move it, and the end the rule set gave is
    # derived from them. A termination is recorded at once, also for a later
    # date (its last day of employment); the status follows on that day.
    termination_date: Mapped[date | None] = mapped_column(Date)
    termination_reason: Mapped[str | None] = mapped_column(String(20))
    termination_note: Mapped[str] = mapped_column(String(1000), default="")
    # The company that continues the course (compact CVR), as the employer
    # named it, whether or not it uses igu-admin.
    continued_by_cvr: Mapped[str | None] = mapped_column(String(8))
    # The agreement whose course this one continues after an early end: the
    # same IGU, with the time served counted.
    continues_agreement_id: Mapped[int | None] = mapped_column(ForeignKey("agreement.id"))
    # The review (eligibility, missing fields, warnings) as worded at the last
    # submission, in each language, with the fingerprint of the rules and
    # wording it was made with (services/agreements/listing.py): the record
    # reads it instead of reviewing again.
    submitted_review: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    company: Mapped[Company] = relationship()
    trainee: Mapped[Trainee | None] = relationship()
    municipality: Mapped[Municipality | None] = relationship(foreign_keys=[municipality_code])
    started_by_municipality: Mapped[Municipality | None] = relationship(
        foreign_keys=[started_by_municipality_code])
    assigned_caseworker: Mapped[User | None] = relationship(foreign_keys=[assigned_caseworker_id])
    versions: Mapped[list[AgreementVersion]] = relationship(
        back_populates="agreement", order_by="AgreementVersion.number")

    __mapper_args__ = {"version_id_col": lock_version}


@immutable
class AgreementVersion(Base):
    """An agreement as submitted: number 1, 2, ... per agreement, the data as
    sent and its PDF. Never updated: a correction is a new version."""

    __tablename__ = "agreement_version"
    __table_args__ = (UniqueConstraint("agreement_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary)
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))

    agreement: Mapped[Agreement] = relationship(back_populates="versions")


@immutable
class Decision(Base):
    """A caseworker's decision on an agreement or its plan, with the reason.
    Never changed: a later decision is a new row."""

    __tablename__ = "decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    role: Mapped[str] = mapped_column(String(20))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # What was decided on: "agreement" or "plan", and the action taken.
    subject: Mapped[str] = mapped_column(String(20), default=RecordKind.AGREEMENT.value)
    kind: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text, default="")
    # The number of the version (of the agreement or of the plan) decided on.
    version_number: Mapped[int | None] = mapped_column(Integer)

    author: Mapped[User | None] = relationship()


@immutable
class Comment(Base):
    """A message in the conversation between employer and municipality.
    Never edited or deleted: the conversation is part of the case's record."""

    __tablename__ = "comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    role: Mapped[str] = mapped_column(String(20))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    kind: Mapped[str] = mapped_column(String(20), default="message")
    text: Mapped[str] = mapped_column(Text)

    author: Mapped[User | None] = relationship()
