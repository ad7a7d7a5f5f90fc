"""The administrators' overview of rule sets, values and their legal sources."""

from html import unescape

import pytest

from igu_admin.models import Role
from igu_admin.testing.accounts import make_user


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
    # The research notes are shown here (and only here), in Danish.
    assert "Ingen paragraf fundet i loven eller bekendtgørelsen." in html
    assert "Efter igu-rules.md; vejledningens tekst er ikke læst." in html
    assert "Said to be" not in html and "was not read" not in html


def test_the_overview_shows_claim_types_with_rates_evidence_and_their_sources(app, client,
                                                                           auth) -> None:
    auth.login(make_user(Role.ADMIN).email)
    html = unescape(client.get("/admin/rules").get_data(as_text=True))
    igu_2024 = html[html.index('id="igu-2024"'):]
    assert "Resultattilskud til kommunen: Beløb for krav, der forfalder fra den 1. januar 2024, " \
           "i integrationsprogrammets år 1-3" in igu_2024
    assert "88.817,00\xa0kr." in igu_2024
    assert "Vejledning (uim.dk, satser 2024, tabel 3): resultattilskud for ordinær beskæftigelse " \
           "inden for 3 år" in igu_2024
    # The carried-forward rate and the switch of the unsure claim type are marked unverified.
    assert "Ikke verificeret: 2024-satsen for de første 3 år er ført videre" in igu_2024
    assert "Ikke verificeret: at en igu-ansættelse udløser resultattilskud" in igu_2024
    assert "For danskuddannelse: en udskrift fra sprogcentret" in igu_2024
    assert "Frist (måneder efter forfaldsdagen)" in igu_2024


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.CASEWORKER, Role.FINANCE])
def test_only_an_admin_sees_the_rule_sources(app, client, auth, role: Role) -> None:
    auth.login(make_user(role).email)
    assert client.get("/admin/rules").status_code == 403


def test_every_evidence_code_and_programme_year_day_has_a_label() -> None:
    from igu_admin.domain.rule_parts import CLAIM_EVIDENCE, PROGRAMME_YEAR_DAYS
    from igu_admin.wording.rule_labels import EVIDENCE_LABELS, PROGRAMME_YEAR_DAY_LABELS

    assert set(EVIDENCE_LABELS) == set(CLAIM_EVIDENCE)
    assert set(PROGRAMME_YEAR_DAY_LABELS) == set(PROGRAMME_YEAR_DAYS)


def test_the_overview_shows_the_de_minimis_regimes_and_the_unverified_rate(app, client,
                                                                         auth) -> None:
    auth.login(make_user(Role.ADMIN).email)
    html = unescape(client.get("/admin/rules").get_data(as_text=True))
    section = html[html.index('id="de-minimis"'):]
    assert 'data-regime="1407/2013"' in section and 'data-regime="2023/2831"' in section
    assert "1. juni 2023" in section and "1. januar 2024" in section
    assert "200.000,00" in section and "300.000,00" in section
    assert "indeværende og de to foregående regnskabsår" in section
    assert "Dansk Industri 19.12.2023" in section
    rate = section[section.index("data-rate="):]
    assert 'data-sureness="unverified"' in rate and "Ikke verificeret: kursen" in rate
