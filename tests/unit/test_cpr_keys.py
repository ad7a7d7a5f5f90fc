"""The CPR vault with a list of data keys: the first encrypts, all decrypt,
the look-up hash key stays the one the stored hashes were made with; and
the settings are checked at start without showing a key."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import pytest
from cryptography.fernet import Fernet, InvalidToken

from igu_admin import create_app
from igu_admin.config import ConfigurationError, build_config, data_keys
from igu_admin.core.cpr_vault import CprVault

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()
CPR = "1505951234"
TOKEN_HEX = "5f0c2a9e4b7d1386af20c9e57b3d8164e2a0f7c39d5b1e8460af2c7d9e3b5a18"


def test_a_number_encrypted_under_the_old_key_is_read_with_the_new_key_first() -> None:
    token = CprVault([OLD]).encrypt(CPR)
    assert CprVault([NEW, OLD]).decrypt(token) == CPR
    with pytest.raises(InvalidToken):
        CprVault([NEW]).decrypt(token)


def test_the_first_key_encrypts() -> None:
    token = CprVault([NEW, OLD]).encrypt(CPR)
    assert CprVault([NEW]).decrypt(token) == CPR
    with pytest.raises(InvalidToken):
        CprVault([OLD]).decrypt(token)


def test_rotate_moves_a_token_under_the_first_key() -> None:
    vault = CprVault([NEW, OLD])
    old_token = CprVault([OLD]).encrypt(CPR)
    assert not vault.under_first_key(old_token)
    new_token = vault.rotate(old_token)
    assert vault.under_first_key(new_token)
    assert CprVault([NEW]).decrypt(new_token) == CPR
    with pytest.raises(InvalidToken):
        vault.rotate(Fernet(Fernet.generate_key()).encrypt(CPR.encode()))


def test_a_single_key_hashes_as_it_always_did() -> None:
    # The derivation of every earlier version, written out: stored hashes depend on it.
    key = hashlib.sha256(b"igu-admin cpr lookup\x00" + OLD.encode()).digest()
    assert CprVault([OLD]).lookup_hash(CPR) == hmac.new(key, CPR.encode(),
                                                       hashlib.sha256).hexdigest()


def test_a_new_key_in_front_keeps_the_hashes_of_the_old_one() -> None:
    assert CprVault([NEW, OLD]).lookup_hash(CPR) == CprVault([OLD]).lookup_hash(CPR)
    assert CprVault([NEW]).lookup_hash(CPR) != CprVault([OLD]).lookup_hash(CPR)


def test_the_hash_key_setting_wins_over_the_data_keys() -> None:
    assert CprVault([NEW], hash_secret=OLD).lookup_hash(CPR) == CprVault([OLD]).lookup_hash(CPR)
    assert CprVault([NEW, OLD], hash_secret=TOKEN_HEX).lookup_hash(CPR) != (
        CprVault([OLD]).lookup_hash(CPR))


def test_keys_are_separated_by_commas_and_spaces_are_ignored() -> None:
    assert data_keys(f"{NEW}, {OLD}") == (NEW, OLD)
    assert data_keys(OLD) == (OLD,)


@pytest.mark.parametrize(("setting", "named"), [
    (f"{NEW},not-a-key", "key 2 of 2"), (f"{NEW},,{OLD}", "key 2 of 3"),
    (f"{OLD[:-2]}!=,{NEW}", "key 1 of 2"), ("not-a-key", "IGU_DATA_KEY is not a Fernet key"),
], ids=["second-of-two", "empty-between", "first-of-two", "single"])  # the keys are random:
# ids made from them would differ between the test workers
def test_a_malformed_key_stops_the_app_by_its_position_not_its_value(setting: str,
                                                                     named: str) -> None:
    with pytest.raises(ConfigurationError, match=named) as error:
        create_app({"IGU_ENV": "test", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                    "IGU_DATA_KEY": setting})
    assert "not-a-key" not in str(error.value) and OLD[:-2] not in str(error.value)


def test_an_app_reads_old_numbers_and_keeps_old_hashes_with_a_key_list() -> None:
    app = create_app({"IGU_ENV": "test", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "IGU_DATA_KEY": f"{NEW},{OLD}"})
    vault = app.extensions["igu_cpr_vault"]
    assert vault.decrypt(CprVault([OLD]).encrypt(CPR)) == CPR
    assert vault.lookup_hash(CPR) == CprVault([OLD]).lookup_hash(CPR)


def test_production_checks_every_key_of_the_list(tmp_path: Path) -> None:
    weak = "A" * 43 + "="  # a Fernet key in form, 32 zero bytes
    with pytest.raises(ConfigurationError, match="key 2 of 2 is not a random Fernet key") as e:
        build_config(tmp_path, {"IGU_ENV": "production", "IGU_SECRET_KEY": TOKEN_HEX,
                                "IGU_DATA_KEY": f"{NEW},{weak}"})
    assert weak not in str(e.value)
    settings = build_config(tmp_path, {"IGU_ENV": "production", "IGU_SECRET_KEY": TOKEN_HEX,
                                       "IGU_DATA_KEY": f"{NEW},{OLD}"})
    assert settings["IGU_DATA_KEY"] == f"{NEW},{OLD}"


def test_the_hash_key_comes_from_the_environment_and_must_be_strong_in_production(
        tmp_path: Path) -> None:
    assert build_config(tmp_path, {})["IGU_CPR_HASH_KEY"] == ""
    assert build_config(tmp_path, {"IGU_CPR_HASH_KEY": TOKEN_HEX})["IGU_CPR_HASH_KEY"] == TOKEN_HEX
    with pytest.raises(ConfigurationError, match="IGU_CPR_HASH_KEY is too weak"):
        build_config(tmp_path, {"IGU_ENV": "production", "IGU_SECRET_KEY": TOKEN_HEX,
                                "IGU_DATA_KEY": OLD, "IGU_CPR_HASH_KEY": "short"})
