"""Demo data for development: a company, a municipality, a login per role, and
records in every status."""

from igu_admin.services.demo import records
from igu_admin.services.demo.records import (
    DEMO_APPROVED_CPR,
    DEMO_CVR,
    DEMO_DRAFT_CPR,
    DEMO_MUNICIPALITY,
    DEMO_RUNNING_CPR,
    DEMO_TRAINEE_CPR,
    DEMO_USERS,
    DemoLogin,
    ensure_demo_data,
    schedule_demo_claims,
)

__all__ = [
    "DEMO_APPROVED_CPR",
    "DEMO_CVR",
    "DEMO_DRAFT_CPR",
    "DEMO_MUNICIPALITY",
    "DEMO_RUNNING_CPR",
    "DEMO_TRAINEE_CPR",
    "DEMO_USERS",
    "DemoLogin",
    "ensure_demo_data",
    "records",
    "schedule_demo_claims",
]
