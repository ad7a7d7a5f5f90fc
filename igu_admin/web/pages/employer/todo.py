"""The employer's next steps (services.employer_steps) as the pages show
them: in order, each with what to do, its deadline, its state and a link
("Mine IGU-forløb", the course's page, the receipt). VITAS is linked at the
address in IGU_VITAS_URL (configuration, not the templates).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app, url_for
from flask_babel import format_date
from flask_babel import gettext as _

from igu_admin.models import Agreement
from igu_admin.services.employer_steps import EmployerStep, State, StepKey
from igu_admin.web.labels import claim_type_label
from igu_admin.web.pages.employer.agreement_steps import next_step_to_fill


@dataclass(frozen=True)
class StepRow:
    key: str
    state: str
    state_label: str
    title: str
    detail: str
    href: str
    link_text: str
    # VITAS: the registration itself happens there.
    external_href: str | None = None
    external_text: str | None = None

    @property
    def open(self) -> bool:
        return self.state in (State.DUE, State.OVERDUE)


def _day(day: date | None) -> str:
    return format_date(day, "long") if day is not None else ""


def state_label(state: State) -> str:
    return {State.DONE: _("Done"), State.DUE: _("To do"), State.OVERDUE: _("Overdue"),
            State.WAITING: _("Waiting"), State.LATER: _("Later")}[state]


def _by(step: EmployerStep) -> str:
    """The deadline as the step's state has it."""
    if step.deadline is None or step.state in (State.DONE, State.WAITING):
        return ""
    if step.state == State.OVERDUE:
        return _("The deadline, %(date)s, has passed: do it as soon as you can.",
                 date=_day(step.deadline))
    return _("By %(date)s at the latest.", date=_day(step.deadline))


def _agreement_url(agreement: Agreement, anchor: str | None = None) -> str:
    return url_for("employer.agreement", agreement_id=agreement.id, _anchor=anchor)


def _send(agreement: Agreement, step: EmployerStep) -> StepRow:
    target = next_step_to_fill(agreement.step_reached)
    href = (url_for("employer.agreement_check", agreement_id=agreement.id)
            if target.key == "check" else
            url_for("employer.agreement_step", agreement_id=agreement.id, step_key=target.key))
    return _row(step, _("Finish the agreement and send it to the municipality"), "",
                href, _("Continue: %(step)s", step=target.title))


def _changes(agreement: Agreement, step: EmployerStep) -> StepRow:
    return _row(step, _("Make the changes the municipality asked for and send the agreement "
                        "again"), "",
                url_for("employer.agreement_check", agreement_id=agreement.id),
                _("Check and send the agreement again"))


def _plan(agreement: Agreement, step: EmployerStep) -> StepRow:
    href = url_for("employer.plan", agreement_id=agreement.id)
    if step.state == State.DONE:
        return _row(step, _("Build the schooling plan"), _("The plan has been sent."), href,
                    _("See the schooling plan"))
    if step.resend:
        return _row(step, _("Correct the schooling plan and send it again"), "", href,
                    _("Open the schooling plan"))
    detail = _by(step) or _("The deadline follows from the start date.")
    return _row(step, _("Build the schooling plan"), detail, href, _("Open the schooling plan"))


def _decision(agreement: Agreement, step: EmployerStep) -> StepRow:
    municipality = agreement.municipality.official_name if agreement.municipality else ""
    detail = {
        State.DONE: _("The municipality has approved the agreement."),
        State.WAITING: _("%(municipality)s reviews the agreement in igu-admin. You "
                         "get a message when it has decided.", municipality=municipality),
    }.get(step.state, _("Once the agreement is sent."))
    return _row(step, _("Wait for the municipality's decision"), detail,
                _agreement_url(agreement), _("See the agreement"))


def _sign(agreement: Agreement, step: EmployerStep) -> StepRow:
    if step.state == State.DONE:
        detail = _("Signed by both parties: %(day)s.", day=_day(agreement.signed_on))
    elif step.state == State.LATER:
        detail = _("Once the municipality has approved the agreement; by %(date)s at the "
                   "latest (the first day of the course).", date=_day(step.deadline))
    elif step.state == State.OVERDUE:
        detail = _("It should be signed by %(date)s, the first day of the course. Record the "
                   "day it was signed.", date=_day(step.deadline))
    else:
        detail = _("By %(date)s at the latest (the first day of the course).",
                   date=_day(step.deadline))
    href = (url_for("employer.approved_pdf", agreement_id=agreement.id)
            if step.state != State.LATER else _agreement_url(agreement))
    text = (_("Download the approved agreement (PDF)") if step.state != State.LATER
            else _("See the agreement"))
    return _row(step, _("Print the approved agreement and sign it with the trainee"), detail,
                href, text)


def _vitas(agreement: Agreement, step: EmployerStep) -> StepRow:
    if step.state == State.DONE:
        detail = _("Registered in VITAS: %(day)s.", day=_day(agreement.registered_on))
    elif step.state == State.LATER:
        detail = _("After the signing; by %(date)s at the latest.", date=_day(step.deadline))
    else:
        detail = _by(step)
    return _row(step, _("Register the agreement and the schooling plan in VITAS"), detail,
                _agreement_url(agreement, "next-steps-heading"),
                _("Record the registration"),
                external_href=str(current_app.config["IGU_VITAS_URL"]),
                external_text=_("Open VITAS (opens the ministry's system)"))


def _claim(agreement: Agreement, step: EmployerStep) -> StepRow:
    kind = claim_type_label(step.claim_type or "")
    if step.state == State.LATER:
        detail = _("It falls due on %(date)s.", date=_day(step.deadline))
    else:
        detail = _("It is due: prepare it by %(date)s.", date=_day(step.deadline))
    href = (url_for("employer.claim", claim_id=step.claim_id) if step.claim_id is not None
            else url_for("employer.claims"))
    return _row(step, _("Prepare the bonus claim: %(kind)s", kind=kind), detail, href,
                _("Open the claim"))


def _row(step: EmployerStep, title: str, detail: str, href: str, link_text: str,
         **external: str) -> StepRow:
    return StepRow(step.key.value, step.state.value, state_label(step.state), title, detail,
                   href, link_text, **external)


_BUILDERS = {StepKey.SEND: _send, StepKey.CHANGES: _changes, StepKey.PLAN: _plan,
             StepKey.DECISION: _decision, StepKey.SIGN: _sign, StepKey.VITAS: _vitas,
             StepKey.CLAIM: _claim}


def rows(agreement: Agreement, steps: list[EmployerStep]) -> list[StepRow]:
    """The course's steps, in order, as the pages show them."""
    return [_BUILDERS[step.key](agreement, step) for step in steps]
