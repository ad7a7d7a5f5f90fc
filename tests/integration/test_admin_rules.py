"""The administrators' overview of rule sets, values and their legal sources."""

from html import unescape

import pytest

from igu_admin.models import Role
from tests.factories import make_user


def test_an_admin_sees_every_rule_set_with_sources_and_unverified_values(app, client,
                                                                         auth) -> None:
    auth.login(make_user(Role.ADMIN).email)
    assert "/admin/rules" in client.get("/admin/").get_data(as_text=True)
    html = unescape(client.get("/admin/rules").get_data(as_text=True))
    for code in ("igu-2016", "igu-2021", "igu-2024"):
        assert f'id="{code}"' in html
    assert "Ikke verificeret: mindst 33 timer om ugen i alt (23-ugers-reglerne)" in html
    assert html.count('data-sureness="unverified"') >= 10
    assert '<strong class="igu-unverified">' in html
    assert "Bekendtgørelse nr. 1825 af 28. december 2023 § 6, stk. 1" in html
    assert "fra den 17. marts 2022" in html and "fra den 1. juli 2019" in html
    assert "Årligt loft over nye forløb" in html


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.CASEWORKER, Role.FINANCE])
def test_only_an_admin_sees_the_rule_sources(app, client, auth, role: Role) -> None:
    auth.login(make_user(role).email)
    assert client.get("/admin/rules").status_code == 403
