"""The records the figures are taken on, made with igu_admin.testing's
factories as the app's own flow makes them: agreements submitted through the
service (each PDF rendered once) and a plan submitted as version 1."""

from __future__ import annotations

from datetime import timedelta

from igu_admin.core.municipalities import sync_municipalities
from igu_admin.inputs.agreement import parse_changes
from igu_admin.models import AgreementVersion, Role, SchoolingPlanVersion, User
from igu_admin.services import agreements
from igu_admin.services.accounts import api_tokens
from igu_admin.testing.plans import bakery, make_plan, submit_version
from igu_admin.testing.reviews import person, review_agreement

# A few lines of tasks, so that the agreement's PDF wraps text as a real one does.
TASKS = "Æltning af dej\nBagning af rugbrød og wienerbrød\nRengøring og opvask"

# (kind, title, AMU number, first week after the start, weeks, hours): eight
# courses over the two years, every kind of schooling the timeline draws.
PLAN_COURSES = (("amu", "Grundlæggende bageri", "40123", 3, 3, "111"),
                ("danish", "Danskuddannelse 2, modul 3", "", 6, 20, "148"),
                ("amu", "Hygiejne og fødevaresikkerhed", "47589", 30, 1, "37"),
                ("fvu", "FVU-læsning trin 2", "", 34, 12, "60"),
                ("amu", "Truckcertifikat", "47476", 52, 2, "74"),
                ("avu", "AVU-matematik G", "", 58, 10, "50"),
                ("amu", "Svejsning, grundlæggende", "49712", 75, 3, "111"),
                ("amu", "Kundeservice", "45678", 90, 1, "37"))


def employer() -> User:
    """An employer of a company with its address (the PDFs print it), the
    municipalities synchronised first (a company points to its own)."""
    sync_municipalities()
    return person(Role.EMPLOYER, "Bente Bager", company=bakery())


def submitted_agreement() -> tuple[AgreementVersion, str]:
    """A complete agreement made and submitted through the service, as the
    guided flow and the API make them (its PDF rendered once), and an API
    token of its employer."""
    made_by = employer()
    draft = agreements.create_draft(made_by, parse_changes(review_agreement(tasks=TASKS)))
    version = agreements.submit(made_by, draft, draft.lock_version)
    return version, api_tokens.create_token(made_by, made_by).secret


def submitted_agreements(count: int) -> list[int]:
    """`count` complete agreements of one company, each for its own trainee,
    submitted through the service (each PDF rendered once); their ids."""
    made_by = employer()
    ids = []
    for number in range(count):
        draft = agreements.create_draft(made_by, parse_changes(
            review_agreement(cpr=f"150595-{1000 + number:04d}")))
        agreements.submit(made_by, draft, draft.lock_version)
        ids.append(draft.id)
    return ids


def submitted_plan() -> SchoolingPlanVersion:
    """A plan of eight courses over the two years of a submitted agreement,
    and its first version made as a submission makes it (PDF at insert)."""
    version, _token = submitted_agreement()
    agreement = version.agreement
    start = agreement.start_date
    assert start is not None
    items = tuple((kind, title, "Skolen", number, start + timedelta(weeks=week),
                   start + timedelta(weeks=week + weeks, days=-3), hours, "")
                  for kind, title, number, week, weeks, hours in PLAN_COURSES)
    return submit_version(make_plan(agreement, items))
