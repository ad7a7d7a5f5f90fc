"""What a bonus claim is sent with: the checklist of its evidence, and what is
still missing before it can be prepared.

The claim type in the rule set names the evidence (codes, see
rule_parts.CLAIM_EVIDENCE). Each item is done when at least one document is
attached to it. Schooling documents are asked for by kind, and a course need
not have had every kind: for those items the preparer may say instead that
the course had no such schooling.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# Evidence of a kind of schooling the course may not have had (the Danish
# education's transcript, certificates of schooling other than AMU). AMU is
# part of every plan, so its certificates are always needed.
ONLY_IF_RELEVANT = frozenset({"language_centre_transcript", "other_schooling_certificates"})


@dataclass(frozen=True)
class EvidenceItem:
    """One line of the checklist: `documents` attached to it, or marked
    `not_relevant` (only where `may_be_not_relevant`)."""

    code: str
    documents: int
    not_relevant: bool
    may_be_not_relevant: bool

    @property
    def done(self) -> bool:
        return self.documents > 0 or self.not_relevant


def checklist(required: Sequence[str], documents: Mapping[str, int],
              not_relevant: Iterable[str]) -> tuple[EvidenceItem, ...]:
    """The claim type's evidence in its order, each with the documents attached
    (`documents`: count per code) and whether it was marked not relevant. A
    mark on evidence that must always be sent counts for nothing."""
    marked = frozenset(not_relevant)
    return tuple(EvidenceItem(code, documents.get(code, 0),
                              code in marked and code in ONLY_IF_RELEVANT,
                              code in ONLY_IF_RELEVANT)
                 for code in required)


def missing(items: Iterable[EvidenceItem]) -> tuple[str, ...]:
    """The codes of the items not yet done, in the checklist's order."""
    return tuple(item.code for item in items if not item.done)
