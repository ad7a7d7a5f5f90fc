"""The employer's next steps for each IGU course, in order, with their
state and deadline (for "Mine IGU-forløb", the course's page and the receipt)."""

from igu_admin.services.employer_steps.steps import (
    CourseFacts,
    EmployerStep,
    State,
    StepKey,
    facts_for,
    first_open,
    steps_for,
    steps_of,
)

__all__ = ["CourseFacts", "EmployerStep", "State", "StepKey", "facts_for", "first_open",
           "steps_for", "steps_of"]
