"""CPR numbers at rest: Fernet-encrypted, with a keyed hash for look-ups.

The data key may be a list (IGU_DATA_KEY="new,old"): the first key encrypts,
every key decrypts, so a new key can be put in front and the stored numbers
re-encrypted under it (`igu-admin keys rotate`) before the old one goes.

The look-up hashes are stored too, and a search finds a number only while
the hash key is the one they were made with. So the hash key is not derived
from the whole setting: it comes from IGU_CPR_HASH_KEY when that is set, and
otherwise from the LAST (oldest) data key, which for a single key is exactly
the derivation igu-admin always used. Moving the hash key is a second step
(`igu-admin keys rehash`).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app

# Kept as it was: hashes stored by earlier versions depend on it.
_HASH_KEY_CONTEXT = b"igu-admin cpr lookup\x00"


def hash_key(secret: str) -> bytes:
    """The HMAC key for look-up hashes, derived from a secret (a data key, or
    IGU_CPR_HASH_KEY). Kept apart from the data key, so that the hash cannot
    be reversed by hashing all ~4 million valid CPR numbers without a key."""
    return hashlib.sha256(_HASH_KEY_CONTEXT + secret.encode()).digest()


class CprVault:
    def __init__(self, data_keys: Sequence[str], hash_secret: str = "") -> None:
        if not data_keys:
            raise ValueError("at least one data key")
        fernets = [Fernet(key.encode()) for key in data_keys]
        self._first = fernets[0]
        self._fernet = MultiFernet(fernets)
        self._hash_key = hash_key(hash_secret or data_keys[-1])

    def encrypt(self, cpr: str) -> bytes:
        return self._fernet.encrypt(cpr.encode())

    def decrypt(self, token: bytes) -> str:
        """The number; InvalidToken when no configured key opens the token."""
        return self._fernet.decrypt(token).decode()

    def under_first_key(self, token: bytes) -> bool:
        """Whether the first (encrypting) key alone opens the token: a token
        that `rotate` has nothing to do for."""
        try:
            self._first.decrypt(token)
        except InvalidToken:
            return False
        return True

    def rotate(self, token: bytes) -> bytes:
        """The token re-encrypted under the first key (InvalidToken as decrypt)."""
        return self._fernet.rotate(token)

    def lookup_hash(self, cpr: str) -> str:
        return hmac.new(self._hash_key, cpr.encode(), hashlib.sha256).hexdigest()


def vault() -> CprVault:
    return current_app.extensions["igu_cpr_vault"]
