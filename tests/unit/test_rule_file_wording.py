"""The rule files' words: a `legal_reference` is a citation only (what was
not read or not found goes in `note`), and every note is written in Danish,
as the Danish page /admin/rules shows it."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from typing import Any

import pytest

from igu_admin.domain.rulesets import load_catalogue
from igu_admin.paths import RULES_DIR
from tests.research_phrases import research_phrases

RULE_FILES = sorted(RULES_DIR.glob("*.toml"))
CATALOGUE = load_catalogue(RULES_DIR)

# Common English function words that Danish prose does not use. A Danish note
# may quote an English name, so one word alone is not enough.
ENGLISH_WORDS = frozenset({"the", "is", "was", "were", "said", "been", "be", "not", "which",
                           "this", "that", "its", "of", "and", "text", "read", "found", "no"})


def strings(data: Any, path: str = "") -> Iterator[tuple[str, str, str]]:
    """Every (path, key, text) of a parsed TOML document."""
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, str):
                yield path, key, value
            else:
                yield from strings(value, f"{path}.{key}" if path else key)
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from strings(item, f"{path}[{i}]")


def english_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z']+", text.lower()) if w in ENGLISH_WORDS]


def looks_english(text: str) -> bool:
    return len(english_words(text)) >= 2


NOTES = [(f.name, path, key, text) for f in RULE_FILES
         for path, key, text in strings(tomllib.loads(f.read_text(encoding="utf-8")))
         if key in ("note", "date_note")]
REFERENCES = [(code, path, source.legal_reference) for code in CATALOGUE.codes
              for path, source in CATALOGUE.get(code).sources()]


def test_the_heuristic_tells_the_old_english_note_from_a_danish_one() -> None:
    assert looks_english("Said to be the ministry's guidance (igu-rules.md); the guidance's "
                         "text was not read.")
    assert not looks_english("Efter igu-rules.md; vejledningens tekst er ikke læst.")
    assert research_phrases("Vejledning: aftalen registreres i VITAS inden for en måned "
                            "(igu-rules.md; vejledningens tekst er ikke læst)")
    assert not research_phrases("IGU-loven § 6, stk. 5 (særlige forhold har medført, at "
                                "skoleforløbet ikke kunne fuldføres)")


@pytest.mark.parametrize(("file", "path", "key", "text"), NOTES,
                         ids=[f"{f}:{p}.{k}" for f, p, k, _ in NOTES])
def test_every_note_in_the_rule_files_is_danish(file: str, path: str, key: str,
                                                text: str) -> None:
    assert not looks_english(text), f"{file} {path}.{key} reads as English: {text}"


@pytest.mark.parametrize(("code", "path", "reference"), REFERENCES,
                         ids=[f"{c}:{p}" for c, p, _ in REFERENCES])
def test_no_legal_reference_carries_research_notes(code: str, path: str,
                                                   reference: str) -> None:
    assert not research_phrases(reference), f"{code} {path}: {reference}"


@pytest.mark.parametrize("code", CATALOGUE.codes)
def test_an_unverified_value_is_cited_by_the_acts_name_alone_and_its_note_says_why(
        code: str) -> None:
    unverified = [(path, s) for path, s in CATALOGUE.get(code).sources()
                  if s.sureness == "unverified"]
    assert unverified
    for path, source in unverified:
        assert "§" not in source.legal_reference, path
        assert source.note is not None and source.note.startswith("Ikke verificeret"), path
