"""`igu-admin bench`'s figure for the API's agreement list (issue 16's
target: p95 at most 25 ms in process for a page of 100 agreements), beside
the eligibility operation it is compared with: one employer with 110
agreements, most of them submitted (each PDF rendered once), the rest
drafts."""

from __future__ import annotations

import click

from igu_admin.bench.databases import bench_app
from igu_admin.bench.records import employer
from igu_admin.bench.timing import report, timings
from igu_admin.extensions import db
from igu_admin.inputs.agreement import parse_changes
from igu_admin.services import agreements
from igu_admin.services.accounts import api_tokens
from igu_admin.testing.reviews import review_agreement
from igu_admin.web.heap import settle_heap

AGREEMENTS, DRAFTS = 110, 20
PAGE = 100


def bench_agreement_list(rounds: int, made: int = AGREEMENTS) -> None:
    """GET /api/v1/agreements?limit=100 for an employer with `made`
    agreements (110, fewer only to try the command), through the test
    client, and POST /api/v1/eligibility; the ratio of the two medians."""
    with bench_app("agreement_list") as app:
        with app.app_context():
            made_by = employer()
            for number in range(made):
                draft = agreements.create_draft(made_by, parse_changes(
                    review_agreement(cpr=f"150595-{1000 + number:04d}")))
                if number >= min(DRAFTS, made // 2):
                    agreements.submit(made_by, draft, draft.lock_version)
            token = api_tokens.create_token(made_by, made_by).secret
            db.session.commit()
        # As a worker serves (wsgi.py): what making the records and their PDFs
        # left is not the list's to collect.
        settle_heap()
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}

        def page() -> None:
            # Only the status in the timed loop: parsing the answer is the client's cost.
            assert client.get(f"/api/v1/agreements?limit={PAGE}",
                              headers=headers).status_code == 200

        first = client.get(f"/api/v1/agreements?limit={PAGE}", headers=headers)
        assert first.status_code == 200 and len(first.get_json()["items"]) == min(PAGE, made)
        listed = report(f"GET /api/v1/agreements?limit={PAGE}", timings(page, rounds))
        body = {"start_date": "2025-03-03", "cpr": "010695-1235",
                "registered_since": "2022-01-10", "target_group": "refugee"}
        assessed = report("POST /api/v1/eligibility (beside it)", timings(
            lambda: client.post("/api/v1/eligibility", json=body), rounds))
        click.echo(f"{'agreement list / eligibility (medians)':<42} {listed / assessed:.1f}")
