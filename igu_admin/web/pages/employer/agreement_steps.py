"""The steps of the guided agreement, in order, and what each one asks.

A step's key is what the draft records as the step reached (`step_reached`)
and what its page's address holds. `paths` are the API's field paths the
step asks for, so a message about a field (from the parser, the service or
the review) is shown on the step where the field is typed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Step:
    key: str
    title: Any  # a lazy string: worded when shown
    paths: tuple[str, ...] = ()

    def asks(self, path: str) -> bool:
        return any(path == p or path.startswith(p + ".") or p.startswith(path + ".")
                   for p in self.paths)


STEPS: tuple[Step, ...] = (
    Step("company", _l("The company"), ("company", "contact_person")),
    Step("trainee", _l("The trainee"), (
        "trainee.name", "trainee.cpr", "trainee.address", "trainee.email", "trainee.phone",
        "trainee.municipality_code", "trainee_language")),
    Step("background", _l("Target group and residence"), (
        "trainee.target_group", "trainee.residence_permit", "trainee.registered_since",
        "trainee.absences", "trainee.previous_igu", "trainee.recent_ordinary_employment")),
    Step("employment", _l("The employment"), (
        "start_date", "end_date", "workplace_address", "job_title", "tasks", "weekly_hours")),
    Step("wage", _l("Wage and collective agreement"), ("collective_agreement", "wage")),
    Step("terms", _l("Terms"), ("terms",)),
)
CHECK = Step("check", _l("Check your answers"))
FIRST = STEPS[0]
KEYS = {step.key: step for step in STEPS}
# Where a message about the trainee as a whole (e.g. their eligibility) is shown.
ELIGIBILITY_STEP = KEYS["background"]


def step_named(key: str) -> Step | None:
    return KEYS.get(key)


def position(key: str) -> int:
    """0 for the first step; the check page comes after the last; -1 for none."""
    if key == CHECK.key:
        return len(STEPS)
    return next((n for n, step in enumerate(STEPS) if step.key == key), -1)


def following(step: Step) -> Step:
    """The step after `step` (the check page after the last)."""
    number = position(step.key)
    return STEPS[number + 1] if number + 1 < len(STEPS) else CHECK


def preceding(step: Step) -> Step | None:
    number = position(step.key)
    return STEPS[number - 1] if number > 0 else None


def step_of_path(path: str) -> Step:
    """The step where the field at `path` is typed."""
    inside = [s for s in STEPS if any(path == p or path.startswith(p + ".") for p in s.paths)]
    if inside:
        return inside[0]
    # A group (`trainee`, `wage`): the last step asking a part of it, where
    # its answers are complete (the trainee's eligibility on the background step).
    groups = [s for s in STEPS if s.asks(path)]
    return groups[-1] if groups else ELIGIBILITY_STEP


def steps_with_problems(paths: Iterable[str]) -> set[str]:
    return {step_of_path(path).key for path in paths}


def next_step_to_fill(reached: str) -> Step:
    """Where "Fortsæt" takes the employer: the step after the one reached."""
    if position(reached) < 0:
        return FIRST
    return following(KEYS[reached]) if reached in KEYS else CHECK


@dataclass(frozen=True)
class IndicatorItem:
    """One step as the DKFDS step indicator shows it."""

    number: int
    title: str
    href: str | None  # None: not yet reachable (shown disabled)
    current: bool
    state: str  # "number", "success" or "error"


def indicator(current: str, reached: str, problems: set[str], href: Any,
              current_has_errors: bool = False) -> list[IndicatorItem]:
    """The step indicator: steps up to the one after the step reached are
    links, those done have a check mark, those done with something to correct
    an error mark (the current step only when its form was refused).
    `href(step_key)` gives a step's address."""
    done_up_to = position(reached)
    items = []
    for number, step in enumerate((*STEPS, CHECK)):
        reachable = number <= done_up_to + 1 or step.key == current
        done_with_problems = step.key in problems and number <= done_up_to
        if (done_with_problems and step.key != current) or (
                step.key == current and current_has_errors):
            state = "error"
        elif number <= done_up_to and step is not CHECK:
            state = "success"
        else:
            state = "number"
        items.append(IndicatorItem(number + 1, str(step.title),
                                   href(step.key) if reachable else None,
                                   step.key == current, state))
    return items
