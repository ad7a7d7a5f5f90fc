"""The PDFs as a submission renders them: the agreement's and the schooling
plan's (with its two-year timeline); and the trainee's copy ("Din IGU") in
each of its languages, as a download renders it."""

from __future__ import annotations

import functools
from collections.abc import Callable

import click
import weasyprint

from igu_admin.bench.databases import bench_app
from igu_admin.bench.records import submitted_agreement, submitted_plan
from igu_admin.bench.timing import NAME_WIDTH, report, timings
from igu_admin.documents import agreement_pdf, plan_pdf
from igu_admin.domain.trainee_languages import TRAINEE_LANGUAGES
from igu_admin.extensions import db
from igu_admin.services import trainee_copy


def bench_pdf(rounds: int) -> None:
    """The agreement PDF of a submitted version against a bare WeasyPrint
    render of the same HTML."""
    with bench_app() as app, app.app_context():
        version, _token = submitted_agreement()
        _against_bare("agreement PDF", "agreement PDF (render_version)",
                      "bare weasyprint HTML().write_pdf()",
                      lambda: agreement_pdf.render_version(version),
                      agreement_pdf.version_html(version), rounds)


def bench_plan_pdf(rounds: int) -> None:
    """The schooling plan's PDF with its two-year timeline, as a submission
    renders it (issue 8's target: a median of at most 500 ms), against a bare
    WeasyPrint render of the same HTML."""
    with bench_app() as app, app.app_context():
        version = submitted_plan()
        _against_bare("plan PDF", "plan PDF with its timeline (render_version)",
                      "bare weasyprint HTML().write_pdf() (plan)",
                      lambda: plan_pdf.render_version(version), plan_pdf.version_html(version),
                      rounds)


def bench_trainee_copy(rounds: int) -> None:
    """The trainee's copy of a submitted agreement with a plan of eight
    courses and a mentor, in each language (issue 21's target: a median of
    at most 400 ms each)."""
    with bench_app() as app, app.app_context():
        agreement = submitted_plan().plan.agreement
        agreement.mentor_name, agreement.mentor_phone = "Mette Mentor", "+45 33 44 55 66"
        db.session.commit()
        for lang in TRAINEE_LANGUAGES:
            render = functools.partial(trainee_copy.render, agreement, lang)
            render()  # unmeasured: the language's catalogue and fonts load once
            report(f"trainee's copy PDF ({lang})", timings(render, rounds))


def _against_bare(document: str, ours_name: str, bare_name: str, render: Callable[[], bytes],
                  html: str, rounds: int) -> None:
    """`render` against WeasyPrint's bare HTML(string=html).write_pdf(), taken
    in turns so that both see the same machine: both figures, and the ratio
    of their medians, what rendering as the app does (the HTML made, its asset
    fetcher and fonts, PDF/A, the glyph check) costs against WeasyPrint alone.
    `document` names the ratio's line; `ours_name` and `bare_name` the two
    figures' lines."""
    # One unmeasured round each: fontconfig and the templates load once per process.
    render()
    weasyprint.HTML(string=html).write_pdf()
    ours: list[float] = []
    bare: list[float] = []
    for _ in range(rounds):
        ours.extend(timings(render, 1))
        bare.extend(timings(lambda: weasyprint.HTML(string=html).write_pdf(), 1))
    median = report(ours_name, ours)
    bare_median = report(bare_name, bare)
    click.echo(f"{f'{document} / bare (median)':<{NAME_WIDTH}} {median / bare_median:.2f}x")
