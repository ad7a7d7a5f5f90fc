"""Amendments (tillæg) on the agreement's page: the employer and the
caseworker propose a change, the caseworker decides. Each form goes through
the API's input model and the same service (the proposer's withdrawal
too); refused, the page is shown
again with the input kept and each message at its field."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from igu_admin.core import tenancy
from igu_admin.inputs.amendment import (
    AmendmentDecisionInput,
    AmendmentInput,
    AmendmentWithdrawalInput,
)
from igu_admin.services.agreements import amendments
from igu_admin.web.pages import amendment_panels
from igu_admin.web.pages.caseworker import queue as caseworker
from igu_admin.web.pages.course_pages import _done, _to_agreement
from igu_admin.web.pages.employer import home as employer


def _proposed() -> str:
    return _("The change has been proposed. The municipality decides on it.")


@employer.bp.route("/agreements/<int:agreement_id>/amendments", methods=["POST"])
def propose_amendment(agreement_id: int) -> str | Response:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    form = amendment_panels.proposal_form()
    if _done(form, AmendmentInput,
             lambda body: amendments.propose(current_user, agreement, body)):
        return _to_agreement("employer.agreement", agreement.id, _proposed())
    return employer.render_agreement(agreement, form)


@caseworker.bp.route("/agreements/<int:agreement_id>/amendments", methods=["POST"])
def propose_amendment_as_municipality(agreement_id: int) -> str | Response:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    form = amendment_panels.proposal_form()
    if _done(form, AmendmentInput,
             lambda body: amendments.propose(current_user, agreement, body)):
        return _to_agreement("caseworker.agreement", agreement.id, _proposed())
    return caseworker.render_agreement(agreement, amendment_form=form)


@caseworker.bp.route("/agreements/<int:agreement_id>/amendments/<int:number>/decision",
                     methods=["POST"])
def decide_amendment(agreement_id: int, number: int) -> str | Response:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    amendment = amendments.get_amendment(agreement, number)
    form = amendment_panels.decision_form(number)
    if _done(form, AmendmentDecisionInput,
             lambda body: amendments.decide(current_user, agreement, number, body)):
        return _to_agreement("caseworker.agreement", agreement.id, _(
            "The decision on the change has been recorded."))
    form.lock_version.data = str(amendment.lock_version)
    return caseworker.render_agreement(agreement, amendment_decision=(number, form))


def _withdrawn() -> str:
    return _("The change has been withdrawn.")


@employer.bp.route("/agreements/<int:agreement_id>/amendments/<int:number>/withdrawal",
                   methods=["POST"])
def withdraw_amendment(agreement_id: int, number: int) -> str | Response:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    form = amendment_panels.withdrawal_form(number)
    if _done(form, AmendmentWithdrawalInput, lambda body: amendments.withdraw(
            current_user, agreement, number, body.lock_version)):
        return _to_agreement("employer.agreement", agreement.id, _withdrawn())
    return employer.render_agreement(agreement, form)


@caseworker.bp.route("/agreements/<int:agreement_id>/amendments/<int:number>/withdrawal",
                     methods=["POST"])
def withdraw_amendment_as_municipality(agreement_id: int, number: int) -> str | Response:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    form = amendment_panels.withdrawal_form(number)
    if _done(form, AmendmentWithdrawalInput, lambda body: amendments.withdraw(
            current_user, agreement, number, body.lock_version)):
        return _to_agreement("caseworker.agreement", agreement.id, _withdrawn())
    return caseworker.render_agreement(agreement, amendment_form=form)
