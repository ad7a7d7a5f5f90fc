"""Settings from IGU_* environment variables, one class per environment."""

from __future__ import annotations

import base64
import binascii
import itertools
import math
import os
import secrets
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet

from igu_admin.domain.follow_up import parse_months
from igu_admin.paths import LOCALE_DIR

SUPPORTED_LOCALES = ("da", "en")


class ConfigurationError(RuntimeError):
    """The environment does not allow the app to start safely."""


class BaseConfig:
    ENV_NAME = "base"
    TESTING = False
    DEBUG = False
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    BABEL_DEFAULT_LOCALE = "da"
    BABEL_DEFAULT_TIMEZONE = "Europe/Copenhagen"
    BABEL_TRANSLATION_DIRECTORIES = str(LOCALE_DIR)
    SUPPORTED_LOCALES = SUPPORTED_LOCALES
    IGU_TIMEZONE = "Europe/Copenhagen"
    # The act in force on each course's start date (rule_parts.Window.governs).
    IGU_RULESET = "by-start-date"
    WTF_CSRF_TIME_LIMIT = 3600
    MAX_CONTENT_LENGTH = 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    # Failed logins from one client address on one account: after this many
    # within the window the pair is locked for the same window. A stranger
    # elsewhere locks only their own pair, never the real user out.
    # Security settings, not rules of the act.
    IGU_LOGIN_MAX_FAILURES = 5
    IGU_LOGIN_LOCK_MINUTES = 15
    # Failed logins per client address over all accounts (limits syntax:
    # "10 per minute;100 per hour"), so guesses cannot be spread over e-mails.
    IGU_LOGIN_RATE_LIMIT = "10 per minute;100 per hour"
    # A limit for every other request per client address; empty: none.
    IGU_RATELIMIT_DEFAULT = ""
    IGU_RATELIMIT_ENABLED = True
    # memory:// counts per process: with several workers or servers the limits
    # only hold in a shared store, redis://host:6379/0 (production should use it).
    IGU_RATELIMIT_STORAGE_URI = "memory://"
    # The start of the rate limits' keys in that store, so that installations
    # (or test runs) sharing one Redis count apart.
    IGU_RATELIMIT_KEY_PREFIX = "igu"
    # A login ends after this long without a request, and after this long in all.
    IGU_SESSION_IDLE_MINUTES = 30
    IGU_SESSION_MAX_HOURS = 12
    # Strict-Transport-Security max-age; 0 sends no header.
    IGU_HSTS_SECONDS = 0
    # Reverse proxies in front of the app whose X-Forwarded-For/-Proto are
    # trusted. 0: none (any client can send those headers); behind one nginx: 1.
    IGU_TRUSTED_PROXIES = 0
    IGU_PASSWORD_HASH_METHOD = "scrypt"
    # "Forgot password": a reset link works once, for this many seconds.
    IGU_PASSWORD_RESET_SECONDS = 3600
    # An invitation's link (a new employer user) works once, for this many days.
    IGU_INVITATION_DAYS = 14
    # The months after a course's start when its follow-up check-ins fall due:
    # the municipalities' own practice, not law (a municipality may set its own).
    IGU_FOLLOW_UP_MONTHS = "1,3,6,9,12,15,18,21"
    # Requests for a reset link, per client address and per e-mail address
    # (limits syntax); over either, the answer is 429 and nothing is sent.
    IGU_PASSWORD_RESET_RATE_LIMIT = "5 per 15 minutes;20 per day"
    IGU_PASSWORD_RESET_EMAIL_RATE_LIMIT = "3 per hour;10 per day"
    # Links in e-mails: the address people open the app at (no request to ask).
    IGU_BASE_URL = "http://127.0.0.1:5000"
    # E-mail: with IGU_SMTP_HOST empty each message is written as an .eml file
    # in the instance folder's outbox/ (the embedded default); set, it goes by SMTP.
    IGU_MAIL_FROM = "igu-admin@localhost"
    IGU_SMTP_HOST = ""
    IGU_SMTP_PORT = 587
    IGU_SMTP_USER = ""
    IGU_SMTP_PASSWORD = ""
    IGU_SMTP_STARTTLS = True
    IGU_SMTP_TIMEOUT_SECONDS = 30
    # A message that failed is tried again after IGU_MAIL_RETRY_MINUTES,
    # doubling each time up to a day, and given up after IGU_MAIL_MAX_ATTEMPTS
    # (12: about four days, so a mail server down over a long weekend loses nothing).
    IGU_MAIL_MAX_ATTEMPTS = 12
    IGU_MAIL_RETRY_MINUTES = 5
    # Reminders go out this many days before a deadline (the plan, the VITAS
    # registration, the course's end, an extension's decision).
    IGU_REMINDER_LEAD_DAYS = 7
    # VITAS, where the employer registers the agreement and the schooling plan:
    # "Aftaler om IGU-forløb samt undervisningsplaner skal oprettes online i
    # VITAS ... via vitas.bm.dk" (uim.dk, "Hvordan aftales et IGU-forløb?").
    IGU_VITAS_URL = "https://vitas.bm.dk"
    # Bonus claims: those who handle a claim are reminded this many days before
    # its deadline (the deadline itself is rule-set data). An office setting,
    # not a rule of the law.
    IGU_CLAIM_DEADLINE_REMINDER_DAYS = 30
    # The secret the CPR look-up hashes are keyed with; empty: derived from the
    # last (oldest) key of IGU_DATA_KEY (core/cpr_vault.py says why).
    IGU_CPR_HASH_KEY = ""
    # Single sign-on (services/accounts/sign_on.py): a JSON list of OpenID
    # Connect providers; empty: passwords only. Which roles may still sign in
    # with a password (comma-separated); empty: nobody.
    IGU_SIGN_ON_PROVIDERS = ""
    IGU_PASSWORD_LOGIN_ROLES = "employer,caseworker,finance,admin"
    # Prometheus metrics at /metrics: off (404) while empty; when set, served
    # to a scraper sending "Authorization: Bearer <this token>".
    IGU_METRICS_TOKEN = ""
    # "text": log as Python and the server do by default; "json": one JSON
    # object a line (time, level, logger, message, request id).
    IGU_LOG_FORMAT = "text"
    # The scheduler's every-minute jobs (the outbox, the approved copies) run
    # every this many seconds instead, when above 0: for a test of several
    # processes that cannot wait minutes. Production leaves it 0 (on the minute).
    IGU_SCHEDULER_TICK_SECONDS = 0


class DevelopmentConfig(BaseConfig):
    ENV_NAME = "development"


class TestConfig(BaseConfig):
    ENV_NAME = "test"
    TESTING = True
    # Tests create many users; a cheap hash keeps the suite fast.
    IGU_PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"


class ProductionConfig(BaseConfig):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    IGU_HSTS_SECONDS = 365 * 24 * 3600


# Settings anyone may set from the environment under the same name.
ENV_SETTINGS = (
    "IGU_LOGIN_MAX_FAILURES", "IGU_LOGIN_LOCK_MINUTES", "IGU_LOGIN_RATE_LIMIT",
    "IGU_RATELIMIT_DEFAULT", "IGU_RATELIMIT_ENABLED", "IGU_RATELIMIT_STORAGE_URI",
    "IGU_RATELIMIT_KEY_PREFIX",
    "IGU_SESSION_IDLE_MINUTES", "IGU_SESSION_MAX_HOURS", "IGU_HSTS_SECONDS",
    "IGU_TRUSTED_PROXIES", "IGU_BASE_URL", "IGU_MAIL_FROM", "IGU_SMTP_HOST", "IGU_SMTP_PORT",
    "IGU_SMTP_USER", "IGU_SMTP_PASSWORD", "IGU_SMTP_STARTTLS", "IGU_SMTP_TIMEOUT_SECONDS",
    "IGU_MAIL_MAX_ATTEMPTS", "IGU_MAIL_RETRY_MINUTES", "IGU_REMINDER_LEAD_DAYS",
    "IGU_CLAIM_DEADLINE_REMINDER_DAYS", "IGU_PASSWORD_RESET_SECONDS",
    "IGU_INVITATION_DAYS", "IGU_FOLLOW_UP_MONTHS",
    "IGU_PASSWORD_RESET_RATE_LIMIT", "IGU_PASSWORD_RESET_EMAIL_RATE_LIMIT", "IGU_VITAS_URL",
    "IGU_SIGN_ON_PROVIDERS", "IGU_PASSWORD_LOGIN_ROLES",
    "IGU_METRICS_TOKEN", "IGU_LOG_FORMAT",
    "IGU_SCHEDULER_TICK_SECONDS",
)
LOG_FORMATS = ("text", "json")
# At least 256 bits: 64 hex characters, or 43 of base64url (secrets.token_hex(32),
# secrets.token_urlsafe(32)).
MIN_SECRET_BITS = 256
# Fewer distinct characters than this betrays a made-up key ("aaaa...").
MIN_SECRET_DISTINCT = 10
# Of a Fernet key's 32 bytes, a random one has about 30 different ones; fewer
# than this betrays a made-up key (the chance for a generated one is nil).
MIN_KEY_DISTINCT_BYTES = 16
_HEX = frozenset("0123456789abcdefABCDEF")
_BASE64 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/")

CONFIGS: dict[str, type[BaseConfig]] = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def _instance_secret(instance_path: Path, name: str, make: Any) -> str:
    """Read a development secret kept in the instance folder, creating it once."""
    instance_path.mkdir(parents=True, exist_ok=True)
    path = instance_path / name
    if not path.exists():
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


def build_config(instance_path: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Settings for the environment named by IGU_ENV (default: development)."""
    env = dict(os.environ if env is None else env)
    env_name = env.get("IGU_ENV", "development")
    if env_name not in CONFIGS:
        raise ConfigurationError(
            f"IGU_ENV={env_name!r} is not one of {', '.join(sorted(CONFIGS))}."
        )
    cls = CONFIGS[env_name]
    settings = {key: getattr(cls, key) for key in dir(cls) if key.isupper()}

    production = env_name == "production"
    secret_key = env.get("IGU_SECRET_KEY")
    data_key = env.get("IGU_DATA_KEY")
    if production and not secret_key:
        raise ConfigurationError("IGU_SECRET_KEY must be set in production.")
    if production and not data_key:
        raise ConfigurationError("IGU_DATA_KEY must be set in production.")
    if production and secret_key and secret_bits(secret_key) < MIN_SECRET_BITS:
        raise ConfigurationError(
            "IGU_SECRET_KEY is too weak for production: use at least 64 random hex characters "
            "or 43 of base64url, e.g. python -c 'import secrets; print(secrets.token_hex(32))'.")
    if production and data_key:
        keys = _split(data_key)
        for position, key in enumerate(keys, 1):
            if not random_fernet_key(key):
                raise ConfigurationError(
                    f"IGU_DATA_KEY{_which(position, len(keys))} is not a random Fernet key: it "
                    "must be 32 random bytes in base64url (44 characters), made with python -c "
                    "'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
                    ". A key of zeros, a repeated pattern or a key from an example does not "
                    "protect the CPR numbers.")
    hash_secret = env.get("IGU_CPR_HASH_KEY", "")
    if production and hash_secret and secret_bits(hash_secret) < MIN_SECRET_BITS:
        raise ConfigurationError(
            "IGU_CPR_HASH_KEY is too weak for production: use at least 64 random hex characters "
            "or 43 of base64url, e.g. python -c 'import secrets; print(secrets.token_hex(32))'.")
    settings["IGU_CPR_HASH_KEY"] = hash_secret
    settings["SECRET_KEY"] = secret_key or _instance_secret(
        instance_path, "secret_key", lambda: secrets.token_hex(32)
    )
    settings["IGU_DATA_KEY"] = data_key or _instance_secret(
        instance_path, "data_key", lambda: Fernet.generate_key().decode()
    )
    settings["SQLALCHEMY_DATABASE_URI"] = database_url(
        env.get("IGU_DATABASE_URL", f"sqlite:///{instance_path / 'igu-admin.sqlite3'}"))
    settings["IGU_RULESET"] = env.get("IGU_RULESET", cls.IGU_RULESET)
    for key in ENV_SETTINGS:
        if key in env:
            settings[key] = _coerce(key, env[key], settings[key])
    try:
        parse_months(settings["IGU_FOLLOW_UP_MONTHS"])
    except ValueError:
        raise ConfigurationError(
            f"IGU_FOLLOW_UP_MONTHS={settings['IGU_FOLLOW_UP_MONTHS']!r} is not a list of "
            "ascending months, such as 1,3,6.") from None
    if settings["IGU_LOG_FORMAT"] not in LOG_FORMATS:
        raise ConfigurationError(
            f"IGU_LOG_FORMAT={settings['IGU_LOG_FORMAT']!r} is not one of {', '.join(LOG_FORMATS)}.")
    return settings


def data_keys(setting: str) -> tuple[str, ...]:
    """The Fernet keys of IGU_DATA_KEY, comma-separated, the encrypting one
    first. A malformed key stops the app, named by its position, never shown."""
    keys = _split(setting)
    for position, key in enumerate(keys, 1):
        which = _which(position, len(keys))
        if not key:
            raise ConfigurationError(f"IGU_DATA_KEY{which} is empty.")
        try:
            Fernet(key.encode("ascii"))
        except (ValueError, UnicodeEncodeError, binascii.Error):
            raise ConfigurationError(
                f"IGU_DATA_KEY{which} is not a Fernet key: each key must be 32 bytes in "
                "base64url (44 characters), keys separated by commas.") from None
    return keys


def _split(setting: str) -> tuple[str, ...]:
    return tuple(key.strip() for key in setting.split(","))


def _which(position: int, count: int) -> str:
    """How a message names a key of the list: by its position, when there are several."""
    return f": key {position} of {count}" if count > 1 else ""


def secret_bits(secret: str) -> float:
    """A cautious estimate of a key's entropy: its length times the bits per
    character of the smallest usual alphabet that holds it (hex, base64,
    any printable character); 0 for a key of few distinct characters."""
    secret = secret.rstrip("=")
    if len(set(secret)) < MIN_SECRET_DISTINCT:
        return 0.0
    chars = set(secret)
    if chars <= _HEX:
        bits_per_char = 4.0
    elif chars <= _BASE64:
        bits_per_char = 6.0
    else:
        bits_per_char = math.log2(95)
    return len(secret) * bits_per_char


def random_fernet_key(key: str) -> bool:
    """Whether `key` is a Fernet key (32 bytes in base64url) that looks made
    by a random generator: by secret_bits' rule on its text, and with at
    least MIN_KEY_DISTINCT_BYTES different bytes that are not a run (0, 1, 2,
    ...). A generated key passes; all zeros, a repeated byte or pattern and
    counting keys do not."""
    try:
        raw = base64.urlsafe_b64decode(key.encode("ascii"))
        Fernet(key.encode("ascii"))
    except (ValueError, UnicodeEncodeError, binascii.Error):
        return False
    steps = {(b - a) % 256 for a, b in itertools.pairwise(raw)}
    return (secret_bits(key) >= MIN_SECRET_BITS and len(set(raw)) >= MIN_KEY_DISTINCT_BYTES
            and len(steps) > 1 and not any(raw[n:] == raw[:-n] for n in range(1, len(raw) // 2 + 1)))


def database_url(url: str) -> str:
    """postgresql:// URLs use psycopg 3, the driver igu-admin installs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _coerce(name: str, value: str, default: Any) -> Any:
    if isinstance(default, bool):
        return value.lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        if not value.strip().isdigit():
            raise ConfigurationError(f"{name}={value!r} is not a whole number.")
        return int(value)
    return value
