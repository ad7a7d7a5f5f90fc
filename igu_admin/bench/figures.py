"""`igu-admin bench`: every figure in turn (or, with --claims, the bonus
claims at scale), each on a throw-away database so that it never touches real
data."""

from __future__ import annotations

import click

from igu_admin.bench.agreement_list import AGREEMENTS as LISTED
from igu_admin.bench.agreement_list import bench_agreement_list
from igu_admin.bench.api import bench_api, bench_decisions
from igu_admin.bench.claims import bench_claims
from igu_admin.bench.http import bench_http
from igu_admin.bench.imports import bench_import
from igu_admin.bench.overview import COURSES as OVERVIEW_COURSES
from igu_admin.bench.overview import bench_overview
from igu_admin.bench.pages import bench_agreement_steps, bench_web
from igu_admin.bench.pdfs import bench_pdf, bench_plan_pdf, bench_trainee_copy
from igu_admin.bench.queue import AGREEMENTS, FEWEST_AGREEMENTS, bench_queue
from igu_admin.bench.rules import bench_domain, bench_plan


@click.command("bench")
@click.option("--rounds", default=300, show_default=True, help="Requests per measurement.")
@click.option("--pdf-rounds", default=40, show_default=True, help="PDF renders per measurement.")
@click.option("--postgresql", envvar="IGU_BENCH_POSTGRESQL", default=None, metavar="URL",
              help="A PostgreSQL server (e.g. postgresql://postgres@127.0.0.1:5432/postgres) "
                   "to measure the caseworker's queue (and with --claims the claims) on as "
                   "well, in a throw-away database.")
@click.option("--queue-agreements", default=AGREEMENTS, show_default=True,
              type=click.IntRange(min=FEWEST_AGREEMENTS),
              help="Agreements in the municipality whose queue is measured (fewer than the "
                   "default only to try the command).")
@click.option("--list-agreements", default=LISTED, show_default=True,
              type=click.IntRange(min=2),
              help="Agreements of the employer whose API list is measured (fewer than the "
                   "default only to try the command).")
@click.option("--claims", "claims_only", is_flag=True,
              help="Only the bonus claims at scale: the daily step, exports, finance list.")
@click.option("--http", "http_only", is_flag=True,
              help="Only the eligibility operation over HTTP under gunicorn against a trivial "
                   "Flask JSON route under the same server (needs wrk).")
@click.option("--http-seconds", default=10, show_default=True, type=click.IntRange(min=1),
              help="Seconds of load per run with --http.")
@click.option("--http-rounds", default=3, show_default=True, type=click.IntRange(min=1),
              help="Runs of each server with --http, taken in turns.")
@click.option("--claims-sizes", default="10000,100000", show_default=True,
              help="Approved agreements in each claims run, comma-separated.")
@click.option("--trainee-copy", "trainee_copy_only", is_flag=True,
              help="Only the trainee's copy (\"Din IGU\") in each of its languages.")
@click.option("--import-courses", "import_courses", default=None, metavar="N",
              type=click.IntRange(min=1),
              help="Only the import of a file of N courses (5000: the target of 30 s), on "
                   "SQLite and with --postgresql on PostgreSQL.")
@click.option("--overview", "overview_only", is_flag=True,
              help="Only the municipality's overview and the benchmark between "
                   "municipalities (98 municipalities), on SQLite and with --postgresql on "
                   "PostgreSQL.")
@click.option("--overview-courses", default=OVERVIEW_COURSES, show_default=True,
              type=click.IntRange(min=100),
              help="Courses in the instance with --overview (fewer only to try the command).")
def bench(rounds: int, pdf_rounds: int, postgresql: str | None, queue_agreements: int,
          list_agreements: int, claims_only: bool, http_only: bool, http_seconds: int,
          trainee_copy_only: bool,
          http_rounds: int, claims_sizes: str, import_courses: int | None,
          overview_only: bool, overview_courses: int) -> None:
    """Measure eligibility, plan validation, page response, PDF render and download times
    (not part of the tests); with --claims, the bonus claims at scale; with --http, the
    eligibility operation over HTTP against a trivial route; with --import-courses, the
    import of a file of courses; with --trainee-copy, the trainee's copy in each language;
    with --overview, the overview and the benchmark."""
    if http_only:
        bench_http(http_seconds, http_rounds, postgresql)
        return
    if trainee_copy_only:
        bench_trainee_copy(pdf_rounds)
        return
    if import_courses is not None:
        bench_import(import_courses, postgresql)
        return
    if overview_only:
        bench_overview(rounds, postgresql, overview_courses)
        return
    if claims_only:
        bench_claims(tuple(int(size) for size in claims_sizes.split(",")), postgresql)
        return
    bench_domain(rounds * 100)
    bench_plan(rounds)
    bench_web(rounds)
    bench_api(rounds)
    bench_agreement_list(rounds, list_agreements)
    bench_agreement_steps(rounds)
    bench_pdf(pdf_rounds)
    bench_decisions(pdf_rounds)
    bench_plan_pdf(pdf_rounds)
    bench_trainee_copy(pdf_rounds)
    bench_queue(rounds, postgresql, queue_agreements)
