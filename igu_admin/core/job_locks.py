"""One scheduler at a time for each job: two or more `igu-admin scheduler`
processes may run (a second one for availability), and each job is then run
by whichever takes its lock first; the others skip that turn.

On PostgreSQL the lock is a session-level advisory lock on a connection of
its own, held while the job runs: it is let go when the job ends, and by the
server when the process dies, so a killed scheduler never leaves a job
locked. Each piece of work is also taken once by the jobs themselves (rows
locked with SKIP LOCKED, or an insert that leaves a second copy out), so the
advisory lock saves the second scheduler the scan; it is not what keeps a
piece of work from being done twice. SQLite serves one machine and one writer
at a time; there the lock is always granted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text

from igu_admin.extensions import db

# The first half of the advisory lock's two-part key: igu-admin's jobs, so
# that other users of the same database cannot take the same lock by chance.
_NAMESPACE = 0x16A0


def lock_key(job: str) -> int:
    """The second half of the key: a stable 32-bit number for the job's name."""
    return int.from_bytes(hashlib.sha256(job.encode()).digest()[:4], "big", signed=True)


@contextmanager
def alone(job: str) -> Iterator[bool]:
    """True while this process holds the job's lock; False at once when
    another process holds it (nobody waits)."""
    if db.engine.dialect.name != "postgresql":
        yield True
        return
    with db.engine.connect() as connection:
        params = {"namespace": _NAMESPACE, "key": lock_key(job)}
        taken = bool(connection.scalar(
            text("SELECT pg_try_advisory_lock(:namespace, :key)"), params))
        connection.commit()  # not inside a transaction while the job runs
        try:
            yield taken
        finally:
            if taken:
                connection.execute(text("SELECT pg_advisory_unlock(:namespace, :key)"), params)
                connection.commit()
