"""Recompute every stored CPR look-up hash with the configured hash key."""

from __future__ import annotations

from typing import Any

from cryptography.fernet import InvalidToken

from igu_admin.core.cpr_vault import vault
from igu_admin.services.keys.stored import (
    KeyReport,
    StoredCpr,
    StoredRow,
    UnreadableCpr,
    walk,
)


def rehash(batch_size: int = 500, max_batches: int | None = None) -> KeyReport:
    """After IGU_CPR_HASH_KEY was set (or changed): every look-up hash made
    from the decrypted number with the hash key now configured, in batches
    (stored.walk). Hashes already right are skipped, so a second run finishes
    an interrupted one and then writes nothing."""
    return walk("rehashed", _rehashed, batch_size, max_batches, compare_hash=True)


def _rehashed(stored: StoredCpr, row: StoredRow) -> dict[str, Any] | None:
    try:
        wanted = vault().lookup_hash(vault().decrypt(row.token))
    except InvalidToken:
        raise UnreadableCpr(stored.name, row.id) from None
    return None if wanted == row.hash else {stored.hash: wanted}
