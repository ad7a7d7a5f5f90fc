"""The evidence checklist of a claim: what is done, what is missing."""

from igu_admin.domain.claim_evidence import ONLY_IF_RELEVANT, checklist, missing
from igu_admin.domain.rule_parts import CLAIM_EVIDENCE

COMPLETION = ("vitas_registration", "completion_certificate", "language_centre_transcript",
              "amu_certificates")


def test_an_item_is_done_with_a_document() -> None:
    items = checklist(COMPLETION, {"vitas_registration": 2}, ())
    assert [i.code for i in items] == list(COMPLETION)
    assert items[0].done and items[0].documents == 2
    assert missing(items) == COMPLETION[1:]


def test_schooling_the_course_did_not_have_may_be_marked_not_relevant() -> None:
    items = checklist(COMPLETION, {}, ["language_centre_transcript"])
    transcript = items[2]
    assert transcript.not_relevant and transcript.done and transcript.may_be_not_relevant
    assert "language_centre_transcript" not in missing(items)


def test_a_mark_on_evidence_always_needed_counts_for_nothing() -> None:
    items = checklist(COMPLETION, {}, ["amu_certificates", "vitas_registration"])
    assert missing(items) == COMPLETION
    assert not any(i.not_relevant for i in items if i.code not in ONLY_IF_RELEVANT)


def test_nothing_is_missing_when_every_item_is_done() -> None:
    documents = dict.fromkeys(COMPLETION, 1)
    assert missing(checklist(COMPLETION, documents, ())) == ()


def test_the_conditional_items_are_evidence_the_rules_know() -> None:
    assert set(CLAIM_EVIDENCE) >= ONLY_IF_RELEVANT
