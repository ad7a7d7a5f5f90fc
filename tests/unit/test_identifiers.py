from datetime import date

import pytest

from igu_admin.domain.identifiers import (
    IdentifierError,
    cpr_birth_date,
    mask_cpr,
    parse_cpr,
    parse_cvr,
)


@pytest.mark.parametrize("raw", ["010190-1234", "0101901234", " 010190 1234 ", "010190-1235"])
def test_cpr_accepts_separators_and_numbers_failing_modulus_11(raw: str) -> None:
    cpr = parse_cpr(raw)
    assert cpr.startswith("010190")
    assert cpr_birth_date(cpr) == date(1990, 1, 1)


@pytest.mark.parametrize(("raw", "reason"), [
    ("12345", "cpr_format"), ("01019a1234", "cpr_format"), ("3102901234", "cpr_date"),
    ("", "cpr_format"),
])
def test_cpr_rejects_bad_numbers_with_a_reason(raw: str, reason: str) -> None:
    with pytest.raises(IdentifierError) as exc:
        parse_cpr(raw)
    assert exc.value.reason == reason


def test_cpr_century_follows_the_seventh_digit() -> None:
    assert cpr_birth_date("0101054000") == date(2005, 1, 1)
    assert cpr_birth_date("0101991000") == date(1999, 1, 1)
    assert cpr_birth_date("0101585000") == date(1858, 1, 1)


def test_masked_cpr_hides_the_sequence_number() -> None:
    assert mask_cpr("0101901234") == "010190-XXXX"


def test_cvr_is_checked_and_stored_compact() -> None:
    assert parse_cvr("DK 31 41 59 26") == "31415926"
    with pytest.raises(IdentifierError):
        parse_cvr("31415927")
