"""Limits per client address (Flask-Limiter), on top of the lock per account.

Each app gets its own limiter: Flask-Limiter keeps its storage and its
on/off switch on the extension object, and one object shared by several
apps (as tests make them) would count and switch for all of them.
"""

from __future__ import annotations

from flask import Flask, Response, request
from flask_limiter import Limiter

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


def register_rate_limits(app: Flask) -> None:
    """One limiter for the app; failed logins per address on POST /login."""
    config = app.config
    default = config["IGU_RATELIMIT_DEFAULT"]
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
        key_prefix="igu",
    )
    limiter.init_app(app)
    app.extensions[LIMITER] = limiter
    # Wrapped for this app only: the view function is shared by every app.
    login_limit = limiter.limit(config["IGU_LOGIN_RATE_LIMIT"], methods=["POST"],
                                deduct_when=_login_failed)
    view = app.view_functions["auth.login"]
    app.view_functions["auth.login"] = login_limit(view)  # type: ignore[assignment]
