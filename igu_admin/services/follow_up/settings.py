"""The follow-up plan's months: the municipality's own (set by the
administrator), else the setting."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from igu_admin.core import audit, rules_in_force
from igu_admin.core.errors import NotFound, PermissionDenied
from igu_admin.core.unit_of_work import use_case
from igu_admin.domain.follow_up import parse_months
from igu_admin.extensions import db
from igu_admin.inputs.errors import InputErrors
from igu_admin.models import Agreement, Municipality, Role, User
from igu_admin.wording.follow_up import months_too_late, months_unreadable


def months_for(agreement: Agreement) -> tuple[int, ...]:
    """The months after the start when the course's check-ins fall due. A
    municipality's own months that cannot be read fall back to the setting."""
    own = agreement.municipality.follow_up_months if agreement.municipality else None
    if own:
        try:
            return parse_months(own)
        except ValueError:
            pass
    return parse_months(current_app.config["IGU_FOLLOW_UP_MONTHS"])


def longest_course_months() -> int:
    """The longest course any rule set knows: no check-in falls later."""
    catalogue = rules_in_force.catalogue()
    return max(catalogue.get(code).course.duration_months for code in catalogue.codes)


def municipalities() -> list[Municipality]:
    return list(db.session.scalars(select(Municipality).order_by(Municipality.name)))


def get_municipality(code: str) -> Municipality:
    found = db.session.get(Municipality, code) if len(code) == 3 else None
    if found is None:
        raise NotFound(code)
    return found


@use_case
def set_months(actor: User, municipality: Municipality, text: str) -> Municipality:
    """The administrator sets the municipality's own check-in months (a
    comma-separated list of whole months, ascending, within the longest
    course); empty text returns it to the setting IGU_FOLLOW_UP_MONTHS.
    InputErrors at `months` for text that is not such a list."""
    if actor.role != Role.ADMIN:
        raise PermissionDenied("follow_up_months")
    cleaned = text.replace(" ", "").strip(",")
    new: str | None = None
    if cleaned:
        try:
            months = parse_months(cleaned)
        except ValueError:
            raise InputErrors({"months": [months_unreadable()]}) from None
        longest = longest_course_months()
        if months[-1] > longest:
            raise InputErrors({"months": [months_too_late(longest)]})
        new = ",".join(str(m) for m in months)
    before = municipality.follow_up_months
    if new != before:
        municipality.follow_up_months = new
        audit.record(actor, "municipality", municipality.code, "follow_up_months_set",
                     before={"follow_up_months": before}, after={"follow_up_months": new})
        db.session.flush()
    return municipality
