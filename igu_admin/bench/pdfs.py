"""The PDFs as a submission renders them: the agreement's and the schooling
plan's (with its two-year timeline)."""

from __future__ import annotations

import click
import weasyprint

from igu_admin.bench.databases import bench_app
from igu_admin.bench.records import submitted_agreement, submitted_plan
from igu_admin.bench.timing import NAME_WIDTH, report, timings
from igu_admin.documents import agreement_pdf, plan_pdf


def bench_pdf(rounds: int) -> None:
    """The agreement PDF of a submitted version against a bare WeasyPrint
    render of the same HTML, taken in turns so both see the same machine."""
    with bench_app() as app, app.app_context():
        version, _token = submitted_agreement()
        html = agreement_pdf.version_html(version)
        ours: list[float] = []
        bare: list[float] = []
        # One unmeasured round each: fontconfig and the templates load once per process.
        agreement_pdf.render_version(version)
        weasyprint.HTML(string=html).write_pdf()
        for _ in range(rounds):
            ours.extend(timings(lambda: agreement_pdf.render_version(version), 1))
            bare.extend(timings(lambda: weasyprint.HTML(string=html).write_pdf(), 1))
    median = report("agreement PDF (render_version)", ours)
    bare_median = report("bare weasyprint HTML().write_pdf()", bare)
    click.echo(f"{'agreement PDF / bare (median)':<{NAME_WIDTH}} {median / bare_median:.2f}x")


def bench_plan_pdf(rounds: int) -> None:
    """The schooling plan's PDF with its two-year timeline, as a submission
    renders it (issue 8's target: a median of at most 500 ms)."""
    with bench_app() as app, app.app_context():
        version = submitted_plan()
        plan_pdf.render_version(version)  # unmeasured: templates and fonts load once
        samples = timings(lambda: plan_pdf.render_version(version), rounds)
    report("plan PDF with its timeline (render_version)", samples)
