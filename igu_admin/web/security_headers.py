"""Response headers that protect every page: CSP, framing, caching, HSTS."""

from __future__ import annotations

from flask import Flask, Response, current_app, request

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                               "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def protect_response(response: Response) -> Response:
    """Pages may show CPR numbers or echo what was typed: keep them out of
    shared and back-button caches (static files stay cacheable), and forbid
    framing and scripts from anywhere but this site."""
    response.headers.update(SECURITY_HEADERS)
    if request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
    hsts_seconds = current_app.config["IGU_HSTS_SECONDS"]
    if hsts_seconds:
        # Sent whether or not this hop was TLS: behind a proxy that ends TLS
        # the app sees plain HTTP, and browsers ignore the header on http://.
        response.headers["Strict-Transport-Security"] = f"max-age={hsts_seconds}"
    return response


def register_security_headers(app: Flask) -> None:
    app.after_request(protect_response)
