"""De minimis on the claim's page and in its summary PDF (issue 19): the
employer declares the company's other de minimis aid when preparing a
company claim; crossing the ceiling is said, and the summary shows the
declaration with its figures."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import pytest

from igu_admin.core import de_minimis as de_minimis_rules
from igu_admin.inputs.uploads import read_upload
from igu_admin.jobs.claims_due import claims_due_step
from igu_admin.models import ClaimStatus, Role
from igu_admin.services import claims
from igu_admin.testing.accounts import make_user
from igu_admin.testing.claims import approved, claims_of
from tests.conftest import csrf_token
from tests.pdf_text import pdf_text
from tests.research_phrases import research_phrases

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def six(app, auth):
    """The six-month company claim (20,000 DKK, due 1 September 2026) with its
    evidence, and its employer logged in."""
    agreement = approved(programme_start=date(2025, 6, 1))
    claims_due_step(date(2026, 9, 1))
    employer = make_user(Role.EMPLOYER, company=agreement.company)
    claim = claims_of(agreement)["company_bonus_6_months"]
    for code in ("vitas_registration", "employment_period"):
        claims.attach_evidence(employer, claim, code, read_upload(io.BytesIO(PDF), "bevis.pdf"))
    auth.login(employer.email)
    return agreement


def _claim(agreement):
    return claims_of(agreement)["company_bonus_6_months"]


def _prepare(client, claim, data: dict):
    page = f"/employer/claims/{claim.id}"
    return client.post(f"{page}/prepare", data={
        "csrf_token": csrf_token(client, page), "lock_version": str(claim.lock_version), **data})


def test_the_page_asks_for_the_declaration_and_refuses_without_it(app, client, six) -> None:
    claim = _claim(six)
    page = client.get(f"/employer/claims/{claim.id}").get_data(as_text=True)
    assert 'id="de-minimis"' in page and 'name="other_aid_eur"' in page
    refused = _prepare(client, claim, {})
    assert refused.status_code == 422
    assert "Erklær den øvrige de minimis-støtte" in refused.get_data(as_text=True)
    unconfirmed = _prepare(client, claim, {"other_aid_eur": "0", "grantors": ""})
    assert unconfirmed.status_code == 422
    text = unconfirmed.get_data(as_text=True)
    assert "Bekræft, at virksomheden erklærer" in text and 'href="#declared"' in text
    assert _claim(six).status == ClaimStatus.DUE


def test_crossing_the_ceiling_is_said_on_the_page_and_in_the_summary(app, client, six) -> None:
    claim = _claim(six)
    rate = de_minimis_rules.table().rate_on(claim.due_date)
    assert rate is not None
    claim_eur = (claim.amount / rate.dkk_per_eur).quantize(Decimal("0.01"))
    other = Decimal("300000.00") - claim_eur + Decimal("1000.00")
    done = _prepare(client, claim, {"other_aid_eur": f"{other:.2f}".replace(".", ","),
                                    "grantors": "Erhvervsstyrelsen\nRegion Midtjylland",
                                    "declared": "y"})
    assert done.status_code == 302, done.get_data(as_text=True)[:3000]
    shown = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "over loftet på" in shown and "Erhvervsstyrelsen, Region Midtjylland" in shown
    stored = _claim(six)
    assert stored.status == ClaimStatus.PREPARED
    assert stored.de_minimis_grantors == ["Erhvervsstyrelsen", "Region Midtjylland"]
    summary = client.get(f"/employer/claims/{claim.id}/summary.pdf")
    text = pdf_text(summary.data)
    for expected in ("Erklæringomdeminimis-støtte", "Forordning(EU)2023/2831",
                     "Erhvervsstyrelsen", "RegionMidtjylland", "overloftetpå",
                     "anslåetkurs", f"{claim_eur:,.2f}".replace(",", "X").replace(
                         ".", ",").replace("X", ".")):
        assert expected in text, expected
    # The rate's research note stays on /admin/rules: the summary says only
    # that the rate is approximate.
    assert research_phrases(text) == []


def test_the_summary_says_when_the_declaration_is_missing(app, client, six) -> None:
    claim = _claim(six)
    text = pdf_text(client.get(f"/employer/claims/{claim.id}/summary.pdf").data)
    assert "Endnuikkeerklæret" in text


def test_a_municipality_claim_page_has_no_declaration(app, client, auth, six) -> None:
    grant = claims_of(six)["municipality_result_grant"]
    auth.logout()
    auth.login(make_user(Role.FINANCE, municipality="101").email)
    page = client.get(f"/finance/claims/{grant.id}").get_data(as_text=True)
    assert 'id="de-minimis"' not in page


def test_a_reopened_claim_shows_its_last_declaration(app, client, six) -> None:
    claim = _claim(six)
    assert _prepare(client, claim, {"other_aid_eur": "1.250,50", "grantors": "Erhvervsstyrelsen",
                                    "declared": "y"}).status_code == 302
    claim = _claim(six)
    page = f"/employer/claims/{claim.id}"
    assert client.post(f"{page}/reopen", data={"csrf_token": csrf_token(client, page),
                                               "lock_version": str(claim.lock_version)}
                       ).status_code == 302
    html = client.get(page).get_data(as_text=True)
    assert 'value="1.250,50"' in html and "Erhvervsstyrelsen</textarea>" in html
    # The confirmation is given again each time.
    declared = re.search(r'<input[^>]*name="declared"[^>]*>', html)
    assert declared is not None and "checked" not in declared.group(0)
