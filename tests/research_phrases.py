"""The words of research notes ("what was not read or found"): they belong on
/admin/rules and in the API's `note`, never in a legal reference, a document
to be signed or a citizen's page."""

from __future__ import annotations

import re

# Danish as the rule files and the catalogue write them, and English as the
# English pages would. Matched case-insensitively, white space ignored (a PDF's
# text may wrap anywhere, or lose its spaces).
PHRASES = (
    "ikke verificeret",
    "er ikke fundet",
    "ikke er fundet",
    "ingen paragraf fundet",
    "ingen kilde fundet",
    "ingen kilde er fundet",
    "er ikke læst",
    "ikke er læst",
    "ikke undersøgt",
    "igu-rules.md",
    "not verified",
    "was not read",
    "not found",
    "no source",
)
_SQUEEZED = tuple(re.sub(r"\s+", "", p) for p in PHRASES)


def research_phrases(text: str) -> list[str]:
    """The research phrases found in `text`."""
    squeezed = re.sub(r"\s+", "", text).lower()
    return [phrase for phrase, key in zip(PHRASES, _SQUEEZED, strict=True) if key in squeezed]
