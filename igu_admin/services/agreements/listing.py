"""What the agreement record (GET /api/v1/agreements/{id}, and each item of
the list) shows beyond the agreement's own columns, loaded for a whole page
of agreements at once: the CPR numbers decrypted once each, whether another
IGU is recorded for each trainee (one query for the page, as
services.eligibility.has_recorded_igu asks it for one), the agreements each
continuation continues, and the end before approved extensions (one query).
A page of 10 and a page of 100 cost the same number of queries.

`record_eligibility` is the one place the record's eligibility is made. A
sent agreement's review (eligibility, missing fields, warnings) is read as
worded at submission, kept on the agreement with the fingerprint of the
rules and wording, not made again on each read.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from flask import current_app
from flask_babel import force_locale, get_locale
from pydantic import ValidationError
from sqlalchemy import select

from igu_admin.core import course as course_chain
from igu_admin.core import rules_in_force
from igu_admin.core.cpr_vault import vault
from igu_admin.domain import course_events
from igu_admin.domain.identifiers import format_cpr, mask_cpr
from igu_admin.domain.lifecycle import COUNTS_AS_IGU, EDITABLE, AgreementStatus, ExtensionStatus
from igu_admin.domain.rulesets import RuleSet
from igu_admin.extensions import db
from igu_admin.models import Agreement, CourseExtension, Trainee
from igu_admin.paths import LOCALE_DIR, PACKAGE_DIR, RULES_DIR
from igu_admin.services.agreements.checks import Review, end_date_of, review
from igu_admin.wording.eligibility_answer import Assessment, answer

# Only a course that has run can have approved extensions: the others need none.
EXTENDABLE = frozenset({AgreementStatus.ACTIVE.value, AgreementStatus.COMPLETED.value,
                        AgreementStatus.TERMINATED.value})


@dataclass(frozen=True)
class Known:
    """What a page of agreement records needs, found for all its rows at once.
    `everywhere`: a recorded IGU is looked for in every company (the
    municipality's view), else in the agreement's own company only."""

    everywhere: bool
    cprs: dict[int, str | None]
    recorded: dict[int, bool]
    original_ends: dict[int, date | None]
    # Each record's review as kept at submission, once read (_kept).
    kept: dict[int, _Kept | None] = field(default_factory=dict)


def known_for(agreements: Sequence[Agreement], everywhere: bool) -> Known:
    """Known for the agreements, in a fixed number of queries."""
    cprs = {a.id: (None if a.trainee_cpr_encrypted is None
                   else vault().decrypt(a.trainee_cpr_encrypted)) for a in agreements}
    _load_continued(agreements)
    return Known(everywhere=everywhere, cprs=cprs,
                 recorded=_recorded(agreements, everywhere),
                 original_ends=_original_ends(agreements))


def shown_cpr(agreement: Agreement, known: Known, full: bool) -> str | None:
    """The trainee's CPR number as the reader may see it (agreement_cpr's rule)."""
    cpr = known.cprs.get(agreement.id)
    if cpr is None:
        return None
    return format_cpr(cpr) if full else mask_cpr(cpr)


@dataclass(frozen=True)
class RecordParts:
    """What the record shows beyond the agreement's own columns."""

    ruleset: RuleSet
    end_date: date | None
    missing: list[str]
    warnings: list[tuple[str, str]]  # code, message
    eligibility: Assessment | None


def record_parts(agreement: Agreement, known: Known) -> RecordParts:
    """The rule set, end date, missing fields, warnings and eligibility of
    the record: for a sent agreement as worded at its submission while that
    holds (`_kept`), else from its review now."""
    kept = _kept(agreement, known)
    if kept is not None:
        ruleset = rules_in_force.for_agreement(agreement)
        return RecordParts(ruleset, end_date_of(agreement, ruleset), kept.missing,
                           kept.warnings, record_eligibility(agreement, None, known))
    checked = _review(agreement, known)
    return RecordParts(checked.ruleset, checked.end_date, checked.missing,
                       [(w.code, w.message) for w in checked.warnings],
                       record_eligibility(agreement, checked, known))


def record_eligibility(agreement: Agreement, checked: Review | None,
                       known: Known) -> Assessment | None:
    """The agreement record's `eligibility`: the assessment from the facts on
    the agreement, as POST /eligibility answers it; None while facts are
    missing. The one place it is made, for one record and for a list: for an
    agreement sent, as worded at submission while that holds (`_kept`); else
    from `checked`, its review now (made here when not given)."""
    kept = _kept(agreement, known)
    if kept is not None:
        return kept.eligibility
    if checked is None:
        checked = _review(agreement, known)
    return None if checked.assessment is None else answer(checked.assessment)


def _review(agreement: Agreement, known: Known) -> Review:
    return review(agreement, known.everywhere, cpr=known.cprs.get(agreement.id),
                  recorded=known.recorded.get(agreement.id, False))


@dataclass(frozen=True)
class _Kept:
    eligibility: Assessment
    missing: list[str]
    warnings: list[tuple[str, str]]


def _kept(agreement: Agreement, known: Known) -> _Kept | None:
    """The review worded at submission in the reader's language, while it is
    what reviewing again would answer: the agreement is not open to changes
    (its facts and rule set are those sent), no other IGU has been recorded
    for the trainee since (none was then, or it could not have been sent),
    the rules and wording are those it was made with, and it has the
    answer's shape. Read once per record."""
    if agreement.id not in known.kept:
        known.kept[agreement.id] = _read_kept(agreement, known)
    return known.kept[agreement.id]


def _read_kept(agreement: Agreement, known: Known) -> _Kept | None:
    kept = agreement.submitted_review
    if (not kept or agreement.status in EDITABLE or known.recorded.get(agreement.id)
            or kept.get("fingerprint") != fingerprint()):
        return None
    worded = kept.get("reviews", {}).get(str(get_locale()))
    try:
        return _Kept(Assessment.model_validate(worded["eligibility"]),
                     [str(path) for path in worded["missing"]],
                     [(str(w["code"]), str(w["message"])) for w in worded["warnings"]])
    except (ValidationError, KeyError, TypeError):  # another shape: reviewed again
        return None


def review_at_submission(agreement: Agreement) -> dict[str, Any]:
    """What `_kept` reads, made as the agreement is sent: its review worded
    in each language the app speaks, and the fingerprint of the rules and
    wording."""
    reviews = {}
    for language in current_app.config["SUPPORTED_LOCALES"]:
        with force_locale(language):
            checked = review(agreement)
            reviews[language] = {
                "eligibility": None if checked.assessment is None else
                answer(checked.assessment).model_dump(mode="json"),
                "missing": checked.missing,
                "warnings": [{"code": w.code, "message": w.message} for w in checked.warnings]}
    return {"fingerprint": fingerprint(), "reviews": reviews}


@cache
def fingerprint() -> str:
    """The rule files, the package's code and the compiled translations, as
    one digest: an answer made or worded under other ones (a corrected rule,
    check or sentence) is not read back. Read once per process."""
    digest = hashlib.sha256()
    files = [*sorted(RULES_DIR.glob("*.toml")), *sorted(PACKAGE_DIR.rglob("*.py")),
             *sorted(LOCALE_DIR.glob("*/LC_MESSAGES/messages.mo"))]
    for path in files:
        digest.update(str(path.relative_to(path.parents[1])).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def original_end(agreement: Agreement, known: Known, end: date | None) -> date | None:
    """The end before approved extensions moved it (`end` for a course that
    has not run, which has none)."""
    return known.original_ends.get(agreement.id, end)


def _load_continued(agreements: Sequence[Agreement]) -> None:
    """The agreements the continuations continue, into the session, a link
    of the chains at a time (course.continued_agreements then finds them)."""
    wanted = {a.continues_agreement_id for a in agreements if a.continues_agreement_id}
    seen = {a.id for a in agreements}
    while wanted - seen:
        found = list(db.session.scalars(select(Agreement).where(Agreement.id.in_(wanted - seen))))
        seen |= wanted
        wanted = {a.continues_agreement_id for a in found if a.continues_agreement_id}


def _recorded(agreements: Sequence[Agreement], everywhere: bool) -> dict[int, bool]:
    """For each agreement: whether igu-admin holds another IGU (past draft)
    for its trainee, in its company or `everywhere`, other than the ones it
    continues (has_recorded_igu's question, for all rows in one query)."""
    hashes = {a.trainee_cpr_hash for a in agreements if a.trainee_cpr_hash}
    if not hashes:
        return {}
    held: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for agreement_id, company_id, cpr_hash in db.session.execute(
            select(Agreement.id, Agreement.company_id, Trainee.cpr_hash).join(Trainee)
            .where(Trainee.cpr_hash.in_(hashes))
            .where(Agreement.status.in_([s.value for s in COUNTS_AS_IGU]))):
        held[cpr_hash].append((agreement_id, company_id))
    recorded = {}
    for agreement in agreements:
        if not agreement.trainee_cpr_hash:
            continue
        same_igu = {agreement.id, *(a.id for a in course_chain.continued_agreements(agreement))}
        recorded[agreement.id] = any(
            other_id not in same_igu and (everywhere or company_id == agreement.company_id)
            for other_id, company_id in held[agreement.trainee_cpr_hash])
    return recorded


def _original_ends(agreements: Sequence[Agreement]) -> dict[int, date | None]:
    ran = {a.id: a for a in agreements if a.status in EXTENDABLE}
    if not ran:
        return {}
    approved: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for agreement_id, first, last in db.session.execute(
            select(CourseExtension.agreement_id, CourseExtension.first_day,
                   CourseExtension.last_day)
            .where(CourseExtension.agreement_id.in_(ran))
            .where(CourseExtension.status == ExtensionStatus.APPROVED)):
        approved[agreement_id].append((first, last))
    return {agreement_id: None if a.end_date is None else
            course_events.original_end(a.end_date, approved[agreement_id])
            for agreement_id, a in ran.items()}
