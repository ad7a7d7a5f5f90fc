"""The patterns the API document shows accept exactly what the checks accept."""

import re
from datetime import date

import pytest
from stdnum.dk import cpr as stdnum_cpr

from igu_admin.domain.dates import EARLIEST, ISO_DATE_PATTERN, LATEST
from igu_admin.domain.identifiers import CPR_PATTERN, CPR_SHAPE


def _real_date_in_range(text: str) -> bool:
    try:
        return EARLIEST <= date.fromisoformat(text) <= LATEST
    except ValueError:
        return False


def test_the_date_pattern_matches_every_real_date_in_range_and_nothing_else() -> None:
    pattern = re.compile(ISO_DATE_PATTERN)
    disagree = [text for text in (f"{y:04d}-{m:02d}-{d:02d}" for y in range(1895, 2106)
                                  for m in range(14) for d in range(33))
                if bool(pattern.fullmatch(text)) != _real_date_in_range(text)]
    assert disagree == []


@pytest.mark.parametrize("text", ["2024-3-01", "20240301", "2024-03-01 ", "٢٠٢٤-03-01", "2024-03-01\n"])
def test_the_date_pattern_refuses_other_spellings(text: str) -> None:
    # fullmatch: as in JSON Schema, and unlike re.match, "$" must not pass a final newline.
    assert not re.fullmatch(ISO_DATE_PATTERN, text)


def _cpr_birth_in_range(digits: str) -> bool:
    try:
        return EARLIEST <= stdnum_cpr.get_birth_date(digits) <= LATEST
    except ValueError:  # stdnum's InvalidComponent is a ValueError
        return False


def test_the_cpr_pattern_agrees_with_stdnum_on_the_birth_date() -> None:
    """Every day-month-year, and a seventh digit from each century rule (0-3, 4 and 9, 5-8)."""
    pattern = re.compile(CPR_PATTERN)
    disagree = [digits for digits in (f"{d:02d}{m:02d}{y:02d}{seventh}123" for d in range(33)
                                      for m in range(14) for y in range(100) for seventh in "0459")
                if bool(pattern.fullmatch(digits)) != _cpr_birth_in_range(digits)]
    assert disagree == []


@pytest.mark.parametrize(("text", "is_cpr"), [
    ("010695-1235", True), ("0106951235", True), ("010695 1235", True), ("010695 - 1235", True),
    ("010695  1235", False), ("010695--1235", False), (" 0106951235", False), ("01069512350", False),
    ("0106951235\n", False), ("¹¹¹¹¹¹¹¹¹¹", False), ("٠١٠١٩٠١٢٣٤", False),
])
def test_the_cpr_pattern_takes_a_hyphen_or_a_space_and_nothing_else(text: str, is_cpr: bool) -> None:
    assert bool(re.fullmatch(CPR_PATTERN, text)) is is_cpr
    assert bool(re.fullmatch(CPR_SHAPE, text)) is is_cpr


def test_a_cpr_number_without_a_date_has_the_shape_but_not_the_pattern() -> None:
    assert re.fullmatch(CPR_SHAPE, "310295-1234")
    assert not re.fullmatch(CPR_PATTERN, "310295-1234")
