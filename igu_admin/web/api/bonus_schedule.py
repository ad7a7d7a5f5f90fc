"""The bonus schedule in the JSON API: public, one service call."""

from __future__ import annotations

from igu_admin.inputs.bonus_schedule import BonusScheduleFacts, schedule_request
from igu_admin.services.claims import bonus_schedule
from igu_admin.web.api.blueprint import api
from igu_admin.wording.bonus_schedule_answer import BonusSchedule, answer


@api.operation(
    "/bonus-schedule", "POST", operation_id="bonusSchedule", tags=("bonus",),
    summary="When the bonus claims of a course fall due", body=BonusScheduleFacts,
    description="The claims the rule set's claim types give a course with one employer: "
                "type, beneficiary, amount, due date and deadline. Extensions move the end "
                "and the completion claim by their length, and a claim after months of "
                "employment when they begin before its due date. Claims a course that ended "
                "early did not reach are listed under `cancelled`. The municipality's claim "
                "needs `integration_programme_start`.",
    responses={200: (BonusSchedule, "The schedule."),
               400: "Malformed input, or facts that contradict each other: an extension that "
                    "ends before it starts or begins before the course, an end before the "
                    "start.",
               422: "An extension the rule set does not allow: a reason it has no ground "
                    "for (for a course starting on that date), or a sickness not longer than "
                    "the ground's minimum."})
def schedule_bonus_claims(body: BonusScheduleFacts) -> BonusSchedule:
    return answer(bonus_schedule.schedule(schedule_request(body)))
