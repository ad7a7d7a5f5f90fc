"""igu-admin: administration of the Danish integration basic education (IGU)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from igu_admin.config import ConfigurationError, build_config
from igu_admin.domain.amu_catalogue import load_amu_catalogue
from igu_admin.domain.rulesets import load_catalogue
from igu_admin.domain.wage_rates import load_wage_table
from igu_admin.extensions import babel, csrf, db, login_manager, migrate
from igu_admin.paths import (
    AMU_COURSES_FILE,
    DATA_DIR,
    MIGRATIONS_DIR,
    RULES_DIR,
    WAGE_RATES_FILE,
)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app. `config` overrides settings (tests); IGU_ENV in it or
    in the environment picks development, test or production."""
    overrides = dict(config or {})
    app = Flask(__name__, instance_path=os.environ.get("IGU_INSTANCE_PATH") or None)
    register_config(app, overrides)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    register_rules(app)
    register_extensions(app)
    register_web(app)
    register_cli(app)
    register_proxies(app)
    return app


def register_proxies(app: Flask) -> None:
    """Behind trusted reverse proxies the client's address (for the login
    limits and audit) and scheme come from their forwarding headers."""
    proxies = app.config["IGU_TRUSTED_PROXIES"]
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]


def register_config(app: Flask, overrides: dict[str, Any]) -> None:
    env = dict(os.environ)
    if "IGU_ENV" in overrides:
        env["IGU_ENV"] = overrides.pop("IGU_ENV")
    app.config.update(build_config(Path(app.instance_path), env))
    app.config.update(overrides)


def register_rules(app: Flask) -> None:
    from igu_admin.services.cpr_vault import CprVault

    catalogue = load_catalogue(RULES_DIR)
    if app.config["IGU_RULESET"] not in catalogue.modes:
        raise ConfigurationError(
            f"IGU_RULESET={app.config['IGU_RULESET']!r} is not one of {', '.join(catalogue.modes)}."
        )
    app.extensions["igu_rules"] = catalogue
    app.extensions["igu_wage_rates"] = load_wage_table(RULES_DIR / WAGE_RATES_FILE)
    app.extensions["igu_amu_catalogue"] = load_amu_catalogue(DATA_DIR / AMU_COURSES_FILE)
    app.extensions["igu_cpr_vault"] = CprVault(app.config["IGU_DATA_KEY"])


def register_extensions(app: Flask) -> None:
    from igu_admin import models  # noqa: F401  (every table on the metadata)
    from igu_admin.database import enable_sqlite_foreign_keys
    from igu_admin.services.claim_sums import watch

    enable_sqlite_foreign_keys()
    watch()  # the claims' day sums follow every change of a claim
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True,
                     compare_type=True)
    login_manager.init_app(app)


def register_web(app: Flask) -> None:
    from igu_admin.web import register_blueprints
    from igu_admin.web.access import register_access
    from igu_admin.web.api_identity import register_api_identity
    from igu_admin.web.converters import register_converters
    from igu_admin.web.errors import register_error_handlers
    from igu_admin.web.i18n import register_i18n
    from igu_admin.web.labels import register_labels
    from igu_admin.web.navigation import register_navigation
    from igu_admin.web.rate_limits import register_rate_limits
    from igu_admin.web.security_headers import register_security_headers
    from igu_admin.web.sessions import register_sessions
    from igu_admin.web.upload_limits import register_upload_limits

    register_converters(app)
    register_i18n(app, babel)
    register_sessions(login_manager)
    # Before the access policy: the API's caller comes from a bearer token.
    register_api_identity(app)
    register_access(app, login_manager)
    register_security_headers(app)
    # Before CSRF protection, which reads the body: pages taking a document
    # may send more than the usual limit.
    register_upload_limits(app)
    # After the access hook: a failed CSRF check re-runs the view to keep the
    # input, which must only happen for a user allowed to use that view.
    csrf.init_app(app)
    register_blueprints(app)
    register_rate_limits(app)
    register_error_handlers(app)
    register_labels(app)
    register_navigation(app)


def register_cli(app: Flask) -> None:
    from igu_admin.cli import register_commands

    register_commands(app)
