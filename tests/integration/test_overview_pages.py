"""The overview page (/overview) and its CSV files, on the demo's data (three
municipalities with courses in the default period), on both databases."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest

from igu_admin.models import Role
from igu_admin.services import demo
from igu_admin.testing.accounts import make_company, make_user

SVG = re.compile(r"<svg[^>]*data-chart=\"([a-z-]+)\"[^>]*>(.*?)</svg>", re.S)
TABLES = ("figures", "target-groups", "age-bands", "sexes", "claims", "forecast", "quarters",
          "benchmark")


@pytest.fixture
def logins(app):
    return {login.role: login for login in demo.ensure_demo_data()}


def _as(auth, logins, role: str) -> None:
    auth.login(logins[role].email, logins[role].password)


def _table(page: str, name: str) -> str:
    match = re.search(rf'<table[^>]*data-table="{name}".*?</table>', page, re.S)
    assert match, name
    return match.group(0)


def _rows(table: str) -> list[list[str]]:
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in
             re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table.split("<tbody>")[1], re.S)]


def test_the_caseworker_sees_the_municipalitys_figures_charts_and_benchmark(
        client, auth, logins) -> None:
    _as(auth, logins, "caseworker")
    response = client.get("/overview")
    assert response.status_code == 200
    page = unescape(response.get_data(as_text=True))
    assert "Nøgletal og benchmark" in page and 'href="/overview"' in page  # in the menu
    assert "København, 1. januar" in page
    figures = dict((row[0], row[1]) for row in _rows(_table(page, "figures")))
    assert figures["Forløb gennemført"] not in ("", "0", "<5", "\N{EN DASH}")
    # Two target groups of 1-4 trainees: "<5", never their number.
    groups = dict((row[0], row[1]) for row in _rows(_table(page, "target-groups")))
    [refugees] = [n for label, n in groups.items() if label.startswith("Flygtning")]
    assert refugees not in ("<5", "\N{EN DASH}", "0")
    assert [v for v in groups.values() if v == "<5"] == ["<5", "<5"]
    assert "Hvorfor nogle tal ikke vises" in page
    # Three charts, each a picture with its title and description.
    charts = dict(SVG.findall(page))
    assert set(charts) == {"chart-courses", "chart-days", "chart-money"}
    assert 'class="bar"' in charts["chart-courses"] and 'class="bar"' in charts["chart-money"]
    assert len(_rows(_table(page, "quarters"))) == 8
    # The benchmark: the three demo municipalities grouped, the own row marked in words.
    bench = _table(page, "benchmark")
    grouped = {row[0].split(" (")[0]: row for row in _rows(bench)}
    for name in ("København", "Frederiksberg", "Aarhus"):
        assert grouped[name][5] in {"1", "2", "3", "4", "5"}, grouped[name]
    [own] = re.findall(r"<tr[^>]*data-own[^>]*>(.*?)</tr>", bench, re.S)
    assert "København" in own and "(den viste kommune)" in own
    assert "KORA" in page
    assert re.search(r'data-forecast-method>\S', page)
    assert len(_rows(_table(page, "forecast"))) == 12
    for name in TABLES:
        assert f'data-csv="{name}"' in page
    # Aggregates only: no trainee of the demo is named, nor a company.
    for person in ("Demo Deltager", "Yonas Demo", "Hana Demo", "Demo Køkken"):
        assert person not in page


def test_each_table_downloads_as_danish_csv_with_the_pages_marks(client, auth, logins) -> None:
    _as(auth, logins, "finance")
    for name in TABLES:
        response = client.get(f"/overview/{name}.csv")
        assert response.status_code == 200, name
        assert response.mimetype == "text/csv"
        assert "attachment" in response.headers["Content-Disposition"]
        assert response.data.startswith("\ufeff".encode())
        rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
        assert len(rows) > 1
    rows = list(csv.reader(io.StringIO(client.get("/overview/target-groups.csv").data.decode(
        "utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Målgruppe", "Forløb startet"]
    assert [row[1] for row in rows[1:]].count("<5") == 2
    assert client.get("/overview/people.csv").status_code == 404


def test_another_municipality_is_not_found_and_an_employer_is_refused(
        client, auth, logins) -> None:
    _as(auth, logins, "caseworker")
    assert client.get("/overview?municipality=147").status_code == 404
    assert client.get("/overview/figures.csv?municipality=147").status_code == 404
    assert client.get("/overview?municipality=101").status_code == 200
    auth.logout()
    employer = make_user(Role.EMPLOYER, company=make_company("101"))
    auth.login(employer.email)
    assert client.get("/overview").status_code == 403
    assert client.get("/overview/figures.csv").status_code == 403


def test_the_administrator_chooses_a_municipality_or_all(client, auth, logins) -> None:
    _as(auth, logins, "admin")
    page = unescape(client.get("/overview").get_data(as_text=True))
    assert '<option selected value="all">Alle kommuner</option>' in page
    assert "Alle kommuner, 1. januar" in page
    assert not re.findall(r"<tr[^>]*data-own", _table(page, "benchmark"))
    page = unescape(client.get("/overview?municipality=751").get_data(as_text=True))
    assert "Aarhus, 1. januar" in page
    [own] = re.findall(r"<tr[^>]*data-own[^>]*>(.*?)</tr>", _table(page, "benchmark"), re.S)
    assert "Aarhus" in own
    wrong = unescape(client.get("/overview?municipality=999").get_data(as_text=True))
    assert "Vælg en kommune på listen." in wrong and "data-table" not in wrong


def test_a_period_typed_wrong_is_said_at_its_field_and_kept(client, auth, logins) -> None:
    _as(auth, logins, "caseworker")
    response = client.get("/overview?from=32.13.2026&to=31.12.2026")
    assert response.status_code == 200
    page = unescape(response.get_data(as_text=True))
    assert "<title>Fejl:" in page
    assert 'value="32.13.2026"' in page and 'aria-invalid="true"' in page
    assert re.search(r'id="from-error"', page)
    assert "data-table" not in page  # no figures for a period not understood
    page = unescape(client.get("/overview?from=01.07.2026&to=01.01.2026").get_data(
        as_text=True))
    assert "Periodens slutning ligger før dens start." in page or 'id="to-error"' in page
    page = unescape(client.get("/overview?from=01.07.2026&to=").get_data(as_text=True))
    assert 'id="to-error"' in page
    assert client.get("/overview/figures.csv?from=nonsense&to=").status_code == 400
