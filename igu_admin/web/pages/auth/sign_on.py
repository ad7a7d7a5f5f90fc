"""Sign-in through an OpenID Connect provider (IGU_SIGN_ON_PROVIDERS), with
Authlib's Flask client: the authorization code flow with PKCE (S256), the
state and the nonce kept in the session and checked on return, and the ID
token's signature, issuer, audience, nonce and expiry checked before anyone
is let in. Who the person is in igu-admin is services.accounts.sign_on's
answer."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import OAuth
from flask import Flask, abort, current_app, redirect, render_template, request, session, url_for
from flask_login import login_user
from joserfc.errors import JoseError
from werkzeug.wrappers import Response

from igu_admin.config import ConfigurationError
from igu_admin.services.accounts import sign_on as sign_on_service
from igu_admin.services.accounts.sign_on import Refusal, SignOnClaims, SignOnProvider
from igu_admin.web.navigation import home_url
from igu_admin.web.pages.auth.blueprint import CARRIED_OVER_LOGIN, bp
from igu_admin.web.rate_limits import client_address
from igu_admin.web.sessions import start_session

EXTENSION = "igu_sign_on"
# Where the session remembers the provider a user signed in through, for logout.
SIGNED_ON_WITH = "signed_on_with"
# The provider's answer may take this long (seconds) before the page says so.
PROVIDER_TIMEOUT = 10


class SignOn:
    """The providers of one app and their Authlib clients."""

    def __init__(self, app: Flask, providers: tuple[SignOnProvider, ...]) -> None:
        self.providers = {provider.name: provider for provider in providers}
        self.oauth = OAuth(app)
        for provider in providers:
            self.oauth.register(
                provider.name, client_id=provider.client_id,
                client_secret=provider.client_secret,
                server_metadata_url=f"{provider.issuer}/.well-known/openid-configuration",
                client_kwargs={"scope": provider.scopes, "code_challenge_method": "S256",
                               "timeout": PROVIDER_TIMEOUT})

    def client(self, name: str) -> tuple[SignOnProvider, Any]:
        provider = self.providers.get(name)
        if provider is None:
            abort(404)
        return provider, self.oauth.create_client(name)


def register_sign_on(app: Flask) -> None:
    """The providers of IGU_SIGN_ON_PROVIDERS, checked as the app starts."""
    try:
        providers = sign_on_service.providers_from_setting(app.config["IGU_SIGN_ON_PROVIDERS"])
    except ValueError as exc:
        raise ConfigurationError(str(exc)) from None
    app.extensions[EXTENSION] = SignOn(app, providers)


def providers() -> list[SignOnProvider]:
    """The providers the login page offers, in the order they are declared."""
    return list(current_app.extensions[EXTENSION].providers.values())


@bp.route("/login/sign-on/<name>")
def sign_on_start(name: str) -> str | Response | tuple[str, int]:
    provider, client = current_app.extensions[EXTENSION].client(name)
    metadata = _metadata(client)
    if metadata is None:
        return _refused(provider, "unreachable", 503)
    if str(metadata.get("issuer", "")).rstrip("/") != provider.issuer:
        return _refused(provider, "wrong_issuer", 502)
    answer: Response = client.authorize_redirect(
        url_for("auth.sign_on_callback", name=name, _external=True))
    return answer


@bp.route("/login/sign-on/<name>/callback")
def sign_on_callback(name: str) -> str | Response | tuple[str, int]:
    provider, client = current_app.extensions[EXTENSION].client(name)
    if "error" in request.args:  # the person cancelled, or the provider refused
        return _refused(provider, "cancelled", 403)
    returned_issuer = request.args.get("iss")  # RFC 9207, when the provider sends it
    if returned_issuer is not None and returned_issuer.rstrip("/") != provider.issuer:
        return _refused(provider, "wrong_issuer", 403)
    try:
        token = client.authorize_access_token(
            claims_options={"iss": {"essential": True, "value": provider.issuer}})
    # Authlib checks the ID token with joserfc, whose errors are its own.
    except (AuthlibBaseError, JoseError, requests.RequestException, KeyError, ValueError):
        return _refused(provider, "failed", 403)
    claims = token.get("userinfo")
    if not claims or "sub" not in claims:
        return _refused(provider, "failed", 403)
    result = sign_on_service.sign_on(provider, SignOnClaims.from_id_token(dict(claims), provider),
                                     client_address=client_address())
    if result.user is None:
        assert result.refusal is not None
        return _refused(provider, result.refusal.value, 403, cvr=result.cvr)
    carried = {key: session[key] for key in CARRIED_OVER_LOGIN if key in session}
    session.clear()  # a fresh session on login: no fixation
    session.update(carried)
    session[SIGNED_ON_WITH] = provider.name
    login_user(result.user)
    start_session(result.user)
    return redirect(home_url(result.user))


def end_session_url(name: str | None) -> str | None:
    """Where to send the browser after logout so that the provider ends its
    session too (OpenID Connect RP-initiated logout), or None."""
    sign_on: SignOn = current_app.extensions[EXTENSION]
    if name is None or name not in sign_on.providers:
        return None
    provider, client = sign_on.client(name)
    metadata = _metadata(client)
    endpoint = metadata.get("end_session_endpoint") if metadata else None
    if not endpoint:
        return None
    return f"{endpoint}?" + urlencode({
        "client_id": provider.client_id,
        "post_logout_redirect_uri": url_for("public.index", _external=True)})


def _metadata(client: Any) -> dict[str, Any] | None:
    try:
        return dict(client.load_server_metadata())
    except (requests.RequestException, ValueError):
        return None


def _refused(provider: SignOnProvider, reason: str, status: int,
             cvr: str | None = None) -> tuple[str, int]:
    """The page saying why the sign-in let nobody in, and what to do."""
    known = {r.value for r in Refusal} | {"unreachable", "wrong_issuer", "cancelled", "failed"}
    assert reason in known
    return render_template("auth/sign_on_refused.html", provider=provider, reason=reason,
                           cvr=cvr), status
