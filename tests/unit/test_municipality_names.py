"""A municipality named as it names itself, genitive and regional municipality included."""

import pytest

from igu_admin.domain.municipality_names import official_name


@pytest.mark.parametrize(("name", "official"), [
    ("Aarhus", "Aarhus Kommune"), ("Frederiksberg", "Frederiksberg Kommune"),
    ("København", "Københavns Kommune"), ("Bornholm", "Bornholms Regionskommune"),
    ("Lyngby-Taarbæk", "Lyngby-Taarbæk Kommune"),
])
def test_the_official_name(name: str, official: str) -> None:
    assert official_name(name) == official
