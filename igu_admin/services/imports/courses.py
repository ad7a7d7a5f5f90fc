"""Importing the courses a municipality ran before it used igu-admin.

The file is read and each row checked elsewhere (inputs.course_import); here
the rows that passed are matched against the municipality's agreements by
their `external_ref` and each is

- created: an agreement in the row's status, started by the import, with an
  imported version (its data marked, no PDF), its company (created when
  igu-admin does not know the CVR number), its trainee (the CPR number
  encrypted, with its keyed hash, as everywhere), an approved extension with
  the reason `imported` when the file's end is later than the rule set's,
  and its claims from its history: a claim whose milestone has passed is due,
  or paid on the file's date; one a terminated course never reached is
  cancelled; the rest are scheduled for the daily job;
- unchanged: the agreement already says what the row says;
- a conflict: the agreement says something else; left as it is unless the
  import is told to update, when only what the row changed is changed, each
  change with its audit event.

One transaction: while any row is invalid nothing is written but the
import's line in the municipality's history (a dry run too writes only that
line). Every audit event of the import has the channel `import`. Built for
thousands of rows: the look-ups are one query per kind of record, and the
records are inserted a kind at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from flask_babel import format_date, gettext
from sqlalchemy import insert, select
from sqlalchemy.orm import joinedload

from igu_admin.core import audit, rules_in_force
from igu_admin.core.clock import today as danish_today
from igu_admin.core.cpr_vault import vault
from igu_admin.core.errors import NotFound, PermissionDenied
from igu_admin.core.unit_of_work import unit_of_work
from igu_admin.domain import milestones
from igu_admin.domain.agreement_rules import end_date as course_end
from igu_admin.domain.course_events import IMPORTED
from igu_admin.domain.identifiers import cpr_birth_date, cpr_sex
from igu_admin.domain.lifecycle import (
    AgreementStatus,
    ClaimStatus,
    ExtensionStatus,
    RecordKind,
    StartedBy,
)
from igu_admin.domain.milestones import Extension, ScheduledClaim
from igu_admin.domain.rule_parts import RuleSet
from igu_admin.extensions import db
from igu_admin.inputs.course_import import COLUMNS, CourseRow, ReadCourses, RowError
from igu_admin.models import (
    Agreement,
    BonusClaim,
    Company,
    CourseExtension,
    CourseImport,
    Municipality,
    Role,
    Trainee,
    User,
)
from igu_admin.models.base import utcnow
from igu_admin.services import agreements, claims, documents
from igu_admin.services.imports.continuations import link_continuations

__all__ = [
    "CHANNELS", "PAID_COLUMNS", "Conflict", "ImportReport", "ensure_may_import", "history",
    "import_courses",
]

# The doors an import comes through, as its history names them.
CHANNELS = ("web", "api", "cli")
# The file's paid dates and the claim type (the rule sets' code) each is of.
PAID_COLUMNS: dict[str, str] = {
    "company_bonus_6m_paid_on": "company_bonus_6_months",
    "completion_bonus_paid_on": "company_bonus_completion",
    "result_grant_paid_on": "municipality_result_grant",
}
_COLUMN_ORDER = {column: i for i, column in enumerate(COLUMNS)}
# Rows looked up in one query: well below what SQLite takes as parameters.
_CHUNK = 500
# The agreement's columns the file gives, by the file's column name (the
# others are compared and changed by code of their own).
_PLAIN = {"trainee_name": "trainee_name", "target_group": "target_group",
          "registered_since": "registered_since", "start_date": "start_date",
          "end_date": "end_date", "weekly_hours": "weekly_hours", "job_title": "job_title",
          "integration_programme_start": "integration_programme_start"}
# How a course ended: said by a file of an ended course only (one of a
# running course says nothing of an end recorded in igu-admin since).
_ENDING = {"termination_reason": "termination_reason", "continued_by_cvr": "continued_by_cvr"}
_ENDED = (AgreementStatus.COMPLETED.value, AgreementStatus.TERMINATED.value)
# A course moves on after it was imported (the daily job starts it, ends it
# on its termination date, the employer completes it): a file that still says
# the earlier status says nothing new.
_LATER = {AgreementStatus.APPROVED.value: {AgreementStatus.ACTIVE.value,
                                           AgreementStatus.TERMINATED.value,
                                           AgreementStatus.COMPLETED.value},
          AgreementStatus.ACTIVE.value: {AgreementStatus.TERMINATED.value,
                                         AgreementStatus.COMPLETED.value}}

@dataclass(frozen=True)
class Conflict:
    """A row whose course igu-admin holds with other values, not applied."""

    row: int
    external_ref: str


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do). `rows`: the file's
    data rows; `valid`: those that passed. Never a row's content beyond its
    number and reference: the report is shown, printed and logged."""

    rows: int
    valid: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    update: bool = False
    import_id: int | None = None

    @property
    def invalid(self) -> bool:
        return bool(self.errors)

    def as_dict(self) -> dict[str, Any]:
        """The shape the API answers and `--json` prints."""
        return {"rows": self.rows, "valid": self.valid, "created": self.created,
                "updated": self.updated, "unchanged": self.unchanged,
                "conflicts": [{"row": c.row, "external_ref": c.external_ref}
                              for c in self.conflicts],
                "errors": [{"row": e.row, "field": e.field, "message": e.message}
                           for e in self.errors]}


def ensure_may_import(actor: User | None, municipality_code: str) -> Municipality:
    """The municipality to import into, if the actor may: a caseworker into
    their own only (another is not found, as outside the tenancy), an
    administrator or the command line (no actor) into any; employers and
    finance officers never (PermissionDenied)."""
    if actor is not None and actor.role not in (Role.CASEWORKER, Role.ADMIN):
        raise PermissionDenied("import_courses")
    if actor is not None and actor.role == Role.CASEWORKER \
            and actor.municipality_code != municipality_code:
        raise NotFound(municipality_code)
    municipality = db.session.get(Municipality, municipality_code) if municipality_code else None
    if municipality is None:
        raise NotFound(municipality_code)
    return municipality


def history(actor: User | None, municipality_code: str, limit: int = 20) -> list[CourseImport]:
    """The municipality's latest imports, newest first (dry runs and refused
    files included), for the import page."""
    ensure_may_import(actor, municipality_code)
    return list(db.session.scalars(
        select(CourseImport).options(joinedload(CourseImport.user))
        .where(CourseImport.municipality_code == municipality_code)
        .order_by(CourseImport.occurred_at.desc(), CourseImport.id.desc()).limit(limit)))


def import_courses(actor: User | None, municipality_code: str, read: ReadCourses, *,
                   channel: str, filename: str = "", dry_run: bool = False,
                   update: bool = False, today: date | None = None) -> ImportReport:
    """Import the rows read from a file into the municipality (see the
    module's note), as one unit of work that also records the import in the
    municipality's history. `channel`: the door (web, api or cli). Refuses
    as `ensure_may_import` does before anything is read or written."""
    if channel not in CHANNELS:
        raise ValueError(channel)
    ensure_may_import(actor, municipality_code)
    today = today or danish_today()
    report = ImportReport(rows=read.rows, valid=0, dry_run=dry_run, update=update)
    with unit_of_work(), audit.channel("import"):
        known = _Known.load(municipality_code, read.courses)
        errors = [*read.errors, *_more_errors(read.courses, known, today)]
        # By row, and within a row in the file's order of columns.
        report.errors = sorted(errors, key=lambda e: (e.row, _COLUMN_ORDER.get(e.field, -1)))
        blamed = {e.row for e in report.errors}
        report.valid = sum(1 for row in read.courses if row.row not in blamed)
        if not report.errors:
            _import(actor, municipality_code, read.courses, known, report, today)
        report.import_id = _record(actor, municipality_code, channel, filename, report).id
    return report


def _record(actor: User | None, municipality_code: str, channel: str, filename: str,
            report: ImportReport) -> CourseImport:
    """The import's line in the municipality's history: its counts, never a row."""
    line = CourseImport(municipality_code=municipality_code,
                        user_id=actor.id if actor is not None else None, channel=channel,
                        filename=filename[:200], occurred_at=utcnow(), dry_run=report.dry_run,
                        update=report.update, rows=report.rows, valid=report.valid,
                        created=report.created, updated=report.updated,
                        unchanged=report.unchanged, conflicts=len(report.conflicts),
                        errors=len(report.errors))
    db.session.add(line)
    db.session.flush()
    return line


@dataclass
class _Known:
    """What igu-admin holds for the file's rows, each kind read in one go:
    the municipality's agreements by reference (with their paid claims),
    the companies by CVR number, the trainees by the CPR number's hash."""

    agreements: dict[str, Agreement]
    paid: dict[int, dict[str, date | None]]
    companies: dict[str, Company]
    trainees: dict[str, Trainee]
    hashes: dict[int, str]  # a row's number -> its CPR number's keyed hash

    @classmethod
    def load(cls, municipality_code: str, rows: Sequence[CourseRow]) -> _Known:
        lookup = vault().lookup_hash
        hashes = {row.row: lookup(row.trainee_cpr) for row in rows}
        agreements = {a.external_ref or "": a for a in _in_chunks(
            {row.external_ref for row in rows}, lambda refs: select(Agreement)
            .options(joinedload(Agreement.company))
            .where(Agreement.municipality_code == municipality_code,
                   Agreement.external_ref.in_(refs)))}
        paid: dict[int, dict[str, date | None]] = {}
        for claim in _in_chunks({a.id for a in agreements.values()}, lambda ids: select(
                BonusClaim).where(BonusClaim.agreement_id.in_(ids))):
            paid.setdefault(claim.agreement_id, {})[claim.claim_type] = (
                claim.paid_on if claim.status == ClaimStatus.PAID.value else None)
        cvrs = {row.company_cvr for row in rows} | {a.company.cvr for a in agreements.values()}
        companies = {c.cvr: c for c in _in_chunks(
            cvrs, lambda some: select(Company).where(Company.cvr.in_(some)))}
        trainees = {t.cpr_hash: t for t in _in_chunks(
            set(hashes.values()), lambda some: select(Trainee).where(Trainee.cpr_hash.in_(some)))}
        return cls(agreements, paid, companies, trainees, hashes)

    def is_private(self, row: CourseRow) -> bool:
        """The employer's type: igu-admin's record of the company when it has
        one (its own users keep it), else the file's."""
        company = self.companies.get(row.company_cvr)
        return company.is_private if company is not None else row.is_private


# The agreement's texts an imported course has none of.
_EMPTY_TEXTS = {name: "" for name in (
    "workplace_address", "tasks", "collective_agreement", "wage_basis", "terms_holiday",
    "terms_notice", "terms_other", "contact_person", "trainee_address", "trainee_email",
    "trainee_phone", "residence_permit_kind", "termination_note")}
# Rows in one INSERT run: bounds the memory of a run's parameters.
_BATCH = 1000


def _insert(model: Any, rows: list[dict[str, Any]]) -> None:
    """Rows of one model (each with the same columns) inserted in runs: into
    its table, the driver's executemany, not the ORM's bulk path (which sends
    a statement a row for some models)."""
    table = model.__table__
    for start in range(0, len(rows), _BATCH):
        db.session.execute(insert(table), rows[start:start + _BATCH])


def _in_chunks_rows(keys: Iterable[Any], query: Any) -> list[Any]:
    """As `_in_chunks`, for queries of columns: the rows."""
    keys = sorted(keys)
    found: list[Any] = []
    for start in range(0, len(keys), _CHUNK):
        found.extend(tuple(row) for row in db.session.execute(query(keys[start:start + _CHUNK])))
    return found


def _in_chunks(keys: Iterable[Any], query: Any) -> list[Any]:
    keys = sorted(keys)
    found: list[Any] = []
    for start in range(0, len(keys), _CHUNK):
        found.extend(db.session.scalars(query(keys[start:start + _CHUNK])).unique())
    return found


# --- what only the records can tell -------------------------------------------------


def _more_errors(rows: Sequence[CourseRow], known: _Known, today: date) -> list[RowError]:
    """The rows' errors the reader does not judge: a paid date for a claim the
    course does not have (a public employer's company bonus, a result grant
    without the programme's start), has not reached yet, or never reached."""
    errors: list[RowError] = []
    for row in rows:
        if not any(getattr(row, column) for column in PAID_COLUMNS):
            continue
        course = _Course.of(row, known.is_private(row))
        by_type = {c.claim_type: c for c in course.schedule.claims}
        for column, claim_type in PAID_COLUMNS.items():
            paid_on: date | None = getattr(row, column)
            if paid_on is None:
                continue
            claim = by_type.get(claim_type)
            if claim is None:
                message = gettext("The course has no such claim, so it cannot have been paid.")
            elif claim.cancelled is not None:
                message = gettext("The course ended before this claim was reached, so it "
                                  "cannot have been paid.")
            elif claim.due_date > today:
                message = gettext("The claim falls due on %(date)s, so it cannot have been "
                                  "paid yet.", date=format_date(claim.due_date, "long"))
            elif paid_on < claim.due_date:
                message = gettext("The claim fell due on %(date)s: it cannot have been paid "
                                  "before.", date=format_date(claim.due_date, "long"))
            else:
                continue
            errors.append(RowError(row.row, column, message))
    return errors


@dataclass(frozen=True)
class _Course:
    """A row's course as the rule set gives it: its rule set, the end the
    rule set computes, the imported extension (when the file's end is later)
    and the claims' schedule."""

    ruleset: RuleSet
    computed_end: date
    extension: Extension | None
    schedule: milestones.Schedule

    @classmethod
    def of(cls, row: CourseRow, is_private: bool) -> _Course:
        # The reader has chosen the rule set and computed its end; a row made
        # by hand (tests) leaves it to be done here, the same way.
        catalogue = rules_in_force.catalogue()
        code, computed_end = row.ruleset_code, row.computed_end_date
        ruleset = (catalogue.get(code) if code in catalogue.codes
                   else rules_in_force.for_start(row.start_date))
        computed = computed_end or course_end(row.start_date,
                                                       ruleset.as_of(row.start_date).course)
        extension = (Extension(computed + timedelta(days=1), row.end_date, IMPORTED)
                     if row.end_date > computed else None)
        facts = milestones.one_employer(
            row.start_date, is_private, extensions=(extension,) if extension else (),
            terminated_on=_termination_date(row),
            integration_programme_start=row.integration_programme_start)
        return cls(ruleset, computed, extension, milestones.schedule(ruleset, facts))


def _termination_date(row: CourseRow) -> date | None:
    """The early end of a terminated course (a completed one's `ended_on` is
    its end date: no termination)."""
    return row.ended_on if row.status == AgreementStatus.TERMINATED.value else None


def _ended_on(agreement: Agreement) -> date | None:
    """The agreement's end as the file's `ended_on` says it."""
    if agreement.termination_date is not None:
        return agreement.termination_date
    return agreement.end_date if agreement.status == AgreementStatus.COMPLETED.value else None


# --- matching -----------------------------------------------------------------------


def _import(actor: User | None, municipality_code: str, rows: Sequence[CourseRow],
            known: _Known, report: ImportReport, today: date) -> None:
    new: list[CourseRow] = []
    changed: list[tuple[CourseRow, Agreement, dict[str, tuple[Any, Any]]]] = []
    for row in rows:
        agreement = known.agreements.get(row.external_ref)
        if agreement is None:
            new.append(row)
            continue
        changes = _changes(row, agreement, known)
        if not changes:
            report.unchanged += 1
        elif report.update:
            changed.append((row, agreement, changes))
        else:
            report.conflicts.append(Conflict(row.row, row.external_ref))
    report.created, report.updated = len(new), len(changed)
    if report.dry_run:
        return
    writer = _Writer(actor, municipality_code, known, today)
    writer.create(new)
    for row, agreement, changes in changed:
        writer.update(row, agreement, changes)
    link_continuations(actor, municipality_code)


def _changes(row: CourseRow, agreement: Agreement, known: _Known
             ) -> dict[str, tuple[Any, Any]]:
    """What the row says otherwise than the agreement, by the file's column:
    (the agreement's value, the row's). A CPR number is never among the
    values: its change is told as such."""
    changes: dict[str, tuple[Any, Any]] = {}
    if agreement.company.cvr != row.company_cvr:
        changes["company_cvr"] = (agreement.company.cvr, row.company_cvr)
    if agreement.trainee_cpr_hash != known.hashes[row.row]:
        changes["trainee_cpr"] = ("", "")
    for column, attribute in _PLAIN.items():
        before, after = getattr(agreement, attribute), getattr(row, column)
        if column == "weekly_hours" and before is not None and after is not None:
            same = Decimal(before) == Decimal(after)
        else:
            same = before == after
        if not same:
            changes[column] = (before, after)
    if row.status in _ENDED:
        if _ended_on(agreement) != row.ended_on:
            changes["ended_on"] = (_ended_on(agreement), row.ended_on)
        for column, attribute in _ENDING.items():
            if getattr(agreement, attribute) != getattr(row, column):
                changes[column] = (getattr(agreement, attribute), getattr(row, column))
    if row.status != agreement.status and agreement.status not in _LATER.get(row.status, ()):
        changes["status"] = (agreement.status, row.status)
    paid = known.paid.get(agreement.id, {})
    for column, claim_type in PAID_COLUMNS.items():
        given: date | None = getattr(row, column)
        # An empty date says nothing: the claim may have been paid since.
        if given is not None and paid.get(claim_type) != given:
            changes[column] = (paid.get(claim_type), given)
    return changes


# --- writing ------------------------------------------------------------------------


def _split_name(name: str) -> tuple[str, str]:
    first, _sep, last = name.strip().rpartition(" ")
    return (first or last)[:100], (last if first else "")[:100]


def _text(value: Any) -> Any:
    """A value as the audit keeps it (JSON)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


class _Writer:
    """Writes the import's records in the caller's unit of work."""

    def __init__(self, actor: User | None, municipality_code: str, known: _Known,
                 today: date) -> None:
        self.actor, self.municipality_code, self.known = actor, municipality_code, known
        self.today, self.now = today, utcnow()
        self.mark = {"on": today.isoformat(),
                     "by": (actor.name or actor.email) if actor is not None else None}

    # Companies and trainees, created when missing.

    def companies(self, rows: Iterable[tuple[str, str, bool]]) -> None:
        """The companies of these (CVR, name, private) igu-admin does not know,
        created in the import's municipality with their audit events."""
        made: list[Company] = []
        for cvr, name, is_private in rows:
            if cvr not in self.known.companies:
                company = Company(cvr=cvr, name=name, is_private=is_private,
                                  municipality_code=self.municipality_code)
                self.known.companies[cvr] = company
                made.append(company)
        db.session.add_all(made)
        db.session.flush()
        for company in made:
            audit.record(self.actor, "company", company.id, "created", after={
                "cvr": company.cvr, "name": company.name, "is_private": company.is_private})

    def trainee(self, row: CourseRow) -> Trainee:
        cpr_hash = self.known.hashes[row.row]
        # Made by this import's new courses (inserted in bulk) if not known before.
        found = self.known.trainees.get(cpr_hash) or db.session.scalar(
            select(Trainee).where(Trainee.cpr_hash == cpr_hash))
        if found is None:
            first, last = _split_name(row.trainee_name)
            found = Trainee(first_name=first, last_name=last,
                            cpr_encrypted=vault().encrypt(row.trainee_cpr), cpr_hash=cpr_hash,
                            birth_date=cpr_birth_date(row.trainee_cpr),
                            municipality_code=self.municipality_code)
            db.session.add(found)
        self.known.trainees[cpr_hash] = found
        return found

    # New courses: each kind of record in one INSERT run (the driver's
    # executemany), its ids read back in one query a chunk, the audit events
    # in one INSERT run. Thousands of rows, a few dozen statements.

    def create(self, rows: Sequence[CourseRow]) -> None:
        if not rows:
            return
        self.companies((r.company_cvr, r.company_name, r.is_private) for r in rows)
        trainee_ids = self._new_trainees(rows)
        courses = [_Course.of(row, self.known.companies[row.company_cvr].is_private)
                   for row in rows]
        values = [self._agreement(row, course, trainee_ids[self.known.hashes[row.row]])
                  for row, course in zip(rows, courses, strict=True)]
        _insert(Agreement, values)
        ids = dict(_in_chunks_rows([row.external_ref for row in rows], lambda refs: select(
            Agreement.external_ref, Agreement.id).where(
            Agreement.municipality_code == self.municipality_code,
            Agreement.external_ref.in_(refs))))
        changes: list[audit.Change] = [
            (RecordKind.AGREEMENT.value, ids[row.external_ref], "created", None, {
                "status": row.status, "started_by": StartedBy.IMPORT.value,
                "external_ref": row.external_ref, "start_date": row.start_date.isoformat(),
                "end_date": row.end_date.isoformat()}) for row in rows]
        audit.record_many(self.actor, changes)
        documents.freeze_imported(documents.AGREEMENT, self.actor, self.now, self.mark, [
            (ids[v["external_ref"]], agreements.submitted_data(Agreement(**v, id=ids[v["external_ref"]])))
            for v in values])
        self._extensions([(ids[row.external_ref], course.extension)
                          for row, course in zip(rows, courses, strict=True)
                          if course.extension is not None])
        self._claims([(row, ids[row.external_ref], value["company_id"], course)
                      for row, value, course in zip(rows, values, courses, strict=True)])

    def _new_trainees(self, rows: Sequence[CourseRow]) -> dict[str, int]:
        """The rows' trainees by the CPR number's hash: those igu-admin has,
        and the others made now (the number encrypted, with its keyed hash)."""
        ids = {cpr_hash: t.id for cpr_hash, t in self.known.trainees.items()}
        made: dict[str, dict[str, Any]] = {}
        for row in rows:
            cpr_hash = self.known.hashes[row.row]
            if cpr_hash in ids or cpr_hash in made:
                continue
            first, last = _split_name(row.trainee_name)
            made[cpr_hash] = {
                "first_name": first, "last_name": last,
                "cpr_encrypted": vault().encrypt(row.trainee_cpr), "cpr_hash": cpr_hash,
                "birth_date": cpr_birth_date(row.trainee_cpr),
                "municipality_code": self.municipality_code, "created_at": self.now}
        _insert(Trainee, list(made.values()))
        ids.update(_in_chunks_rows(list(made), lambda hashes: select(
            Trainee.cpr_hash, Trainee.id).where(Trainee.cpr_hash.in_(hashes))))
        return ids

    def _agreement(self, row: CourseRow, course: _Course, trainee_id: int) -> dict[str, Any]:
        """The agreement's columns; every one given, so that each row has the same."""
        cpr_hash = self.known.hashes[row.row]
        person = self.known.trainees.get(cpr_hash)
        return {
            "company_id": self.known.companies[row.company_cvr].id, "trainee_id": trainee_id,
            "municipality_code": self.municipality_code, "status": row.status,
            "ruleset_code": course.ruleset.code, "start_date": row.start_date,
            "end_date": row.end_date, "job_title": row.job_title,
            "weekly_hours": row.weekly_hours, "trainee_name": row.trainee_name,
            # The trainee as typed: the file's number, as the record holds it.
            "trainee_cpr_encrypted": (person.cpr_encrypted if person is not None
                                      else vault().encrypt(row.trainee_cpr)),
            "trainee_cpr_hash": cpr_hash, "trainee_sex": cpr_sex(row.trainee_cpr),
            "trainee_birth_date": cpr_birth_date(row.trainee_cpr),
            "target_group": row.target_group,
            "registered_since": row.registered_since,
            "integration_programme_start": row.integration_programme_start,
            "termination_date": _termination_date(row),
            "termination_reason": row.termination_reason,
            "continued_by_cvr": row.continued_by_cvr, "started_by": StartedBy.IMPORT.value,
            "started_by_municipality_code": self.municipality_code,
            "external_ref": row.external_ref,
            "created_by_id": self.actor.id if self.actor is not None else None,
            "submitted_at": self.now, "first_submitted_at": self.now,
            "created_at": self.now, "updated_at": self.now,
            "absences": [], "lock_version": 1, "step_reached": "", **_EMPTY_TEXTS}

    def _extensions(self, periods: Sequence[tuple[int, Extension]]) -> None:
        """The approved extension `imported` of each agreement whose file's end
        is later than the rule set's, number 1 (the agreement is new)."""
        actor_id = self.actor.id if self.actor is not None else None
        _insert(CourseExtension, [{
            "agreement_id": agreement_id, "number": 1, "first_day": period.start,
            "last_day": period.end, "reason": IMPORTED, "status": ExtensionStatus.APPROVED.value,
            "requested_by_id": actor_id, "requested_at": self.now, "decided_by_id": actor_id,
            "decided_at": self.now, "decision_reason": "", "lock_version": 1}
            for agreement_id, period in periods])
        made = _in_chunks_rows([a for a, _period in periods], lambda ids: select(
            CourseExtension.id, CourseExtension.agreement_id, CourseExtension.first_day,
            CourseExtension.last_day).where(CourseExtension.agreement_id.in_(ids)))
        audit.record_many(self.actor, [
            (RecordKind.EXTENSION.value, extension_id, "created", None, {
                "agreement_id": agreement_id, "number": 1,
                "status": ExtensionStatus.APPROVED.value, "from": first.isoformat(),
                "to": last.isoformat(), "reason": IMPORTED})
            for extension_id, agreement_id, first, last in made])

    def _claims(self, courses: Sequence[tuple[CourseRow, int, int, _Course]]) -> None:
        """The courses' claims as their history leaves them (see the module's
        note), counted in the day sums as every claim is."""
        rows = [self._claim(row, agreement_id, company_id, scheduled)
                for row, agreement_id, company_id, course in courses
                for scheduled in course.schedule.claims]
        _insert(BonusClaim, rows)
        session = db.session()
        for row in rows:
            claims.note(session, row)  # a Core insert: the ORM does not see it
        by_key = {(r["agreement_id"], r["claim_type"]): r for r in rows}
        made = _in_chunks_rows(sorted({r["agreement_id"] for r in rows}), lambda ids: select(
            BonusClaim.id, BonusClaim.agreement_id, BonusClaim.claim_type).where(
            BonusClaim.agreement_id.in_(ids)))
        changes: list[audit.Change] = []
        for claim_id, agreement_id, claim_type in made:
            r = by_key[(agreement_id, claim_type)]
            changes.append((RecordKind.CLAIM.value, claim_id, "created", None, {
                "status": r["status"], "agreement_id": agreement_id, "claim_type": claim_type,
                "amount": f"{Decimal(r['amount']):.2f}", "due_date": r["due_date"].isoformat(),
                "cancel_reason": r["cancel_reason"],
                "paid_on": r["paid_on"].isoformat() if r["paid_on"] else None}))
        audit.record_many(self.actor, changes)

    def _claim(self, row: CourseRow, agreement_id: int, company_id: int,
               scheduled: ScheduledClaim) -> dict[str, Any]:
        paid_on = next((getattr(row, column) for column, claim_type in PAID_COLUMNS.items()
                        if claim_type == scheduled.claim_type), None)
        status, cancel_reason = ClaimStatus.SCHEDULED.value, None
        if scheduled.cancelled is not None:
            status, cancel_reason = ClaimStatus.CANCELLED.value, scheduled.cancelled
        elif scheduled.due_date <= self.today:
            status = ClaimStatus.DUE.value if paid_on is None else ClaimStatus.PAID.value
        paid = status == ClaimStatus.PAID.value
        return {
            "agreement_id": agreement_id, "company_id": company_id,
            "municipality_code": self.municipality_code, "claim_type": scheduled.claim_type,
            "beneficiary": scheduled.beneficiary, "amount": scheduled.amount,
            "due_date": scheduled.due_date, "deadline": scheduled.deadline, "status": status,
            "cancel_reason": cancel_reason, "evidence_not_relevant": [], "reference": "",
            "rejection_reason": "", "paid_on": paid_on if paid else None,
            "paid_amount": scheduled.amount if paid else None,
            "paid_at": self.now if paid else None, "created_at": self.now, "lock_version": 1}

    def _extension(self, agreement: Agreement, period: Extension, number: int
                   ) -> CourseExtension:
        actor_id = self.actor.id if self.actor is not None else None
        extension = CourseExtension(
            agreement_id=agreement.id, number=number, first_day=period.start,
            last_day=period.end, reason=IMPORTED, status=ExtensionStatus.APPROVED.value,
            requested_by_id=actor_id, requested_at=self.now, decided_by_id=actor_id,
            decided_at=self.now, decision_reason="")
        db.session.add(extension)
        return extension

    def _extension_event(self, extension: CourseExtension) -> None:
        audit.record(self.actor, RecordKind.EXTENSION.value, extension.id, "created", after={
            "agreement_id": extension.agreement_id, "number": extension.number,
            "status": extension.status, "from": extension.first_day.isoformat(),
            "to": extension.last_day.isoformat(), "reason": extension.reason})

    def _paid(self, claim: BonusClaim, paid_on: date) -> None:
        claim.status, claim.paid_on = ClaimStatus.PAID.value, paid_on
        claim.paid_amount, claim.paid_at = claim.amount, self.now

    def _claim_event(self, claim: BonusClaim) -> None:
        audit.record(self.actor, RecordKind.CLAIM.value, claim.id, "created", after={
            "status": claim.status, "agreement_id": claim.agreement_id,
            "claim_type": claim.claim_type, "amount": f"{Decimal(claim.amount):.2f}",
            "due_date": claim.due_date.isoformat(), "cancel_reason": claim.cancel_reason,
            "paid_on": claim.paid_on.isoformat() if claim.paid_on else None})

    # Courses the file changes (the update option): one at a time, only what changed.

    def update(self, row: CourseRow, agreement: Agreement,
               changes: dict[str, tuple[Any, Any]]) -> None:
        before = {column: _text(old) for column, (old, _new) in changes.items()}
        after = {column: _text(new) for column, (_old, new) in changes.items()}
        if "company_cvr" in changes:
            self.companies([(row.company_cvr, row.company_name, row.is_private)])
            agreement.company_id = self.known.companies[row.company_cvr].id
        if "trainee_cpr" in changes:
            person = self.trainee(row)
            db.session.flush()
            agreement.trainee_id = person.id
            agreement.trainee_cpr_encrypted = person.cpr_encrypted
            agreement.trainee_cpr_hash = person.cpr_hash
            agreement.trainee_sex = cpr_sex(row.trainee_cpr)
            agreement.trainee_birth_date = cpr_birth_date(row.trainee_cpr)
            before["trainee_cpr"] = after["trainee_cpr"] = "changed"
        for column, attribute in (*_PLAIN.items(), *_ENDING.items()):
            if column in changes:
                setattr(agreement, attribute, getattr(row, column))
        if "status" in changes:
            agreement.status = row.status
        if {"status", "ended_on"} & set(changes):
            agreement.termination_date = _termination_date(row)
        course = _Course.of(row, self.known.companies[row.company_cvr].is_private)
        agreement.ruleset_code = course.ruleset.code
        db.session.flush()
        audit.record(self.actor, RecordKind.AGREEMENT.value, agreement.id, "imported_update",
                     before=before, after=after)
        if {"start_date", "end_date"} & set(changes):
            self._follow_end(agreement, course)
        # The claims follow the course as changed, as after any change of it
        # (resync), then the history the file gives: reached means due.
        claims.resync_claims(agreement, today=self.today)
        self._history(row, agreement)

    def _follow_end(self, agreement: Agreement, course: _Course) -> None:
        """The imported extension stands for the file's end beyond the rule set's."""
        imported = db.session.scalar(select(CourseExtension).where(
            CourseExtension.agreement_id == agreement.id, CourseExtension.reason == IMPORTED))
        if imported is not None and course.extension is None:
            audit.record(self.actor, RecordKind.EXTENSION.value, imported.id, "deleted", before={
                "from": imported.first_day.isoformat(), "to": imported.last_day.isoformat()})
            db.session.delete(imported)
        elif imported is not None and course.extension is not None:
            before = {"from": imported.first_day.isoformat(), "to": imported.last_day.isoformat()}
            imported.first_day, imported.last_day = course.extension.start, course.extension.end
            audit.record(self.actor, RecordKind.EXTENSION.value, imported.id, "imported_update",
                         before=before, after={"from": imported.first_day.isoformat(),
                                               "to": imported.last_day.isoformat()})
        elif course.extension is not None:
            number = 1 + max((e.number for e in db.session.scalars(select(CourseExtension).where(
                CourseExtension.agreement_id == agreement.id))), default=0)
            extension = self._extension(agreement, course.extension, number)
            db.session.flush()
            self._extension_event(extension)
        db.session.flush()

    def _history(self, row: CourseRow, agreement: Agreement) -> None:
        """Claims the schedule has reached are due, and paid on the file's date."""
        stored = list(db.session.scalars(select(BonusClaim).where(
            BonusClaim.agreement_id == agreement.id).order_by(BonusClaim.id)))
        for claim in stored:
            paid_on = next((getattr(row, column) for column, claim_type in PAID_COLUMNS.items()
                            if claim_type == claim.claim_type), None)
            before = {"status": claim.status,
                      "paid_on": claim.paid_on.isoformat() if claim.paid_on else None}
            if claim.status == ClaimStatus.SCHEDULED.value and claim.due_date <= self.today:
                claim.status = ClaimStatus.DUE.value
            # A claim cancelled or refused was not paid: the file's date is
            # for a claim the course reached (checked with the row).
            if paid_on is not None and claim.paid_on != paid_on and claim.status not in (
                    ClaimStatus.CANCELLED.value, ClaimStatus.REJECTED.value):
                self._paid(claim, paid_on)
            after = {"status": claim.status,
                     "paid_on": claim.paid_on.isoformat() if claim.paid_on else None}
            if after != before:
                audit.record(self.actor, RecordKind.CLAIM.value, claim.id, "imported_update",
                             before=before, after=after)
        db.session.flush()
