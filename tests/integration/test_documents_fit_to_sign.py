"""Documents fit to sign (issue 16, item 2): the agreement and plan PDFs, the
claim summary and the public pages carry legal references, never research
notes ("Ikke verificeret …", "ingen paragraf fundet", "Datoen er ikke
verificeret mod en kilde"), and each names the act that judged it. The
notes stay on /admin/rules and in the API's `sureness` and `note`."""

from __future__ import annotations

from datetime import date
from html import unescape

import pytest

from igu_admin.core import rules_in_force
from igu_admin.extensions import db
from igu_admin.jobs.claims_due import claims_due_step
from igu_admin.models import Role
from igu_admin.services.accounts import api_tokens
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import complete_agreement
from igu_admin.testing.claims import approved, claims_of
from igu_admin.testing.plans import bakery, make_plan, plan_agreement
from igu_admin.wording.rulesets import in_sentence
from tests.conftest import csrf_token
from tests.pdf_text import pdf_text
from tests.research_phrases import research_phrases

RULESETS = ("igu-2016", "igu-2021", "igu-2024")


def bearer(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_tokens.create_token(user, user).secret}"}


def title(code: str, lang: str = "da") -> str:
    return rules_in_force.catalogue().get(code).title(lang)


def squeezed(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("ruleset", RULESETS)
def test_the_agreement_pdfs_cite_without_research_notes_and_name_their_act(
        app, client, monkeypatch, ruleset: str) -> None:
    # Named explicitly, each rule set judges the agreement by its own rules.
    monkeypatch.setitem(app.config, "IGU_RULESET", ruleset)
    headers = bearer(make_user(Role.EMPLOYER, company=make_company("101")))
    record = client.post("/api/v1/agreements", json=complete_agreement(), headers=headers)
    assert record.status_code == 201, record.get_json()
    url = f"/api/v1/agreements/{record.get_json()['id']}"
    draft = client.get(f"{url}/pdf", headers=headers)
    submitted = client.post(f"{url}/submit", json={"lock_version": record.get_json()["lock_version"]},
                            headers=headers)
    assert submitted.status_code == 200, submitted.get_json()
    version = client.get(f"{url}/versions/1/pdf", headers=headers)
    for pdf in (draft, version):
        assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
        text = pdf_text(pdf.data)
        assert research_phrases(text) == []
        assert squeezed(title(ruleset)) in text


@pytest.mark.parametrize("ruleset", RULESETS)
def test_the_plan_pdf_cites_without_research_notes_and_names_its_act(
        app, client, ruleset: str) -> None:
    company = bakery("101")
    agreement = plan_agreement(company)
    agreement.ruleset_code = ruleset
    db.session.commit()
    make_plan(agreement)
    headers = bearer(make_user(Role.EMPLOYER, company=company))
    pdf = client.get(f"/api/v1/agreements/{agreement.id}/schooling-plan/pdf", headers=headers)
    assert pdf.status_code == 200, pdf.get_data(as_text=True)[:500]
    text = pdf_text(pdf.data)
    assert research_phrases(text) == []
    assert squeezed(title(ruleset)) in text


@pytest.mark.parametrize("ruleset", RULESETS)
def test_the_claim_summaries_cite_without_research_notes_and_name_their_act(
        app, client, auth, ruleset: str) -> None:
    agreement = approved(programme_start=date(2025, 6, 1))
    agreement.ruleset_code = ruleset
    db.session.commit()
    claims_due_step(date(2026, 9, 1))
    claims = claims_of(agreement)
    for role, area, claim_type in (
            (Role.EMPLOYER, "employer", "company_bonus_6_months"),
            (Role.FINANCE, "finance", "municipality_result_grant")):
        user = (make_user(role, company=agreement.company) if role is Role.EMPLOYER
                else make_user(role, municipality=agreement.municipality_code))
        auth.login(user.email)
        pdf = client.get(f"/{area}/claims/{claims[claim_type].id}/summary.pdf")
        assert pdf.status_code == 200, (claim_type, pdf.status_code)
        text = pdf_text(pdf.data)
        assert research_phrases(text) == []
        assert squeezed(title(ruleset)) in text
        auth.logout()


PERSON = {"start_date": "01.03.2027", "birth_date": "01.06.1995", "cpr": "",
          "registered_since": "10.01.2021", "target_group": "refugee", "previous_igu": "no",
          "recent_ordinary_employment": "no"}
# Answers whose criteria name a date no source confirmed, or whose rule file
# notes what was not read: (the installation's rule set, the form, the act
# that judges).
ANSWERS = [
    ("by-start-date", PERSON, "igu-2024"),
    ("by-start-date", {**PERSON, "start_date": "01.04.2022", "registered_since": "20.03.2022",
                       "target_group": "ukraine_special_act"}, "igu-2021"),
    ("by-start-date", {**PERSON, "start_date": "01.08.2019", "registered_since": "10.01.2017",
                       "recent_ordinary_employment": "yes"}, "igu-2016"),
    ("by-start-date", {**PERSON, "start_date": "01.02.2030"}, "igu-2024"),
    ("igu-2016", {**PERSON, "previous_igu": "yes"}, "igu-2016"),
    ("igu-2021", {**PERSON, "target_group": "afghan_special_act"}, "igu-2021"),
]


@pytest.mark.parametrize(("mode", "form", "judge"), ANSWERS)
@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_public_answer_page_cites_without_research_notes_and_names_its_act(
        app, client, monkeypatch, mode: str, form: dict[str, str], judge: str,
        lang: str) -> None:
    monkeypatch.setitem(app.config, "IGU_RULESET", mode)
    token = csrf_token(client, "/eligibility")
    response = client.post("/eligibility", data={"csrf_token": token, **form},
                           headers={"Accept-Language": lang})
    assert response.status_code == 200
    html = unescape(response.get_data(as_text=True))
    assert 'data-code="age"' in html  # the answer, not the form again
    assert research_phrases(html) == []
    # Named inside the answer's sentence ("under the IGU act from 2024").
    assert in_sentence(title(judge, lang), lang) in html


@pytest.mark.parametrize("url", ["/", "/eligibility", "/accessibility"])
@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_other_public_pages_carry_no_research_notes(client, url: str, lang: str) -> None:
    response = client.get(url, headers={"Accept-Language": lang})
    assert response.status_code == 200
    assert research_phrases(unescape(response.get_data(as_text=True))) == []


def test_the_api_keeps_the_notes_beside_the_citation(client) -> None:
    """The date no source confirmed and the rule file's note reach the API's
    `note`, never its `message` or `legal_reference`."""
    answer = client.post("/api/v1/eligibility", headers={"Accept-Language": "da"}, json={
        "start_date": "2022-04-01", "birth_date": "1995-06-01", "registered_since": "2022-03-20",
        "target_group": "ukraine_special_act"}).get_json()
    group = next(c for c in answer["criteria"] if c["code"] == "target_group")
    assert group["passed"] is True and group["sureness"] == "amending_bill"
    assert group["note"].startswith("Datoen er ikke verificeret mod en kilde.")
    previous = next(c for c in answer["criteria"] if c["code"] == "previous_igu")
    assert previous["sureness"] == "guidance"
    assert "Ingen paragraf fundet" in previous["note"]
    for item in answer["criteria"] + answer["notices"]:
        assert research_phrases(item["message"] + item["legal_reference"]) == []
