"""The review state of a translated string in the trainee's catalogues.

Every translated entry of a `trainee` catalogue (locale/<lang>/LC_MESSAGES/
trainee.po) carries its state as a translator comment, never as the `fuzzy`
flag (pybabel compile leaves fuzzy entries out, so the copy would fall back
to the English text):

    # review: drafted
    # review: reviewed by Layla Haddad 2026-12-01

Pure: the comments and the counts, from what a catalogue reader hands over.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

PREFIX = "review:"
DRAFTED_COMMENT = "review: drafted"
_REVIEWED = re.compile(r"^review:\s*reviewed by\s+(?P<by>\S.*?)\s+(?P<on>\d{4}-\d{2}-\d{2})\s*$")
_DRAFTED = re.compile(r"^review:\s*drafted\s*$")


class State(StrEnum):
    DRAFTED = "drafted"
    REVIEWED = "reviewed"
    UNTRANSLATED = "untranslated"
    # Translated without a review comment, with one that cannot be read, or
    # flagged fuzzy: a mistake in the catalogue, counted as not reviewed.
    UNMARKED = "unmarked"
    FUZZY = "fuzzy"


@dataclass(frozen=True)
class Review:
    """A review comment read: drafted, or reviewed by whom on which day."""

    state: State
    by: str | None = None
    on: date | None = None


def reviewed_comment(by: str, on: date) -> str:
    """The comment that marks a string reviewed by `by` on `on`."""
    name = " ".join(by.split())
    if not name:
        raise ValueError("a reviewer's name is needed")
    return f"review: reviewed by {name} {on.isoformat()}"


def is_review_comment(comment: str) -> bool:
    return comment.strip().startswith(PREFIX)


def parse_comment(comment: str) -> Review | None:
    """A review comment read, or None for any other comment (or a review
    comment that cannot be read)."""
    text = comment.strip()
    if _DRAFTED.match(text):
        return Review(State.DRAFTED)
    found = _REVIEWED.match(text)
    if found is None:
        return None
    try:
        on = date.fromisoformat(found["on"])
    except ValueError:
        return None
    return Review(State.REVIEWED, found["by"], on)


def state_of(translated: bool, comments: Iterable[str], fuzzy: bool = False) -> State:
    """An entry's state from whether it is translated, its translator
    comments and its fuzzy flag. The last readable review comment counts."""
    if not translated:
        return State.UNTRANSLATED
    if fuzzy:
        return State.FUZZY
    reviews = [r for r in (parse_comment(c) for c in comments if is_review_comment(c))
               if r is not None]
    return reviews[-1].state if reviews else State.UNMARKED


def with_review(comments: Sequence[str], review_comment: str) -> list[str]:
    """The translator comments with their review comments replaced by
    `review_comment`, in the place of the first (or first of all); the
    other comments kept as they are, in order."""
    kept: list[str] = []
    placed = False
    for comment in comments:
        if is_review_comment(comment):
            if not placed:
                kept.append(review_comment)
                placed = True
            continue
        kept.append(comment)
    return kept if placed else [review_comment, *kept]


@dataclass(frozen=True)
class Counts:
    """A catalogue's entries by review state."""

    drafted: int = 0
    reviewed: int = 0
    untranslated: int = 0
    unmarked: int = 0
    fuzzy: int = 0

    @property
    def not_reviewed(self) -> int:
        """Strings no translator has reviewed: drafted, unmarked or fuzzy ones,
        and untranslated ones (a new Danish text, which the copy shows in
        Danish in the trainee's column until it is translated)."""
        return self.drafted + self.untranslated + self.unmarked + self.fuzzy


def count(states: Iterable[State]) -> Counts:
    tally = dict.fromkeys(State, 0)
    for state in states:
        tally[state] += 1
    return Counts(drafted=tally[State.DRAFTED], reviewed=tally[State.REVIEWED],
                  untranslated=tally[State.UNTRANSLATED], unmarked=tally[State.UNMARKED],
                  fuzzy=tally[State.FUZZY])
