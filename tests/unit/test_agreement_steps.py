"""The guided agreement's steps: order, where a field is asked, and the step indicator."""

from igu_admin.web.pages.employer.agreement_steps import (
    CHECK,
    STEPS,
    indicator,
    next_step_to_fill,
    step_of_path,
)


def _href(key: str) -> str:
    return f"/{key}"


def test_the_steps_end_with_the_check_page() -> None:
    assert [s.key for s in STEPS] == ["company", "trainee", "background", "employment", "wage",
                                      "terms"]
    assert next_step_to_fill("terms") is CHECK


def test_continue_leads_to_the_step_after_the_one_reached() -> None:
    assert next_step_to_fill("").key == "company"
    assert next_step_to_fill("company").key == "trainee"
    assert next_step_to_fill("background").key == "employment"
    assert next_step_to_fill("check") is CHECK


def test_each_field_path_belongs_to_the_step_that_asks_it() -> None:
    cases = {"contact_person": "company", "trainee.cpr": "trainee",
             "trainee.residence_permit.date": "background", "trainee.absences.1.to": "background",
             "trainee": "background", "start_date": "employment", "wage.year1": "wage",
             "wage": "wage", "collective_agreement": "wage", "terms.other": "terms"}
    for path, step in cases.items():
        assert step_of_path(path).key == step, path


def test_steps_beyond_the_next_are_not_links_yet() -> None:
    items = indicator("trainee", "company", set(), _href)
    assert [i.href for i in items] == ["/company", "/trainee", None, None, None, None, None]
    assert [i.state for i in items] == ["success"] + ["number"] * 6
    assert [i.current for i in items] == [False, True, False, False, False, False, False]


def test_only_steps_done_or_a_refused_current_step_are_marked_as_errors() -> None:
    fresh = indicator("wage", "employment", {"background", "wage"}, _href)
    assert [i.state for i in fresh][:5] == ["success", "success", "error", "success", "number"]
    refused = indicator("wage", "employment", set(), _href, current_has_errors=True)
    assert refused[4].state == "error"
    check = indicator("check", "terms", set(), _href)
    assert check[-1].current and check[-1].href == "/check"
