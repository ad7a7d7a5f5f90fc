"""`igu-admin translations` on temporary trainee catalogues (issue 21): the
status table and its JSON, marking strings reviewed with the house clock's
day (every drafted one, or those named), the rest of the file kept
byte for byte, exit code 2 for an unknown language or msgid; and
`has_drafted`, which the trainee's copy asks."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from igu_admin.core import clock
from igu_admin.services.trainee_copy import has_drafted

HEADER = '''# Arabic translations for igu-admin (the trainee's copy).
# Copyright (C) 2026 igu-admin
msgid ""
msgstr ""
"Project-Id-Version: igu-admin\\n"
"Report-Msgid-Bugs-To: igu-admin@localhost\\n"
"POT-Creation-Date: 2026-12-07 12:00+0000\\n"
"PO-Revision-Date: 2026-12-07 12:00+0000\\n"
"Last-Translator: \\n"
"Language: {lang}\\n"
"Language-Team: {lang} <LL@li.org>\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Generated-By: Babel 2.16.0\\n"

'''

ARABIC = HEADER.format(lang="ar") + '''# review: drafted
msgid "Your IGU"
msgstr "برنامج IGU الخاص بك"

# Keep the Danish term in brackets where unsure.
# review: drafted
#. The heading of the wage
msgid "Wage in year 1"
msgstr "الأجر في السنة الأولى (løn)"

# review: reviewed by Layla Haddad 2026-12-01
msgid "The Danish agreement governs."
msgstr "الاتفاقية الدنماركية هي المرجع."

msgid "Not yet translated"
msgstr ""
'''

SOMALI = HEADER.format(lang="so") + '''# review: reviewed by Hodan Ali 2026-11-30
msgid "Your IGU"
msgstr "IGU-gaaga"
'''


@pytest.fixture
def locale_dir(tmp_path: Path) -> Path:
    for lang, text in (("ar", ARABIC), ("so", SOMALI)):
        folder = tmp_path / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "trainee.po").write_text(text, encoding="utf-8")
    # A pages' catalogue beside them is no trainee catalogue.
    (tmp_path / "da" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "da" / "LC_MESSAGES" / "messages.po").write_text(HEADER.format(lang="da"))
    return tmp_path


def run(app, *args: str):
    return app.test_cli_runner().invoke(args=["translations", *args])


def catalogue(locale_dir: Path, lang: str = "ar") -> Path:
    return locale_dir / lang / "LC_MESSAGES" / "trainee.po"


def test_status_lists_each_languages_drafted_reviewed_and_untranslated_counts(
        app, locale_dir) -> None:
    result = run(app, "status", "--locale-dir", str(locale_dir))
    assert result.exit_code == 0, result.output
    lines = [line.split() for line in result.output.splitlines()]
    assert lines[0] == ["Sprog", "Udkast", "Gennemset", "Ikke", "oversat"]
    assert lines[1:] == [["ar", "2", "1", "1"], ["so", "0", "1", "0"]]
    as_json = run(app, "status", "--json", "--locale-dir", str(locale_dir))
    assert as_json.exit_code == 0
    assert json.loads(as_json.output) == {"languages": [
        {"lang": "ar", "drafted": 2, "reviewed": 1, "untranslated": 1, "unmarked": 0,
         "fuzzy": 0},
        {"lang": "so", "drafted": 0, "reviewed": 1, "untranslated": 0, "unmarked": 0,
         "fuzzy": 0}]}


def test_the_untranslated_column_is_left_out_when_there_are_none(app, tmp_path) -> None:
    folder = tmp_path / "so" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "trainee.po").write_text(SOMALI, encoding="utf-8")
    result = run(app, "status", "--locale-dir", str(tmp_path))
    assert result.output.splitlines()[0].split() == ["Sprog", "Udkast", "Gennemset"]


def test_mark_reviewed_marks_every_drafted_string_with_todays_date_and_keeps_the_rest(
        app, locale_dir) -> None:
    before = catalogue(locale_dir).read_text(encoding="utf-8")
    assert has_drafted("ar", locale_dir)
    result = run(app, "mark-reviewed", "--lang", "ar", "--by", "Layla Haddad",
                 "--locale-dir", str(locale_dir))
    assert result.exit_code == 0, result.output
    with app.app_context():
        today = clock.today().isoformat()
    assert "2" in result.output and today in result.output
    after = catalogue(locale_dir).read_text(encoding="utf-8")
    assert after == before.replace("# review: drafted",
                                   f"# review: reviewed by Layla Haddad {today}")
    # Nothing drafted is left; its string not translated yet still keeps the notice.
    status = json.loads(run(app, "status", "--json", "--locale-dir", str(locale_dir)).output)
    assert status["languages"][0]["drafted"] == 0
    assert has_drafted("ar", locale_dir)
    counts = json.loads(run(app, "status", "--json", "--locale-dir",
                            str(locale_dir)).output)["languages"][0]
    assert (counts["drafted"], counts["reviewed"], counts["untranslated"]) == (0, 3, 1)
    # Never fuzzy: every entry compiles.
    with catalogue(locale_dir).open("rb") as source:
        assert not any(m.fuzzy for m in read_po(source) if m.id)


def test_mark_reviewed_marks_only_the_msgids_given(app, locale_dir) -> None:
    result = run(app, "mark-reviewed", "--lang", "ar", "--by", "Omar", "--msgid",
                 "Wage in year 1", "--msgid", "The Danish agreement governs.",
                 "--locale-dir", str(locale_dir))
    assert result.exit_code == 0, result.output
    text = catalogue(locale_dir).read_text(encoding="utf-8")
    assert text.count("# review: drafted") == 1  # "Your IGU" stays drafted
    assert text.count("# review: reviewed by Omar ") == 2
    assert "# Keep the Danish term in brackets where unsure." in text
    assert has_drafted("ar", locale_dir)


@pytest.mark.parametrize("args, says", [
    (["--lang", "de", "--by", "X"], "de"),
    (["--lang", "ar", "--by", "X", "--msgid", "No such string"], "No such string"),
    (["--lang", "ar", "--by", "X", "--msgid", "Not yet translated"], "Not yet translated"),
    (["--lang", "ar", "--by", "   "], "--by"),
])
def test_an_unknown_language_or_msgid_exits_2_with_a_clear_message_and_writes_nothing(
        app, locale_dir, args: list[str], says: str) -> None:
    before = catalogue(locale_dir).read_bytes()
    result = run(app, "mark-reviewed", *args, "--locale-dir", str(locale_dir))
    assert result.exit_code == 2, result.output
    assert says in result.output
    assert catalogue(locale_dir).read_bytes() == before


def test_has_drafted_without_a_catalogue_and_for_a_reviewed_one(locale_dir) -> None:
    assert not has_drafted("so", locale_dir)
    assert not has_drafted("ti", locale_dir)


def test_a_string_without_review_comment_counts_as_not_reviewed(app, tmp_path) -> None:
    folder = tmp_path / "uk" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "trainee.po").write_text(HEADER.format(lang="uk") + (
        'msgid "Your IGU"\nmsgstr "Ваша IGU"\n'), encoding="utf-8")
    assert has_drafted("uk", tmp_path)
    result = run(app, "status", "--locale-dir", str(tmp_path))
    assert "Uden" in result.output.splitlines()[0]


def test_marking_on_a_given_day(locale_dir) -> None:
    from igu_admin.services.trainee_copy import mark_reviewed
    marked = mark_reviewed("ar", "Layla", ["Your IGU"], on=date(2026, 12, 24),
                           locale_dir=locale_dir)
    assert marked == ["Your IGU"]
    assert "# review: reviewed by Layla 2026-12-24\nmsgid \"Your IGU\"" in catalogue(
        locale_dir).read_text(encoding="utf-8")


def test_a_string_not_translated_yet_counts_as_not_reviewed(app, tmp_path) -> None:
    """A new Danish text comes into every catalogue untranslated: the copy
    shows it in Danish, so the notice of an unreviewed translation stays."""
    folder = tmp_path / "so" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "trainee.po").write_text(HEADER.format(lang="so") + (
        '# review: reviewed by Layla 2026-12-01\nmsgid "Your IGU"\nmsgstr "IGU-gaaga"\n\n'
        'msgid "A new text"\nmsgstr ""\n'), encoding="utf-8")
    assert has_drafted("so", tmp_path)
