"""The review state of the trainee's catalogues (the `trainee` Babel domain,
locale/<lang>/LC_MESSAGES/trainee.po): each language's counts, whether any
string is still drafted (the trainee's copy then says that no translator
has reviewed it), and marking strings reviewed.

The state is a translator comment on each entry (domain.translation_review),
so it lives in the .po file, which the wheel carries beside the compiled .mo
(scripts/bundle.py). Files are read and written with Babel's
pofile.read_po/write_po; a rewrite keeps the header as it was and changes
nothing but the review comments, as far as Babel writes entries alike.
"""

from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from igu_admin.core import clock
from igu_admin.domain import translation_review as review
from igu_admin.domain.trainee_languages import TRAINEE_LANGUAGES
from igu_admin.paths import LOCALE_DIR

DOMAIN = "trainee"


class UnknownLanguage(LookupError):
    """No trainee catalogue for the language."""

    def __init__(self, lang: str, known: Sequence[str]) -> None:
        super().__init__(lang)
        self.lang, self.known = lang, tuple(known)


class UnknownMsgids(LookupError):
    """Strings asked for that the catalogue does not hold, or holds untranslated."""

    def __init__(self, lang: str, unknown: Sequence[str], untranslated: Sequence[str]) -> None:
        super().__init__(lang)
        self.lang, self.unknown, self.untranslated = lang, tuple(unknown), tuple(untranslated)


@dataclass(frozen=True)
class LanguageStatus:
    lang: str
    counts: review.Counts


def catalogue_file(lang: str, locale_dir: Path | None = None) -> Path:
    return (locale_dir or LOCALE_DIR) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalogue_languages(locale_dir: Path | None = None) -> list[str]:
    """The languages with a trainee catalogue: the trainee's languages in
    their order, then any other in alphabetical order."""
    folder = locale_dir or LOCALE_DIR
    found = sorted(p.parent.parent.name for p in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    order = {lang: n for n, lang in enumerate(TRAINEE_LANGUAGES)}
    return sorted(found, key=lambda lang: (order.get(lang, len(order)), lang))


def _entries(catalogue: Catalog) -> list[Message]:
    # Without the header entry (msgid ""); read_po keeps obsolete ones apart.
    return [m for m in catalogue if m.id]


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return all(bool(s) for s in strings)


def _state(message: Message) -> review.State:
    return review.state_of(_translated(message), message.user_comments, message.fuzzy)


def _read(path: Path) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, abort_invalid=True)


def _existing(lang: str, locale_dir: Path | None) -> Path:
    path = catalogue_file(lang, locale_dir)
    if not path.is_file():
        raise UnknownLanguage(lang, catalogue_languages(locale_dir))
    return path


def review_counts(lang: str, locale_dir: Path | None = None) -> review.Counts:
    """The language's entries by review state (UnknownLanguage without a catalogue)."""
    return _counts_of(_existing(lang, locale_dir))


def _counts_of(path: Path) -> review.Counts:
    stat = path.stat()
    return _cached_counts(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=32)
def _cached_counts(path: str, mtime_ns: int, size: int) -> review.Counts:
    # Read again only when the file changed: the copy asks at every render.
    return review.count(_state(m) for m in _entries(_read(Path(path))))


def status(locale_dir: Path | None = None) -> list[LanguageStatus]:
    """Every trainee catalogue's counts, in catalogue_languages' order."""
    return [LanguageStatus(lang, review_counts(lang, locale_dir))
            for lang in catalogue_languages(locale_dir)]


def has_drafted(lang: str, locale_dir: Path | None = None) -> bool:
    """Whether any string of the language's trainee catalogue is not
    reviewed yet (drafted, untranslated; or, by mistake, without a review
    comment or fuzzy). A language without a catalogue has nothing drafted."""
    path = catalogue_file(lang, locale_dir)
    if not path.is_file():
        return False
    return _counts_of(path).not_reviewed > 0


def mark_reviewed(lang: str, by: str, msgids: Sequence[str] = (), *,
                  on: date | None = None, locale_dir: Path | None = None) -> list[str]:
    """Mark strings of the language's trainee catalogue reviewed by `by`
    today (the house clock; `on` to say another day): those of `msgids`, or
    without any, every drafted one. Returns the msgids marked, in the
    catalogue's order. Refuses (nothing written) a language without a
    catalogue (UnknownLanguage) and msgids it does not hold or holds
    untranslated (UnknownMsgids)."""
    path = _existing(lang, locale_dir)
    original = path.read_bytes()
    catalogue = read_po(BytesIO(original), abort_invalid=True)
    entries = _entries(catalogue)
    if msgids:
        wanted = set(msgids)
        held = {_key(m) for m in entries}
        unknown = [i for i in dict.fromkeys(msgids) if i not in held]
        untranslated = list(dict.fromkeys(_key(m) for m in entries
                                          if _key(m) in wanted and not _translated(m)))
        if unknown or untranslated:
            raise UnknownMsgids(lang, unknown, untranslated)
        chosen = [m for m in entries if _key(m) in wanted]
    else:
        chosen = [m for m in entries if _state(m) is review.State.DRAFTED]
    comment = review.reviewed_comment(by, on or clock.today())
    for message in chosen:
        message.user_comments = review.with_review(message.user_comments, comment)
    if chosen:
        _write(path, original, catalogue)
    return list(dict.fromkeys(_key(m) for m in chosen))


def _key(message: Message) -> str:
    """The msgid (the singular of a plural entry)."""
    return message.id if isinstance(message.id, str) else message.id[0]


def _write(path: Path, original: bytes, catalogue: Catalog) -> None:
    written = BytesIO()
    # As pybabel update writes: no re-wrapping beyond its width, order kept.
    write_po(written, catalogue, width=76)
    text = _with_header_of(original, written.getvalue())
    # Atomically: a reader (the copy being rendered) never sees half a file.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _with_header_of(original: bytes, written: bytes) -> bytes:
    """`written` with the header block (up to the first blank line) and the
    file's ending as they were in `original`: Babel writes its own
    Generated-By and re-wraps header lines, which the review does not change."""
    head, sep, _rest = original.partition(b"\n\n")
    _new_head, new_sep, new_rest = written.partition(b"\n\n")
    body = (head + sep + new_rest) if sep and new_sep else written
    body = body.rstrip(b"\n") + b"\n"
    if original.endswith(b"\n\n"):
        body += b"\n"
    return body
