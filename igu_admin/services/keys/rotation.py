"""Re-encrypt every stored CPR number under the first data key."""

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


def rotate(batch_size: int = 500, max_batches: int | None = None) -> KeyReport:
    """After a new key was put first in IGU_DATA_KEY: every number still under
    an older key re-encrypted under the new one, in batches (stored.walk).
    Tokens the first key opens are skipped, so a second run finishes an
    interrupted one and then writes nothing."""
    return walk("rotated", _rotated, batch_size, max_batches, compare_hash=False)


def _rotated(stored: StoredCpr, row: StoredRow) -> dict[str, Any] | None:
    if vault().under_first_key(row.token):
        return None
    try:
        return {stored.token: vault().rotate(row.token)}
    except InvalidToken:
        raise UnreadableCpr(stored.name, row.id) from None
