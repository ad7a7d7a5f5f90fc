"""The API in process: a stored PDF downloaded, a draft changed, and a
caseworker's decisions."""

from __future__ import annotations

import time

from igu_admin.bench.databases import bench_app
from igu_admin.bench.records import submitted_agreement, submitted_agreements
from igu_admin.bench.timing import report, timings
from igu_admin.extensions import db
from igu_admin.models import Agreement, Role
from igu_admin.services.accounts import api_tokens
from igu_admin.testing.reviews import person


def bench_api(rounds: int) -> None:
    """A stored version's PDF downloaded through the API (served from
    storage, never rendered again), and a change to a draft, in process."""
    with bench_app() as app, app.app_context():
        version, token = submitted_agreement()
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}
        url = f"/api/v1/agreements/{version.agreement_id}/versions/{version.number}/pdf"

        def download() -> None:
            response = client.get(url, headers=headers)
            assert response.status_code == 200 and response.data == version.pdf

        download()
        report("GET .../versions/1/pdf (stored, via API)", timings(download, rounds))
        draft = client.post("/api/v1/agreements", json={"job_title": "Bager"},
                            headers=headers).get_json()
        state = {"lock_version": draft["lock_version"]}

        def change() -> None:
            response = client.patch(f"/api/v1/agreements/{draft['id']}", headers=headers, json={
                "lock_version": state["lock_version"], "weekly_hours": "37.00",
                "tasks": "Bagning af rugbrød", "trainee": {"name": "Amal Østergård"}})
            assert response.status_code == 200
            state["lock_version"] = response.get_json()["lock_version"]

        report("PATCH /api/v1/agreements/{id} (a step)", timings(change, rounds))


def bench_decisions(rounds: int) -> None:
    """A caseworker's decision through the API, in process: a request for
    changes (a Decision row, the status change and its audit event), and an
    approval, which also renders and stores the stamped PDF. Each round
    decides on an agreement of its own, submitted beforehand (not measured)."""
    with bench_app() as app, app.app_context():
        made = submitted_agreements(2 * rounds)
        caseworker = person(Role.CASEWORKER, "Karen Sagsbehandler", municipality="101")
        headers = {"Authorization": f"Bearer {api_tokens.create_token(caseworker, caseworker).secret}"}
        client = app.test_client()
        todo = iter(made)
        samples: dict[str, list[float]] = {"request_changes": [], "approve": []}

        def decide(decision: str) -> None:
            agreement_id = next(todo)
            lock = db.session.get(Agreement, agreement_id).lock_version  # type: ignore[union-attr]
            db.session.remove()
            started = time.perf_counter()
            response = client.post(f"/api/v1/agreements/{agreement_id}/decision", headers=headers,
                                   json={"decision": decision, "reason": "Ret lønnen",
                                         "lock_version": lock})
            samples[decision].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.get_json()

        for _ in range(rounds):
            decide("request_changes")
            decide("approve")
    report("POST .../decision request_changes (API)", samples["request_changes"])
    report("POST .../decision approve (API; copy stamped after)", samples["approve"])
