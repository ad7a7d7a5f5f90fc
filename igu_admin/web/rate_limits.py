"""Limits per client address (Flask-Limiter), on top of the lock per account.

The counts are kept where IGU_RATELIMIT_STORAGE_URI says: memory:// counts
in each process, so with several workers or servers only a shared store
(redis://, the production setting) holds a limit for them all.

Each app gets its own limiter: Flask-Limiter keeps its storage and its
on/off switch on the extension object, and one object shared by several
apps (as tests make them) would count and switch for all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask, Response, request
from flask_limiter import Limiter
from limits import parse_many

from igu_admin.config import ConfigurationError

LIMITER = "igu_limiter"


def client_address() -> str:
    """The client's address as this server sees it.

    Behind a reverse proxy that is the proxy's address, unless the deployment
    wraps the app in werkzeug's ProxyFix with the number of proxies it trusts.
    X-Forwarded-For is never read by default: any client can send it.
    """
    return request.remote_addr or "unknown"


def _login_failed(response: Response) -> bool:
    """A login that succeeded redirects; one that failed shows the form again."""
    return response.status_code < 300


def _readable_limit(config: Mapping[str, Any], name: str) -> str:
    """The setting, if it reads as limits: Flask-Limiter would only log a bad
    one and then not apply it."""
    try:
        parse_many(config[name])
    except ValueError as error:
        raise ConfigurationError(
            f"{name}={config[name]!r} is not a rate limit like '10 per minute'.") from error
    return str(config[name])


def register_rate_limits(app: Flask) -> None:
    """One limiter for the app; failed logins per address on POST /login."""
    config = app.config
    login = _readable_limit(config, "IGU_LOGIN_RATE_LIMIT")
    default = config["IGU_RATELIMIT_DEFAULT"] and _readable_limit(config, "IGU_RATELIMIT_DEFAULT")
    limiter = Limiter(
        client_address,
        storage_uri=config["IGU_RATELIMIT_STORAGE_URI"],
        enabled=config["IGU_RATELIMIT_ENABLED"],
        default_limits=[default] if default else None,
        headers_enabled=True,
        retry_after="delta-seconds",
        # When the shared storage is down, count in this process rather than
        # answer 500: the lock per account in the database still holds.
        in_memory_fallback_enabled=True,
        swallow_errors=True,
        key_prefix=config["IGU_RATELIMIT_KEY_PREFIX"],
    )
    limiter.init_app(app)
    app.extensions[LIMITER] = limiter
    if not default:
        # Without a default limit only the views limited below are counted,
        # each by its own wrapper (Flask-Limiter checks a decorated view inside
        # it): the limiter's hook before every request finds nothing to count,
        # at a twentieth of an eligibility request's time under gunicorn.
        hooks = app.before_request_funcs.get(None, [])
        if limiter._check_request_limit in hooks:  # not there when limits are off
            hooks.remove(limiter._check_request_limit)
    login_limit = limiter.limit(login, methods=["POST"], deduct_when=_login_failed)
    limit_view(app, "auth.login", login_limit)


def limit_view(app: Flask, endpoint: str, limit: Callable[[Any], Any]) -> None:
    """The endpoint's view wrapped in a limit of the app's limiter: for this
    app only, as the view function is shared by every app."""
    app.view_functions[endpoint] = limit(app.view_functions[endpoint])
