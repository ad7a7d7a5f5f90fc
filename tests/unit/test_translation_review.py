"""The review state of the trainee's catalogues' strings (issue 21): read from
translator comments, counted per state, replaced without touching the other
comments; and the trainee's languages defined once."""

from __future__ import annotations

from datetime import date

import pytest

from igu_admin.domain import trainee_languages as tl
from igu_admin.domain import translation_review as review
from igu_admin.domain.translation_review import State


@pytest.mark.parametrize("comment, expected", [
    ("review: drafted", review.Review(State.DRAFTED)),
    ("  review:   drafted ", review.Review(State.DRAFTED)),
    ("review: reviewed by Layla Haddad 2026-12-01",
     review.Review(State.REVIEWED, "Layla Haddad", date(2026, 12, 1))),
    ("review: reviewed by Ахмед 2026-02-28", review.Review(State.REVIEWED, "Ахмед",
                                                             date(2026, 2, 28))),
    ("review: reviewed by Layla 2026-02-30", None),  # no such day
    ("review: reviewed by 2026-12-01", None),  # nobody
    ("review: reviewed", None),
    ("review: approved", None),
    ("Keep the Danish term in brackets", None),
])
def test_a_review_comment_is_read(comment: str, expected: review.Review | None) -> None:
    assert review.parse_comment(comment) == expected


@pytest.mark.parametrize("translated, comments, fuzzy, state", [
    (False, ["review: drafted"], False, State.UNTRANSLATED),
    (True, ["review: drafted"], False, State.DRAFTED),
    (True, ["a note", "review: reviewed by A B 2026-01-02"], False, State.REVIEWED),
    (True, [], False, State.UNMARKED),
    (True, ["review: somebody looked"], False, State.UNMARKED),
    (True, ["review: reviewed by A 2026-01-02"], True, State.FUZZY),
    # The last readable review comment counts.
    (True, ["review: drafted", "review: reviewed by A 2026-01-02"], False, State.REVIEWED),
])
def test_an_entrys_state(translated: bool, comments: list[str], fuzzy: bool,
                         state: State) -> None:
    assert review.state_of(translated, comments, fuzzy) is state


def test_counting_states() -> None:
    counts = review.count([State.DRAFTED, State.DRAFTED, State.REVIEWED, State.UNTRANSLATED,
                           State.UNMARKED])
    assert counts == review.Counts(drafted=2, reviewed=1, untranslated=1, unmarked=1, fuzzy=0)
    # The untranslated one too: the copy would show its Danish unreviewed.
    assert counts.not_reviewed == 4
    assert review.count([]).not_reviewed == 0


def test_marking_reviewed_replaces_the_review_comment_in_its_place_and_keeps_the_others(
        ) -> None:
    mark = review.reviewed_comment("  Layla   Haddad ", date(2026, 12, 7))
    assert mark == "review: reviewed by Layla Haddad 2026-12-07"
    assert review.with_review(["before", "review: drafted", "after"], mark) == [
        "before", mark, "after"]
    assert review.with_review(["note"], mark) == [mark, "note"]
    assert review.with_review(["review: drafted", "review: drafted"], mark) == [mark]
    assert review.parse_comment(mark) == review.Review(State.REVIEWED, "Layla Haddad",
                                                       date(2026, 12, 7))
    with pytest.raises(ValueError):
        review.reviewed_comment("  ", date(2026, 12, 7))


def test_the_trainee_languages_are_defined_once_with_their_direction() -> None:
    assert tl.TRAINEE_LANGUAGES == ("ar", "fa", "ti", "so", "uk", "en")
    assert frozenset({"ar", "fa"}) == tl.RIGHT_TO_LEFT
    assert [tl.direction(lang) for lang in tl.TRAINEE_LANGUAGES] == [
        "rtl", "rtl", "ltr", "ltr", "ltr", "ltr"]
    assert tl.label("ar", "da") == "arabisk (العربية)"
    assert tl.label("ar", "en") == "Arabic (العربية)"
    assert tl.label("en", "en") == "English"
    assert tl.label("en", "da") == "engelsk (English)"
    assert [code for code, _label in tl.choices("da")] == list(tl.TRAINEE_LANGUAGES)
    assert not tl.is_trainee_language("de")
