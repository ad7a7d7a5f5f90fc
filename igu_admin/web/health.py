"""For orchestrators and load balancers: /healthz (the process lives) and
/readyz (it may take requests). Both are public, set no cookie, are never
rate limited and never redirect to a login."""

from __future__ import annotations

from flask import Blueprint

from igu_admin.core.readiness import OK, readiness

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> tuple[dict[str, str], int]:
    """Liveness: answers while the process can answer at all. It asks nothing
    else (not the database): a database down must not get every worker restarted."""
    return {"status": "ok"}, 200


@bp.get("/readyz")
def readyz() -> tuple[dict[str, object], int]:
    """Readiness: the database answers, its schema is at the migrations' head
    and the rule sets answer; 503 with the failing check's short reason otherwise."""
    checks = readiness()
    ready = all(value == OK for value in checks.values())
    return {"status": "ready" if ready else "unavailable", "checks": checks}, 200 if ready else 503
