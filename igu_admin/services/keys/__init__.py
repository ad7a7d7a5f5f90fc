"""The CPR data keys: re-encrypting the stored numbers under a new key, and
recomputing their look-up hashes under a new hash key."""

from igu_admin.services.keys.rehashing import rehash
from igu_admin.services.keys.rotation import rotate
from igu_admin.services.keys.stored import STORED, KeyReport, UnreadableCpr

__all__ = ["STORED", "KeyReport", "UnreadableCpr", "rehash", "rotate"]
