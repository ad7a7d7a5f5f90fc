"""Whether this process may take requests: the database answers, its schema
is at the migrations' head, and the rule sets are loaded and answer.

Each check gives "ok" or a short reason for an operator. A reason never
carries an error's text: a driver's message may quote a host, a user or a
statement, and the answer is readable by whoever reaches /readyz.
"""

from __future__ import annotations

import logging
from functools import cache

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from igu_admin.core import rules_in_force
from igu_admin.core.clock import today
from igu_admin.extensions import db
from igu_admin.paths import MIGRATIONS_DIR

log = logging.getLogger(__name__)

OK = "ok"


@cache
def migration_heads() -> frozenset[str]:
    """The head revisions of migrations/ (read once: the scripts do not change
    while the process runs)."""
    return frozenset(ScriptDirectory(str(MIGRATIONS_DIR)).get_heads())


def database_check() -> str:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        db.session.rollback()
        log.warning("readiness: the database does not answer (%s)", type(error).__name__)
        return "unreachable"
    return OK


def migrations_check() -> str:
    """"ok" when the database's revisions are the scripts' heads."""
    try:
        current = frozenset(MigrationContext.configure(db.session.connection())
                            .get_current_heads())
    except SQLAlchemyError as error:
        db.session.rollback()
        log.warning("readiness: the schema revision cannot be read (%s)", type(error).__name__)
        return "unknown"
    heads = migration_heads()
    if current == heads:
        return OK
    if not current:
        return "not migrated"
    return f"at {', '.join(sorted(current))}, head is {', '.join(sorted(heads))}"


def rules_check() -> str:
    """"ok" when the catalogue loaded at start-up gives today's rule set under
    the server's IGU_RULESET, as every eligibility answer will ask it to."""
    try:
        rules_in_force.for_start(today())
    except Exception as error:  # whatever broke, the rules cannot answer
        log.warning("readiness: the rule sets do not answer (%s)", type(error).__name__)
        return "not loaded"
    return OK


def readiness() -> dict[str, str]:
    """Every check by name; the later ones are only asked when the database answers."""
    database = database_check()
    if database != OK:
        return {"database": database, "migrations": "unknown", "rules": rules_check()}
    return {"database": database, "migrations": migrations_check(), "rules": rules_check()}
