"""Pages through the test client, in process: the eligibility answer (API and
page), the login page, and each step of the guided agreement saved."""

from __future__ import annotations

import time

from igu_admin.bench.databases import bench_app
from igu_admin.bench.records import employer
from igu_admin.bench.timing import report, timings
from igu_admin.core import clock
from igu_admin.extensions import db
from igu_admin.models import Agreement
from igu_admin.testing.accounts import PASSWORD

# The steps of the guided agreement, in order, each with what a person types.
_STEP_FORMS: tuple[tuple[str, dict[str, str]], ...] = (
    ("trainee", {"name": "Amal Østergård", "cpr": "150595-1234",
                 "address": "Søndergade 12, 2100 København Ø", "email": "amal@example.org",
                 "phone": "+45 12 34 56 78", "municipality_code": "101"}),
    ("background", {"target_group": "refugee",
                    "residence_permit_kind": "Udlændingelovens § 7, stk. 1",
                    "residence_permit_date": "10.01.{past}", "registered_since": "01.02.{past}",
                    "absences-0-start": "01.03.{past}", "absences-0-end": "15.03.{past}",
                    "previous_igu": "no", "recent_ordinary_employment": "no"}),
    ("employment", {"start_date": "02.03.{next}", "workplace_address": "Bagergade 1, 1000 København K",
                    "job_title": "Bagermedhjælper", "tasks": "Æltning af dej\nBagning af rugbrød",
                    "weekly_hours": "37"}),
    ("wage", {"collective_agreement": "hk-detail", "basis": "monthly", "year1": "12.132,00",
              "year2": "13.429,00"}),
    ("terms", {"holiday": "Efter ferieloven.", "notice": "Efter overenskomsten.", "other": ""}),
)


def bench_web(rounds: int) -> None:
    with bench_app(WTF_CSRF_ENABLED=False) as app:
        client = app.test_client()
        body = {"start_date": "2025-03-03", "cpr": "010695-1235", "registered_since": "2022-01-10",
                "target_group": "refugee"}
        report("POST /api/v1/eligibility (anonymous, CPR)",
               timings(lambda: client.post("/api/v1/eligibility", json=body), rounds))
        form = {"start_date": "03.03.2025", "cpr": "010695-1235", "registered_since": "10.01.2022",
                "target_group": "refugee", "previous_igu": "no",
                "recent_ordinary_employment": "no"}
        report("POST /eligibility (page with result)",
               timings(lambda: client.post("/eligibility", data=form), rounds))
        report("GET /login", timings(lambda: client.get("/login"), rounds))


def bench_agreement_steps(rounds: int) -> None:
    """Each step of the guided agreement saved through its page, in process:
    a logged-in employer posts the step (CSRF off) and is sent on. Every post
    changes the draft, so each one is a real save."""
    with bench_app(WTF_CSRF_ENABLED=False) as app:
        with app.app_context():
            email = employer().email
            year = clock.today().year
        client = app.test_client()
        assert client.post("/login", data={"email": email,
                                           "password": PASSWORD}).status_code == 302

        def lock_version(agreement_id: int) -> str:
            with app.app_context():
                return str(db.session.get(Agreement, agreement_id).lock_version)  # type: ignore[union-attr]

        made: list[int] = []

        def start() -> None:
            response = client.post("/employer/agreements/new", data={"contact_person": "Bente"})
            assert response.status_code == 302, response.status_code
            made.append(int(response.headers["Location"].split("/")[3]))

        report("POST step company (makes the draft)", timings(start, rounds))
        agreement_id = made[-1]
        for step, form in _STEP_FORMS:
            typed = {name: value.format(past=year - 2, next=year + 1)
                     for name, value in form.items()}
            url = f"/employer/agreements/{agreement_id}/steps/{step}"
            samples = []
            for number in range(rounds):
                # Alternate a value, so that every post is a change saved.
                data = {**typed, "lock_version": lock_version(agreement_id),
                        "return_to": "check" if number % 2 else ""}
                data.update(_changed(step, number))
                started = time.perf_counter()
                response = client.post(url, data=data)
                samples.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 302, (step, response.status_code)
            report(f"POST step {step}", samples)


def _changed(step: str, number: int) -> dict[str, str]:
    """A value of the step that differs from one post to the next."""
    fields = {"trainee": "name", "background": "residence_permit_kind",
              "employment": "job_title", "wage": "year1", "terms": "holiday"}
    if step == "wage":
        return {"year1": f"12.{132 + number % 2:03d},00"}
    return {fields[step]: f"Runde {number}"}
