"""What a run of the daily work did, counted, and the shape of its steps."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass
class RunDueReport:
    """What a run did, counted: courses activated and terminated; bonus
    claims that fell due or were cancelled, and reminders sent (the claims
    step's; 0 until it exists)."""

    as_of: date
    activated: int = 0
    terminated: int = 0
    amended: int = 0
    due: int = 0
    cancelled: int = 0
    reminders: int = 0
    check_ins_due: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The CLI's --json shape: the counts, and as_of as YYYY-MM-DD."""
        return {**dataclasses.asdict(self), "as_of": self.as_of.isoformat()}


# A step does its part of the run for `as_of` and counts into the report.
DueStep = Callable[[date, RunDueReport], None]
