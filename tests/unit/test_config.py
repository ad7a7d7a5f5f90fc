import base64
import hashlib
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from igu_admin import create_app
from igu_admin.config import ConfigurationError, build_config, database_url
from igu_admin.domain.rulesets import RuleSetError


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="IGU_SECRET_KEY"):
        build_config(tmp_path, {"IGU_ENV": "production", "IGU_DATA_KEY": "x"})
    with pytest.raises(ConfigurationError, match="IGU_DATA_KEY"):
        build_config(tmp_path, {"IGU_ENV": "production", "IGU_SECRET_KEY": "x"})


def test_development_keys_are_made_once_and_kept(tmp_path: Path) -> None:
    first = build_config(tmp_path, {})
    second = build_config(tmp_path, {})
    assert first["SECRET_KEY"] == second["SECRET_KEY"]
    assert first["IGU_DATA_KEY"] == second["IGU_DATA_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    assert first["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert first["IGU_RULESET"] == "by-start-date"


def test_settings_come_from_igu_variables(tmp_path: Path) -> None:
    settings = build_config(tmp_path, {"IGU_DATABASE_URL": "postgresql://u@h/db",
                                       "IGU_RULESET": "by-start-date", "IGU_SMTP_PORT": "2525",
                                       "IGU_SMTP_STARTTLS": "false"})
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
    assert settings["IGU_RULESET"] == "by-start-date"
    assert (settings["IGU_SMTP_PORT"], settings["IGU_SMTP_STARTTLS"]) == (2525, False)
    assert database_url("sqlite:///x") == "sqlite:///x"


def test_an_unknown_environment_or_rule_set_stops_the_app(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="IGU_ENV"):
        build_config(tmp_path, {"IGU_ENV": "staging"})
    with pytest.raises(ConfigurationError, match="IGU_RULESET"):
        create_app({"IGU_ENV": "test", "IGU_RULESET": "igu-1999",
                    "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_a_malformed_rule_file_stops_the_app(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "igu-2016.toml").write_text('code = "igu-2016"\n')
    monkeypatch.setattr("igu_admin.RULES_DIR", tmp_path)
    with pytest.raises(RuleSetError, match=r"igu-2016\.toml: field 'window': missing"):
        create_app({"IGU_ENV": "test", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


# Fixed stand-ins for secrets.token_hex(32) and secrets.token_urlsafe(32).
TOKEN_HEX = hashlib.sha256(b"igu").hexdigest()
TOKEN_URLSAFE = base64.urlsafe_b64encode(hashlib.sha256(b"igu").digest()).decode().rstrip("=")
# A stand-in for Fernet.generate_key(): 32 bytes no person would type.
DATA_KEY = base64.urlsafe_b64encode(hashlib.sha256(b"igu data").digest()).decode()


@pytest.mark.parametrize("weak", ["x", "0123456789abcdef", "a" * 100, "ab" * 40,
                                  "correct horse battery staple"])
def test_production_refuses_a_weak_secret_key(tmp_path: Path, weak: str) -> None:
    with pytest.raises(ConfigurationError, match="IGU_SECRET_KEY is too weak"):
        build_config(tmp_path, {"IGU_ENV": "production", "IGU_SECRET_KEY": weak,
                                "IGU_DATA_KEY": "x"})


@pytest.mark.parametrize("strong", [TOKEN_HEX, TOKEN_URLSAFE, TOKEN_URLSAFE + "="])
def test_production_accepts_a_generated_secret_key(tmp_path: Path, strong: str) -> None:
    settings = build_config(tmp_path, {"IGU_ENV": "production", "IGU_SECRET_KEY": strong,
                                       "IGU_DATA_KEY": DATA_KEY})
    assert settings["SECRET_KEY"] == strong
    assert settings["IGU_HSTS_SECONDS"] >= 365 * 24 * 3600


def test_security_settings_come_from_the_environment(tmp_path: Path) -> None:
    settings = build_config(tmp_path, {
        "IGU_SESSION_IDLE_MINUTES": "45", "IGU_SESSION_MAX_HOURS": "8",
        "IGU_RATELIMIT_STORAGE_URI": "redis://cache:6379/0", "IGU_RATELIMIT_ENABLED": "false",
        "IGU_LOGIN_RATE_LIMIT": "5 per minute", "IGU_HSTS_SECONDS": "600",
        "IGU_RATELIMIT_KEY_PREFIX": "igu-kommune-a"})
    assert settings["IGU_RATELIMIT_KEY_PREFIX"] == "igu-kommune-a"
    assert settings["IGU_SESSION_IDLE_MINUTES"] == 45
    assert settings["IGU_SESSION_MAX_HOURS"] == 8
    assert settings["IGU_RATELIMIT_STORAGE_URI"] == "redis://cache:6379/0"
    assert settings["IGU_RATELIMIT_ENABLED"] is False
    assert settings["IGU_LOGIN_RATE_LIMIT"] == "5 per minute"
    assert settings["IGU_HSTS_SECONDS"] == 600
    defaults = build_config(tmp_path, {})
    assert (defaults["IGU_SESSION_IDLE_MINUTES"], defaults["IGU_SESSION_MAX_HOURS"]) == (30, 12)
    assert defaults["IGU_HSTS_SECONDS"] == 0


def test_a_setting_that_is_not_a_number_stops_the_app_with_its_name(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="IGU_SESSION_IDLE_MINUTES"):
        build_config(tmp_path, {"IGU_SESSION_IDLE_MINUTES": "half an hour"})


@pytest.mark.parametrize("name", ["IGU_LOGIN_RATE_LIMIT", "IGU_RATELIMIT_DEFAULT"])
def test_a_rate_limit_that_cannot_be_read_stops_the_app(name: str) -> None:
    with pytest.raises(ConfigurationError, match=name):
        create_app({"IGU_ENV": "test", "SQLALCHEMY_DATABASE_URI": "sqlite://", name: "often"})


def _fernet_key(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode()


@pytest.mark.parametrize("weak", [
    _fernet_key(bytes(32)),  # all zeros: the probe's key
    _fernet_key(b"\xff" * 32), _fernet_key(b"igu!" * 8), _fernet_key(bytes(range(32))),
    _fernet_key(bytes(range(32, 0, -1))), _fernet_key(b"0123456789abcdef" * 2),
    "x", DATA_KEY.rstrip("="), DATA_KEY[:-2] + "==", TOKEN_HEX, "æ" * 44,
])
def test_production_refuses_a_data_key_that_is_not_a_random_fernet_key(tmp_path: Path,
                                                                       weak: str) -> None:
    with pytest.raises(ConfigurationError, match="IGU_DATA_KEY is not a random Fernet key") as e:
        build_config(tmp_path, {"IGU_ENV": "production", "IGU_SECRET_KEY": TOKEN_HEX,
                                "IGU_DATA_KEY": weak})
    assert "Fernet.generate_key()" in str(e.value)


def test_production_accepts_generated_data_keys(tmp_path: Path) -> None:
    for _ in range(200):
        key = Fernet.generate_key().decode()
        settings = build_config(tmp_path, {"IGU_ENV": "production", "IGU_SECRET_KEY": TOKEN_HEX,
                                           "IGU_DATA_KEY": key})
        assert settings["IGU_DATA_KEY"] == key
    assert build_config(tmp_path, {"IGU_ENV": "production", "IGU_SECRET_KEY": TOKEN_HEX,
                                   "IGU_DATA_KEY": DATA_KEY})["IGU_DATA_KEY"] == DATA_KEY
