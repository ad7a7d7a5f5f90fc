"""De minimis on the company bonus (issue 19): the employer prepares a
company claim with its declaration of other de minimis aid, which is stored
with an audit event; crossing the ceiling is a warning, not a refusal; a
municipality's claim takes none; shape errors answer 400 at their field."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from igu_admin.core import de_minimis as de_minimis_rules
from igu_admin.extensions import db
from igu_admin.inputs.uploads import read_upload
from igu_admin.jobs.claims_due import claims_due_step
from igu_admin.models import AuditEvent, Role
from igu_admin.services import claims
from igu_admin.services.accounts import api_tokens
from igu_admin.testing.accounts import make_user
from igu_admin.testing.claims import approved, claims_of

PDF = b"%PDF-1.4 bevis"


def bearer(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_tokens.create_token(user, user).secret}"}


@pytest.fixture
def world(app):
    """A course in 101 whose six-month company claim (20,000 DKK, due
    2026-09-01) has its evidence, and whose municipality grant is due."""
    mine = approved(programme_start=date(2025, 6, 1))
    claims_due_step(date(2026, 10, 15))
    employer = make_user(Role.EMPLOYER, company=mine.company)
    six = claims_of(mine)["company_bonus_6_months"]
    for code in ("vitas_registration", "employment_period"):
        claims.attach_evidence(employer, six, code, read_upload(io.BytesIO(PDF), "bevis.pdf"))
    return {"mine": mine, "employer": employer,
            "finance": make_user(Role.FINANCE, municipality="101")}


def _six(world):
    return claims_of(world["mine"])["company_bonus_6_months"]


def _prepare(client, world, claim, de_minimis=None, who="employer"):
    body: dict = {"lock_version": claim.lock_version}
    if de_minimis is not None:
        body["de_minimis"] = de_minimis
    return client.post(f"/api/v1/claims/{claim.id}/prepare", json=body,
                       headers=bearer(world[who]))


def _claim_eur(amount: Decimal, due: date) -> Decimal:
    rate = de_minimis_rules.table().rate_on(due)
    assert rate is not None
    return (amount / rate.dkk_per_eur).quantize(Decimal("0.01"))


def test_a_company_claim_carries_its_declaration(app, client, world) -> None:
    six = _six(world)
    assert client.get(f"/api/v1/claims/{six.id}", headers=bearer(world["employer"])
                      ).get_json()["de_minimis_needed"] is True
    response = _prepare(client, world, six, {
        "other_aid_eur": "12500.00", "grantors": ["Erhvervsstyrelsen", " Region Midtjylland "],
        "declared": True})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()["de_minimis"]
    claim_eur = _claim_eur(Decimal("20000.00"), date(2026, 9, 1))
    assert body["regime"] == "2023/2831" and body["window"] == "rolling_years"
    assert body["ceiling_eur"] == "300000.00"
    assert body["other_aid_eur"] == "12500.00"
    assert body["grantors"] == ["Erhvervsstyrelsen", "Region Midtjylland"]
    assert body["claim_eur"] == f"{claim_eur:.2f}"
    assert body["total_eur"] == f"{claim_eur + Decimal('12500.00'):.2f}"
    assert body["exceeds_ceiling"] is False and body["rate_sureness"] == "unverified"
    stored = _six(world)
    assert stored.de_minimis_other_aid_eur == Decimal("12500.00")
    assert stored.de_minimis_declared_by_id == world["employer"].id
    assert stored.de_minimis_declared_at is not None
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.entity_type == "claim", AuditEvent.entity_id == str(six.id),
        AuditEvent.action == "prepare")).one()
    assert event.after is not None
    assert event.after["de_minimis_other_aid_eur"] == "12500.00"
    assert event.after["de_minimis_regime"] == "2023/2831"
    assert event.after["de_minimis_grantors"] == "Erhvervsstyrelsen; Region Midtjylland"
    assert event.after["de_minimis_exceeds_ceiling"] is False
    assert event.channel == "api"


@pytest.mark.parametrize(("over", "exceeds"), [(Decimal("0.00"), False),
                                                (Decimal("0.01"), True)])
def test_crossing_the_ceiling_is_a_warning_not_a_refusal(app, client, world, over: Decimal,
                                                         exceeds: bool) -> None:
    six = _six(world)
    room = Decimal("300000.00") - _claim_eur(six.amount, six.due_date)
    response = _prepare(client, world, six, {"other_aid_eur": f"{room + over:.2f}",
                                             "grantors": ["Erhvervsstyrelsen"],
                                             "declared": True})
    assert response.status_code == 200 and response.get_json()["status"] == "prepared"
    assert response.get_json()["de_minimis"]["exceeds_ceiling"] is exceeds


def test_the_old_regime_applies_to_a_claim_due_in_2023(app, client, world) -> None:
    six = _six(world)
    six.due_date = date(2023, 12, 31)
    db.session.commit()
    six = _six(world)
    response = _prepare(client, world, six, {"other_aid_eur": "199000.00",
                                             "grantors": ["Erhvervsstyrelsen"],
                                             "declared": True})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()["de_minimis"]
    assert (body["regime"], body["ceiling_eur"], body["window"]) == (
        "1407/2013", "200000.00", "fiscal_years")
    assert body["exceeds_ceiling"] is True


def test_a_claim_due_before_june_2023_takes_no_declaration(app, client, world) -> None:
    six = _six(world)
    six.due_date = date(2023, 5, 31)
    db.session.commit()
    six = _six(world)
    refused = _prepare(client, world, six, {"other_aid_eur": "0.00", "grantors": [],
                                            "declared": True})
    assert refused.status_code == 422 and set(refused.get_json()["errors"]) == {"de_minimis"}
    done = _prepare(client, world, six)
    assert done.status_code == 200 and done.get_json()["de_minimis"] is None
    assert done.get_json()["de_minimis_needed"] is False


def test_the_api_prepares_a_company_claim_without_a_declaration_and_says_it_is_missing(
        app, client, world) -> None:
    # Systems that prepared claims before the declaration existed still may;
    # the claim page requires it (test_de_minimis_pages).
    six = _six(world)
    done = _prepare(client, world, six)
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["de_minimis_needed"] is True and done.get_json()["de_minimis"] is None
    assert _six(world).status == "prepared" and _six(world).de_minimis_declared_at is None


@pytest.mark.parametrize(("declaration", "path"), [
    ({"other_aid_eur": "0.00", "grantors": [], "declared": False}, "de_minimis.declared"),
    ({"other_aid_eur": "-1.00", "grantors": [], "declared": True},
     "de_minimis.other_aid_eur"),
    ({"other_aid_eur": "10.00", "grantors": [], "declared": True}, "de_minimis.grantors"),
])
def test_an_incomplete_declaration_is_refused_at_its_field(app, client, world, declaration,
                                                           path: str) -> None:
    six = _six(world)
    response = _prepare(client, world, six, declaration)
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {path}
    assert _six(world).status == "due" and _six(world).de_minimis_declared_at is None


@pytest.mark.parametrize(("declaration", "path"), [
    ({"other_aid_eur": 100, "grantors": [], "declared": True}, "de_minimis.other_aid_eur"),
    ({"other_aid_eur": "1,5", "grantors": [], "declared": True}, "de_minimis.other_aid_eur"),
    ({"other_aid_eur": "0.00", "grantors": "Erhvervsstyrelsen", "declared": True},
     "de_minimis.grantors"),
    ({"other_aid_eur": "0.00", "grantors": [""], "declared": True}, "de_minimis.grantors.0"),
    ({"other_aid_eur": "0.00", "grantors": ["x" * 201], "declared": True},
     "de_minimis.grantors.0"),
    ({"other_aid_eur": "0.00", "grantors": ["x"] * 21, "declared": True},
     "de_minimis.grantors"),
    ({"other_aid_eur": "0.00", "grantors": [], "declared": "yes"}, "de_minimis.declared"),
    ({"other_aid_eur": "0.00", "grantors": []}, "de_minimis.declared"),
    ({"other_aid_eur": "0.00", "grantors": [], "declared": True, "x": 1}, "de_minimis.x"),
    ("none", "de_minimis"),
])
def test_a_malformed_declaration_answers_400_at_its_field(app, client, world, declaration,
                                                          path: str) -> None:
    six = _six(world)
    response = _prepare(client, world, six, declaration)
    assert response.status_code == 400
    assert path in response.get_json()["errors"], response.get_json()


def test_null_is_refused(app, client, world) -> None:
    six = _six(world)
    response = client.post(f"/api/v1/claims/{six.id}/prepare",
                           json={"lock_version": six.lock_version, "de_minimis": None},
                           headers=bearer(world["employer"]))
    assert response.status_code == 400 and "de_minimis" in response.get_json()["errors"]


def test_a_municipality_claim_takes_no_declaration(app, client, world) -> None:
    grant = claims_of(world["mine"])["municipality_result_grant"]
    claims.attach_evidence(world["finance"], grant, "continuous_employment",
                           read_upload(io.BytesIO(PDF), "bevis.pdf"))
    grant = claims_of(world["mine"])["municipality_result_grant"]
    refused = _prepare(client, world, grant, {"other_aid_eur": "0.00", "grantors": [],
                                              "declared": True}, who="finance")
    assert refused.status_code == 422 and set(refused.get_json()["errors"]) == {"de_minimis"}
    done = _prepare(client, world, grant, who="finance")
    assert done.status_code == 200
    assert done.get_json()["de_minimis_needed"] is False and done.get_json()["de_minimis"] is None
