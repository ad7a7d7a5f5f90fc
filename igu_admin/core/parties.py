"""Who takes part in a case: the employer of the agreement's company, and
the caseworkers of the trainee's municipality once it has been submitted
(before that, of the municipality whose jobcentre started the draft).

Each check refuses a role that never takes the action (PermissionDenied,
403) and, for the right role, a case outside the actor's tenancy as not
found (404), never as forbidden.
"""

from __future__ import annotations

from igu_admin.core.errors import NotFound, PermissionDenied
from igu_admin.domain.lifecycle import StartedBy
from igu_admin.models import Agreement, Role, User


def is_employer_of(actor: User, agreement: Agreement) -> bool:
    return actor.role == Role.EMPLOYER and agreement.company_id == actor.company_id


def is_caseworker_of(actor: User, agreement: Agreement) -> bool:
    """A caseworker of the trainee's municipality, once the municipality can
    see the agreement (from its first submission on); or, before it, of the
    municipality whose jobcentre started the draft."""
    if actor.role != Role.CASEWORKER:
        return False
    if agreement.submitted_at is None:
        return is_started_by_jobcentre_of(actor, agreement)
    return (agreement.municipality_code is not None
            and agreement.municipality_code == actor.municipality_code)


def is_started_by_jobcentre_of(actor: User, agreement: Agreement) -> bool:
    """A draft the actor's municipality started for the company."""
    return (is_started_by_jobcentre(agreement)
            and agreement.started_by_municipality_code == actor.municipality_code)


def ensure_employer_of(actor: User, agreement: Agreement, action: str) -> None:
    if actor.role != Role.EMPLOYER:
        raise PermissionDenied(action)
    if not is_employer_of(actor, agreement):
        raise NotFound(str(agreement.id))


def ensure_caseworker_of(actor: User, agreement: Agreement, action: str) -> None:
    if actor.role != Role.CASEWORKER:
        raise PermissionDenied(action)
    if not is_caseworker_of(actor, agreement):
        raise NotFound(str(agreement.id))


def ensure_party(actor: User, agreement: Agreement, action: str) -> None:
    """The employer of the company or a caseworker of the municipality."""
    if actor.role not in (Role.EMPLOYER, Role.CASEWORKER):
        raise PermissionDenied(action)
    if not (is_employer_of(actor, agreement) or is_caseworker_of(actor, agreement)):
        raise NotFound(str(agreement.id))


def is_started_by_jobcentre(agreement: Agreement) -> bool:
    return (agreement.started_by == StartedBy.MUNICIPALITY.value
            and agreement.started_by_municipality_code is not None)
