"""Single sign-on against a real OpenID Provider on loopback (panva's
certified oidc-provider, tests/sign_on/provider.mjs), never a mock of the
protocol: the authorization code flow with PKCE, the state and nonce
checked, a wrong issuer or audience refused, MitID Erhverv's CVR claim
matched to a company known to igu-admin, and logout ending the session."""

from __future__ import annotations

import json
import re
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from joserfc.errors import ClaimError
from sqlalchemy import select

from igu_admin.config import ConfigurationError
from igu_admin.extensions import db
from igu_admin.models import AuditEvent, Role, User, UserSignOn
from igu_admin.services.accounts.sign_on import providers_from_setting
from igu_admin.testing.accounts import PASSWORD, make_company, make_user
from tests.conftest import IsolatedClient, csrf_token, make_app

ROOT = Path(__file__).resolve().parents[2]
CVR_CLAIM = "https://data.gov.dk/model/core/eid/professional/cvr"
APP = "http://localhost"  # the test client's address
CLIENTS = {"mitid-erhverv": "igu-nemlogin", "kommune": "igu-kommune"}
SECRET = "test-client-secret-0123456789"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The OpenID Provider, with a client for each of igu-admin's providers."""
    port = _free_port()
    accounts = tmp_path_factory.mktemp("op") / "accounts.json"
    accounts.write_text("{}")
    config = {"cvr_claim": CVR_CLAIM, "accounts_file": str(accounts), "clients": [
        {"client_id": client_id, "client_secret": SECRET,
         "redirect_uris": [f"{APP}/login/sign-on/{name}/callback"],
         "post_logout_redirect_uris": [f"{APP}/"],
         "grant_types": ["authorization_code"], "response_types": ["code"]}
        for name, client_id in CLIENTS.items()]}
    process = subprocess.Popen(["node", str(ROOT / "tests" / "sign_on" / "provider.mjs"),
                                str(port), json.dumps(config)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        yield {"issuer": f"http://127.0.0.1:{port}", "port": port, "accounts": accounts}
    finally:
        process.terminate()
        process.wait(timeout=10)


def _providers(issuer: str, **changes: Any) -> str:
    return json.dumps([
        {"name": "mitid-erhverv", "title": "MitID Erhverv", "issuer": issuer,
         "client_id": CLIENTS["mitid-erhverv"], "client_secret": SECRET,
         "scopes": "openid email profile cvr", "roles": ["employer"], "cvr_claim": CVR_CLAIM,
         **changes},
        {"name": "kommune", "title": "Kommunens login", "issuer": issuer,
         "client_id": CLIENTS["kommune"], "client_secret": SECRET,
         "roles": ["caseworker", "finance", "admin"], **changes}])


@pytest.fixture
def sso_app(app: Flask, database_url: str, provider: dict[str, Any]) -> Flask:
    """The app with both providers declared (the `app` fixture empties the tables after)."""
    sso = make_app(database_url, IGU_SIGN_ON_PROVIDERS=_providers(provider["issuer"]))
    sso.test_client_class = IsolatedClient
    return sso


def people(provider: dict[str, Any], **accounts: dict[str, Any]) -> None:
    provider["accounts"].write_text(json.dumps(accounts))


def through_provider(client: FlaskClient, name: str, account: str) -> tuple[Any, str]:
    """Start the sign-in at igu-admin, log in and consent at the provider as
    `account` (its own forms), and hand its answer back to igu-admin: the
    callback's response, and the URL the provider sent the browser to."""
    start = client.get(f"/login/sign-on/{name}")
    assert start.status_code == 302, start.get_data(as_text=True)
    back = at_provider(start.headers["Location"], account)
    return client.get(back.removeprefix(APP)), back


def at_provider(authorize_url: str, account: str) -> str:
    """Log in and consent at the provider as `account`, with its own forms;
    the address it sends the browser back to igu-admin with."""
    browser = requests.Session()
    page = browser.get(authorize_url)
    assert page.status_code == 200, page.text
    page = browser.post(_form_action(page), data={"prompt": "login", "login": account,
                                                  "password": "-"})
    answer = browser.post(_form_action(page), data={"prompt": "consent"}, allow_redirects=False)
    while not answer.headers["Location"].startswith(APP):
        answer = browser.get(urljoin(answer.url, answer.headers["Location"]),
                             allow_redirects=False)
    return str(answer.headers["Location"])


def _form_action(page: requests.Response) -> str:
    match = re.search(r'<form[^>]*action="([^"]+)"', page.text)
    assert match, page.text
    return urljoin(page.url, match.group(1))


def _events(action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_an_employer_signs_in_with_mitid_erhverv_and_the_first_sign_in_links_the_login(
        sso_app, provider) -> None:
    company = make_company(name="Ærø Bageri ApS")
    bente = make_user(Role.EMPLOYER, company=company, email="bente@baageri.dk")
    db.session.commit()
    people(provider, bente={"email": "bente@baageri.dk", "email_verified": True,
                            "name": "Bente Bager", CVR_CLAIM: company.cvr})
    client = sso_app.test_client()
    answer, back = through_provider(client, "mitid-erhverv", "bente")
    query = parse_qs(urlsplit(back).query)
    assert set(query) >= {"code", "state"}
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/employer")
    assert client.get("/employer/").status_code == 200
    link = db.session.scalar(select(UserSignOn).where(UserSignOn.user_id == bente.id))
    assert link is not None and (link.provider, link.subject) == ("mitid-erhverv", "bente")
    assert [e.entity_id for e in _events("sign_on_linked")] == [str(bente.id)]
    # From then on the subject finds the login, whatever its e-mail address says.
    db.session.execute(db.update(User).where(User.id == bente.id).values(email="b@example.dk"))
    db.session.commit()
    again, _ = through_provider(sso_app.test_client(), "mitid-erhverv", "bente")
    assert again.status_code == 302 and again.headers["Location"].startswith("/employer")
    assert len(_events("sign_on_linked")) == 1


def test_an_employee_of_a_known_company_gets_an_employer_login_at_the_first_sign_in(
        sso_app, provider) -> None:
    company = make_company()
    db.session.commit()
    people(provider, jens={"email": "Jens@Firma.dk", "email_verified": True, "name": "Jens",
                           CVR_CLAIM: company.cvr})
    answer, _ = through_provider(sso_app.test_client(), "mitid-erhverv", "jens")
    assert answer.status_code == 302
    jens = db.session.scalar(select(User).where(User.email == "jens@firma.dk"))
    assert jens is not None and (jens.role, jens.company_id) == ("employer", company.id)
    assert jens.password_hash.startswith("!")  # no password opens it


def test_an_unknown_cvr_is_refused_with_a_clear_page(sso_app, provider) -> None:
    make_company()
    db.session.commit()
    people(provider, ulla={"email": "ulla@ukendt.dk", "email_verified": True,
                           CVR_CLAIM: "12345674"})
    answer, _ = through_provider(sso_app.test_client(), "mitid-erhverv", "ulla")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 403
    assert "Virksomheden med CVR-nummer 12345674 er ikke oprettet i igu-admin" in page
    assert db.session.scalar(select(User).where(User.email == "ulla@ukendt.dk")) is None
    assert [e.after["outcome"] for e in _events("login_failed")] == ["unknown_company"]


def test_a_caseworker_signs_in_through_the_municipalitys_provider_and_an_employer_cannot(
        sso_app, provider) -> None:
    karen = make_user(Role.CASEWORKER, email="karen@kommune.dk")
    make_user(Role.EMPLOYER, email="erik@firma.dk")
    db.session.commit()
    people(provider, karen={"email": "karen@kommune.dk", "email_verified": True},
           erik={"email": "erik@firma.dk", "email_verified": True},
           ukendt={"email": "nobody@kommune.dk", "email_verified": True},
           uverificeret={"email": "karen@kommune.dk", "email_verified": False})
    answer, _ = through_provider(sso_app.test_client(), "kommune", "karen")
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/caseworker")
    assert db.session.scalar(select(UserSignOn.user_id)) == karen.id
    for account, words in [("erik", "logger ikke ind gennem Kommunens login"),
                           ("ukendt", "igu-admin har ikke et login til dig"),
                           ("uverificeret", "bekræftede ikke en e-mailadresse")]:
        refused, _ = through_provider(sso_app.test_client(), "kommune", account)
        assert refused.status_code == 403, account
        assert words in refused.get_data(as_text=True), account


def test_the_state_and_the_nonce_are_checked(sso_app, provider) -> None:
    karen = make_user(Role.CASEWORKER, email="karen@kommune.dk")
    db.session.commit()
    people(provider, karen={"email": "karen@kommune.dk", "email_verified": True})
    client = sso_app.test_client()
    _first, back = through_provider(client, "kommune", "karen")
    forged = back.replace("state=", "state=x").removeprefix(APP)
    replayed = sso_app.test_client().get(forged)
    assert replayed.status_code == 403

    # A nonce other than the one sent: the ID token's is refused.
    client = sso_app.test_client()
    start = client.get("/login/sign-on/kommune")
    with client.session_transaction() as session:
        key = next(k for k in session if k.startswith("_state_kommune_"))
        state = dict(session[key])
        state["data"] = {**state["data"], "nonce": "not-the-one-sent"}
        session[key] = state
    assert start.status_code == 302
    back = at_provider(start.headers["Location"], "karen")
    refused = client.get(back.removeprefix(APP))
    assert refused.status_code == 403
    # Only the first, whole sign-in let karen in.
    assert [e.entity_id for e in _events("login_succeeded")] == [str(karen.id)]
    assert client.get("/caseworker/").status_code == 302


def test_a_provider_answering_as_another_issuer_is_refused(app, database_url, provider) -> None:
    # The same provider reached as "localhost": its documents name 127.0.0.1.
    other = provider["issuer"].replace("127.0.0.1", "localhost")
    sso = make_app(database_url, IGU_SIGN_ON_PROVIDERS=_providers(other))
    sso.test_client_class = IsolatedClient
    client = sso.test_client()
    answer = client.get("/login/sign-on/kommune")
    assert answer.status_code == 502
    assert "kunne ikke gennemføres" in answer.get_data(as_text=True)
    # An answer naming another issuer (RFC 9207's iss) is refused too.
    good = make_app(database_url, IGU_SIGN_ON_PROVIDERS=_providers(provider["issuer"]))
    good.test_client_class = IsolatedClient
    assert good.test_client().get(
        "/login/sign-on/kommune/callback?code=x&state=y&iss=https%3A%2F%2Fevil.example"
    ).status_code == 403


def test_an_id_token_for_another_audience_is_refused(sso_app, provider) -> None:
    """The provider's ID token, made for igu-admin's client, checked as another
    client would check it (an ID token cannot be made for a client that did
    not ask, so the check is shown on a real token)."""
    make_user(Role.CASEWORKER, email="karen@kommune.dk")
    db.session.commit()
    people(provider, karen={"email": "karen@kommune.dk", "email_verified": True})
    client = sso_app.test_client()
    captured: dict[str, Any] = {}
    oauth_client = sso_app.extensions["igu_sign_on"].client("kommune")[1]
    original = type(oauth_client).parse_id_token

    def keep(self: Any, token: dict[str, Any], nonce: str, claims_options: Any = None,
             **kwargs: Any) -> Any:
        captured.update(token=token, nonce=nonce, options=claims_options)
        return original(self, token, nonce, claims_options=claims_options, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(type(oauth_client), "parse_id_token", keep)
        answer, _ = through_provider(client, "kommune", "karen")
    assert answer.status_code == 302
    with sso_app.test_request_context():
        oauth_client.client_id = "someone-else"
        try:
            # Not among the token's audiences (Authlib then names aud, or azp,
            # the party the token was issued to).
            with pytest.raises(ClaimError, match=r"aud|azp"):
                oauth_client.parse_id_token(captured["token"], captured["nonce"],
                                            claims_options=captured["options"])
        finally:
            oauth_client.client_id = CLIENTS["kommune"]


def test_logout_ends_the_session_here_and_at_the_provider(sso_app, provider) -> None:
    make_user(Role.CASEWORKER, email="karen@kommune.dk")
    db.session.commit()
    people(provider, karen={"email": "karen@kommune.dk", "email_verified": True})
    client = sso_app.test_client()
    through_provider(client, "kommune", "karen")
    assert client.get("/caseworker/").status_code == 200
    out = client.post("/logout", data={"csrf_token": csrf_token(client, "/caseworker/")})
    assert out.status_code == 302
    end = urlsplit(out.headers["Location"])
    assert f"{end.scheme}://{end.netloc}{end.path}" == f"{provider['issuer']}/session/end"
    assert parse_qs(end.query) == {"client_id": [CLIENTS["kommune"]],
                                   "post_logout_redirect_uri": [f"{APP}/"]}
    assert client.get("/caseworker/").status_code == 302  # back to the login page


def test_passwords_can_be_switched_off_per_role(app, database_url, provider) -> None:
    make_user(Role.EMPLOYER, email="erik@firma.dk")
    make_user(Role.CASEWORKER, email="karen@kommune.dk")
    db.session.commit()
    only = make_app(database_url, IGU_PASSWORD_LOGIN_ROLES="caseworker",
                    IGU_SIGN_ON_PROVIDERS=_providers(provider["issuer"]))
    only.test_client_class = IsolatedClient
    client = only.test_client()
    page = client.get("/login").get_data(as_text=True)
    assert "Log ind med MitID Erhverv" in page and 'type="password"' in page
    refused = client.post("/login", data={"email": "erik@firma.dk", "password": PASSWORD,
                                          "csrf_token": csrf_token(client, "/login")})
    assert refused.status_code == 200
    assert "Log ind med MitID Erhverv / Kommunens login" in refused.get_data(as_text=True)
    assert client.get("/employer/").status_code == 302
    ok = client.post("/login", data={"email": "karen@kommune.dk", "password": PASSWORD,
                                     "csrf_token": csrf_token(client, "/login")})
    assert ok.status_code == 302 and ok.headers["Location"].startswith("/caseworker")
    nobody = make_app(database_url, IGU_PASSWORD_LOGIN_ROLES="",
                      IGU_SIGN_ON_PROVIDERS=_providers(provider["issuer"]))
    assert 'type="password"' not in nobody.test_client().get("/login").get_data(as_text=True)


@pytest.mark.parametrize(("setting", "message"), [
    ("not json", "is not JSON"),
    ('{"name": "x"}', "JSON list"),
    ('[{"name": "x"}]', "lacks title, issuer, client_id, client_secret"),
    ('[{"name": "X Y", "title": "t", "issuer": "https://id.example", "client_id": "c", '
     '"client_secret": "s", "roles": ["employer"]}]', "lower-case"),
    ('[{"name": "x", "title": "t", "issuer": "http://id.example", "client_id": "c", '
     '"client_secret": "s", "roles": ["employer"]}]', "https://"),
    ('[{"name": "x", "title": "t", "issuer": "https://id.example", "client_id": "c", '
     '"client_secret": "s", "roles": ["boss"]}]', "roles must be among"),
    ('[{"name": "x", "title": "t", "issuer": "https://id.example", "client_id": "c", '
     '"client_secret": "s", "roles": ["caseworker"], "cvr_claim": "cvr"}]', "for employers"),
])
def test_a_wrong_provider_setting_stops_the_app_saying_what_is_wrong(setting: str,
                                                                     message: str) -> None:
    with pytest.raises(ValueError, match=message):
        providers_from_setting(setting)
    with pytest.raises(ConfigurationError, match=message):
        make_app("sqlite://", IGU_SIGN_ON_PROVIDERS=setting)
