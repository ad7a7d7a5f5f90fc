"""One mechanism guards every view: roles and tenancy."""

import re

import pytest

from igu_admin.models import AgreementStatus, Role
from igu_admin.services.agreements import trainees
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import make_agreement
from igu_admin.testing.claims import make_claim
from igu_admin.web.access import PUBLIC, policy_for

ROLE_PAGES = {Role.EMPLOYER: "/employer/", Role.CASEWORKER: "/caseworker/",
              Role.FINANCE: "/finance/", Role.ADMIN: "/admin/"}


def test_every_endpoint_has_an_access_policy(app) -> None:
    for rule in app.url_map.iter_rules():
        assert policy_for(app, rule.endpoint) is not None, rule.endpoint


def test_role_areas_are_not_public(app) -> None:
    for name in ("employer.home", "caseworker.agreement", "finance.claim", "admin.new_user"):
        assert policy_for(app, name) != PUBLIC


def test_a_view_without_a_declared_policy_is_refused(database_url) -> None:
    from tests.conftest import make_app

    fresh = make_app(database_url)
    fresh.add_url_rule("/undeclared", "undeclared", lambda: "secret")
    assert fresh.test_client().get("/undeclared").status_code == 404


@pytest.mark.parametrize("page", list(ROLE_PAGES.values()))
def test_anonymous_users_are_sent_to_login(app, client, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize(("role", "page"), [
    (role, page) for role in Role for other, page in ROLE_PAGES.items() if other is not role])
def test_a_role_cannot_open_another_roles_area(app, client, auth, role: Role, page: str) -> None:
    auth.login(make_user(role).email)
    assert client.get(page).status_code == 403


def _two_tenants() -> dict:
    """Two companies in two municipalities, each with an agreement and a claim."""
    mine, theirs = make_company("101"), make_company("751")
    my_agreement, their_agreement = make_agreement(mine), make_agreement(theirs)
    return {"mine": mine, "theirs": theirs, "my_agreement": my_agreement,
            "their_agreement": their_agreement, "my_claim": make_claim(my_agreement),
            "their_claim": make_claim(their_agreement)}


def test_an_employer_sees_only_its_own_company(app, client, auth) -> None:
    t = _two_tenants()
    auth.login(make_user(Role.EMPLOYER, company=t["mine"]).email)
    assert client.get(f"/employer/agreements/{t['my_agreement'].id}").status_code == 200
    assert client.get(f"/employer/agreements/{t['their_agreement'].id}").status_code == 404
    assert client.get("/employer/agreements/999999").status_code == 404
    home = client.get("/employer/").get_data(as_text=True)
    assert t["my_agreement"].trainee.full_name in home
    assert t["their_agreement"].trainee.full_name not in home


def test_an_employer_of_another_company_in_the_same_municipality_is_refused(app, client,
                                                                             auth) -> None:
    t = _two_tenants()
    neighbour = make_company("101")
    auth.login(make_user(Role.EMPLOYER, company=neighbour).email)
    assert client.get(f"/employer/agreements/{t['my_agreement'].id}").status_code == 404


def test_a_caseworker_sees_only_their_municipality(app, client, auth) -> None:
    t = _two_tenants()
    auth.login(make_user(Role.CASEWORKER, municipality="101").email)
    assert client.get(f"/caseworker/agreements/{t['my_agreement'].id}").status_code == 200
    assert client.get(f"/caseworker/agreements/{t['their_agreement'].id}").status_code == 404
    queue = client.get("/caseworker/").get_data(as_text=True)
    assert t["my_agreement"].trainee.full_name in queue
    assert t["their_agreement"].trainee.full_name not in queue


def test_an_employers_draft_is_its_own_until_it_is_sent(app, client, auth) -> None:
    company = make_company(municipality="101")
    draft = make_agreement(company, status=AgreementStatus.DRAFT)
    auth.login(make_user(Role.CASEWORKER, municipality="101").email)
    assert client.get(f"/caseworker/agreements/{draft.id}").status_code == 404
    auth.logout()
    auth.login(make_user(Role.EMPLOYER, company=company).email)
    assert client.get(f"/employer/agreements/{draft.id}").status_code == 200


def test_a_caseworker_sees_the_full_cpr_an_employer_a_masked_one(app, client, auth) -> None:
    t = _two_tenants()
    cpr = trainees.display_cpr(t["my_agreement"].trainee, full=True)
    auth.login(make_user(Role.CASEWORKER, municipality="101").email)
    full = client.get(f"/caseworker/agreements/{t['my_agreement'].id}")
    assert cpr in full.get_data(as_text=True)
    assert full.headers["Cache-Control"] == "no-store"
    auth.logout()
    auth.login(make_user(Role.EMPLOYER, company=t["mine"]).email)
    masked = client.get(f"/employer/agreements/{t['my_agreement'].id}").get_data(as_text=True)
    assert f"{cpr[:6]}-XXXX" in masked
    assert cpr not in masked


def test_a_finance_officer_sees_only_their_municipalitys_claims(app, client, auth) -> None:
    t = _two_tenants()
    auth.login(make_user(Role.FINANCE, municipality="751").email)
    assert client.get(f"/finance/claims/{t['their_claim'].id}").status_code == 200
    assert client.get(f"/finance/claims/{t['my_claim'].id}").status_code == 404
    listing = client.get("/finance/").get_data(as_text=True)
    assert re.findall(r'href="/finance/claims/(\d+)"', listing) == [str(t["their_claim"].id)]


@pytest.mark.parametrize("path", ["/employer/agreements/99999999999999999999",
                                  "/employer/agreements/2147483648", "/employer/agreements/0",
                                  "/employer/agreements/abc"])
def test_impossible_ids_are_not_found(app, client, auth, path: str) -> None:
    auth.login(make_user(Role.EMPLOYER).email)
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/admin/users/new", "/admin/companies/new"])
def test_a_failed_csrf_check_never_opens_a_view_the_user_may_not_use(app, client, auth,
                                                                     path: str) -> None:
    anonymous = client.post(path, data={"email": "x@example.dk"})
    assert anonymous.status_code == 302
    assert anonymous.headers["Location"].startswith("/login")
    auth.login(make_user(Role.EMPLOYER).email)
    assert client.post(path, data={"email": "x@example.dk"}).status_code == 403


def test_a_deactivated_user_loses_access_at_once(app, client, auth) -> None:
    from igu_admin.extensions import db

    user = make_user(Role.EMPLOYER)
    auth.login(user.email)
    assert client.get("/employer/").status_code == 200
    user.active = False
    db.session.commit()
    assert client.get("/employer/").status_code == 302
