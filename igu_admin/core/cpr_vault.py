"""CPR numbers at rest: Fernet-encrypted, with a keyed hash for look-ups."""

from __future__ import annotations

import hashlib
import hmac

from cryptography.fernet import Fernet
from flask import current_app


class CprVault:
    def __init__(self, data_key: str) -> None:
        self._fernet = Fernet(data_key.encode())
        # A separate key for the look-up hash, so the hash cannot be reversed
        # by hashing all ~4 million valid CPR numbers without the data key.
        self._hash_key = hashlib.sha256(b"igu-admin cpr lookup\x00" + data_key.encode()).digest()

    def encrypt(self, cpr: str) -> bytes:
        return self._fernet.encrypt(cpr.encode())

    def decrypt(self, token: bytes) -> str:
        return self._fernet.decrypt(token).decode()

    def lookup_hash(self, cpr: str) -> str:
        return hmac.new(self._hash_key, cpr.encode(), hashlib.sha256).hexdigest()


def vault() -> CprVault:
    return current_app.extensions["igu_cpr_vault"]
