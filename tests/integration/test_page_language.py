"""Danish pages are Danish: no English message of the catalogue is left on a
page a user reaches in Danish, in any role (the demo data, every page by its
links, and the public eligibility answer)."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from functools import cache

import flask_babel
import pytest
from babel.messages.pofile import read_po

from igu_admin.paths import LOCALE_DIR, RULES_DIR
from igu_admin.services import demo
from tests.crawl import Page, answer_pages, crawl

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")
# Words only English uses: a fragment with one of them is an English phrase,
# not a name or a code both languages write alike ("CPR", "IGU-admin API").
ENGLISH_WORDS = frozenset((
    "the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "by", "for", "from", "with",
    "without", "is", "are", "was", "were", "be", "been", "not", "no", "this", "that", "these",
    "those", "which", "who", "what", "when", "where", "it", "its", "you", "your", "we", "our",
    "has", "have", "had", "will", "would", "can", "could", "must", "should", "may", "yet"))
ALL_ROLES = ("visitor", "employer", "caseworker", "finance", "admin")
ENGLISH_TEXT = re.compile(r"\b(the|The|you|You|your|Your|which|been|is not|are not)\b")


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z']+", text)


def _is_english_phrase(fragment: str) -> bool:
    words = _words(fragment)
    return len(words) >= 3 and any(w.lower() in ENGLISH_WORDS for w in words)


@cache
def english_phrases() -> dict[str, str]:
    """Each English phrase of the catalogue's messages (the text between
    placeholders) -> its message; a phrase the Danish text keeps on purpose
    (its msgstr, when it differs from the msgid, holds it too) is left out."""
    with (LOCALE_DIR / "da" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle)
    phrases: dict[str, str] = {}
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        danish = " ".join(s for s, i in zip(strings, ids, strict=False) if s and s != i)
        for msgid in ids:
            for fragment in PLACEHOLDER.split(msgid):
                fragment = fragment.strip(" .,:;!?()\"'-\N{EN DASH}")
                if _is_english_phrase(fragment) and fragment not in danish:
                    phrases[fragment] = ids[0]
    return phrases


def untranslated(text: str) -> list[str]:
    """The catalogue's English phrases in a page's text."""
    return [f"{phrase!r} (from {msgid!r})" for phrase, msgid in english_phrases().items()
            if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text)]


@cache
def rule_file_texts() -> tuple[str, ...]:
    """Every text of the rule files: data, not messages (the rule files' own
    test holds their notes to Danish)."""
    def strings(value: object) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)
    texts: set[str] = set()
    for path in RULES_DIR.glob("*.toml"):
        texts.update(s for s in strings(tomllib.loads(path.read_text(encoding="utf-8")))
                     if _words(s))
    return tuple(sorted(texts, key=len, reverse=True))


def english_sentences(text: str) -> list[str]:
    """Sentences with words only English uses, not counting the rule files' texts."""
    for data in rule_file_texts():
        text = text.replace(data, " ")
    return [match.group(0).strip() for match in
            re.finditer(rf"[^.!?:;]*{ENGLISH_TEXT.pattern}[^.!?:;]*", text)]


def _danish_pages(client, auth, roles: tuple[str, ...] = ALL_ROLES
                  ) -> Iterator[tuple[str, Page]]:
    """Every page of every role (and of a visitor) in Danish, on the demo data."""
    logins = [login for login in demo.ensure_demo_data() if login.role in roles]
    for login in [None, *logins] if "visitor" in roles else logins:
        if login is not None:
            auth.login(login.email, login.password)
        client.get("/language/da")
        for page in crawl(client):
            yield (login.role if login else "visitor"), page
        if login is None:
            for page in answer_pages(client):
                yield "visitor", page
        if login is not None:
            auth.logout()


def test_the_catalogue_has_english_phrases_to_look_for() -> None:
    phrases = english_phrases()
    assert "You have no API keys" in phrases
    assert not any(_is_english_phrase(p) is False for p in phrases)
    assert "IGU" not in phrases and "CPR" not in phrases


def test_no_danish_page_shows_an_english_message_or_sentence(app, client, auth) -> None:
    found, roles = [], set()
    for role, page in _danish_pages(client, auth):
        roles.add(role)
        assert '<html lang="da"' in page.html, page.path
        found += [f"{role} {page.path}: {hit}" for hit in untranslated(page.text)]
        found += [f"{role} {page.path}: {hit!r}" for hit in english_sentences(page.text)]
    assert roles == set(ALL_ROLES)
    assert found == []


def test_a_message_left_untranslated_is_found(app, client, auth, monkeypatch) -> None:
    """The check above finds a real case: one Danish message left as its msgid."""
    msgid = "You have no API keys."
    with app.test_request_context("/", headers={"Accept-Language": "da"}):
        translations = flask_babel.get_translations()
        assert translations.gettext(msgid) == "Du har ingen API-nøgler."
        monkeypatch.setitem(translations._catalog, msgid, msgid)
    found = [(page.path, hit) for _, page in _danish_pages(client, auth, ("employer",))
             for hit in untranslated(page.text)]
    assert found and {path for path, _ in found} == {"/account/api-keys"}
    assert all("You have no API keys" in hit for _, hit in found)


@pytest.mark.parametrize("text", ["Said to be the guidance of the ministry.",
                                  "Send it in the header.", "Your key was made"])
def test_an_english_sentence_outside_the_catalogue_is_found(text: str) -> None:
    assert english_sentences(f"Reglerne gælder. {text} Slut.") != []
