"""Every reference in the rule files is listed with its source and says how sure it is."""

from pathlib import Path

import pytest

from igu_admin.domain.rule_parts import SURENESS
from igu_admin.domain.rulesets import load_catalogue
from igu_admin.paths import RULES_DIR

CATALOGUE = load_catalogue(RULES_DIR)
SOURCES_DOC = Path(__file__).resolve().parents[2] / "docs" / "legal-sources.md"
ALL_SOURCES = [(code, path, source) for code in CATALOGUE.codes
               for path, source in CATALOGUE.get(code).sources()]


def test_every_reference_in_the_rule_files_is_listed_in_the_sources_document() -> None:
    listed = SOURCES_DOC.read_text(encoding="utf-8")
    missing = sorted({f"{code} {path}: {s.legal_reference}" for code, path, s in ALL_SOURCES
                      if f"`{s.legal_reference}`" not in listed})
    assert not missing, "not in docs/legal-sources.md:\n" + "\n".join(missing)


@pytest.mark.parametrize("code", CATALOGUE.codes)
def test_every_criterion_claim_and_extension_rule_names_its_source(code: str) -> None:
    ruleset = CATALOGUE.get(code)
    paths = {path for path, _ in ruleset.sources()}
    for part in ("age", "residence", "target_group", "previous_igu", "recent_employment",
                 "course", "schooling", "extension"):
        assert part in paths
    assert {f"claims[{i}]" for i in range(len(ruleset.claims))} <= paths
    assert ruleset.extension is not None
    assert {f"extension.grounds.{g.code}" for g in ruleset.extension.grounds} <= paths
    assert all(s.legal_reference.strip() and s.sureness in SURENESS
               for _, s in ruleset.sources())


@pytest.mark.parametrize(("code", "path", "source"), ALL_SOURCES,
                         ids=[f"{c}:{p}" for c, p, _ in ALL_SOURCES])
def test_a_reference_that_is_not_a_section_says_so_in_its_text(code: str, path: str,
                                                               source) -> None:
    # Documents show only the citation: guidance says so; an unverified value
    # is cited by the act's name alone, and its note (administrators, the
    # API) says what is missing.
    text = source.legal_reference
    if source.sureness == "guidance":
        assert text.startswith("Vejledning")
    elif source.sureness == "unverified":
        assert "§" not in text and not text.startswith("Vejledning")
        assert source.note is not None and source.note.startswith("Ikke verificeret")
    else:
        assert not text.startswith(("Vejledning", "Ikke verificeret"))


@pytest.mark.parametrize("code", ["igu-2021", "igu-2024"])
def test_the_33_hour_minimum_and_the_bonus_deadline_are_marked_unverified(code: str) -> None:
    ruleset = CATALOGUE.get(code)
    assert ruleset.course.guidance_min_weekly_hours == 33
    assert ruleset.course.source_of("guidance_min_weekly_hours").sureness == "unverified"
    completion = next(c for c in ruleset.claims if c.code == "company_bonus_completion")
    assert completion.deadline_months_after == 12
    assert completion.source_of("deadline_months_after").sureness == "unverified"


@pytest.mark.parametrize("code", CATALOGUE.codes)
def test_no_reference_cites_the_old_sections_the_sources_do_not_support(code: str) -> None:
    references = [s.legal_reference for _, s in CATALOGUE.get(code).sources()]
    assert not any("§§ 4-5" in r for r in references)
    assert not any(r.startswith("Bekendtgørelse om integrationsgrunduddannelse (én igu")
                   for r in references)
