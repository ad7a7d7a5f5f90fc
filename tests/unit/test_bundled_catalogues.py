"""The wheel's catalogues (scripts/bundle.py): the pages' and the trainee's
copy's compiled, and each trainee.po carried beside its .mo, where the copy
reads the strings' review state (issue 21)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from babel.messages.mofile import read_mo

from igu_admin.services.trainee_copy import has_drafted

ROOT = Path(__file__).resolve().parents[2]

PO = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"

# review: drafted
msgid "Your IGU"
msgstr "{text}"
'''


def bundle_module():
    spec = importlib.util.spec_from_file_location("bundle", ROOT / "scripts" / "bundle.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bundle", module)
    spec.loader.exec_module(module)
    return module


def test_every_domain_is_compiled_and_the_trainee_po_travels(tmp_path: Path) -> None:
    source, target = tmp_path / "locale", tmp_path / "bundled"
    for lang, domain, text in (("da", "messages", "Din IGU"), ("ar", "trainee", "برنامج IGU"),
                               ("ti", "trainee", "ናይ IGU")):
        folder = source / lang / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{domain}.po").write_text(PO.format(text=text), encoding="utf-8")
    bundle_module().catalogues(target, source)
    assert sorted(str(p.relative_to(target)) for p in target.rglob("*.*")) == [
        "ar/LC_MESSAGES/trainee.mo", "ar/LC_MESSAGES/trainee.po",
        "da/LC_MESSAGES/messages.mo",
        "ti/LC_MESSAGES/trainee.mo", "ti/LC_MESSAGES/trainee.po"]
    with (target / "ar" / "LC_MESSAGES" / "trainee.mo").open("rb") as compiled:
        assert read_mo(compiled).get("Your IGU").string == "برنامج IGU"
    # The copy reads the review state in the bundled folder as in the working copy's.
    assert has_drafted("ar", target)
