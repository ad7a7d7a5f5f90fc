"""Danish by default, English complete, both catalogues clean."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from igu_admin.models import Role
from igu_admin.paths import LOCALE_DIR
from igu_admin.testing.accounts import make_user

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _catalogue(lang: str):
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle)


def test_every_danish_message_is_translated_and_none_is_fuzzy() -> None:
    catalogue = _catalogue("da")
    assert not catalogue.fuzzy
    missing = [m.id for m in catalogue if m.id and (
        m.fuzzy or not (all(m.string) if isinstance(m.string, tuple) else m.string))]
    assert missing == []


def test_translations_keep_every_placeholder() -> None:
    for message in _catalogue("da"):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[0])) - {"num"}
        for text in strings:
            assert wanted <= set(PLACEHOLDER.findall(text)), message.id


def test_the_catalogues_hold_every_message_in_the_code() -> None:
    pot = {m.id for m in read_po((LOCALE_DIR / "messages.pot").open("rb")) if m.id}
    for lang in ("da", "en"):
        assert pot <= {m.id for m in _catalogue(lang) if m.id}, lang


def test_compiled_catalogues_exist() -> None:
    for lang in ("da", "en"):
        assert (Path(LOCALE_DIR) / lang / "LC_MESSAGES" / "messages.mo").exists()


def test_pages_are_danish_by_default(app, client) -> None:
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="da"' in html
    assert "Tjek" in html


def test_accept_language_english_gives_english(app, client) -> None:
    html = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en"' in html
    assert "Check eligibility" in html


def test_the_language_switch_is_remembered(app, client) -> None:
    response = client.get("/language/en?next=/eligibility")
    assert response.headers["Location"] == "/eligibility"
    assert '<html lang="en"' in client.get("/").get_data(as_text=True)
    client.get("/language/da")
    assert '<html lang="da"' in client.get("/").get_data(as_text=True)


def test_the_language_switch_refuses_other_sites_and_languages(app, client) -> None:
    assert client.get("/language/en?next=https://evil.example").headers["Location"] == "/"
    assert client.get("/language/en?next=//evil.example").headers["Location"] == "/"
    assert client.get("/language/xx").status_code == 404


def test_a_logged_in_users_choice_is_stored_on_the_user(app, client, auth) -> None:
    user = make_user(Role.CASEWORKER)
    auth.login(user.email)
    client.get("/language/en")
    from igu_admin.extensions import db

    db.session.expire_all()
    assert user.preferred_language == "en"


@pytest.mark.parametrize("path", ["/", "/eligibility", "/login", "/accessibility", "/nope"])
def test_public_pages_render_in_both_languages(app, client, path: str) -> None:
    for lang in ("da", "en"):
        response = client.get(path, headers={"Accept-Language": lang})
        assert response.status_code == (404 if path == "/nope" else 200)
        assert f'<html lang="{lang}"' in response.get_data(as_text=True)
