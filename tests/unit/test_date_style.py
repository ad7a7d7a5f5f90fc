"""English dates in one style whatever the width; Danish as Babel writes it;
a rule set's English title in lower case inside a sentence."""

from __future__ import annotations

from datetime import date

import pytest
from babel.dates import format_date

from igu_admin.wording.dates import date_pattern, datetime_pattern
from igu_admin.wording.rulesets import in_sentence

DAY = date(2028, 6, 1)


@pytest.mark.parametrize("locale", ["en", "en_DK", "en_US"])
@pytest.mark.parametrize("width", ["short", "medium", "long"])
def test_every_english_width_writes_one_style(locale: str, width: str) -> None:
    assert format_date(DAY, date_pattern(width, locale), locale=locale) == "1 June 2028"


def test_danish_keeps_babels_widths_and_a_pattern_passes_through() -> None:
    assert format_date(DAY, date_pattern("long", "da"), locale="da") == "1. juni 2028"
    assert format_date(DAY, date_pattern("short", "da_DK"), locale="da_DK") == "01.06.2028"
    assert date_pattern("MMMM yyyy", "en") == "MMMM yyyy"
    assert datetime_pattern("short", "da") == "short"


def test_an_english_date_and_time_starts_with_the_one_style() -> None:
    assert datetime_pattern("short", "en").startswith("d MMMM y, ")


def test_a_title_inside_a_sentence_starts_in_lower_case_in_english_only() -> None:
    assert in_sentence("The IGU act from 2024 (L 82 2023-24)", "en") == \
        "the IGU act from 2024 (L 82 2023-24)"
    assert in_sentence("IGU-loven fra 2024 (L 82 2023-24)", "da") == \
        "IGU-loven fra 2024 (L 82 2023-24)"
    assert in_sentence("Theory of IGU", "en") == "Theory of IGU"
