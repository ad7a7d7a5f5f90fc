"""Web adapters: thin views over the services, one blueprint per area."""

from __future__ import annotations

from flask import Blueprint, Flask

from igu_admin.models import Role
from igu_admin.web.access import PUBLIC, Policy, set_policy


def register_blueprints(app: Flask) -> None:
    from igu_admin.web import (
        account,
        admin,
        agreement_documents,  # noqa: F401  (adds the agreement's PDFs to the employer's area)
        agreement_flow,  # noqa: F401  (adds the guided agreement to the employer's area)
        api,
        api_agreements,  # noqa: F401  (declares its operations on the API)
        api_bonus_schedule,  # noqa: F401  (declares its operation on the API)
        api_claims,  # noqa: F401  (declares its operations on the API)
        api_course,  # noqa: F401  (declares its operations on the API)
        api_reviews,  # noqa: F401  (declares its operations on the API)
        api_schooling_plan_pdf,  # noqa: F401  (declares the plan PDF's operation on the API)
        api_schooling_plans,  # noqa: F401  (declares its operations on the API)
        auth,
        calendar_feed,
        case_pages,  # noqa: F401  (adds the review's forms and documents to the case page)
        caseworker,
        course_pages,  # noqa: F401  (adds the course's forms to the agreement's pages)
        employer,
        finance,
        next_steps_pages,  # noqa: F401  (adds the steps after approval to the employer's area)
        plan_builder,  # noqa: F401  (adds the schooling plan builder to the employer's area)
        public,
    )

    areas: list[tuple[Blueprint, Policy]] = [
        (public.bp, PUBLIC),
        (auth.bp, PUBLIC),
        # A calendar program reads the feed without a login: its secret address is the key.
        (calendar_feed.bp, PUBLIC),
        (api.bp, PUBLIC),
        (employer.bp, (Role.EMPLOYER,)),
        (caseworker.bp, (Role.CASEWORKER,)),
        (finance.bp, (Role.FINANCE,)),
        (admin.bp, (Role.ADMIN,)),
        (account.bp, tuple(Role)),
    ]
    for blueprint, policy in areas:
        set_policy(app, blueprint.name, policy)
        app.register_blueprint(blueprint)
    from igu_admin.web.case_labels import register_case_labels

    register_case_labels(app)
    app.before_request(_audit_channel)
    app.teardown_request(_end_audit_channel)
    # The API takes JSON from programs, not forms from a browser session.
    from igu_admin.extensions import csrf

    csrf.exempt(api.bp)


def _audit_channel() -> None:
    """Changes made in this request are audited as coming through the API or the pages."""
    from flask import g, request

    from igu_admin.services import audit

    g.audit_channel = audit.set_channel("api" if request.blueprint == "api" else "web")


def _end_audit_channel(error: BaseException | None) -> None:
    from flask import g

    from igu_admin.services import audit

    token = g.pop("audit_channel", None)
    if token is not None:
        audit.reset_channel(token)
