"""igu-admin: administration of the Danish integration basic education (IGU)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from igu_admin import models  # noqa: F401  (every table on the metadata)
from igu_admin.config import ConfigurationError, build_config, data_keys
from igu_admin.core.cpr_vault import CprVault
from igu_admin.core.database import enable_sqlite_foreign_keys
from igu_admin.core.log_format import register_logging
from igu_admin.domain.amu_catalogue import load_amu_catalogue
from igu_admin.domain.de_minimis import load_de_minimis
from igu_admin.domain.rulesets import load_catalogue
from igu_admin.domain.wage_rates import load_wage_table
from igu_admin.extensions import db, login_manager, migrate
from igu_admin.paths import (
    AMU_COURSES_FILE,
    DATA_DIR,
    DE_MINIMIS_FILE,
    MIGRATIONS_DIR,
    RULES_DIR,
    WAGE_RATES_FILE,
)
from igu_admin.services import claims
from igu_admin.web import register_web


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app. `config` overrides settings (tests); IGU_ENV in it or
    in the environment picks development, test or production. The command
    line (igu_admin.cli) is built around this factory."""
    overrides = dict(config or {})
    app = Flask(__name__, instance_path=os.environ.get("IGU_INSTANCE_PATH") or None)
    register_config(app, overrides)
    register_logging(app)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    register_rules(app)
    register_extensions(app)
    register_web(app)
    register_proxies(app)
    return app


def register_proxies(app: Flask) -> None:
    """Behind trusted reverse proxies the client's address (for the login
    limits and audit) and scheme come from their forwarding headers."""
    proxies = app.config["IGU_TRUSTED_PROXIES"]
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]


def register_config(app: Flask, overrides: dict[str, Any]) -> None:
    env = dict(os.environ)
    if "IGU_ENV" in overrides:
        env["IGU_ENV"] = overrides.pop("IGU_ENV")
    app.config.update(build_config(Path(app.instance_path), env))
    app.config.update(overrides)


def register_rules(app: Flask) -> None:
    catalogue = load_catalogue(RULES_DIR)
    if app.config["IGU_RULESET"] not in catalogue.modes:
        raise ConfigurationError(
            f"IGU_RULESET={app.config['IGU_RULESET']!r} is not one of {', '.join(catalogue.modes)}."
        )
    app.extensions["igu_rules"] = catalogue
    app.extensions["igu_wage_rates"] = load_wage_table(RULES_DIR / WAGE_RATES_FILE)
    app.extensions["igu_de_minimis"] = load_de_minimis(RULES_DIR / DE_MINIMIS_FILE)
    app.extensions["igu_amu_catalogue"] = load_amu_catalogue(DATA_DIR / AMU_COURSES_FILE)
    # Checked here, not only in build_config: settings given to create_app
    # (tests, embedding) skip the environment.
    app.extensions["igu_cpr_vault"] = CprVault(data_keys(app.config["IGU_DATA_KEY"]),
                                               app.config["IGU_CPR_HASH_KEY"])


def register_extensions(app: Flask) -> None:
    enable_sqlite_foreign_keys()
    claims.watch()  # the claims' day sums follow every change of a claim
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True,
                     compare_type=True)
    login_manager.init_app(app)
