"""The eligibility check in the JSON API: public, one service call."""

from __future__ import annotations

from igu_admin.inputs.eligibility import EligibilityFacts, facts_request
from igu_admin.services import eligibility as eligibility_service
from igu_admin.web.access import recorded_igu_scope
from igu_admin.web.api.blueprint import api
from igu_admin.wording.eligibility_answer import Assessment, answer


@api.operation(
    "/eligibility", "POST", operation_id="checkEligibility", tags=("eligibility",),
    summary="Can the person start an IGU?", body=EligibilityFacts,
    responses={200: (Assessment, "The assessment, one result per criterion."),
               400: "Malformed input, or facts that contradict each other: a start before "
                    "the birth, a birth date that does not match the CPR number, a period "
                    "abroad that ends before it starts."})
def eligibility(body: EligibilityFacts) -> Assessment:
    request = facts_request(body, *recorded_igu_scope())
    return answer(eligibility_service.check(request))
