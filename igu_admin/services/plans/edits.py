"""One change at a time to an agreement's schooling plan: what the builder
page does (add, change, remove or move an element; the Danish test).

Each change is the whole plan as it stands with that one change, parsed by
the same parser as the API's PUT (`schooling_plan_input.parse_plan`) and
saved by the same use case (`schooling_plans.save_plan`) with the
lock_version the page was read at: a change made meanwhile by someone else
(in another tab, or through the API) is refused as stale, never merged.
An element's input errors come back at `items.N.field` for its index N.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from igu_admin.core.errors import NotFound
from igu_admin.core.plan_snapshot import item_data
from igu_admin.core.unit_of_work import use_case
from igu_admin.inputs.plan import parse_plan
from igu_admin.models import Agreement, SchoolingPlan
from igu_admin.models.user import User
from igu_admin.services.plans import building as schooling_plans

RawItem = dict[str, Any]
# The fields of an element the page sends; the rest of item_data's shape.
ELEMENT_FIELDS = ("kind", "title", "provider", "course_number", "start", "end", "hours", "note")


def _items(plan: SchoolingPlan) -> list[RawItem]:
    """The stored elements in the parser's raw shape (hours as strings)."""
    return [{key: value for key, value in item_data(item).items() if value is not None}
            for item in plan.items]


def _save(actor: User, agreement: Agreement, lock_version: int,
          change: Callable[[SchoolingPlan, list[RawItem]], tuple[list[RawItem], bool]]
          ) -> SchoolingPlan:
    plan = schooling_plans.get_plan(actor, agreement)
    items, passed = change(plan, _items(plan))
    plan_input = parse_plan({"passed_danish_test": passed, "items": items})
    return schooling_plans.save_plan(actor, agreement, plan_input, lock_version)


def _element(raw: Mapping[str, Any]) -> RawItem:
    return {key: raw[key] for key in ELEMENT_FIELDS if key in raw}


def _index_in(items: list[RawItem], index: int) -> int:
    if not 0 <= index < len(items):
        raise NotFound(f"element {index}")
    return index


@use_case
def add_element(actor: User, agreement: Agreement, element: Mapping[str, Any],
                lock_version: int) -> SchoolingPlan:
    """Add an element at the end of the plan (its index: len(items) before)."""
    return _save(actor, agreement, lock_version, lambda plan, items: (
        [*items, _element(element)], bool(plan.passed_danish_test)))


@use_case
def change_element(actor: User, agreement: Agreement, index: int, element: Mapping[str, Any],
                   lock_version: int) -> SchoolingPlan:
    """Replace the element at `index` (from 0); NotFound beyond the plan."""
    def change(plan: SchoolingPlan, items: list[RawItem]) -> tuple[list[RawItem], bool]:
        items[_index_in(items, index)] = _element(element)
        return items, bool(plan.passed_danish_test)

    return _save(actor, agreement, lock_version, change)


@use_case
def remove_element(actor: User, agreement: Agreement, index: int,
                   lock_version: int) -> SchoolingPlan:
    def change(plan: SchoolingPlan, items: list[RawItem]) -> tuple[list[RawItem], bool]:
        del items[_index_in(items, index)]
        return items, bool(plan.passed_danish_test)

    return _save(actor, agreement, lock_version, change)


@use_case
def move_element(actor: User, agreement: Agreement, index: int, offset: int,
                 lock_version: int) -> SchoolingPlan:
    """Move the element at `index` by `offset` places (-1 up, +1 down). A move
    past either end changes nothing and saves nothing."""
    plan = schooling_plans.get_plan(actor, agreement)
    _index_in(_items(plan), index)
    target = min(max(index + offset, 0), len(plan.items) - 1)
    if target == index:
        return plan

    def change(plan: SchoolingPlan, items: list[RawItem]) -> tuple[list[RawItem], bool]:
        items.insert(target, items.pop(_index_in(items, index)))
        return items, bool(plan.passed_danish_test)

    return _save(actor, agreement, lock_version, change)


@use_case
def set_danish_test(actor: User, agreement: Agreement, passed: bool,
                    lock_version: int) -> SchoolingPlan:
    """Whether the trainee has passed Prøve i Dansk 1, 2 or 3."""
    return _save(actor, agreement, lock_version, lambda plan, items: (items, passed))
