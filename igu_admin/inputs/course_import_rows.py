"""The checks of one row of the course import: each field with the parsers
and messages of the pages and the API, then the fields against each other
and against the rule set in force on the course's start date.

No database: what needs one (the company's record, an external_ref already
imported, the trainee's other courses) is the import service's. Eligibility
(age, years of residence) is not judged: the municipality approved these
courses when they began.

Values from an XLSX cell may be numbers or dates: a CPR number typed as a
number has lost its leading zero (0101901234 is read as 101901234), so a
whole number of 9 digits is padded back to 10; a CVR number never starts
with 0. Dates may be real date cells or text as the pages read it (01-03-2024,
1.3.2024, 2024-03-01).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask_babel import format_date, format_decimal, gettext
from pydantic_core import PydanticCustomError

from igu_admin.core.rules_in_force import catalogue, default_mode
from igu_admin.domain.agreement_rules import check_weekly_hours, end_date
from igu_admin.domain.course_events import TERMINATION_REASONS
from igu_admin.domain.dates import EARLIEST, LATEST
from igu_admin.domain.identifiers import CPR_SHAPED, cpr_birth_date
from igu_admin.domain.lifecycle import AgreementStatus
from igu_admin.domain.rulesets import TARGET_GROUPS, RuleSet
from igu_admin.inputs.agreement import NAME_LENGTH
from igu_admin.inputs.bonus_schedule import EMPLOYER_TYPES
from igu_admin.inputs.course_import_file import Cell, FileRow
from igu_admin.inputs.errors import input_error
from igu_admin.inputs.typed_text import parse_danish_decimal, parse_date_text
from igu_admin.inputs.types import CprNumber, CvrNumber, OneOf, Text

EXTERNAL_REF_LENGTH = 100  # agreement.external_ref
STATUSES = (AgreementStatus.APPROVED.value, AgreementStatus.ACTIVE.value,
            AgreementStatus.COMPLETED.value, AgreementStatus.TERMINATED.value)
ENDED = (AgreementStatus.COMPLETED.value, AgreementStatus.TERMINATED.value)
PAID_ON = ("company_bonus_6m_paid_on", "completion_bonus_paid_on", "result_grant_paid_on")
CPR_DIGITS = 10

_EXTERNAL_REF = Text(EXTERNAL_REF_LENGTH, required=True)
_NAME = Text(NAME_LENGTH, required=True)
_CPR = CprNumber()
_CVR = CvrNumber()
_EMPLOYER_TYPE = OneOf(lambda: EMPLOYER_TYPES, "employer_type_unknown")
_TARGET_GROUP = OneOf(lambda: TARGET_GROUPS, "target_group_unknown")
_STATUS = OneOf(lambda: STATUSES, "status_unknown")
_TERMINATION_REASON = OneOf(lambda: TERMINATION_REASONS, "termination_reason_unknown")


@dataclass(frozen=True)
class Checked:
    """A row's values once every field passed (`values`, by CourseRow field),
    or the errors as (column, message)."""

    values: dict[str, Any] | None
    errors: list[tuple[str, str]]


@dataclass
class RuleLookup:
    """The rule set of a start date, kept per date: a file of 5,000 courses
    has a few hundred start dates."""

    today: date
    _by_start: dict[date, tuple[RuleSet | None, date | None]] = field(default_factory=dict)

    def course_of(self, start: date) -> tuple[RuleSet | None, date | None]:
        """The rule set in force for `start` (None when no rule set's window
        holds it) and the end it gives."""
        if start not in self._by_start:
            selection = catalogue().select(default_mode(), start)
            if selection.in_window is False:
                self._by_start[start] = (None, None)
            else:
                rules = selection.ruleset.as_of(start)
                self._by_start[start] = (rules, end_date(start, rules.course))
        return self._by_start[start]


def _day(value: date) -> str:
    return format_date(value, "long")


def cell_text(cell: Cell) -> str:
    """A cell as text: a whole number from a spreadsheet without its ".0"."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    return str(cell)


def _number_text(cell: Cell, digits: int | None = None) -> str:
    """An identifier from a number cell: the digits, padded to `digits`
    when one leading zero was lost (a CPR number from 01 to 09 of a month)."""
    if isinstance(cell, bool) or not isinstance(cell, (int, float)):
        return cell_text(cell)
    if isinstance(cell, float) and not cell.is_integer():
        return repr(cell)
    text = str(int(cell))
    if digits is not None and len(text) == digits - 1:
        return text.zfill(digits)
    return text


class _Row:
    """Reads the cells of one row, gathering errors by column."""

    def __init__(self, row: FileRow) -> None:
        self.cells = row.cells
        self.errors: list[tuple[str, str]] = []

    def error(self, column: str, message: str) -> None:
        self.errors.append((column, message))

    def failed(self, *columns: str) -> bool:
        return any(column in columns for column, _ in self.errors)

    def given(self, column: str) -> bool:
        cell = self.cells.get(column)
        return not (cell is None or (isinstance(cell, str) and not cell.strip()))

    def _checked(self, column: str, check: Callable[[Any], Any], value: Any) -> Any:
        try:
            return check(value)
        except PydanticCustomError as exc:
            self.error(column, input_error(exc.type, **(exc.context or {})))
            return None

    def _required(self, column: str, required: bool) -> bool:
        """Whether there is a value to read; a required one missing is an error."""
        if self.given(column):
            return True
        if required:
            self.error(column, input_error("required"))
        return False

    def text(self, column: str, check: Text) -> str | None:
        if not self._required(column, check.required):
            return None
        return self._checked(column, check.check, cell_text(self.cells[column]))

    def choice(self, column: str, check: OneOf, *, required: bool = True) -> str | None:
        if not self._required(column, required):
            return None
        return self._checked(column, check.check, cell_text(self.cells[column]).strip().lower())

    def cpr(self, column: str) -> str | None:
        if not self._required(column, True):
            return None
        return self._checked(column, _CPR.check,
                             _number_text(self.cells[column], CPR_DIGITS).strip())

    def cvr(self, column: str, *, required: bool = True) -> str | None:
        if not self._required(column, required):
            return None
        return self._checked(column, _CVR.check, _number_text(self.cells[column]).strip())

    def date(self, column: str, *, required: bool = True) -> date | None:
        if not self._required(column, required):
            return None
        cell = self.cells[column]
        if isinstance(cell, datetime):
            day: date = cell.date()
        elif isinstance(cell, date):
            day = cell
        else:
            try:
                day = parse_date_text(cell_text(cell))
            except ValueError as exc:
                self.error(column, gettext(
                    "Enter the date as DD-MM-YYYY or YYYY-MM-DD, for example 01-03-2024.")
                    if str(exc) == "format" else input_error("date_invalid"))
                return None
        if not EARLIEST <= day <= LATEST:
            self.error(column, input_error("date_range"))
            return None
        return day

    def hours(self, column: str) -> Decimal | None:
        if not self._required(column, True):
            return None
        cell = self.cells[column]
        try:
            if isinstance(cell, bool):
                raise ValueError("format")
            if isinstance(cell, (int, float)):
                return parse_danish_decimal(_number_text(cell))
            return parse_danish_decimal(cell_text(cell))
        except ValueError:
            # The pages' message for the weekly hours field (forms/agreement.py).
            self.error(column, gettext("Enter the hours as a number, for example 37 or 32,5."))
            return None


def check_row(row: FileRow, rules: RuleLookup) -> Checked:
    """Every check of one row that needs no database."""
    r = _Row(row)
    today = rules.today
    if row.overflow:
        r.error("", gettext("The row has more cells than the header has columns."))
    v: dict[str, Any] = {
        "external_ref": r.text("external_ref", _EXTERNAL_REF),
        "company_cvr": r.cvr("company_cvr"),
        "company_name": r.text("company_name", _NAME),
        "employer_type": r.choice("employer_type", _EMPLOYER_TYPE),
        "trainee_name": r.text("trainee_name", _NAME),
        "trainee_cpr": r.cpr("trainee_cpr"),
        "target_group": r.choice("target_group", _TARGET_GROUP),
        "registered_since": r.date("registered_since"),
        "start_date": r.date("start_date"),
        "end_date": r.date("end_date", required=False),
        "weekly_hours": r.hours("weekly_hours"),
        "job_title": r.text("job_title", _NAME),
        "status": r.choice("status", _STATUS),
        "ended_on": r.date("ended_on", required=False),
        "termination_reason": r.choice("termination_reason", _TERMINATION_REASON,
                                       required=False),
        "integration_programme_start": r.date("integration_programme_start", required=False),
        **{column: r.date(column, required=False) for column in PAID_ON},
        "continued_by_cvr": r.cvr("continued_by_cvr", required=False),
    }
    if v["external_ref"] is not None and CPR_SHAPED.search(v["external_ref"]):
        # The reference is shown on pages and in addresses, where no CPR number may be.
        r.error("external_ref", gettext("The reference must not hold a CPR number."))
    _check_dates(r, v, rules)
    _check_status(r, v, today)
    if r.errors:
        return Checked(None, r.errors)
    v["is_private"] = v.pop("employer_type") == "private"
    return Checked(v, [])


def _check_dates(r: _Row, v: dict[str, Any], rules: RuleLookup) -> None:
    """The dates against the birth date, each other and the rule set: the
    end given may be later than the rule set's (approved extensions), not
    earlier. Fills in the end date, its source and the rule set."""
    start: date | None = v["start_date"]
    birth = cpr_birth_date(v["trainee_cpr"]) if v["trainee_cpr"] else None
    registered: date | None = v["registered_since"]
    if start is not None and birth is not None and start < birth:
        r.error("start_date", input_error("start_before_birth"))
    if registered is not None and birth is not None and registered < birth:
        r.error("registered_since", input_error("registration_before_birth"))
    elif registered is not None and start is not None and registered > start:
        r.error("registered_since", input_error("registration_after_start"))
    if start is None:
        return
    ruleset, computed_end = rules.course_of(start)
    if ruleset is None or computed_end is None:
        first, last = catalogue().start_date_range()
        r.error("start_date", gettext(
            "No rule set applies to a course starting on this date: the start date must be from "
            "%(first)s to %(last)s.", first=_day(first), last=_day(last)))
        return
    v["ruleset_code"] = ruleset.code
    v["computed_end_date"] = computed_end
    v["end_date_given"] = v["end_date"] is not None
    if v["end_date"] is None:
        v["end_date"] = computed_end
    elif v["end_date"] < computed_end:
        r.error("end_date", gettext(
            "The end date cannot be before the end the rules give, %(end)s. Leave it empty to "
            "use that end; a later end means approved extensions.", end=_day(computed_end)))
    hours = v["weekly_hours"]
    for problem in check_weekly_hours(hours, ruleset.course):
        # The pages' wording of the rule (wording/agreement.problem_message).
        r.error("weekly_hours", gettext(
            "The weekly hours must be from %(min)s to %(max)s: at least %(min)s hours at the "
            "workplace and at most %(max)s hours with schooling, on average.",
            min=format_decimal(problem.params["min"]), max=format_decimal(problem.params["max"])))
    today = rules.today
    for column in PAID_ON:
        paid: date | None = v[column]
        if paid is None:
            continue
        if paid > today:
            r.error(column, gettext("The date cannot be after today (%(today)s).",
                                    today=_day(today)))
        elif paid < start:
            r.error(column, gettext("The date is before the course starts (%(start)s).",
                                    start=_day(start)))


def _check_status(r: _Row, v: dict[str, Any], today: date) -> None:
    """The status against the dates on the day of the import, and the
    columns that belong to an ended course only."""
    status: str | None = v["status"]
    start: date | None = v["start_date"]
    end: date | None = v["end_date"] if not r.failed("end_date", "start_date") else None
    ended_on: date | None = v["ended_on"]
    if status is None:
        return
    if status not in ENDED:
        _only_when_ended(r)
    if status == AgreementStatus.APPROVED and start is not None and start <= today:
        r.error("status", gettext(
            "An approved course has not started yet, but the start date is not after today "
            "(%(today)s). Use active, completed or terminated.", today=_day(today)))
    if status == AgreementStatus.ACTIVE and start is not None:
        if start > today:
            r.error("status", gettext(
                "An active course has started, but the start date is after today (%(today)s). "
                "Use approved.", today=_day(today)))
        elif end is not None and end < today:
            r.error("status", gettext(
                "The course ended on %(end)s, before today: use completed or terminated.",
                end=_day(end)))
    if status in ENDED:
        _check_ended(r, v, status, start, end, ended_on, today)


def _only_when_ended(r: _Row) -> None:
    for column in ("ended_on", "termination_reason", "continued_by_cvr"):
        if r.given(column):
            r.error(column, gettext("Leave this empty for an approved or active course."))
    if r.given("completion_bonus_paid_on"):
        r.error("completion_bonus_paid_on", gettext("Only a completed course has a completion "
                                                    "bonus: leave this empty."))


def _check_ended(r: _Row, v: Mapping[str, Any], status: str, start: date | None,
                 end: date | None, ended_on: date | None, today: date) -> None:
    if ended_on is None:
        if not r.failed("ended_on"):
            r.error("ended_on", input_error("required"))
    elif ended_on > today:
        r.error("ended_on", gettext(
            "The course has not ended yet: the date is after today (%(today)s). Import it as "
            "active, and record the end in igu-admin.", today=_day(today)))
    if status == AgreementStatus.COMPLETED:
        for column in ("termination_reason", "continued_by_cvr"):
            if r.given(column):
                r.error(column, gettext("Only for a terminated course: leave this empty."))
        if ended_on is not None and end is not None and ended_on != end:
            r.error("ended_on", gettext(
                "A completed course ends on its end date, %(end)s. A course that ended before "
                "is terminated.", end=_day(end)))
        return
    # Terminated.
    if r.given("completion_bonus_paid_on"):
        r.error("completion_bonus_paid_on", gettext("Only a completed course has a completion "
                                                    "bonus: leave this empty."))
    if v["termination_reason"] is None and not r.failed("termination_reason"):
        r.error("termination_reason", input_error("required"))
    if ended_on is not None and start is not None and ended_on < start:
        r.error("ended_on", gettext("The date is before the course starts (%(start)s).",
                                    start=_day(start)))
    elif ended_on is not None and end is not None and ended_on > end:
        r.error("ended_on", gettext("The date is after the course ends (%(end)s).",
                                    end=_day(end)))
    continued_by = v["continued_by_cvr"]
    if continued_by is not None and continued_by == v["company_cvr"]:
        r.error("continued_by_cvr", gettext(
            "The company that continues the course must be another company than the one that "
            "ended it."))
