"""One transaction per use case.

A use case runs inside `unit_of_work()` (or is decorated with `@use_case`):
it commits once at its end, or rolls back everything when anything inside
fails. Helpers called inside it only add and flush; a use case called from
another use case joins the outer transaction instead of committing early,
so two steps can be one transaction.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from sqlalchemy.orm.exc import StaleDataError

from igu_admin.core.errors import ConflictError
from igu_admin.extensions import db

P = ParamSpec("P")
R = TypeVar("R")
_DEPTH = "igu_unit_of_work_depth"


@contextmanager
def unit_of_work() -> Iterator[None]:
    """Commit at the end of the outermost unit; roll back on any error.

    A stale optimistic lock (another writer changed the record since it was
    read) becomes a ConflictError for the adapters to show as 409 or as a
    message beside the user's kept input.
    """
    session = db.session()
    depth = session.info.get(_DEPTH, 0)
    session.info[_DEPTH] = depth + 1
    try:
        yield
        if depth == 0:
            session.commit()
        else:
            session.flush()
    except StaleDataError as exc:
        session.rollback()
        raise ConflictError("stale") from exc
    except BaseException:
        if depth == 0:
            session.rollback()
        raise
    finally:
        session.info[_DEPTH] = depth


def in_unit_of_work() -> bool:
    return bool(db.session().info.get(_DEPTH, 0))


def use_case(function: Callable[P, R]) -> Callable[P, R]:
    """Run the decorated service function as one unit of work."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with unit_of_work():
            return function(*args, **kwargs)

    return run
