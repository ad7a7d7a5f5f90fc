"""Flask's signed-cookie sessions, without their cost on requests that
carry no session: a program calling the JSON API with a bearer token, a
load balancer's probe. Flask builds the cookie's signing serializer for
every request before it looks for the cookie; here the serializer is made
once per secret key, and only when there is a cookie to read or write."""

from __future__ import annotations

from typing import Any

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class CookieSessions(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._serializers: dict[tuple[Any, ...], URLSafeTimedSerializer] = {}

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        if not app.secret_key:
            return None
        fallbacks = tuple(app.config["SECRET_KEY_FALLBACKS"] or ())
        key = (app.secret_key, fallbacks)
        serializer = self._serializers.get(key)
        if serializer is None:
            serializer = super().get_signing_serializer(app)
            assert serializer is not None
            self._serializers = {key: serializer}  # the app's current keys only
        return serializer


def register_cookie_sessions(app: Flask) -> None:
    app.session_interface = CookieSessions()
